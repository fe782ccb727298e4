package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// costly are pages that cost goldmark far more than their size: seconds
// to minutes, or gigabytes, without the limits.
var costly = []struct {
	name, unit string
	n          int
}{
	{"mismatched emphasis", "*a_ ", 10000},
	{"strikethrough", "~~a ", 60000},
	{"unclosed link destinations", "[a](", 10000},
	{"nested brackets", "[", 8 << 20},
	{"open brackets and text", "[a", 4 << 20},
	{"unclosed raw HTML attributes", "x <a href='", 10000},
	{"unclosed code spans", "``a`", 200000},
	{"lines", "a\n", 4 << 20},
	{"headings", "# a\n", 2 << 20},
	{"list items", "- a\n", 2 << 20},
}

// TestCostlyMarkdownRefused checks that pathological pages are refused
// with a *LimitError naming a line, in both modes and by Analyze.
func TestCostlyMarkdownRefused(t *testing.T) {
	for _, c := range costly {
		src := []byte("Tere.\n\n" + strings.Repeat(c.unit, c.n))
		for _, r := range []*Renderer{New(NoHTML), New(SafeHTML)} {
			for _, f := range []func([]byte) (*Result, error){r.Render, r.Analyze} {
				_, err := f(src)
				var le *LimitError
				if !errors.As(err, &le) || le.Line < 3 || le.Near == "" {
					t.Fatalf("%s: err = %v, want a LimitError at line 3 or later", c.name, err)
				}
			}
		}
	}
}

// TestLimitErrorLine checks that the error names the line where the
// limit was reached.
func TestLimitErrorLine(t *testing.T) {
	src := "# Abi\n\nTekst.\n\n" + strings.Repeat("*a_ ", 10000) + "\n"
	_, err := New(NoHTML).Render([]byte(src))
	var le *LimitError
	if !errors.As(err, &le) || le.Line != 5 || !strings.Contains(le.Near, "*a_ ") {
		t.Fatalf("err = %#v, want line 5 near *a_", err)
	}
	if !strings.Contains(err.Error(), "line 5") || !strings.Contains(err.Error(), `\*`) {
		t.Errorf("message must name the line and the fix: %v", err)
	}
}

// TestCostlyMarkdownMemory checks, by counting bytes allocated, that the
// largest pathological pages stay far below the gigabytes they took.
func TestCostlyMarkdownMemory(t *testing.T) {
	r := New(NoHTML)
	for _, unit := range []string{"[", "[a", "a\n", "# a\n"} {
		src := []byte(strings.Repeat(unit, (8<<20-1)/len(unit)))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := r.Render(src)
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%q: rendered", unit)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 128<<20 {
			t.Errorf("%q × %d: allocated %d MB, want under 128", unit, len(src)/len(unit), got>>20)
		}
	}
}

// TestOrdinaryPagesWithinLimits checks that the limits leave real pages
// alone: every page of the sample site, and all of them as one page.
func TestOrdinaryPagesWithinLimits(t *testing.T) {
	files, err := filepath.Glob("../../content/*/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample pages: %v", err)
	}
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(append(all, b...), '\n')
	}
	big := []byte(strings.Repeat(string(all), max(1, (1<<20)/len(all))))
	for _, mode := range []RawHTML{NoHTML, SafeHTML} {
		if _, err := New(mode).Render(big); err != nil {
			t.Errorf("%d KB of sample pages: %v", len(big)>>10, err)
		}
	}
}

// BenchmarkCostly renders each pathological page (compare with the
// numbers in the README: 8 MB of "[" took 27 s and 2.8 GB before the
// limits).
func BenchmarkCostly(b *testing.B) {
	r := New(NoHTML)
	for _, c := range costly {
		src := []byte(strings.Repeat(c.unit, c.n))
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				_, _ = r.Render(src)
			}
		})
	}
}
