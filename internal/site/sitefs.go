package site

import (
	"io/fs"
	"os"

	"github.com/haven-cms/haven/internal/beneath"
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

// ReadFile implements fs.ReadFileFS.
func (s *siteFS) ReadFile(name string) ([]byte, error) {
	if s.fast != nil && fs.ValidPath(name) {
		if data, err := s.fast.ReadFile(name); err == nil {
			return data, nil
		}
	}
	return fs.ReadFile(s.fs, name)
}

// ReadDir implements fs.ReadDirFS.
func (s *siteFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fs, name) }

// Stat implements fs.StatFS.
func (s *siteFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fs, name) }

// Close releases the folder.
func (s *siteFS) Close() error {
	if s.fast != nil {
		s.fast.Close()
	}
	return s.root.Close()
}
