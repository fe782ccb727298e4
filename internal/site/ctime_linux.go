package site

import (
	"io/fs"
	"syscall"
)

// ctime is the status change time of info, from its Lstat, in Unix
// nanoseconds.
func ctime(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
