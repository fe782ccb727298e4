package edit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium tab with every request to a host other
// than loopback failed and recorded, and console problems recorded.
type browser struct {
	t    *testing.T
	root context.Context // the browser, where tabs open
	ctx  context.Context // the open tab

	mu       sync.Mutex
	offsite  []string
	problems []string
}

// newBrowser starts Chromium ($HAVEN_CHROMIUM, else chromium on $PATH),
// skipping the test when there is none, unless CI is set.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := os.Getenv("HAVEN_CHROMIUM")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed but CI is set")
		}
		t.Skip("chromium is not installed (apt-get install chromium, or set HAVEN_CHROMIUM)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 5*time.Minute)
	t.Cleanup(cancelTimeout)
	b := &browser{t: t, root: ctx}
	b.openTab()
	return b
}

// openTab opens a new tab in the browser and makes it the one the
// browser's actions run in.
func (b *browser) openTab() {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.root)
	b.t.Cleanup(cancel)
	b.ctx = ctx
	// Subscribe before anything can happen in the tab: an event that
	// arrives before its subscription is lost, and a paused request
	// nobody continues never loads (the tab then hangs until the test
	// times out).
	paused, messages := chromedp.Events(ctx, fetch.RequestPaused), chromedp.Console(ctx)
	go b.intercept(ctx, paused)
	go b.console(messages)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		b.t.Fatalf("open a tab: %v", err)
	}
}

// closeTab closes the open tab, as a person closing it (or a crash)
// would: the page gets no chance to finish what it was doing.
func (b *browser) closeTab() {
	b.t.Helper()
	if err := chromedp.Cancel(b.ctx); err != nil {
		b.t.Fatalf("close the tab: %v", err)
	}
}

func (b *browser) intercept(ctx context.Context, paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		u, err := url.Parse(ev.Request.URL)
		if err == nil && (u.Hostname() == "127.0.0.1" || u.Scheme == "data" || u.Scheme == "about") {
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			continue
		}
		b.mu.Lock()
		b.offsite = append(b.offsite, ev.Request.URL)
		b.mu.Unlock()
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
	}
}

func (b *browser) console(messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range messages {
		if err != nil {
			return
		}
		if m.IsException() || m.Type == "error" || strings.Contains(m.Text, "Content Security Policy") {
			b.mu.Lock()
			b.problems = append(b.problems, fmt.Sprintf("%s %s: %s", m.Type, m.URL, m.Text))
			b.mu.Unlock()
		}
	}
}

// take returns and forgets the recorded off-site requests and problems.
func (b *browser) take() (offsite, problems []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	offsite, problems = b.offsite, b.problems
	b.offsite, b.problems = nil, nil
	return offsite, problems
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// waitLoad runs trigger and waits for the page load it causes.
func (b *browser) waitLoad(trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatal(err)
	}
}

func evalIn[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// axe runs axe-core on the open screen and reports WCAG 2.0/2.1 A and AA
// violations as test errors.
func (b *browser) axe(axe, name string) {
	b.t.Helper()
	evalIn[bool](b, axe+";true")
	raw := evalIn[string](b, `axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations']}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`)
	var res struct {
		Violations []struct {
			ID, Help string
			Nodes    []struct {
				HTML           string `json:"html"`
				FailureSummary string `json:"failureSummary"`
			}
		}
		Passes int
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		b.t.Fatalf("%s: axe result: %v", name, err)
	}
	if res.Passes < 10 {
		b.t.Errorf("%s: axe passed only %d rules; did it see the screen?", name, res.Passes)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, n.HTML+"\n      "+strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
		b.t.Errorf("%s: %s (%s)\n    %s", name, v.ID, v.Help, strings.Join(where, "\n    "))
	}
}

// screenshot saves the whole screen as PNG to $HAVEN_ARTIFACTS (else a temporary
// folder) and logs where.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	b.save(name, chromedp.FullScreenshot(100))
}

// screenshotOf saves the element sel as PNG, as screenshot does.
func (b *browser) screenshotOf(name, sel string) {
	b.t.Helper()
	b.save(name, chromedp.Screenshot(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b *browser) save(name string, shot chromedp.Action[[]byte]) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := os.Getenv("HAVEN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "haven-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		file := filepath.Join(dir, "edit-"+name+".png")
		if os.WriteFile(file, png, 0o644) == nil {
			b.t.Logf("screenshot: %s", file)
		}
	}
}

// TestEditorInBrowser opens the page list and the edit screen in English,
// Estonian and Russian at 1280 and 320 px, previews an edit with errors using the
// keyboard only, and runs axe-core on each screen: zero WCAG 2.1 A/AA
// violations, no request to another host, no CSP violation. The quick exit
// inside the sandboxed preview cannot take the editor away.
func TestEditorInBrowser(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	e := startEditor(t, copySampleSite(t))
	file := "content/et/kaitse.md"
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			b.do(chromedp.EmulateViewport(width, 900))
			name := fmt.Sprintf("%s-%d", ui, width)
			b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/?ui=" + ui))
			b.axe(axe, "page list "+name)
			b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/page?ui=" + ui + "&file=" + url.QueryEscape(file)))
			b.axe(axe, "edit screen "+name)
			if w := evalIn[int](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("edit screen %s: %d px of horizontal scrolling", name, w)
			}
			if width == 1280 && ui == "en" {
				b.screenshot("screen-" + name)
			}
		}
	}
	// Keyboard only: empty the title, press Enter, which submits the
	// form's first button: Preview, never Save.
	b.do(chromedp.EmulateViewport(1280, 900))
	before := e.read(file)
	b.do(chromedp.Focus(chromedp.CSS("#f-title"), chromedp.NodeReady))
	evalIn[bool](b, `document.getElementById('f-title').select();true`)
	b.do(chromedp.KeyEvent("\b"))
	b.waitLoad(chromedp.KeyEvent("\r"))
	if e.read(file) != before {
		t.Fatal("Enter in a field saved the page")
	}
	if n := evalIn[int](b, `document.querySelectorAll('.error-summary a[href="#f-title"]').length`); n == 0 {
		t.Fatal("the preview of a page without a title shows no error linking to the title field")
	}
	b.axe(axe, "preview with errors")
	b.screenshot("preview-errors")
	if offsite, problems := b.take(); len(offsite) > 0 || len(unexpected(problems)) > 0 {
		t.Errorf("requests to other hosts: %q; console problems: %q", offsite, unexpected(problems))
	}
	// The error summary's link moves to the field.
	b.do(chromedp.Click(chromedp.CSS(`.error-summary a[href="#f-title"]`)))
	if h := evalIn[string](b, `location.hash`); h != "#f-title" {
		t.Errorf("the summary link went to %q", h)
	}
	quickExitStaysInPreview(t, b, e)
}

// quickExitStaysInPreview clicks the theme's quick exit inside the preview
// of a page that renders: the editor must stay where it is.
func quickExitStaysInPreview(t *testing.T, b *browser, e *editor) {
	b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/page?file=" + url.QueryEscape("content/et/abi-kohe.md")))
	top := evalIn[string](b, `location.href`)
	if !evalIn[bool](b, `!!document.querySelector('iframe[sandbox]').contentDocument.querySelector('.qe-button')`) {
		t.Fatal("the preview shows no quick-exit button; is the theme page rendered in the sandbox?")
	}
	if evalIn[bool](b, `getComputedStyle(document.querySelector('iframe').contentDocument.body).margin === '8px'`) {
		t.Error("the preview's stylesheet did not load in the sandbox")
	}
	got := evalIn[string](b, `new Promise(done => {
		const f = document.querySelector('iframe');
		f.addEventListener('load', () => { let u; try { u = f.contentWindow.location.href } catch (e) { u = 'cross-origin' } done(u) }, {once: true});
		f.contentDocument.querySelector('.qe-button').click();
	})`)
	if got != "cross-origin" { // the browser's error page for the blocked navigation
		t.Errorf("after the quick exit the preview shows %s", got)
	}
	if now := evalIn[string](b, `location.href`); now != top {
		t.Errorf("the quick exit in the preview took the editor to %s", now)
	}
	offsite, problems := b.take()
	if len(offsite) > 0 {
		t.Errorf("the quick exit in the preview asked another host: %q", offsite)
	}
	if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "frame-src") }) {
		t.Errorf("the preview's quick exit was not blocked by the editor's frame-src; console: %q", problems)
	}
}

// unexpected drops the console messages a sandboxed preview causes by
// design: its theme scripts (quick exit by Shift, live reload, search) do
// not run.
func unexpected(problems []string) []string {
	return slices.DeleteFunc(slices.Clone(problems), func(p string) bool {
		return strings.Contains(p, "about:srcdoc") && strings.Contains(p, "allow-scripts")
	})
}

func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HAVEN_AXE")
	if path == "" {
		path = filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core: %v (npm install --no-save axe-core, or set HAVEN_AXE)", err)
		}
		t.Skipf("axe-core not found: %v (npm install --no-save axe-core at the repository root, or set HAVEN_AXE)", err)
	}
	return string(b)
}
