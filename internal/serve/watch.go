package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/haven-cms/haven/internal/content"
)

// watcher turns file-system events under a site root into site-relative
// slash paths of changed files. It watches folders, not files, because
// editors save by writing a temporary file and renaming it over the old
// one, which replaces the file a per-file watch would follow.
type watcher struct {
	root     string
	realRoot string // root with its symbolic links resolved
	w        *fsnotify.Watcher
	watched  map[string]bool // absolute folders being watched
}

// change is one changed path from the watcher: a site-relative slash
// path, and whether only its metadata changed (fsnotify's Chmod: a chmod,
// or a touch that sets the modification time), which needs a build only
// when the build would read something else (see Server.metaChanged). A
// change with all set (and no path) says that events were lost, so any
// file may have changed.
type change struct {
	path string
	meta bool
	all  bool
}

// watchedTrees are the folders below the site root watched recursively;
// rootFiles are the files at the root whose changes matter.
var (
	watchedTrees = []string{"content", "themes"}
	rootFiles    = []string{"haven.yaml", "rules.yaml"}
)

func newWatcher(root string) (*watcher, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, realRoot: realRoot, w: fw, watched: map[string]bool{}}
	if err := w.add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, t := range watchedTrees {
		if err := w.addTree(filepath.Join(root, t)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) add(dir string) error {
	if w.watched[dir] {
		return nil
	}
	if err := w.w.Add(dir); err != nil {
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder below it, and returns nil when dir
// does not exist. Hidden and editor folders are skipped; symbolic links
// to folders inside the site are followed, as the build follows them.
func (w *watcher) addTree(dir string) error {
	return w.walk(dir, func(p string, isDir bool) error {
		if isDir {
			return w.add(p)
		}
		return nil
	})
}

// filesUnder lists the files below dir as site-relative paths, for a
// folder that appeared (created or renamed into place) with files in it
// whose own events we never saw.
func (w *watcher) filesUnder(dir string) []string {
	var out []string
	_ = w.walk(dir, func(p string, isDir bool) error {
		if rel, ok := w.rel(p); ok && !isDir {
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// walk calls fn with dir and everything below it, by the names the build
// reads them under: a symbolic link to a folder inside the site (content
// -> src, themes/default -> ../mine) is walked as that folder, each real
// folder once, so a loop ends. Links out of the site, which the build
// does not follow, are not walked; nor are hidden and editor folders below
// dir. A dir that does not exist is no error.
func (w *watcher) walk(dir string, fn func(p string, isDir bool) error) error {
	seen := map[string]bool{}
	var visit func(p string, top bool) error
	visit = func(p string, top bool) error {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if seen[real] || !w.inside(real) || !top && content.Ignored(filepath.Base(p)) {
			return nil
		}
		seen[real] = true
		if err := fn(p, true); err != nil {
			return err
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, e := range entries {
			child := filepath.Join(p, e.Name())
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				fi, err := os.Stat(child)
				isDir = err == nil && fi.IsDir()
			}
			if isDir {
				err = visit(child, false)
			} else {
				err = fn(child, false)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	return visit(dir, true)
}

// inside reports whether the real (link-free) path p is the site's
// folder or below it.
func (w *watcher) inside(p string) bool {
	return p == w.realRoot || strings.HasPrefix(p, w.realRoot+string(filepath.Separator))
}

// rel returns the site-relative slash path of an absolute path when a
// change to it matters for the build.
func (w *watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	for _, seg := range strings.Split(r, "/") {
		if content.Ignored(seg) {
			return "", false
		}
	}
	top, _, nested := strings.Cut(r, "/")
	for _, t := range watchedTrees {
		if top == t {
			return r, true
		}
	}
	for _, f := range rootFiles {
		if !nested && r == f {
			return r, true
		}
	}
	return "", false
}

// run reads fsnotify events until ctx is done, sending each relevant
// changed path to out. New folders are watched (with their files sent as
// changed); removed or renamed folders stop being watched, and their new
// names arrive as creations. A change of metadata only is sent as such.
// When the kernel's event queue overflowed (fsnotify.ErrEventOverflow),
// events are lost: the trees are walked again, so folders made meanwhile
// are watched, and a change of all files is sent.
func (w *watcher) run(ctx context.Context, out chan<- change, errs func(error)) {
	defer w.w.Close()
	sendChange := func(c change) {
		select {
		case out <- c:
		case <-ctx.Done():
		}
	}
	send := func(rel string) { sendChange(change{path: rel}) }
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.w.Errors:
			if !ok {
				return
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				errs(err)
				continue
			}
			errs(fmt.Errorf("%w: some changes were not seen, so the whole site is built again", err))
			for _, t := range watchedTrees {
				if err := w.addTree(filepath.Join(w.root, t)); err != nil {
					errs(err)
				}
			}
			sendChange(change{all: true})
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			rel, ok := w.rel(ev.Name)
			if ev.Op == fsnotify.Chmod {
				if ok {
					sendChange(change{path: rel, meta: true})
				}
				continue
			}
			if !ok {
				// A watched tree itself (content/) created at the root.
				if r, err := filepath.Rel(w.root, ev.Name); err == nil && ev.Has(fsnotify.Create) {
					for _, t := range watchedTrees {
						if filepath.ToSlash(r) == t {
							_ = w.addTree(ev.Name)
							for _, f := range w.filesUnder(ev.Name) {
								send(f)
							}
						}
					}
				}
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// A renamed folder keeps its inotify watch under the old
				// name; drop it and everything below, so events never
				// carry stale paths.
				for dir := range w.watched {
					if dir == ev.Name || strings.HasPrefix(dir, ev.Name+string(filepath.Separator)) {
						_ = w.w.Remove(dir)
						delete(w.watched, dir)
					}
				}
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						errs(err)
					}
					for _, f := range w.filesUnder(ev.Name) {
						send(f)
					}
				}
			}
			send(rel)
		}
	}
}

// debounce collects the paths arriving on in and sends them to out as one
// batch (each path once, in arrival order) when no new path arrived for
// quiet, or when the oldest path has waited for max, so a long burst (a
// git checkout, a folder copy) still shows progress. It returns when ctx
// is done or in is closed.
func debounce[T comparable](ctx context.Context, in <-chan T, quiet, max time.Duration, out chan<- []T) {
	var (
		batch []T
		seen  = map[T]bool{}
		timer *time.Timer
		fire  <-chan time.Time
		first time.Time
	)
	flush := func() bool {
		if timer != nil {
			timer.Stop()
		}
		fire = nil
		b := batch
		batch, seen = nil, map[T]bool{}
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case p, ok := <-in:
			if !ok {
				if len(batch) > 0 {
					flush()
				}
				return
			}
			if !seen[p] {
				seen[p] = true
				batch = append(batch, p)
			}
			now := time.Now()
			if fire == nil {
				first = now
			}
			wait := min(quiet, max-now.Sub(first))
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			fire = timer.C
		case <-fire:
			if !flush() {
				return
			}
		}
	}
}
