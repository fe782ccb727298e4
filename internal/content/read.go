package content

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/haven-cms/haven/internal/diag"
)

// FileReader is a file system that reads a regular file without blocking
// on any other kind, and at most max+1 bytes of it (the site folder of a
// build, which opens with O_NONBLOCK and checks with fstat). Load uses it
// when fsys has it; otherwise it relies on the walk's check of each
// file's type, made just before.
type FileReader interface {
	ReadFileMax(name string, max int64) ([]byte, error)
}

// ErrNotRegular is returned for a file that turns out not to be a regular
// file when it is opened.
var ErrNotRegular = errors.New("not a regular file")

// readPage reads the page file f, at most MaxPageSize+1 bytes of it, so
// that a huge file costs no more memory than the limit. Problems are
// reported into d, and then it returns nil.
func readPage(fsys fs.FS, f *file, d *diag.List) []byte {
	if f.size > MaxPageSize {
		d.Add(tooLarge(f.path, f.size))
		return nil
	}
	src, err := readMax(fsys, f.path, MaxPageSize)
	switch {
	case errors.Is(err, ErrNotRegular):
		info, _ := fs.Stat(fsys, f.path)
		mode := fs.ModeIrregular
		if info != nil {
			mode = info.Mode().Type()
		}
		d.Add(notRegular(f.path, mode))
		return nil
	case err != nil:
		d.Errorf(f.path, 0, 0, "content.read", "cannot read: %v", err)
		return nil
	case len(src) > MaxPageSize: // it grew since the walk
		size := int64(len(src))
		if info, err := fs.Stat(fsys, f.path); err == nil && info.Size() > size {
			size = info.Size()
		}
		d.Add(tooLarge(f.path, size))
		return nil
	}
	if src == nil {
		src = []byte{}
	}
	return src
}

// readMax reads at most max+1 bytes of the regular file name.
func readMax(fsys fs.FS, name string, max int64) ([]byte, error) {
	if r, ok := fsys.(FileReader); ok {
		return r.ReadFileMax(name, max)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	return io.ReadAll(io.LimitReader(f, max+1))
}

// tooLarge is the error about the page p of size bytes (at least).
func tooLarge(p string, size int64) diag.Diagnostic {
	return diag.Diagnostic{File: p, Severity: diag.Error, Code: "content.too-large",
		Message: fmt.Sprintf("file is %s (%d bytes); the limit is %d MiB", mib(size), size, MaxPageSize>>20),
		Hint:    "split the page into several pages"}
}

// mib writes n bytes in MiB with one decimal.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
