package site

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/haven-cms/haven/internal/beneath"
	"github.com/haven-cms/haven/internal/content"
)

// siteFS is the site folder as Load reads it: an os.Root, whose paths
// can never leave the folder, with files read through openat2 where the
// kernel has it (one system call to open a page instead of one per path
// component). A file the fast path refuses, such as one reached through
// a symbolic link inside the site, is read through the root, so both
// paths accept exactly the same files.
type siteFS struct {
	root *os.Root
	fs   fs.FS
	fast *beneath.Dir // nil without openat2
	// known, when set, gives the stamp of a regular file (slash path from
	// the site root) as the build key read it a moment ago: ReadDir then
	// lists folders without a status read per file (see siteEntry).
	known func(name string) (beneath.Stamp, bool)
}

func openSiteFS(dir string) (*siteFS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &siteFS{root: root, fs: root.FS(), fast: beneath.Open(dir)}, nil
}

// Open implements fs.FS.
func (s *siteFS) Open(name string) (fs.File, error) { return s.fs.Open(name) }

// ReadFile implements fs.ReadFileFS. Only regular files are read; see
// [siteFS.ReadFileMax].
func (s *siteFS) ReadFile(name string) ([]byte, error) { return s.ReadFileMax(name, -1) }

// ReadFileMax reads at most max+1 bytes of the regular file name (all of
// it when max < 0), for content.Load's page size limit. Anything else
// fails with content.ErrNotRegular: files are opened with O_NONBLOCK, so
// a FIFO does not wait for a writer, and checked with fstat before they
// are read, so a device such as /dev/zero is never read.
func (s *siteFS) ReadFileMax(name string, max int64) ([]byte, error) {
	if s.fast != nil && fs.ValidPath(name) {
		data, err := s.fast.ReadFileMax(name, max)
		if err == nil {
			return data, nil
		}
		if errors.Is(err, beneath.ErrNotRegular) {
			return nil, &fs.PathError{Op: "read", Path: name, Err: content.ErrNotRegular}
		}
	}
	f, err := s.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: content.ErrNotRegular}
	}
	if max < 0 {
		return io.ReadAll(f)
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}

// ReadDir implements fs.ReadDirFS. With known and openat2, a folder is
// listed with one openat2 and its getdents64 calls (beneath.Dir.Names),
// where the root's ReadDir opens each component of the path and reads
// the status of every entry; a path the fast way refuses (a symbolic
// link on it) is listed through the root, which follows links that stay
// inside.
func (s *siteFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if s.fast == nil || s.known == nil || !fs.ValidPath(name) {
		return fs.ReadDir(s.fs, name)
	}
	entries, err := s.fast.Names(name)
	if err != nil {
		return fs.ReadDir(s.fs, name)
	}
	out := make([]fs.DirEntry, len(entries))
	for i, e := range entries {
		out[i] = siteEntry{s: s, dir: name, e: e}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// siteEntry is an entry of a folder listed by siteFS.ReadDir. Its Info
// is the build key's stamp for a regular file the key knows (the size
// and modification time the loader compares; the mode then gives the
// type alone), and a status read through the root otherwise.
type siteEntry struct {
	s   *siteFS
	dir string
	e   beneath.Entry
}

func (d siteEntry) Name() string      { return d.e.Name }
func (d siteEntry) IsDir() bool       { return d.e.Type.IsDir() }
func (d siteEntry) Type() fs.FileMode { return d.e.Type }

func (d siteEntry) Info() (fs.FileInfo, error) {
	name := path.Join(d.dir, d.e.Name)
	if d.e.Type == 0 {
		if st, ok := d.s.known(name); ok {
			return stampInfo{name: d.e.Name, st: st}, nil
		}
	}
	return fs.Lstat(d.s.fs, name)
}

// stampInfo is the fs.FileInfo of a regular file from its stamp.
type stampInfo struct {
	name string
	st   beneath.Stamp
}

func (i stampInfo) Name() string       { return i.name }
func (i stampInfo) Size() int64        { return i.st.Size }
func (i stampInfo) Mode() fs.FileMode  { return 0 }
func (i stampInfo) ModTime() time.Time { return time.Unix(0, i.st.ModTime) }
func (i stampInfo) IsDir() bool        { return false }
func (i stampInfo) Sys() any           { return nil }

// Stat implements fs.StatFS.
func (s *siteFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fs, name) }

// Lstat implements fs.ReadLinkFS: it describes a symbolic link itself.
func (s *siteFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(s.fs, name) }

// ReadLink implements fs.ReadLinkFS.
func (s *siteFS) ReadLink(name string) (string, error) { return fs.ReadLink(s.fs, name) }

// Close releases the folder.
func (s *siteFS) Close() error {
	if s.fast != nil {
		s.fast.Close()
	}
	return s.root.Close()
}
