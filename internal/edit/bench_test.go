package edit_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/corpus"
	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
)

// benchRules is the rulebook of benchmark corpora, as in .ci/bench.
const benchRules = "extends: default\nremove: [no-repealed-law-references]\n"

// benchCorpus returns the site root to benchmark: $HAVEN_BENCH_CORPUS (a
// corpus from go run ./internal/corpus/gencorpus DIR 10000), else a
// 300-page corpus generated into a temporary folder.
func benchCorpus(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("HAVEN_BENCH_CORPUS"); dir != "" {
		return dir
	}
	dir := filepath.Join(b.TempDir(), "corpus")
	if err := corpus.Generate(dir, corpus.Options{Pages: 300}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), []byte(benchRules), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkPreview measures keystroke → preview: the POST of the edit
// form of a translation (translation mode, drift, legal panel and the
// recovery copy included) that answers with the draft's preview, over
// real HTTP, on a loaded site of $HAVEN_BENCH_CORPUS's size.
func BenchmarkPreview(b *testing.B) { benchmarkPost(b, "/_haven/edit/page") }

// BenchmarkLive measures what the script's live update asks 0.4 s after
// a keystroke: the same form posted to /_haven/edit/live.
func BenchmarkLive(b *testing.B) { benchmarkPost(b, "/_haven/edit/live") }

// benchmarkPost posts the edit form of a translation to path, with a
// keystroke's worth of change each time.
func benchmarkPost(b *testing.B, path string) {
	dir := benchCorpus(b)
	_, err := os.Stat(filepath.Join(dir, edit.RecoveryDir))
	hadRecovery := !errors.Is(err, fs.ErrNotExist)
	s, err := serve.New(serve.Options{Source: dir, Today: today,
		Editor: func(s *serve.Server) http.Handler { return edit.New(edit.Options{Source: dir, Site: s.Site}) }})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Rebuild(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	web := httptest.NewServer(s)
	defer web.Close()
	l := s.Site()
	file := ""
	for _, p := range l.Pages {
		if p.Lang != l.Config.DefaultLanguage && p.InBuild {
			file = p.File
			break
		}
	}
	e := &editor{web: web}
	form := benchForm(b, e, file)
	body := form.Get("body")
	b.ResetTimer()
	for i := range b.N {
		form.Set("body", body+"\r\nLisatud "+strconv.Itoa(i)+".\r\n") // a keystroke's worth of change
		form.Set("action", "preview")
		if code := benchPost(b, web.URL+path, form); code != http.StatusOK {
			b.Fatalf("%s: %d", path, code)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(l.Pages)), "pages")
	if !hadRecovery {
		_ = os.RemoveAll(filepath.Join(dir, ".haven"))
	}
}

// benchForm opens the edit screen of file and returns its form.
func benchForm(b *testing.B, e *editor, file string) url.Values {
	resp, err := http.Get(e.web.URL + "/_haven/edit/page?file=" + url.QueryEscape(file))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("edit screen of %s: %d %v", file, resp.StatusCode, err)
	}
	return formOf(b, string(page))
}

func benchPost(b *testing.B, target string, form url.Values) int {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(target)
	req.Header.Set("Origin", u.Scheme+"://"+u.Host)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
