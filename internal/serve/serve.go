// Package serve is haven's local preview: it builds the site into memory,
// serves it on a loopback address, watches the site's files and rebuilds
// when they change, and tells open pages to reload.
//
// # What editors can rely on
//
// After any change the served site equals a fresh full build of the files
// on disk (the property tested in serve_test.go): an [site.Incremental]
// reuses only work whose inputs are unchanged. A build with errors never
// shows an old page as if nothing were wrong: HTML requests get an overlay
// page listing each error with its file, line and the offending source
// lines, until the next good build. The terminal prints the same
// diagnostics. A page that does not exist (or no longer exists) gets a 404
// that links to its section.
//
// # Live reload
//
// Every HTML page the server serves loads [LiveReloadPath] (the server
// adds the script tag; the build knows nothing of the preview), which
// listens to the server-sent events at [LiveEventsPath]; after every build
// each stream receives "reload" with the build number as the event id.
// Unless the build before had errors, that happens as soon as the site is
// loaded, before the checks, and pages are rendered on request until the
// build is done (see [Server.Rebuild]).
// Pages not made by the theme (redirects, the server's own pages) get the
// script injected before </body>.
//
// # Watching
//
// content/ and themes/ are watched folder by folder (new folders included)
// and haven.yaml and rules.yaml at the root. Editors' temporary, backup,
// lock and swap files are ignored. Bursts of events are collected until
// the files have been quiet for [Options.Quiet] and then built at once; an
// edit arriving during a build cancels it and starts one that includes
// both. The watches are in place before the first build, so a save made
// while it runs is built right after it. A change of metadata only (chmod,
// touch) is built when it can change the site: a page's modification time
// is its last-update day when it has no reviewed date, and a file that
// cannot be read is an error.
//
// # Security
//
// The server listens on 127.0.0.1 by default, answers only requests whose
// Host is the listen address or a loopback name (against DNS rebinding),
// serves only files of the in-memory build (no path reaches the disk), and
// sends the security headers of production ([theme.SecurityHeaders]).
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/site"
)

// DefaultAddr is the address haven serve listens on unless told otherwise.
const DefaultAddr = "127.0.0.1:1313"

// DefaultQuiet is how long the files must be unchanged before a rebuild
// starts. An editor's save (a write, or a temporary file renamed over the
// page) is over within a few milliseconds; a longer window would only
// delay every reload.
const DefaultQuiet = 20 * time.Millisecond

// Options configures a preview server.
type Options struct {
	// Source is the site root.
	Source string
	// Addr is the listen address; empty means [DefaultAddr].
	Addr string
	// Drafts shows drafts, scheduled and expired pages, with a banner.
	Drafts bool
	// Today is the build day; zero means the current day at each build.
	Today time.Time
	// Log receives a line per build and its diagnostics; nil discards.
	Log io.Writer
	// Quiet is how long files must be unchanged before a rebuild starts;
	// zero means [DefaultQuiet].
	Quiet time.Duration
	// Editor, when set, makes the handler served under [EditorPrefix]
	// (haven edit), for any method, behind the same Host check and headers.
	Editor func(*Server) http.Handler
	// Wrap, when set, wraps everything the server answers after its Host
	// check and security headers (haven edit's sign-in, in front of the
	// preview and the editor).
	Wrap func(http.Handler) http.Handler
	// Hosts are more host names requests may name in Host: the public
	// name of a signed-in editor.
	Hosts []string
}

// EditorPrefix is where [Options.Editor]'s handler is served.
const EditorPrefix = "/_haven/edit/"

// Server is a preview server. Create it with [New], start its watcher
// with [Server.Start] and serve it with any http.Server (or [Run]).
type Server struct {
	opts   Options
	editor http.Handler
	// routes answers a request that passed the Host check: s.route,
	// wrapped by Options.Wrap.
	routes http.Handler
	inc    *site.Incremental
	events *broker
	state  atomic.Pointer[state]

	buildMu sync.Mutex // one build at a time
	addr    atomic.Pointer[string]
	closing chan struct{}
	close   sync.Once
	wg      sync.WaitGroup

	// afterEarly, when set (by tests), runs after an early state is
	// published, before the checks.
	afterEarly func()
	// waiting, when set (by tests), is called with the URL path of each
	// request that starts waiting for a newer state.
	waiting atomic.Pointer[func(path string)]

	mu   sync.Mutex
	gone map[string]bool   // output files of earlier builds, for 404 hints
	last []diag.Diagnostic // the diagnostics printed last
}

// state is one build, as served. It is never changed after it is
// published.
type state struct {
	n uint64
	// out is the newest run without errors, whose files are served (nil
	// before the first); in an early state, the run being made, whose
	// theme pages alone are served (see early).
	out *site.Snapshot
	// diags are the newest build's diagnostics.
	diags []diag.Diagnostic
	// failed is set when the newest build has errors; out is then older
	// than diags.
	failed    bool
	at        time.Time
	took      time.Duration
	changed   int
	pageCount int // published pages
	origins   []string
	// report is the newest build's check report (coverage matrix), or
	// nil when the build stopped before the checks.
	report *check.Report
	// loaded is the newest checked site, for [Server.Site].
	loaded *site.Loaded
	// early marks a build that has loaded the site but is still making
	// its checks and other files (see Rebuild): pages are its own, while
	// diags and report are still those of last, the newest finished
	// build's state.
	early bool
	last  *state
	// assetsFromLast is set in an early state when only pages changed
	// since the last finished build, so its content assets are current.
	assetsFromLast bool
	// superseded is closed when a newer state is published; requests
	// waiting for the rest of an early state's build then try again.
	superseded chan struct{}
}

// New returns a server for the site at opts.Source. It builds nothing
// yet: call [Server.Start] or [Server.Rebuild].
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Quiet == 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if fi, err := os.Stat(opts.Source); err != nil {
		return nil, fmt.Errorf("site %s: %w", opts.Source, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("site %s is not a folder", opts.Source)
	}
	s := &Server{
		opts:    opts,
		inc:     site.NewIncremental(site.Options{Source: opts.Source, Drafts: opts.Drafts, Today: opts.Today}),
		events:  newBroker(),
		closing: make(chan struct{}),
		gone:    map[string]bool{},
	}
	s.state.Store(&state{superseded: make(chan struct{})})
	if opts.Editor != nil {
		s.editor = opts.Editor(s)
	}
	s.routes = http.HandlerFunc(s.route)
	if opts.Wrap != nil {
		s.routes = opts.Wrap(s.routes)
	}
	return s, nil
}

// Rebuild builds the site again after changes to the given files (slash
// paths relative to the site root; nil means unknown, so rebuild all),
// publishes the result and tells open pages to reload. It returns ctx's
// error when cancelled (publishing nothing more) and otherwise nil: build
// problems are part of the published state.
//
// Unless the last build failed, open pages reload as soon as the site is
// loaded: an early state renders theme pages on request from the new
// content (site.OnDemand) and serves the new theme's assets while the
// checks and the rest of the site are made; content assets come from the
// last build when only pages changed. A request for any other file of
// this build, and the preview's own pages (dashboard, report), which show
// the checks, wait for them. The finished build then replaces
// the early state without another reload, unless it failed: then the pages
// reload to show its errors. A page shown early is the page the finished
// build makes (site.TestOnDemandEqualsWrite, and the random edits of
// TestServedEqualsFreshBuild), so nothing an editor sees is ever older
// than the files.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := time.Now()
	prev := s.state.Load()
	var early *state
	base := prev.finished()
	s.inc.Loaded = func(snap *site.Snapshot) {
		if base.failed {
			return
		}
		early = &state{n: prev.n + 1, out: snap, early: true, last: base, assetsFromLast: base.n > 0 && pageEdits(changed),
			diags: base.diags, report: base.report, at: time.Now(), took: time.Since(start),
			changed: len(changed), origins: snap.Site.Config.AllowedOrigins, pageCount: base.pageCount}
		s.publish(early, true)
		go snap.OnDemand().Prepare() // beside the checks, before the browser asks
		if s.afterEarly != nil {
			s.afterEarly()
		}
	}
	snap, err := s.inc.Run(ctx, changed, site.NewPreview())
	if ctx.Err() != nil {
		return ctx.Err() // an early state stays until the next build's
	}
	next := &state{n: prev.n + 1, at: time.Now(), took: time.Since(start), changed: len(changed), loaded: base.loaded}
	if err != nil {
		next.diags = []diag.Diagnostic{{File: s.opts.Source, Severity: diag.Error, Code: "build.failed", Message: err.Error()}}
	} else {
		next.diags, next.report, next.loaded = snap.Diagnostics, snap.Report, snap.Site
	}
	if err != nil || snap.Failed { // the last good build's files stay
		next.out, next.failed, next.pageCount, next.origins = base.out, true, base.pageCount, base.origins
	} else {
		next.out, next.pageCount, next.origins = snap, snap.Pages, snap.Site.Config.AllowedOrigins
		s.mu.Lock()
		for _, name := range base.names() {
			if !next.has(name) {
				s.gone[name] = true
			}
		}
		s.mu.Unlock()
	}
	if early != nil && next.failed {
		next.n++ // the early state showed pages; reload to show the errors
	}
	s.publish(next, early == nil || next.failed)
	s.report(next)
	return nil
}

// pageEdits reports whether changed names only Markdown pages, so that no
// theme, configuration, data file or asset changed.
func pageEdits(changed []string) bool {
	for _, f := range changed {
		if site.NeedsFullLoad(f) || path.Ext(f) != ".md" {
			return false
		}
	}
	return len(changed) > 0
}

// publish makes next the served state, releases the requests waiting for
// the state it replaces, and with reload tells open pages to reload.
func (s *Server) publish(next *state, reload bool) {
	next.superseded = make(chan struct{})
	close(s.state.Swap(next).superseded)
	if reload {
		s.events.publish(next.n)
	}
}

// finished returns the state of the newest finished build: st, or the
// one an early state stands on.
func (st *state) finished() *state {
	if st.early {
		return st.last
	}
	return st
}

// has reports whether the build of st makes the file name.
func (st *state) has(name string) bool { return st.out != nil && st.out.Has(name) }

// names returns the names of the files the build of st makes.
func (st *state) names() []string {
	if st.out == nil {
		return nil
	}
	return st.out.Names()
}

// report prints a build's summary line and, when they changed, its
// diagnostics.
func (s *Server) report(st *state) {
	errs, warns := 0, 0
	for _, d := range st.diags {
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	// Comparing the diagnostics, not their text, keeps a rebuild of a big
	// site with thousands of unchanged warnings from formatting them all.
	s.mu.Lock()
	same := slices.Equal(st.diags, s.last)
	s.last = st.diags
	s.mu.Unlock()
	w := s.opts.Log
	if !same || st.n == 1 {
		var text []byte
		for _, d := range st.diags {
			text = append(text, d.String()+"\n"...)
		}
		_, _ = w.Write(text)
	}
	status := "ok"
	if st.failed {
		status = "FAILED, the preview shows the errors until they are fixed"
	}
	suffix := ""
	if same && len(st.diags) > 0 && st.n > 1 {
		suffix = " (as before)"
	}
	fmt.Fprintf(w, "build %d: %s in %v, %s, %s%s: %s\n",
		st.n, diag.Plural(st.pageCount, "page"), st.took.Round(time.Millisecond), diag.Plural(errs, "error"), diag.Plural(warns, "warning"), suffix, status)
}

// Start starts watching the site's files, builds it and returns once the
// first build is done; from then on every change is rebuilt until ctx is
// done or [Server.Close] is called. The watches are in place before the
// first build starts, so a save made while it runs is built right after
// it.
func (s *Server) Start(ctx context.Context) error {
	w, err := newWatcher(s.opts.Source)
	if err != nil {
		return fmt.Errorf("watch %s: %w", s.opts.Source, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	changes := make(chan change)
	batches := make(chan []change)
	s.wg.Add(3)
	go func() {
		defer s.wg.Done()
		select {
		case <-s.closing:
		case <-ctx.Done():
		}
		cancel()
	}()
	go func() {
		defer s.wg.Done()
		w.run(ctx, changes, func(err error) { fmt.Fprintf(s.opts.Log, "watch: %v\n", err) })
	}()
	// Changes during the first build wait in debounce for the build loop.
	go func() { defer s.wg.Done(); debounce(ctx, changes, s.opts.Quiet, 20*s.opts.Quiet, batches) }()
	if err := s.Rebuild(ctx, nil); err != nil {
		cancel()
		return err
	}
	s.wg.Add(1)
	go func() { defer s.wg.Done(); s.buildLoop(ctx, batches) }()
	return nil
}

// buildLoop rebuilds for each batch of changes. A batch arriving during a
// build cancels it; the next build covers both. Changes of metadata only
// are judged when a build would start, against the newest finished build
// (see resolve), and do not cancel a build.
func (s *Server) buildLoop(ctx context.Context, batches <-chan []change) {
	var (
		pending  []change
		inflight []change           // what the running build takes in, resolved
		cancel   context.CancelFunc = func() {}
		done                        = make(chan error, 1)
		building bool
	)
	start := func() {
		paths, all := s.resolve(pending)
		pending = nil
		if len(paths) == 0 && !all {
			return // only metadata changed, nothing a build reads
		}
		inflight = nil
		if all {
			inflight = []change{{all: true}}
		}
		for _, p := range paths {
			inflight = append(inflight, change{path: p})
		}
		var bctx context.Context
		bctx, cancel = context.WithCancel(ctx)
		building = true
		go func() { done <- s.Rebuild(bctx, paths) }()
	}
	merge := func(a, b []change) []change {
		for _, c := range b {
			if !slices.Contains(a, c) {
				a = append(a, c)
			}
		}
		return a
	}
	for {
		select {
		case <-ctx.Done():
			cancel()
			if building {
				<-done
			}
			return
		case b := <-batches:
			pending = merge(pending, b)
			switch {
			case !building:
				start()
			case slices.ContainsFunc(b, func(c change) bool { return !c.meta }):
				cancel()
			}
		case err := <-done:
			building = false
			cancel()
			if err != nil {
				pending = merge(pending, inflight)
			}
			if len(pending) > 0 {
				start()
			}
		}
	}
}

// resolve returns the paths of changes that a build must take in: every
// changed file, and each file whose metadata only changed when that
// matters (see metaChanged), each once; or nil and all when events were
// lost, so the build must read every file. It is called when no build
// runs, so the newest state is the last build's.
func (s *Server) resolve(changes []change) (paths []string, all bool) {
	edited := map[string]bool{}
	for _, c := range changes {
		if c.all {
			return nil, true
		}
		if !c.meta {
			edited[c.path] = true
		}
	}
	for _, c := range changes {
		if c.meta && (edited[c.path] || !s.metaChanged(c.path)) {
			continue
		}
		if !slices.Contains(paths, c.path) {
			paths = append(paths, c.path)
		}
	}
	return paths, false
}

// metaChanged reports whether a change of the metadata only (a chmod, or a
// touch) of the site file rel can change what a build makes: when the
// newest finished build failed or there is none (the change may be the
// fix, or came before the build read the file), when the file is gone or
// cannot be read now, and when it is a page whose modification time, the
// last-update day readers see without reviewed, is not the one the build
// read.
func (s *Server) metaChanged(rel string) bool {
	st := s.state.Load().finished()
	if st.loaded == nil || st.failed {
		return true
	}
	root, err := os.OpenRoot(s.opts.Source)
	if err != nil {
		return true
	}
	defer root.Close()
	info, err := root.Stat(rel)
	if err != nil {
		return true
	}
	f, err := root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return true
	}
	f.Close()
	if p := st.loaded.Page(rel); p != nil {
		return !info.ModTime().Equal(p.ModTime)
	}
	return false
}

// Close stops the watcher and ends the open event streams (so that an
// http.Server can shut down), and waits for the background work to end.
func (s *Server) Close() error {
	s.close.Do(func() { close(s.closing) })
	s.wg.Wait()
	return nil
}

// Files returns the files of the newest successful finished build, theme
// pages and API documents rendered for it, and whether the newest finished
// build failed. It renders every page: it is for tests.
func (s *Server) Files() (files map[string][]byte, failed bool) {
	st := s.state.Load().finished()
	if st.out == nil {
		return map[string][]byte{}, st.failed
	}
	return st.out.Files(), st.failed
}

// Diagnostics returns the newest build's diagnostics.
func (s *Server) Diagnostics() []diag.Diagnostic { return s.state.Load().diags }

// Site returns the newest checked site (drafts are judged against it), or
// nil before the first build loaded one.
func (s *Server) Site() *site.Loaded { return s.state.Load().finished().loaded }

// Build returns the number of the newest build (1 after the first).
func (s *Server) Build() uint64 { return s.state.Load().n }

// Listen opens addr for the preview, explaining the usual failures.
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("address %s is in use; stop the other server or pass --addr 127.0.0.1:0", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Run serves the site until ctx is done: it listens on opts.Addr, builds,
// watches and serves, prints the URL to opts.Log, and shuts down cleanly.
func Run(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	ln, err := Listen(s.opts.Addr)
	if err != nil {
		return err
	}
	s.SetAddr(ln.Addr().String())
	// Serving starts before the first build: requests wait for its pages,
	// which come before its checks, so the address is announced at once.
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	what := "published pages"
	if opts.Drafts {
		what = "published pages and drafts"
	}
	fmt.Fprintf(s.opts.Log, "serving %s of %s at http://%s/ (dashboard: http://%s/_haven/); Ctrl-C stops\n",
		what, s.opts.Source, ln.Addr(), ln.Addr())
	if s.editor != nil {
		fmt.Fprintf(s.opts.Log, "editor: http://%s%s\n", ln.Addr(), EditorPrefix)
	}
	if !isLoopback(ln.Addr()) && opts.Wrap == nil {
		fmt.Fprintf(s.opts.Log, "warning: %s is reachable from other machines; drafts and unpublished pages are visible to them\n", ln.Addr())
	}
	if err := s.Start(ctx); err != nil && ctx.Err() == nil { // a cancel shuts down below
		s.Close()
		srv.Close()
		return err
	}
	select {
	case err = <-served:
		s.Close()
		return err
	case <-ctx.Done():
	}
	s.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	fmt.Fprintln(s.opts.Log, "stopped")
	return err
}

// SetAddr tells the server the address it is served on, so that requests
// naming it in Host are accepted (loopback names always are).
func (s *Server) SetAddr(addr string) { s.addr.Store(&addr) }

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// sectionOf returns the URL of the nearest existing page above the output
// file name, for a 404's "go to the section" link.
func sectionOf(st *state, urlPath string) string {
	p := urlPath
	for {
		p = parentURL(p)
		if p == "/" {
			break
		}
		if st.has(p[1:] + "index.html") {
			return p
		}
	}
	return "/"
}

// parentURL returns the parent folder URL of p, ending in a slash.
func parentURL(p string) string {
	if len(p) > 1 && p[len(p)-1] == '/' {
		p = p[:len(p)-1]
	}
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[:i+1]
		}
	}
	return "/"
}

// sourceLines returns the lines of the site file name around line (two
// either side), read through an os.Root so nothing outside the site is
// read.
func (s *Server) sourceLines(name string, line int) []srcLine {
	if line <= 0 || name == "" {
		return nil
	}
	root, err := os.OpenRoot(s.opts.Source)
	if err != nil {
		return nil
	}
	defer root.Close()
	// O_NONBLOCK and the mode check: the file may be the FIFO or device
	// the diagnostic is about, and must not block or flood the preview.
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, content.MaxPageSize))
	if err != nil {
		return nil
	}
	var out []srcLine
	n := 1
	for len(data) > 0 && n <= line+2 {
		end := len(data)
		for i, b := range data {
			if b == '\n' {
				end = i
				break
			}
		}
		if n >= line-2 {
			out = append(out, srcLine{N: n, Text: string(data[:end]), Bad: n == line})
		}
		if end == len(data) {
			break
		}
		data = data[end+1:]
		n++
	}
	return out
}

type srcLine struct {
	N    int
	Text string
	Bad  bool
}
