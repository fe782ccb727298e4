package beneath

import (
	"io/fs"
	"syscall"
	"testing"
)

// TestModeType checks that a status read's file type gives the type a
// listing gives (the listing's type is the mode's shifted down).
func TestModeType(t *testing.T) {
	for _, c := range []struct {
		mode uint32
		dt   uint8
		want fs.FileMode
	}{
		{syscall.S_IFREG, syscall.DT_REG, 0},
		{syscall.S_IFDIR, syscall.DT_DIR, fs.ModeDir},
		{syscall.S_IFLNK, syscall.DT_LNK, fs.ModeSymlink},
		{syscall.S_IFIFO, syscall.DT_FIFO, fs.ModeNamedPipe},
		{syscall.S_IFSOCK, syscall.DT_SOCK, fs.ModeSocket},
		{syscall.S_IFCHR, syscall.DT_CHR, fs.ModeDevice | fs.ModeCharDevice},
		{syscall.S_IFBLK, syscall.DT_BLK, fs.ModeDevice},
	} {
		if got, dt := modeType(c.mode|0o644), direntType(c.dt); got != c.want || dt != c.want {
			t.Errorf("mode %o: %v, listing type %d: %v; want %v", c.mode, got, c.dt, dt, c.want)
		}
	}
}
