package drift

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/model"
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

// BenchmarkConsistency times Consistency over 3,000 generated Estonian
// pages with three deadline or amount sentences each, drawn from 400
// words (so that many sentences share topic words), facts worked out
// beforehand as the pipeline does.
func BenchmarkConsistency(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 400)
	for i := range words { // distinct in their first five letters
		words[i] = string([]rune("abcdefghijklmnopqrstuvwõäöü")[i%27]) + string([]rune("abcdefghijklmnopqrstuvwõäöü")[i/27]) + "mine"
	}
	var pages []*model.Page
	for i := range 3000 {
		var body strings.Builder
		for range 3 {
			for range 8 {
				body.WriteString(words[rng.IntN(len(words))] + " ")
			}
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&body, "%d päeva jooksul.\n\n", 10+rng.IntN(5))
			} else {
				fmt.Fprintf(&body, "kuni %d eurot.\n\n", 900+rng.IntN(5))
			}
		}
		p := page(b, "et", body.String())
		p.File, p.Key = fmt.Sprintf("content/et/p%04d.md", i), fmt.Sprintf("p%04d", i)
		PageFacts(p)
		pages = append(pages, p)
	}
	n := len(Consistency(pages))
	b.ResetTimer()
	for b.Loop() {
		Consistency(pages)
	}
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportMetric(float64(n), "warnings")
}
