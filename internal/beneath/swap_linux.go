package beneath

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// Exchange swaps the folders (or files) at a and b in one step with
// renameat2(RENAME_EXCHANGE): at every moment each path names one of the
// two, so a reader or a crash never sees either missing. Both must exist
// on the same file system. It returns an error wrapping
// [errors.ErrUnsupported] where the kernel or the file system cannot
// exchange (Linux before 3.15, some network and FUSE file systems);
// callers then fall back to two renames.
func Exchange(a, b string) error {
	for {
		err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
			return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.Join(errors.ErrUnsupported, err)}
		}
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
}

// SyncFS makes everything written to the file system holding dir durable
// with one syncfs(2): the data and metadata of every file and folder, so
// a tree of 20,000 new files costs one journal commit instead of 20,000
// fsync calls. It also waits for other programs' unwritten data on that
// file system, which is the price of the single call.
func SyncFS(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Syncfs(fd); err != nil {
		return &os.PathError{Op: "syncfs", Path: dir, Err: err}
	}
	return nil
}
