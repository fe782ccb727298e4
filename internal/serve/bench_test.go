package serve

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

// BenchmarkEditToReload measures the time from writing one page to the
// reload event on the open event stream, through the real watcher,
// quiet window (DefaultQuiet), incremental load and SSE, plus fetching
// the edited page (rendered on request; page-ms alone). checks-after-ms
// is how long the rest of the build (checks, other files) runs after the
// reload, untimed. first-pages-ms is how long the first build takes to
// show pages, first-build-ms to finish. The corpus case
// runs on a site made by
//
//	go run ./internal/corpus/gencorpus DIR 10000
//
// when HAVEN_BENCH_CORPUS=DIR is set; it edits one page of DIR and puts
// it back afterwards. heap-MB is HeapInuse after the first build.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("fixture", func(b *testing.B) {
		benchEdit(b, copySite(b), "content/et/abi/kriisitelefon.md", "et/abi/kriisitelefon/")
	})
	b.Run("corpus", func(b *testing.B) {
		dir := os.Getenv("HAVEN_BENCH_CORPUS")
		if dir == "" {
			b.Skip("set HAVEN_BENCH_CORPUS to a folder made by go run ./internal/corpus/gencorpus")
		}
		benchEdit(b, dir, "content/et/abi/_index.md", "et/abi/")
	})
}

func benchEdit(b *testing.B, dir, page, pageURL string) {
	full := filepath.Join(dir, filepath.FromSlash(page))
	orig, err := os.ReadFile(full)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = os.WriteFile(full, orig, 0o644) })
	s, err := New(Options{Source: dir, Today: today}) // the default quiet window, as editors get it
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	var firstPages time.Duration
	s.afterEarly = func() {
		if firstPages == 0 {
			firstPages = time.Since(start)
		}
	}
	if err := s.Start(ctx); err != nil {
		b.Fatal(err)
	}
	firstBuild := time.Since(start)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	ts := httptest.NewServer(s)
	defer func() { s.Close(); ts.Close() }()
	p := &preview{t: b, dir: dir, srv: s, ts: ts}
	p.events = p.subscribe()
	if _, failed := s.Files(); failed {
		var errs []string
		for _, d := range s.Diagnostics() {
			if d.Severity == diag.Error && len(errs) < 10 {
				errs = append(errs, d.String())
			}
		}
		b.Fatalf("site does not build: %s", strings.Join(errs, "\n"))
	}
	i := 0
	var served, settled time.Duration
	b.ResetTimer()
	for b.Loop() {
		i++
		if err := os.WriteFile(full, fmt.Appendf(append([]byte(nil), orig...), "\nMuudetud %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-p.events:
		case <-time.After(deadline):
			b.Fatal("no reload event")
		}
		// The page the editor has open, rendered on request.
		t0 := time.Now()
		if code, _ := p.get("/" + pageURL); code != 200 {
			b.Fatalf("GET /%s after the edit: %d", pageURL, code)
		}
		served += time.Since(t0)
		// The rest of the build finishes before the next edit.
		b.StopTimer()
		t0 = time.Now()
		if code, _ := p.get("/_haven/"); code != 200 { // answered when the checks are done
			b.Fatalf("dashboard: %d", code)
		}
		settled += time.Since(t0)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(served.Microseconds())/float64(i)/1000, "page-ms")
	b.ReportMetric(float64(settled.Microseconds())/float64(i)/1000, "checks-after-ms")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(float64(firstBuild.Milliseconds()), "first-build-ms")
	b.ReportMetric(float64(firstPages.Milliseconds()), "first-pages-ms")
}
