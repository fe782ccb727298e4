package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/serve"
	"github.com/haven-cms/haven/internal/theme"
)

// TestLiveReload runs the real preview server (package serve) on a copy of
// its test site and keeps a page open in the browser: an edit reloads the
// page with the new title, a page that breaks the build reloads it into
// the error overlay naming the file, and the fix reloads it back, all
// under the site's Content Security Policy.
func TestLiveReload(t *testing.T) {
	tb := newTab(t, "")
	lp := startLive(t)
	tb.do(chromedp.Navigate(lp.url + "/et/abi/kriisitelefon/"))
	lp.waitStream()

	lp.edit("title: Kriisitelefon\n", "title: Kriisitelefon ööpäev läbi\n")
	lp.reload(tb)
	if h := eval[string](tb, `document.querySelector('h1').textContent`); !strings.Contains(h, "Kriisitelefon ööpäev läbi") {
		t.Errorf("after the edit the page's heading is %q", h)
	}

	lp.edit("weight: 1\n", "weight: [1, 2\n")
	lp.reload(tb)
	if text := eval[string](tb, `document.body.textContent`); !strings.Contains(text, "content/et/abi/kriisitelefon.md") {
		t.Errorf("after breaking the page the browser shows no overlay naming the file:\n%.400s", text)
	}

	lp.edit("weight: [1, 2\n", "weight: 1\n")
	lp.reload(tb)
	if h := eval[string](tb, `document.querySelector('h1') ? document.querySelector('h1').textContent : ''`); !strings.Contains(h, "Kriisitelefon ööpäev läbi") {
		t.Errorf("after the fix the page's heading is %q", h)
	}
	for _, p := range tb.takeProblems() {
		// The overlay is answered with status 500, and the preview's own
		// pages have no icon: the console logs both. Script errors and
		// policy violations are what count.
		if !strings.Contains(p, "Failed to load resource: the server responded with a status of") {
			t.Error(p)
		}
	}
}

// live is a preview server over a copy of serve's test site.
type live struct {
	t       *testing.T
	dir     string
	srv     *serve.Server
	url     string
	streams chan struct{} // one value per event stream connected
}

// startLive builds the site and serves it on a loopback port.
func startLive(t *testing.T) *live {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(env.root, "internal", "serve", "testdata", "site"))); err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(serve.Options{Source: dir, Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	lp := &live{t: t, dir: dir, srv: srv, streams: make(chan struct{}, 16)}
	ts := httptest.NewServer(streamSignal(srv, lp.streams))
	t.Cleanup(func() {
		srv.Close() // ends the event streams, so ts.Close does not wait for them
		ts.Close()
	})
	lp.url = ts.URL
	return lp
}

// edit replaces old with new in the page file the test keeps open.
func (lp *live) edit(old, new string) {
	lp.t.Helper()
	file := filepath.Join(lp.dir, "content", "et", "abi", "kriisitelefon.md")
	b, err := os.ReadFile(file)
	if err != nil {
		lp.t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		lp.t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		lp.t.Fatal(err)
	}
}

// reload rebuilds after the edit and waits for the open page to load
// again (the subscription to load events starts before the rebuild, so
// a quick reload is not missed), then for the reloaded page's event
// stream, so that the next rebuild reaches it.
func (lp *live) reload(tb *tab) {
	lp.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, deadline)
	defer cancel()
	rebuild := chromedp.Func(func(context.Context, *chromedp.Target) error {
		return lp.srv.Rebuild(context.Background(), []string{"content/et/abi/kriisitelefon.md"})
	})
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, rebuild)); err != nil {
		lp.t.Fatalf("the page did not reload after the rebuild: %v", err)
	}
	lp.waitStream()
}

// waitStream waits until an open page's event stream is connected.
func (lp *live) waitStream() {
	lp.t.Helper()
	select {
	case <-lp.streams:
	case <-time.After(deadline):
		lp.t.Fatalf("no page connected to %s within %v", serve.LiveEventsPath, deadline)
	}
}

// streamSignal serves h and reports each event stream once its first
// bytes are flushed: the preview subscribes a stream to the builds
// before that, so a build started after the report reaches the page.
func streamSignal(h http.Handler, connected chan<- struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == serve.LiveEventsPath {
			w = &flushSignal{ResponseWriter: w, connected: connected}
		}
		h.ServeHTTP(w, r)
	})
}

// flushSignal is a ResponseWriter that reports its first Flush.
type flushSignal struct {
	http.ResponseWriter
	connected chan<- struct{}
	once      sync.Once
}

// Flush flushes the response and, the first time, reports the stream.
func (f *flushSignal) Flush() {
	f.ResponseWriter.(http.Flusher).Flush()
	f.once.Do(func() { f.connected <- struct{}{} })
}

// withHeaders serves h like a static host that reads _headers: with the
// theme's security headers on every response.
func withHeaders(h http.Handler) http.Handler {
	headers := theme.SecurityHeaders(nil)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header()[k] = v
		}
		h.ServeHTTP(w, r)
	})
}
