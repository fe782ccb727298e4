//go:build unix

package site

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system time so far: what a
// benchmark costs on a machine that others share, where wall time lies.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
