//go:build !unix

package site

import "time"

// cpuTime is 0 where getrusage is not: benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }
