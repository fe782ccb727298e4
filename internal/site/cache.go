package site

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/haven-cms/haven/internal/beneath"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/pack"
)

// CacheDir is the build cache below the site root. It is safe to delete:
// the next build is then a full one.
const CacheDir = ".haven-cache"

// The cache lets a build with nothing changed finish after looking at its
// inputs once. Its rules, in one place:
//
//   - The key is a SHA-256 over every input of a build: the contents and
//     paths of every file under content/ (pages, assets, _data), haven.yaml,
//     rules.yaml and the site's themes/ folder; the modification day of
//     each page (shown as its update date when it has no reviewed); the
//     build options (drafts, base URL, build day); and the haven executable
//     itself, so a new version of haven never reuses an old build.
//   - The walk follows symbolic links to folders that stay inside the
//     site, as the build does (a linked theme or content folder); a link
//     that leaves the site is hashed by its target path only, and a FIFO,
//     device or socket by its type, without opening it.
//   - Each file's hash is recorded with its size, modification time and
//     status change time (ctime, Linux). A file whose stamp is still the
//     recorded one is not read again, unless it was modified or changed
//     less than two seconds before the record was written (then an edit
//     in the same clock tick could hide behind an equal timestamp: git's
//     "racily clean" rule). Anything else is read and hashed.
//   - A build whose key equals the key recorded after the last successful
//     build into the same output folder, and whose output folder still
//     holds exactly the files recorded then (same names, sizes and
//     modification times), is up to date: nothing is rendered or written,
//     and the recorded warnings are reported again.
//   - Anything else is a full build, which records a new key.
//
// So the cache can only skip a build whose result would be byte-for-byte
// the files already in the output folder. An edit that keeps a file's
// size and sets its modification time back is caught by the ctime, which
// programs cannot set; only where there is none (outside Linux) does it
// go unseen, as it does for make and ninja.
type manifest struct {
	Key         string
	Out         string
	Files       map[string]fileStamp
	Inputs      map[string]inputStamp
	Written     int64    // Unix nanoseconds, when the inputs were stamped
	Diagnostics []string // as printed
	Pages       int
}

// fileStamp is a file's stamp: size, modification and status change
// times, device and inode.
type fileStamp = beneath.Stamp

// inputStamp is an input file's hash with the stamp it had when hashed.
type inputStamp struct {
	Stamp fileStamp
	Sum   string
}

// racyWindow is how long before the record a file must have been modified
// for its stamp to be trusted.
const racyWindow = 2 * time.Second

// manifestFile is the record of the last build below the cache folder:
// a first line naming its format and the layout of manifest (package
// pack's [pack.Layout]), then the manifest in pack's encoding, which
// reads and writes its 30,000 stamps in about half gob's time. A record
// of another layout (another haven) is not read: the next build then
// hashes every input again.
const manifestFile = "build-record.pack"

// manifestHead is the first line of a record of this haven's layout.
var manifestHead = "haven build record " + pack.Layout(manifest{}) + "\n"

func manifestPath(source string) string {
	return filepath.Join(source, CacheDir, manifestFile)
}

func readManifest(source string) *manifest {
	b, err := os.ReadFile(manifestPath(source))
	body, ok := bytes.CutPrefix(b, []byte(manifestHead))
	if err != nil || !ok {
		return nil
	}
	var m manifest
	if d := pack.NewDecoderOwning(body); d.Decode(&m) != nil || d.More() {
		return nil
	}
	return &m
}

// BuildKey is the cache key of a build's inputs (see the rules above).
type BuildKey struct {
	// Sum is the key.
	Sum     string
	inputs  map[string]inputStamp
	stamped time.Time
	last    *manifest // the record of the last build, read once
}

// CacheKey hashes every input of a build with opts, reading only the
// files whose recorded stamps it cannot trust. Files are hashed in
// parallel and combined in path order. It stops with ctx.Err() once ctx
// is cancelled.
func CacheKey(ctx context.Context, opts Options) (*BuildKey, error) {
	key := &BuildKey{inputs: map[string]inputStamp{}, stamped: time.Now()}
	last := make(chan *manifest, 1) // the record is read while the site is walked
	go func() { last <- readManifest(opts.Source) }()
	w := &inputWalk{site: realPath(opts.Source), seen: map[string]bool{}}
	if exe, err := os.Executable(); err == nil {
		w.files = append(w.files, exe)
	}
	for _, top := range []string{"haven.yaml", "rules.yaml", content.Dir, "themes"} {
		if err := w.visit(ctx, filepath.Join(opts.Source, top), ""); err != nil {
			return nil, err
		}
	}
	key.last = <-last
	var prev map[string]inputStamp
	var trustBefore int64
	if m := key.last; m != nil {
		prev, trustBefore = m.Inputs, m.Written-int64(racyWindow)
	}
	files := w.files
	stamps := make([]inputStamp, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				site := w.site
				if i == 0 {
					site = "" // the executable lives anywhere
				}
				stamps[i] = stampInput(files[i], site, prev, trustBefore)
			}
		})
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "options drafts=%v base=%q today=%s\n", opts.Drafts, opts.BaseURL, content.Day(opts.Today).Format(content.DateLayout))
	for i, f := range files {
		rel, _ := filepath.Rel(opts.Source, f)
		if i == 0 {
			rel = "haven executable"
		}
		fmt.Fprintf(h, "%s %s\n", filepath.ToSlash(rel), stamps[i].Sum)
		key.inputs[f] = stamps[i]
	}
	key.Sum = hex.EncodeToString(h.Sum(nil))
	return key, nil
}

// inputWalk lists the input files of a site as the build reads them: it
// follows symbolic links to folders that stay inside the site (os.Root
// does, so a linked theme or content folder is read), each real folder
// once, so a link loop ends. Links to files, and links that leave the
// site or lead nowhere, are listed as files: [fileSum] hashes what the
// build sees of them.
type inputWalk struct {
	site  string // the site root, symbolic links evaluated
	seen  map[string]bool
	files []string
}

// visit lists p; real is p with symbolic links evaluated, or "" when not
// yet known.
func (w *inputWalk) visit(ctx context.Context, p, real string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		target, err := filepath.EvalSymlinks(p)
		if st, serr := os.Stat(p); err == nil && serr == nil && st.IsDir() && inside(target, w.site) {
			return w.dir(ctx, p, target)
		}
	case info.IsDir():
		if real == "" {
			real = realPath(p)
		}
		return w.dir(ctx, p, real)
	}
	w.files = append(w.files, p)
	return nil
}

// dir lists the folder p, whose real path is real, unless already seen.
func (w *inputWalk) dir(ctx context.Context, p, real string) error {
	if w.seen[real] {
		return nil
	}
	w.seen[real] = true
	entries, err := os.ReadDir(p)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := filepath.Join(p, e.Name())
		var err error
		switch t := e.Type(); {
		case t.IsRegular(): // the folder's listing tells: no status read for 10,000 pages
			w.files = append(w.files, name)
		case t.IsDir():
			err = w.dir(ctx, name, filepath.Join(real, e.Name()))
		default: // links, and what the listing does not type
			err = w.visit(ctx, name, "")
		}
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// realPath is p made absolute with its symbolic links evaluated, or as
// absolute as it gets when that fails.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		if a, err := filepath.Abs(r); err == nil {
			return a
		}
	}
	return absPath(p)
}

// inside reports whether the path p is dir or below it.
func inside(p, dir string) bool {
	p = absPath(p)
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// stampInput returns the stamp and hash of an input file, taking the hash
// from prev when the stamp there is the same and was trustworthy. site is
// the real site root (links leaving it are not followed), or "".
func stampInput(path, site string, prev map[string]inputStamp, trustBefore int64) inputStamp {
	info, err := os.Lstat(path)
	if err != nil {
		return inputStamp{Sum: "unreadable"}
	}
	st := beneath.StampOf(info)
	if info.Mode()&fs.ModeSymlink == 0 {
		if p, ok := prev[path]; ok && p.Stamp == st && max(st.ModTime, st.Ctime) < trustBefore {
			return p
		}
	}
	return inputStamp{Stamp: st, Sum: fileSum(path, site, info)}
}

// fileSum hashes one input file, with the modification day of a page
// (shown as its update date when it has no reviewed date); info is its
// Lstat. A file that cannot be read hashes as such: the build reports it.
// A symbolic link is hashed with its target's path, and with its target's
// content only when that is inside site (or site is ""), as the build
// reads only those. Only regular files are opened, without blocking: a
// FIFO or a device such as /dev/zero is hashed as what it is, unread (the
// build reports it).
func fileSum(path, site string, info fs.FileInfo) string {
	h := sha256.New()
	if info.Mode()&fs.ModeSymlink != 0 {
		if target, err := os.Readlink(path); err == nil {
			fmt.Fprintf(h, "symlink %s\n", target)
		}
		real, err := filepath.EvalSymlinks(path)
		if err == nil && site != "" && !inside(real, site) {
			return hex.EncodeToString(h.Sum(nil))
		}
		if info, err = os.Stat(path); err != nil {
			return "unreadable"
		}
	}
	if !info.Mode().IsRegular() {
		return "not a regular file: " + info.Mode().Type().String()
	}
	if strings.HasSuffix(path, ".md") {
		fmt.Fprintf(h, "day %s\n", content.Day(info.ModTime()).Format(content.DateLayout))
	}
	if !hashFile(h, path) {
		return "unreadable"
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashFile writes the content of the regular file path to h. It opens
// with O_NONBLOCK and checks with fstat, so a file swapped for a FIFO or
// a device since its Lstat is not read either.
func hashFile(h io.Writer, path string) bool {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return false
	}
	buf := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(buf)
	for {
		n, err := f.Read(*buf)
		h.Write((*buf)[:n])
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// hashBuffers recycles the read buffers of fileSum: with them a page costs
// an open, two reads and a close.
var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// stampTree records name, size and modification time of every file below
// dir. Folders are read in parallel: a 10,000-page site has 20,000 output
// files in 10,000 folders, and the stat calls are most of a build with
// nothing changed.
func stampTree(dir string) (map[string]fileStamp, error) {
	files := map[string]fileStamp{}
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4*runtime.GOMAXPROCS(0))
	var visit func(rel string)
	visit = func(rel string) {
		defer wg.Done()
		sem <- struct{}{}
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(rel)))
		local := map[string]fileStamp{}
		var dirs []string
		for _, e := range entries {
			name := path.Join(rel, e.Name())
			if e.IsDir() {
				dirs = append(dirs, name)
				continue
			}
			info, ierr := e.Info()
			if ierr != nil {
				err = errors.Join(err, ierr)
				continue
			}
			local[name] = beneath.StampOf(info)
		}
		<-sem
		mu.Lock()
		maps.Copy(files, local)
		if err != nil {
			errs = append(errs, err)
		}
		mu.Unlock()
		for _, d := range dirs {
			wg.Add(1)
			go visit(d)
		}
	}
	wg.Add(1)
	visit("")
	wg.Wait()
	return files, errors.Join(errs...)
}

// UpToDate reports whether out already holds the build of opts, as
// recorded by [RecordBuild] under key. It returns the recorded
// diagnostics (warnings, as printed) and page count so the caller can
// report them again.
func UpToDate(opts Options, out string, key *BuildKey) (bool, []string, int) {
	m := key.last
	if m == nil || m.Key != key.Sum || m.Out != absPath(out) {
		return false, nil, 0
	}
	files, err := stampTree(out)
	if err != nil || len(files) != len(m.Files) {
		return false, nil, 0
	}
	for name, st := range files {
		if m.Files[name] != st {
			return false, nil, 0
		}
	}
	return true, m.Diagnostics, m.Pages
}

// RecordBuild notes that out now holds the build with key, so the next
// build with the same inputs can be skipped. files is the stamp of every
// file of out when the caller has it (see publish.Staging.Files), else
// nil, and out is read. Failing to record is not an error of the build:
// the next build is then simply a full one.
func RecordBuild(opts Options, out string, key *BuildKey, pages int, diags []diag.Diagnostic, files map[string]fileStamp) error {
	if files == nil {
		var err error
		if files, err = stampTree(out); err != nil {
			return err
		}
	}
	m := manifest{Key: key.Sum, Out: absPath(out), Files: files, Inputs: key.inputs, Written: key.stamped.UnixNano(), Pages: pages}
	for _, d := range diags {
		m.Diagnostics = append(m.Diagnostics, d.String())
	}
	return writeCacheFile(opts.Source, manifestFile, func(w *bufio.Writer) error {
		e := pack.NewEncoder(64 * (len(files) + len(m.Inputs)))
		if err := e.Encode(&m); err != nil {
			return err
		}
		_, err := w.WriteString(manifestHead)
		return errors.Join(err, e.Flush(w))
	})
}

// ForgetBuild removes the record, so the next build is a full one, and
// the gob record of havens before build-record.pack.
func ForgetBuild(source string) {
	os.Remove(manifestPath(source))
	os.Remove(filepath.Join(source, CacheDir, "build.gob"))
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return strings.TrimSuffix(p, "/")
}
