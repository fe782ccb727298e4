package drift

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkCheck times Check over a generated corpus:
//
//	go run ./internal/corpus/gencorpus DIR 10000
//	HAVEN_BENCH_CORPUS=/tmp/corpus go test -run '^$' -bench Check ./internal/drift
//
// gencorpus writes each language's body independently (random words,
// lists and tables), so list and table lengths differ by design; the
// benchmark reports those separately from the fact kinds, which should
// find nothing.
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("HAVEN_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set HAVEN_BENCH_CORPUS to a directory made by go run ./internal/corpus/gencorpus")
	}
	pages := loadPages(b, os.DirFS(dir))
	ds := Check(pages, "et")
	structural, facts, other := 0, 0, 0
	for _, d := range ds {
		switch {
		case d.Code != CodeDrift:
			other++
		case strings.Contains(d.Message, " list ") || strings.Contains(d.Message, " table "):
			structural++
		default:
			facts++
			if facts <= 5 {
				b.Logf("fact drift: %s", d)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Check(pages, "et")
	}
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportMetric(float64(facts), "fact-warnings")
	b.ReportMetric(float64(structural), "list/table-warnings")
	b.ReportMetric(float64(other), "other-warnings")
}
