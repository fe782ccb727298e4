// Package publish minifies output files and writes them into a staging
// folder beside the output folder, through an os.Root so that no path can
// climb out of it, and swaps the staging folder into place only when the
// whole build succeeded. A failed build leaves the previous output exactly
// as it was.
package publish

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/haven-cms/haven/internal/beneath"
)

// Output receives the files of a build. Paths are slash-separated and
// relative to the site's output root (et/abi/index.html). Implementations
// must be safe for concurrent use.
type Output interface {
	WriteFile(name string, data []byte) error
}

// Keeper is an Output that can keep the bytes it is given instead of a
// copy, for callers that never modify them again (the preview's cached
// pages: copying 20,000 files on every rebuild cost more than rendering
// the changed ones).
type Keeper interface {
	Output
	// KeepFile is WriteFile, keeping data itself.
	KeepFile(name string, data []byte) error
}

// Keep writes data to out with KeepFile when out is a Keeper, else with
// WriteFile. The caller must never modify data afterwards.
func Keep(out Output, name string, data []byte) error {
	if k, ok := out.(Keeper); ok {
		return k.KeepFile(name, data)
	}
	return out.WriteFile(name, data)
}

// CheckPath reports an error when name is not a clean relative path inside
// the output root.
func CheckPath(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.ContainsRune(name, 0) ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("output path %q is outside the output folder", name)
	}
	return nil
}

// minified recycles the buffers files are minified into before they are
// written: the bytes are not kept once on disk.
var minified = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Staging is a build in progress on disk.
type Staging struct {
	out     string // final output folder
	dir     string // staging folder beside it
	root    *os.Root
	fast    *beneath.Dir // openat2 writes where the kernel has them, else nil
	min     *Minifier
	mu      sync.Mutex
	made    sync.Map // folder -> *folder, created once
	written map[string]bool
	files   atomic.Int64
	bytes   atomic.Int64
}

// Begin creates a staging folder beside out (same parent, so the final
// rename stays on one file system).
func Begin(out string, min *Minifier) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	dir := filepath.Join(parent, "."+filepath.Base(out)+".staging-"+hex.EncodeToString(b[:]))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create staging folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("open staging folder: %w", err)
	}
	return &Staging{out: out, dir: dir, root: root, fast: beneath.Open(dir), min: min, written: map[string]bool{}}, nil
}

// WriteFile minifies data by the name's extension and writes it. Writing
// the same name twice is an error: two parts of a build claimed one file.
func (s *Staging) WriteFile(name string, data []byte) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	s.mu.Lock()
	if s.written[name] {
		s.mu.Unlock()
		return fmt.Errorf("output file %s written twice", name)
	}
	s.written[name] = true
	s.mu.Unlock()
	if err := s.mkdir(path.Dir(name)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if s.min != nil && s.min.Handles(name) {
		buf := minified.Get().(*bytes.Buffer)
		defer minified.Put(buf)
		buf.Reset()
		if err := s.min.MinifyTo(buf, name, data); err != nil {
			return fmt.Errorf("minify %s: %w", name, err)
		}
		data = buf.Bytes()
	}
	var err error
	if s.fast != nil {
		err = s.fast.WriteFile(name, data)
	} else {
		err = s.root.WriteFile(name, data, 0o644)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	s.files.Add(1)
	s.bytes.Add(int64(len(data)))
	return nil
}

// mkdir creates dir once; other writers into dir wait until it exists.
func (s *Staging) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	v, _ := s.made.LoadOrStore(dir, &folder{})
	f := v.(*folder)
	f.once.Do(func() { f.err = s.makeFolder(dir) })
	return f.err
}

// folder is one folder of the staging tree, created by the first writer
// that needs it while writers into other folders go on.
type folder struct {
	once sync.Once
	err  error
}

// makeFolder creates dir after its parent. The staging folder starts
// empty, so each folder is created exactly once.
func (s *Staging) makeFolder(dir string) error {
	if err := s.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	var err error
	if s.fast != nil {
		err = s.fast.Mkdir(dir)
	} else {
		err = s.root.Mkdir(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// Stats returns how many files and bytes were written.
func (s *Staging) Stats() (files, bytes int64) { return s.files.Load(), s.bytes.Load() }

// Commit swaps the staging folder into the output folder. The previous
// output is moved aside first and removed only after the new one is in
// place; if the swap fails, it is moved back.
func (s *Staging) Commit() error {
	s.closeDir()
	old := s.dir + ".old"
	hadOld := false
	if info, err := os.Lstat(s.out); err == nil {
		if !info.IsDir() {
			s.Abort()
			return fmt.Errorf("output %s exists and is not a folder", s.out)
		}
		if err := os.Rename(s.out, old); err != nil {
			s.Abort()
			return fmt.Errorf("move old output aside: %w", err)
		}
		hadOld = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		s.Abort()
		return err
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		if hadOld {
			_ = os.Rename(old, s.out)
		}
		s.Abort()
		return fmt.Errorf("swap in new output: %w", err)
	}
	if hadOld {
		return os.RemoveAll(old)
	}
	return nil
}

// closeDir releases the handles on the staging folder.
func (s *Staging) closeDir() {
	s.root.Close()
	if s.fast != nil {
		s.fast.Close()
		s.fast = nil
	}
}

// Abort removes the staging folder, leaving the output untouched.
func (s *Staging) Abort() {
	s.closeDir()
	os.RemoveAll(s.dir)
}

// Memory is an in-memory Output, used by the preview server and tests.
type Memory struct {
	mu    sync.RWMutex
	Files map[string][]byte
	min   *Minifier
}

// NewMemory returns an empty in-memory output; min may be nil to keep
// files as rendered.
func NewMemory(min *Minifier) *Memory { return &Memory{Files: map[string][]byte{}, min: min} }

// WriteFile stores data under name.
func (m *Memory) WriteFile(name string, data []byte) error {
	return m.write(name, data, false)
}

// KeepFile is WriteFile keeping data itself, not a copy (see [Keeper]).
func (m *Memory) KeepFile(name string, data []byte) error {
	return m.write(name, data, true)
}

func (m *Memory) write(name string, data []byte, keep bool) error {
	if err := CheckPath(name); err != nil {
		return err
	}
	if m.min != nil {
		var err error
		if data, err = m.min.Minify(name, data); err != nil {
			return fmt.Errorf("minify %s: %w", name, err)
		}
	} else if !keep {
		data = append([]byte(nil), data...)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.Files[name]; dup {
		return fmt.Errorf("output file %s written twice", name)
	}
	m.Files[name] = data
	return nil
}

// Get returns a stored file.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.Files[name]
	return b, ok
}
