// Package publish minifies output files and writes them into a staging
// folder beside the output folder, through an os.Root so that no path can
// climb out of it, and swaps the staging folder into place only when the
// whole build succeeded. A failed build leaves the previous output exactly
// as it was.
//
// What it guarantees about the output folder:
//
//   - [CheckOutput] refuses an output folder that is the site root, a
//     folder above it, or is, holds or sits inside content/, themes/ or
//     archetypes/ (paths resolved, symbolic links evaluated).
//   - Only folders haven wrote are replaced or removed: every output
//     holds the [Marker] file, and an existing folder without it is
//     refused unless empty.
//   - A build holds a lock on the output (the file .<out>.lock beside it)
//     from [Begin] to the end; a second build into the same output waits.
//   - The swap is one renameat2(RENAME_EXCHANGE) where the kernel and the
//     file system have it, after the new files are made durable (syncfs),
//     so the output path always names a complete output, even across a
//     crash. Elsewhere it is two renames, and a build killed between them
//     leaves the old output aside, which the next build puts back.
//   - Staging and replaced folders left by killed builds are removed by
//     the next build, when they hold the marker.
//   - Where openat2 works, the replaced output is not removed but kept
//     beside the output as .<out>.previous, and the next build stages
//     into it: files it already shares with the output (the same inode,
//     unchanged since the last build) stay, every other file is written
//     anew (never rewritten in place, as it may be a hard link into the
//     output), and before the swap whatever that build did not write is
//     removed. A one-page edit then touches a few files instead of
//     making 10,000 folders and 20,000 links and removing as many. The
//     kept folder shares most of its files with the output, so it costs
//     little disk; it is safe to delete.
package publish

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
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

// Reuser is an Output that can take a file over unchanged from the
// output it replaces ([Staging.Reuse]): a build that knows a file's bytes
// are the ones already published need not write them again.
type Reuser interface {
	Output
	Reuse(name string, same func(beneath.Stamp) bool) (bool, error)
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
	out     string   // final output folder
	dir     string   // staging folder beside it
	id      string   // random part of the staging folder's name
	lock    *os.File // holds the output's lock
	root    *os.Root
	fast    *beneath.Dir // openat2 writes where the kernel has them, else nil
	update  bool         // the staging folder is the kept previous output, brought up to date
	prev    *beneath.Dir // the output being replaced, for Reuse; nil when none or no openat2
	min     *Minifier
	mu      sync.Mutex
	made    sync.Map // folder -> *folder, created once
	written map[string]bool
	stamps  map[string]beneath.Stamp // of the files written or taken over, where openat2 tells
	listed  map[string]beneath.Stamp // the files of a staging folder brought up to date, as pruned

	// What the kept previous output held when the build began staging
	// into it (s.update), read in the background (survey) while the
	// build loads its pages: Reuse and prune ask it instead of the disk.
	surveyed chan struct{}              // closed when kept and keptErr are set
	kept     map[string][]beneath.Entry // by folder, sorted by name
	keptErr  error
	files    atomic.Int64
	bytes    atomic.Int64
}

// Begin takes the lock of the output folder out (waiting, with a line to
// log, while another build into out runs; see [lockOutput]), tidies what
// interrupted builds left beside it (see [tidy]), checks that out may be
// replaced (missing, empty or marked as haven's output), and creates a
// marked staging folder beside it: same parent, so the swap stays on one
// file system. The lock is held until [Staging.Commit] or
// [Staging.Abort].
func Begin(ctx context.Context, out string, min *Minifier, log io.Writer) (*Staging, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	lock, err := lockOutput(ctx, out, log)
	if err != nil {
		return nil, err
	}
	s := &Staging{out: out, lock: lock, min: min, written: map[string]bool{Marker: true}, stamps: map[string]beneath.Stamp{}}
	if err := s.start(log); err != nil {
		s.unlock()
		return nil, err
	}
	return s, nil
}

// start tidies beside the output, checks it and makes the staging
// folder: the output the last build replaced, when it was kept (see
// sparePath), else a new one.
func (s *Staging) start(log io.Writer) error {
	tidy(s.out, log)
	if err := checkReplaceable(s.out); err != nil {
		return err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	s.id = hex.EncodeToString(b[:])
	s.dir = filepath.Join(filepath.Dir(s.out), stagingPrefix(s.out)+s.id)
	spare := sparePath(s.out)
	s.update = keepSpare && ours(spare) && os.Rename(spare, s.dir) == nil
	if err := s.prepare(); err != nil {
		return err
	}
	if s.update && s.fast == nil {
		// No openat2 here, so the kept folder cannot be brought up to
		// date file by file (see clear and prune): start from empty.
		s.closeDir()
		os.RemoveAll(s.dir)
		s.update = false
		if err := s.prepare(); err != nil {
			return err
		}
	}
	if s.fast != nil {
		s.prev = beneath.Open(s.out) // checkReplaceable: missing, empty or haven's
	}
	if s.update {
		s.surveyed = make(chan struct{})
		go s.survey()
	}
	return nil
}

// survey reads what the kept previous output holds, every folder and
// the status of every file, into s.kept, and closes s.surveyed. It reads
// a level of the tree at a time, its folders in parallel (a site has one
// per page). Only this build changes the folder meanwhile: it is named as
// this build's staging folder, under the output's lock, and everything
// that changes it waits for the survey (surveyDone).
func (s *Staging) survey() {
	defer close(s.surveyed)
	kept := map[string][]beneath.Entry{}
	var errs []error
	for level := []string{"."}; len(level) > 0; {
		lists := make([][]beneath.Entry, len(level))
		failed := make([]error, len(level))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(surveyors, len(level)) {
			wg.Go(func() {
				for i := int(next.Add(1) - 1); i < len(level); i = int(next.Add(1) - 1) {
					lists[i], failed[i] = s.fast.List(level[i])
					slices.SortFunc(lists[i], func(a, b beneath.Entry) int { return strings.Compare(a.Name, b.Name) })
				}
			})
		}
		wg.Wait()
		var deeper []string
		for i, dir := range level {
			kept[dir] = lists[i]
			for _, e := range lists[i] {
				if e.Type == fs.ModeDir {
					deeper = append(deeper, path.Join(dir, e.Name))
				}
			}
		}
		errs = append(errs, failed...)
		level = deeper
	}
	s.kept, s.keptErr = kept, errors.Join(errs...)
}

// surveyors is how many folders the survey reads at once: more than the
// cores, as each spends most of its time in system calls.
const surveyors = 4

// keptEntry returns what the survey found at name, if anything.
func (s *Staging) keptEntry(name string) (beneath.Entry, bool) {
	list := s.kept[path.Dir(name)]
	base := path.Base(name)
	i, ok := slices.BinarySearchFunc(list, base, func(e beneath.Entry, name string) int { return strings.Compare(e.Name, name) })
	if !ok {
		return beneath.Entry{}, false
	}
	return list[i], true
}

// surveyDone waits for the survey of the kept previous output, when the
// build stages into one.
func (s *Staging) surveyDone() {
	if s.surveyed != nil {
		<-s.surveyed
	}
}

// prepare creates the staging folder unless it is the kept previous
// output, writes its marker and opens it.
func (s *Staging) prepare() error {
	if !s.update {
		if err := os.Mkdir(s.dir, 0o755); err != nil {
			return fmt.Errorf("create staging folder: %w", err)
		}
	}
	root, err := os.OpenRoot(s.dir)
	if err == nil {
		err = root.WriteFile(Marker, []byte(markerText), 0o644)
	}
	if err != nil {
		if root != nil {
			root.Close()
		}
		os.RemoveAll(s.dir)
		return fmt.Errorf("prepare staging folder %s: %w", s.dir, err)
	}
	s.root, s.fast = root, beneath.Open(s.dir)
	return nil
}

// keepSpare is whether a build keeps the output it replaced, to stage
// the next build into; tests turn it off to see the removal.
var keepSpare = true

// sparePath is where the output replaced by the last build into out is
// kept for the next one.
func sparePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".previous")
}

// Reuse puts the file name of the output being replaced into the new
// output as it is, without reading it: a hard link, so both folders share
// the file until the old one is removed at Commit. It does so only when
// same holds for the old file's stamp, and reports whether it did; when
// not (no such file, a changed one, no hard links here), the caller
// writes the file. When the build stages into the output the old one
// replaced, which shares most files with it, a file already there that
// same accepts (same knows the inode it wants) is kept as it is. Like
// WriteFile, it claims name once.
func (s *Staging) Reuse(name string, same func(beneath.Stamp) bool) (bool, error) {
	if s.prev == nil {
		return false, nil
	}
	if err := CheckPath(name); err != nil {
		return false, err
	}
	s.mu.Lock()
	dup := s.written[name]
	s.mu.Unlock()
	if dup {
		return false, fmt.Errorf("output file %s written twice", name)
	}
	var st beneath.Stamp
	shared := false
	if s.update {
		st, shared = s.shared(name, same)
	}
	if !shared {
		if err := s.mkdir(path.Dir(name)); err != nil {
			return false, fmt.Errorf("write %s: %w", name, err)
		}
		if err := s.clear(name); err != nil {
			return false, err
		}
		var ok bool
		var err error
		if st, ok, err = s.fast.Link(s.prev, name, same); err != nil || !ok {
			return false, err
		}
	}
	size := st.Size
	s.mu.Lock()
	dup = s.written[name]
	s.written[name] = true
	s.stamps[name] = st
	s.mu.Unlock()
	if dup {
		return false, fmt.Errorf("output file %s written twice", name)
	}
	s.files.Add(1)
	s.bytes.Add(size)
	return true, nil
}

// shared reports whether the kept previous output held name as a regular
// file whose stamp same accepts, when the survey read it, and still
// does: this build made no folder in its place and claimed no folder
// above it as a file (the old status read failed then too). Given a stamp
// with the inode of the file wanted, the kept folder then holds that
// very file and nothing need be done.
func (s *Staging) shared(name string, same func(beneath.Stamp) bool) (beneath.Stamp, bool) {
	s.surveyDone()
	e, ok := s.keptEntry(name)
	if _, made := s.made.Load(name); !ok || made || e.Type != 0 || !same(e.Stamp) {
		return beneath.Stamp{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if s.written[d] {
			return beneath.Stamp{}, false
		}
	}
	return e.Stamp, true
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
	if err := s.clear(name); err != nil {
		return err
	}
	var err error
	if s.fast != nil {
		var st beneath.Stamp
		if st, err = s.fast.WriteFile(name, data); err == nil {
			s.mu.Lock()
			s.stamps[name] = st
			s.mu.Unlock()
		}
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

// makeFolder creates dir after its parent. A new staging folder starts
// empty, so each folder is created exactly once; in the kept previous
// output an existing folder is kept and anything else in its place is
// removed first.
func (s *Staging) makeFolder(dir string) error {
	if err := s.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if s.update {
		s.surveyDone()
		if s.fast.IsDir(dir) {
			return nil
		}
		if err := s.clear(dir); err != nil {
			return err
		}
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

// clear removes what the kept previous output has at name, so that a
// file written there is a new one: the old may be a hard link into the
// output being replaced, which must stay as it is until the swap.
func (s *Staging) clear(name string) error {
	if !s.update {
		return nil
	}
	s.surveyDone()
	err := s.fast.Unlink(name)
	if errors.Is(err, fs.ErrExist) {
		err = s.root.RemoveAll(name)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// prune removes from the kept previous output every file this build did
// not write or take over and every folder that holds none of them, so
// that the staging folder holds exactly this build's files; what is
// there is what the survey found, and what this build put there. A
// file or folder in a folder that is removed goes with it; one whose
// path this build claimed for a folder or a file of its own was cleared
// when that was made (see clear and makeFolder).
func (s *Staging) prune() error {
	s.surveyDone()
	if s.keptErr != nil {
		return s.keptErr
	}
	keep := map[string]bool{}
	for name := range s.written {
		for d := path.Dir(name); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	var errs []error
	for dir, entries := range s.kept {
		if dir != "." && !keep[dir] {
			continue // removed with its folder, or never in it
		}
		for _, e := range entries {
			name := path.Join(dir, e.Name)
			switch {
			case s.written[name] || keep[name]:
			case e.Type == fs.ModeDir:
				errs = append(errs, s.root.RemoveAll(name))
			default:
				errs = append(errs, s.fast.Unlink(name))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Every file written here has its stamp from the write or the
	// take-over, but the marker, which was written before the survey.
	s.listed = s.stamps
	if _, ok := s.listed[Marker]; !ok {
		if e, ok := s.keptEntry(Marker); ok && e.Type == 0 {
			s.listed[Marker] = e.Stamp
		}
	}
	s.kept = nil // 30,000 entries the end of a build need not hold
	return nil
}

// Files returns the stamp of every file of the output, known before the
// swap, when the build staged into the previous output and has
// committed; else nil, and callers read the output themselves. Saves
// reading 20,000 files' status again after a one-page edit.
func (s *Staging) Files() map[string]beneath.Stamp { return s.listed }

// Stats returns how many files and bytes were written.
func (s *Staging) Stats() (files, bytes int64) { return s.files.Load(), s.bytes.Load() }

// Commit makes the staging folder durable and swaps it into the output
// folder in one step where the kernel can (renameat2 RENAME_EXCHANGE), so
// that the output path names the complete old or the complete new output
// at every moment, even across a crash; elsewhere it moves the old output
// aside and the new one in, and a build interrupted between the two puts
// the old one back (see [tidy]). Then it removes the old output and
// releases the lock.
//
// An error means the new output is not in place and the old one is as it
// was, except for a *[LeftoverError]: the new output is in place, but the
// old one could not be removed.
func (s *Staging) Commit() error {
	defer s.unlock()
	if s.update {
		if err := s.prune(); err != nil {
			s.closeDir()
			os.RemoveAll(s.dir)
			return fmt.Errorf("clear the previous output out of the new one: %w", err)
		}
	}
	spare := keepSpare && s.fast != nil
	s.closeDir()
	// Durable before the swap, or a crash after it could publish folders
	// whose files are still empty. One syncfs instead of an fsync per
	// file: 20,000 fsyncs are 20,000 journal commits.
	if err := beneath.SyncFS(s.dir); err != nil {
		os.RemoveAll(s.dir)
		return fmt.Errorf("write the new output to disk: %w", err)
	}
	old, err := s.swap()
	if err != nil {
		os.RemoveAll(s.dir)
		return err
	}
	// The renames themselves are durable once the parent folder is.
	_ = syncDir(filepath.Dir(s.out))
	if old == "" {
		return nil
	}
	if spare && os.Rename(old, sparePath(s.out)) == nil {
		return nil
	}
	if err := removeAll(old); err != nil {
		return &LeftoverError{Out: s.out, Old: old, Err: err}
	}
	return nil
}

// LeftoverError is Commit's report that the new output is in place in Out
// but the previous output could not be removed and is left at Old. The
// next build into Out removes it.
type LeftoverError struct {
	Out, Old string
	Err      error
}

// Error says where the new and the old output are and what to do.
func (e *LeftoverError) Error() string {
	return fmt.Sprintf("the new output is in place in %s, but the previous output could not be removed and is left at %s (%v); delete it yourself, or let the next build remove it", e.Out, e.Old, e.Err)
}

// Unwrap returns the removal's error.
func (e *LeftoverError) Unwrap() error { return e.Err }

// realExchange swaps two folders in one step where the kernel can.
var realExchange = beneath.Exchange

// Hooks of the swap, replaced by tests to fail or stop at a step.
var (
	exchange  = realExchange
	removeAll = os.RemoveAll
	step      = func(string) {}
)

// swap puts the staging folder in the output's place and returns where
// the old output now is ("" when there was none).
func (s *Staging) swap() (string, error) {
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(s.dir, s.out); err != nil {
			return "", fmt.Errorf("move the new output into %s: %w", s.out, err)
		}
		return "", nil
	}
	if err := checkReplaceable(s.out); err != nil { // again: it could have changed during the build
		return "", err
	}
	old := filepath.Join(filepath.Dir(s.out), oldPrefix(s.out)+s.id)
	err := exchange(s.dir, s.out)
	if err == nil {
		step("exchanged")
		if os.Rename(s.dir, old) != nil {
			return s.dir, nil // still marked and named as haven's: the next build removes it
		}
		return old, nil
	}
	if !errors.Is(err, errors.ErrUnsupported) {
		return "", fmt.Errorf("swap the new output into %s: %w", s.out, err)
	}
	if err := os.Rename(s.out, old); err != nil {
		return "", fmt.Errorf("move the old output %s aside: %w", s.out, err)
	}
	step("aside")
	if err := os.Rename(s.dir, s.out); err != nil {
		if os.Rename(old, s.out) != nil {
			return "", fmt.Errorf("move the new output into %s: %w; the old output is at %s and the next build puts it back", s.out, err, old)
		}
		return "", fmt.Errorf("move the new output into %s: %w", s.out, err)
	}
	return old, nil
}

// syncDir makes the entries of the folder dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// closeDir releases the handles on the staging folder.
func (s *Staging) closeDir() {
	if s.root != nil {
		s.root.Close()
		s.root = nil
	}
	if s.fast != nil {
		s.fast.Close()
		s.fast = nil
	}
	if s.prev != nil {
		s.prev.Close()
		s.prev = nil
	}
}

// unlock releases the output's lock.
func (s *Staging) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// Abort removes the staging folder, leaving the output untouched, and
// releases the lock.
func (s *Staging) Abort() {
	s.surveyDone()
	s.closeDir()
	os.RemoveAll(s.dir)
	s.unlock()
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
