package browsertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/theme"
)

// TestLiveReloadOverlay serves a preview page with theme.LiveReloadJS
// under the site's Content Security Policy, sends a failed-build event and
// expects the overlay to show it without breaking the policy.
func TestLiveReloadOverlay(t *testing.T) {
	tb := newTab(t, "")
	event, _ := json.Marshal(theme.LiveError{Errors: []theme.LiveDiagnostic{{
		File: "content/et/abi.md", Line: 3, Message: "front matter: unknown key \"titel\"",
		Source: []theme.SourceLine{{Line: 2, Text: "---"}, {Line: 3, Text: "titel: Abi"}},
	}}})
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>preview</title><link rel="icon" href="data:,"><script src="`+theme.LiveReloadPath+`" defer></script><h1>Preview</h1></html>`)
	})
	mux.HandleFunc(theme.LiveReloadPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write(theme.LiveReloadJS)
	})
	mux.HandleFunc(theme.LiveEventsPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "data: %s\n\n", event)
		w.(http.Flusher).Flush()
		select { // hold the stream open, as the preview server does
		case <-r.Context().Done():
		case <-done:
		}
	})
	srv := httptest.NewServer(withHeaders(mux))
	defer srv.Close()
	defer close(done)
	tb.do(chromedp.Navigate(srv.URL + "/"))
	var text string
	for range 50 {
		text = eval[string](tb, `(document.querySelector('[role=alert]') || {}).textContent || ''`)
		if text != "" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{"content/et/abi.md:3", "unknown key", "titel: Abi"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay %q lacks %q", text, want)
		}
	}
	for _, p := range tb.takeProblems() {
		t.Error(p)
	}
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
