//go:build !linux

package beneath

import (
	"errors"
	"io/fs"
)

// Dir is Linux's openat2 fast path; elsewhere callers use os.Root.
type Dir struct{}

// Open returns nil: there is no openat2 here.
func Open(string) *Dir { return nil }

// Mkdir is not called: Open returns nil.
func (*Dir) Mkdir(string) error { return nil }

// WriteFile is not called: Open returns nil.
func (*Dir) WriteFile(string, []byte) (Stamp, error) { return Stamp{}, nil }

// ReadFile is not called: Open returns nil.
func (*Dir) ReadFile(string) ([]byte, error) { return nil, nil }

// ReadFileMax is not called: Open returns nil.
func (*Dir) ReadFileMax(string, int64) ([]byte, error) { return nil, nil }

// Link is not called: Open returns nil.
func (*Dir) Link(*Dir, string, func(Stamp) bool) (Stamp, bool, error) { return Stamp{}, false, nil }

// List is not called: Open returns nil.
func (*Dir) List(string) ([]Entry, error) { return nil, nil }

// Names is not called: Open returns nil.
func (*Dir) Names(string) ([]Entry, error) { return nil, nil }

// IsDir is not called: Open returns nil.
func (*Dir) IsDir(string) bool { return false }

// Unlink is not called: Open returns nil.
func (*Dir) Unlink(string) error { return nil }

// ErrNotRegular is the error of a read of something other than a regular
// file.
var ErrNotRegular = errors.New("not a regular file")

// Close is not called: Open returns nil.
func (*Dir) Close() {}

// sysStamp is 0: the status change time, device and inode are not relied
// on here.
func sysStamp(fs.FileInfo) (ctime int64, dev, ino uint64) { return 0, 0, 0 }
