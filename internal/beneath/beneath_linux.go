// Package beneath opens files below a folder with openat2(2) and
// RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS: the kernel resolves a whole path in
// one call and refuses any step out of the folder or through a symbolic
// link. That is the guarantee os.Root gives by opening each path component
// in turn, at about a third of the system calls, which dominate reading
// and writing 10,000-page sites. Elsewhere than Linux, [Open] returns nil
// and callers use os.Root.
//
// It also holds haven's other direct system calls, as the one owner of
// golang.org/x/sys: [Exchange] swaps two folders in one step
// (renameat2 RENAME_EXCHANGE), [SyncFS] makes a file system's writes
// durable in one call, and [TryLock] and [Lock] take flock(2) locks.
package beneath

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Dir is a folder opened for work below it.
type Dir struct {
	fd   int
	path string // as opened, for the entries of ReadDir
}

// Open opens dir, or returns nil where the kernel lacks openat2 (Linux
// before 5.6); callers then use os.Root.
func Open(dir string) *Dir {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	b := &Dir{fd: fd, path: dir}
	// Probe: openat2 exists and works on this file system.
	probe, err := b.open(".", unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		unix.Close(fd)
		return nil
	}
	unix.Close(probe)
	return b
}

func (b *Dir) open(name string, flags int, mode uint32) (int, error) {
	for {
		fd, err := unix.Openat2(b.fd, name, &unix.OpenHow{
			Flags:   uint64(flags | unix.O_CLOEXEC),
			Mode:    uint64(mode),
			Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
		})
		if errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN) {
			continue // EAGAIN: a concurrent rename raced the lookup
		}
		return fd, err
	}
}

// Mkdir creates the folder name (its parent exists).
func (b *Dir) Mkdir(name string) error {
	parent, err := b.open(path.Dir(name), unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		return &os.PathError{Op: "mkdir", Path: name, Err: err}
	}
	defer unix.Close(parent)
	if err := unix.Mkdirat(parent, path.Base(name), 0o755); err != nil && !errors.Is(err, unix.EEXIST) {
		return &os.PathError{Op: "mkdir", Path: name, Err: err}
	}
	return nil
}

// WriteFile creates name (it must not exist), writes data and returns
// the new file's stamp, with plain write(2) calls: an *os.File would cost
// an fcntl and a poller check per file for nothing, since regular files
// never block.
func (b *Dir) WriteFile(name string, data []byte) (Stamp, error) {
	fd, err := b.open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL, 0o644)
	if err != nil {
		return Stamp{}, &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return Stamp{}, &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	var st unix.Stat_t
	serr := unix.Fstat(fd, &st)
	if err := unix.Close(fd); err != nil {
		return Stamp{}, &os.PathError{Op: "close", Path: name, Err: err}
	}
	if serr != nil {
		return Stamp{}, &os.PathError{Op: "stat", Path: name, Err: serr}
	}
	return stampOfStat(&st), nil
}

// ReadFile reads the regular file name: one openat2, an fstat for its
// size, the reads and a close. A path through a symbolic link fails (ELOOP);
// callers that follow links inside the folder retry through os.Root.
func (b *Dir) ReadFile(name string) ([]byte, error) { return b.ReadFileMax(name, -1) }

// ReadFileMax is ReadFile reading at most max+1 bytes (all of the file
// when max < 0), so a caller with a size limit sees a file is over it
// without holding more of it. The file is opened with O_NONBLOCK, so a
// FIFO does not wait for a writer, and anything but a regular file is
// refused after the fstat.
func (b *Dir) ReadFileMax(name string, max int64) ([]byte, error) {
	fd, err := b.open(name, unix.O_RDONLY|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, &os.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	size := st.Size
	if max >= 0 && size > max {
		size = max
	}
	data := make([]byte, 0, size+1) // +1: the read that sees the end, or that the file is over max
	for max < 0 || int64(len(data)) <= max {
		n, err := unix.Read(fd, data[len(data):cap(data)])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) == cap(data) { // the file grew: make room
			data = append(data, 0)[:len(data)]
		}
	}
	return data, nil
}

// Link makes name below b a hard link to the regular file name below
// src, when same holds for that file's stamp, and reports whether it did,
// with the file's stamp after the link (its change time is the link's).
// name's folder must exist below b. The file linked is the one same was
// asked about: a file swapped in between is unlinked again and reported
// as not linked.
func (b *Dir) Link(src *Dir, name string, same func(Stamp) bool) (Stamp, bool, error) {
	from, err := src.open(path.Dir(name), unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		return Stamp{}, false, nil // not in the old output
	}
	defer unix.Close(from)
	base := path.Base(name)
	var st unix.Stat_t
	if err := unix.Fstatat(from, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || !same(stampOfStat(&st)) {
		return Stamp{}, false, nil
	}
	to, err := b.open(path.Dir(name), unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		return Stamp{}, false, &os.PathError{Op: "link", Path: name, Err: err}
	}
	defer unix.Close(to)
	if err := unix.Linkat(from, base, to, base, 0); err != nil {
		if errors.Is(err, unix.EXDEV) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EMLINK) {
			return Stamp{}, false, nil // the caller writes the file instead
		}
		return Stamp{}, false, &os.PathError{Op: "link", Path: name, Err: err}
	}
	var got unix.Stat_t
	if err := unix.Fstatat(to, base, &got, unix.AT_SYMLINK_NOFOLLOW); err != nil || got.Ino != st.Ino || got.Dev != st.Dev {
		if err := unix.Unlinkat(to, base, 0); err != nil {
			return Stamp{}, false, &os.PathError{Op: "unlink", Path: name, Err: err}
		}
		return Stamp{}, false, nil
	}
	return stampOfStat(&got), true, nil
}

// stampOfStat is the stamp of a status read here.
func stampOfStat(st *unix.Stat_t) Stamp {
	return Stamp{Size: st.Size, ModTime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Dev: st.Dev, Ino: st.Ino}
}

// lstat reads the status of name below b without following a final
// symbolic link, and reports whether it could.
func (b *Dir) lstat(name string, st *unix.Stat_t) bool {
	parent, err := b.open(path.Dir(name), unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		return false
	}
	defer unix.Close(parent)
	return unix.Fstatat(parent, path.Base(name), st, unix.AT_SYMLINK_NOFOLLOW) == nil
}

// List reads the folder name below b: each entry's name and type, and
// the stamp of each regular file, with one openat2, the getdents64 calls
// (into a buffer of direntBuffers) and one fstatat per file, relative to
// the folder already open. An *os.File's ReadDir would add an fcntl, an
// allocation per entry and a status read by path per file.
func (b *Dir) List(name string) ([]Entry, error) { return b.listPooled(name, true) }

// Names is List without the stamps: each entry's name and type, as the
// folder's listing gives it (a status read only where the file system
// does not tell the type).
func (b *Dir) Names(name string) ([]Entry, error) { return b.listPooled(name, false) }

// direntBuffers are the buffers listings read getdents64 into.
var direntBuffers = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

func (b *Dir) listPooled(name string, stamps bool) ([]Entry, error) {
	buf := direntBuffers.Get().(*[]byte)
	defer direntBuffers.Put(buf)
	return b.list(name, *buf, stamps)
}

// list is List (stamps) or Names reading the listing into buf.
func (b *Dir) list(name string, buf []byte, stamps bool) ([]Entry, error) {
	fd, err := b.open(name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	var entries []Entry
	for {
		n, err := unix.Getdents(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "getdents", Path: name, Err: err}
		}
		if n <= 0 {
			return entries, nil
		}
		for off := 0; off+19 <= n; {
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name
			reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
			if reclen < 19 || off+reclen > n {
				return nil, &os.PathError{Op: "getdents", Path: name, Err: unix.EIO}
			}
			ino := binary.NativeEndian.Uint64(buf[off:])
			typ := buf[off+18]
			base := buf[off+19 : off+reclen]
			if i := bytes.IndexByte(base, 0); i >= 0 {
				base = base[:i]
			}
			off += reclen
			if ino == 0 || string(base) == "." || string(base) == ".." {
				continue
			}
			e := Entry{Name: string(base), Type: direntType(typ)}
			if typ == unix.DT_UNKNOWN || typ == unix.DT_REG && stamps {
				var st unix.Stat_t
				if err := unix.Fstatat(fd, e.Name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					if errors.Is(err, unix.ENOENT) {
						continue // removed since the listing
					}
					return nil, &os.PathError{Op: "stat", Path: path.Join(name, e.Name), Err: err}
				}
				e.Type = modeType(st.Mode)
				if e.Type == 0 && stamps {
					e.Stamp = stampOfStat(&st)
				}
			}
			entries = append(entries, e)
		}
	}
}

// direntType is the type of a listing's entry, as fs.FileMode type bits
// (see Entry); ModeIrregular when the listing does not tell.
func direntType(t uint8) fs.FileMode {
	switch t {
	case unix.DT_REG:
		return 0
	case unix.DT_DIR:
		return fs.ModeDir
	case unix.DT_LNK:
		return fs.ModeSymlink
	case unix.DT_FIFO:
		return fs.ModeNamedPipe
	case unix.DT_SOCK:
		return fs.ModeSocket
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.DT_BLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// modeType is direntType for a status read's mode: the listing's type
// is the mode's file type shifted down (IFTODT in C).
func modeType(mode uint32) fs.FileMode { return direntType(uint8((mode & unix.S_IFMT) >> 12)) }

// IsDir reports whether name below b is a folder (not a symbolic link
// to one).
func (b *Dir) IsDir(name string) bool {
	var st unix.Stat_t
	return b.lstat(name, &st) && st.Mode&unix.S_IFMT == unix.S_IFDIR
}

// Unlink removes the file (or symbolic link, or empty folder) name below
// b; a name that is not there, or whose folder is not, is no error. A
// folder that is not empty is reported as fs.ErrExist.
func (b *Dir) Unlink(name string) error {
	parent, err := b.open(path.Dir(name), unix.O_PATH|unix.O_DIRECTORY, 0)
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) {
		return nil
	}
	if err != nil {
		return &os.PathError{Op: "unlink", Path: name, Err: err}
	}
	defer unix.Close(parent)
	base := path.Base(name)
	err = unix.Unlinkat(parent, base, 0)
	if errors.Is(err, unix.EISDIR) {
		err = unix.Unlinkat(parent, base, unix.AT_REMOVEDIR)
		if errors.Is(err, unix.ENOTEMPTY) || errors.Is(err, unix.EEXIST) {
			return &os.PathError{Op: "unlink", Path: name, Err: fs.ErrExist}
		}
	}
	if err != nil && !errors.Is(err, unix.ENOENT) {
		return &os.PathError{Op: "unlink", Path: name, Err: err}
	}
	return nil
}

// ErrNotRegular is the error of a read of something other than a regular
// file (a FIFO, a device, a socket, a folder).
var ErrNotRegular = errors.New("not a regular file")

// Close closes the folder.
func (b *Dir) Close() { unix.Close(b.fd) }

// sysStamp is the change time, device and inode of a file's status.
func sysStamp(info fs.FileInfo) (ctime int64, dev, ino uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano(), st.Dev, st.Ino
	}
	return 0, 0, 0
}
