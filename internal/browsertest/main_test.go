package browsertest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// env is what every test shares: the built site, its server, the browser.
var env struct {
	root    string // repository root
	siteDir string // the built site
	how     string // how the site was made, for the log
	server  *httptest.Server
	browser context.Context // nil when no browser runs
	noBrows string          // why the browser tests skip
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := repoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	env.root = root
	tmp, err := os.MkdirTemp("", "haven-browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	defer os.RemoveAll(tmp)

	if err := buildSite(filepath.Join(tmp, "public")); err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	env.server = httptest.NewServer(withHeaders(http.FileServer(http.Dir(env.siteDir))))
	defer env.server.Close()

	cancel, err := startBrowser(filepath.Join(tmp, "profile"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	defer cancel()
	return m.Run()
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// buildSite makes the site under test: $HAVEN_SITE_DIR as it is, else the
// sample site built with `go run ./cmd/haven build`, or with $HAVEN_FIXTURE
// set the theme-only fixture. Outside CI, a site
// that does not build yet falls back to a small site rendered here with
// the theme package, so the theme can be tested on its own.
func buildSite(out string) error {
	if dir := os.Getenv("HAVEN_SITE_DIR"); dir != "" {
		env.siteDir, env.how = dir, "$HAVEN_SITE_DIR"
		return nil
	}
	if os.Getenv("HAVEN_FIXTURE") != "" {
		env.siteDir, env.how = out, "fixture rendered by the theme package ($HAVEN_FIXTURE)"
		return renderFixture(out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./cmd/haven", "build", "--source", env.root, "--out", out)
	cmd.Dir = env.root
	outb, err := cmd.CombinedOutput()
	if err == nil {
		env.siteDir, env.how = out, "haven build of the sample site"
		return nil
	}
	if os.Getenv("CI") != "" {
		return fmt.Errorf("haven build: %v\n%s", err, outb)
	}
	fmt.Fprintf(os.Stderr, "browsertest: haven build failed, testing a site rendered by the theme package instead:\n%s\n", firstLines(string(outb), 15))
	if err := renderFixture(out); err != nil {
		return fmt.Errorf("fixture: %w", err)
	}
	env.siteDir, env.how = out, "fixture rendered by the theme package (haven build failed)"
	return nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func chromiumPath() string {
	if p := os.Getenv("HAVEN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts one headless Chromium for all tests, with the flags
// that work offline and a fresh profile. It returns a func that stops it.
func startBrowser(profile string) (func(), error) {
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			return nil, errors.New("chromium is not installed but CI is set: install Debian's chromium or set HAVEN_CHROMIUM")
		}
		env.noBrows = "chromium is not installed (apt-get install chromium, or set HAVEN_CHROMIUM); the tests run when CI is set"
		return func() {}, nil
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// A second belt: no host name resolves except loopback, so even a
		// request the interception missed cannot leave the machine.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	env.browser = bctx
	return func() { cancelBrowser(); cancelAlloc() }, nil
}

// tab is one browser tab on the site under test, with every request to
// another host intercepted and recorded.
type tab struct {
	ctx context.Context
	t   *testing.T

	mu       sync.Mutex
	offsite  []string // requests to other hosts, in order
	neutral  string   // the quick-exit destination, answered with a stub
	problems []string // CSP violations, exceptions, console errors
}

// newTab opens a tab with a ten-minute limit (axe on every page takes a
// while). neutral, when not "", is the
// one off-site URL answered (with a stub page) instead of failed.
func newTab(t *testing.T, neutral string) *tab {
	t.Helper()
	if env.browser == nil {
		t.Skip(env.noBrows)
	}
	ctx, cancelTimeout := context.WithTimeout(env.browser, 10*time.Minute)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(func() { cancelTab(); cancelTimeout() })
	tb := &tab{ctx: ctx, t: t, neutral: neutral}

	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			tb.handle(ev)
		}
	}()
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" || strings.Contains(m.Text, "Content Security Policy") {
				tb.mu.Lock()
				tb.problems = append(tb.problems, fmt.Sprintf("%s %s:%d %s", m.Type, m.URL, m.Line+1, m.Text))
				tb.mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("enable request interception: %v", err)
	}
	return tb
}

// stubNeutral is what the stand-in for the neutral site answers.
const stubNeutral = `<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Neutral stand-in</title><h1>Weather</h1></html>`

func (tb *tab) handle(ev fetch.EventRequestPaused) {
	u, err := url.Parse(ev.Request.URL)
	local := err == nil && (u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" ||
		u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1")
	var cerr error
	switch {
	case local:
		_, cerr = chromedp.Call(tb.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
	case tb.neutral != "" && ev.Request.URL == tb.neutral:
		tb.record(ev.Request.URL)
		_, cerr = chromedp.Call(tb.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
			RequestID: ev.RequestID, ResponseCode: 200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
			Body:            []byte(stubNeutral),
		})
	default:
		tb.record(ev.Request.URL)
		_, cerr = chromedp.Call(tb.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
	if cerr != nil && tb.ctx.Err() == nil {
		tb.t.Logf("interception of %s: %v", ev.Request.URL, cerr)
	}
}

func (tb *tab) record(u string) {
	tb.mu.Lock()
	tb.offsite = append(tb.offsite, u)
	tb.mu.Unlock()
}

// offsiteRequests returns the recorded requests to other hosts.
func (tb *tab) offsiteRequests() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(tb.offsite)
}

// takeProblems returns and forgets the recorded console problems.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// do runs actions on the tab, failing the test on error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// open navigates to a site path and waits for the load event.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(env.server.URL + path))
}

// deadline bounds every wait for the browser or the preview. It is not a
// timed assertion: what is awaited takes milliseconds; the deadline only
// turns a hang into a failure.
const deadline = 30 * time.Second

// history reads the tab's history (current index and URLs) without
// running script, so it works with JavaScript switched off.
func (tb *tab) history() (int, []string) {
	tb.t.Helper()
	h, err := chromedp.Run(tb.ctx, chromedp.NavigationEntries())
	if err != nil {
		tb.t.Fatal(err)
	}
	var urls []string
	for _, e := range h.Entries {
		urls = append(urls, e.URL)
	}
	return int(h.CurrentIndex), urls
}

// navigatedBy runs trigger and waits until the tab's main frame has
// loaded a document whose URL starts with prefix (or restored it from the
// back/forward cache, which fires no load event), reporting whether it
// did. It listens before trigger runs, so a quick navigation is not
// missed. It waits for the load, not only the commit: right after a
// cross-site commit Chromium answers some commands with "Not attached
// to an active page".
func (tb *tab) navigatedBy(prefix string, trigger chromedp.Action[chromedp.Void]) bool {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, deadline)
	defer cancel() // ends both subscriptions
	navs := chromedp.Events(ctx, cdppage.FrameNavigated)
	loads := chromedp.Events(ctx, cdppage.LoadEventFired)
	err := chromedp.Do(ctx, trigger)
	if err == nil {
		err = loaded(navs, loads, prefix)
	}
	if err != nil {
		tb.t.Logf("waiting for a navigation to %s: %v", prefix, err)
	}
	return err == nil
}

// loaded waits for a main-frame navigation to a URL starting with prefix
// among navs and then, unless the page came from the back/forward cache,
// for its load event among loads.
func loaded(navs iter.Seq2[cdppage.EventFrameNavigated, error], loads iter.Seq2[cdppage.EventLoadEventFired, error], prefix string) error {
	for e, err := range navs {
		switch {
		case err != nil:
			return err
		case e.Frame.ParentID != "" || !strings.HasPrefix(e.Frame.URL, prefix):
			continue
		case e.Type == cdppage.NavigationTypeBackForwardCacheRestore:
			return nil
		}
		for _, err := range loads {
			return err
		}
	}
	return chromedp.ErrChannelClosed
}

// back goes one step back in the tab's history without waiting for a
// load event (a page restored from the back/forward cache fires none);
// wait with navigatedBy.
func (tb *tab) back() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		h, err := chromedp.NavigationEntries()(ctx, t)
		if err != nil {
			return err
		}
		if h.CurrentIndex < 1 {
			return errors.New("no history entry to go back to")
		}
		_, err = cdp.Call(ctx, t, cdppage.NavigateToHistoryEntry, cdppage.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID})
		return err
	})
}

// page is one HTML page of the built site.
type page struct {
	Path string // URL path, /et/abi/
	File string // file in the site folder
	Lang string
	HTML string
}

var redirectRE = regexp.MustCompile(`(?i)<meta http-equiv="?refresh`)
var langRE = regexp.MustCompile(`<html[^>]* lang="?([a-zA-Z-]+)`)

// sitePages lists the site's HTML pages, without redirect stubs.
func sitePages(t *testing.T) []page {
	t.Helper()
	var pages []page
	err := filepath.WalkDir(env.siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if redirectRE.Match(b) {
			return nil
		}
		rel, _ := filepath.Rel(env.siteDir, p)
		path := "/" + filepath.ToSlash(rel)
		path = strings.TrimSuffix(path, "index.html")
		pg := page{Path: path, File: p, HTML: string(b)}
		if m := langRE.FindStringSubmatch(pg.HTML); m != nil {
			pg.Lang = m[1]
		}
		pages = append(pages, pg)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatalf("no pages in %s", env.siteDir)
	}
	return pages
}

// contentPage picks a regular page (one with an <article>) in lang: the
// one with the most text, which shows most of the theme.
func contentPage(t *testing.T, lang string) page {
	t.Helper()
	var best page
	for _, p := range sitePages(t) {
		if p.Lang == lang && strings.Contains(p.HTML, "<article") && len(p.HTML) > len(best.HTML) {
			best = p
		}
	}
	if best.Path == "" {
		t.Fatalf("no content page in %s", lang)
	}
	return best
}

var hrefRE = regexp.MustCompile(`class="?qe-button"?[^>]* href="?([^" >]+)`)

// neutralURL is the quick-exit destination the page links to.
func neutralURL(t *testing.T, p page) string {
	t.Helper()
	m := hrefRE.FindStringSubmatch(p.HTML)
	if m == nil {
		// the minifier may order attributes differently
		m = regexp.MustCompile(`<a[^>]* href="?([^" >]+)"?[^>]*class="?qe-button`).FindStringSubmatch(p.HTML)
	}
	if m == nil {
		t.Fatalf("%s: no quick-exit button", p.Path)
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}

func TestMain_site(t *testing.T) {
	t.Logf("site under test: %s (%s), %d pages", env.siteDir, env.how, len(sitePages(t)))
}
