// Command runfloor runs the floors of package floor and prints what the
// timed part took:
//
//	go run ./internal/floor/runfloor build SITE OUT   parse, render, minify, encode, write
//	go run ./internal/floor/runfloor write FROM OUT   write FROM's files (read first, untimed) into OUT
//
// It prints one line: wall seconds, CPU seconds (user+system), files and
// bytes written. OUT must not exist.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/haven-cms/haven/internal/floor"
)

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "build" && os.Args[1] != "write") {
		fmt.Fprintln(os.Stderr, "usage: runfloor build SITE OUT | runfloor write FROM OUT")
		os.Exit(2)
	}
	var files map[string][]byte
	if os.Args[1] == "write" {
		var err error
		if files, err = floor.Read(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "runfloor:", err)
			os.Exit(1)
		}
	}
	start, cpu0 := time.Now(), cpuTime()
	var st floor.Stats
	var err error
	if files != nil {
		st, err = floor.Write(files, os.Args[3])
	} else {
		st, err = floor.Build(os.Args[2], os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "runfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("%.3f %.3f %d %d\n", time.Since(start).Seconds(), (cpuTime() - cpu0).Seconds(), st.Files, st.Bytes)
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
