package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wcagTags are the axe-core tags whose violations fail the test: WCAG 2.0
// and 2.1, levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("HAVEN_AXE")
	if path == "" {
		path = filepath.Join(env.root, "node_modules", "axe-core", "axe.min.js")
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

type axeResult struct {
	Violations []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Tags   []string `json:"tags"`
		Nodes  []struct {
			Target         []any  `json:"target"`
			HTML           string `json:"html"`
			FailureSummary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// TestAxe runs axe-core on every page of every language at 1280 and at
// 320 CSS pixels, and fails on any WCAG 2.1 A/AA violation. Along the way
// it checks that no page asks another host for anything, breaks its
// Content Security Policy or throws, and that every page reflows at 320
// pixels and with text at 200 %.
func TestAxe(t *testing.T) {
	tb := newTab(t, "")
	axe := axeSource(t)
	pages := sitePages(t)
	if only := os.Getenv("HAVEN_AXE_ONLY"); only != "" { // while fixing one page
		pages = slices.DeleteFunc(pages, func(p page) bool { return !strings.Contains(p.Path, only) })
	}
	langs := map[string]int{}
	other := map[string]int{}
	for _, p := range pages {
		langs[p.Lang]++
		for _, width := range []int64{1280, 320} {
			tb.do(emulateWidth(width))
			tb.open(p.Path)
			eval[bool](tb, axe+";true")
			raw := eval[string](tb, `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`)
			var res axeResult
			if err := json.Unmarshal([]byte(raw), &res); err != nil {
				t.Fatalf("%s: axe result: %v", p.Path, err)
			}
			for _, v := range res.Violations {
				if !slices.ContainsFunc(v.Tags, func(tag string) bool { return slices.Contains(wcagTags, tag) }) {
					other[v.ID]++
					continue
				}
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprintf("%v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      ")))
				}
				t.Errorf("%s at %dpx: %s (%s, %s)\n    %s", p.Path, width, v.ID, v.Impact, v.Help, strings.Join(where, "\n    "))
			}
			// Reflow (WCAG 1.4.10): nothing wider than the viewport.
			if w := eval[int](tb, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("%s at %dpx: %d px of horizontal scrolling", p.Path, width, w)
			}
			if width == 320 {
				// Resize text (WCAG 1.4.4): at 200 % text on a 640 px
				// window nothing may need horizontal scrolling either.
				tb.do(emulateWidth(640))
				if w := eval[int](tb, `document.documentElement.style.fontSize='200%';document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
					t.Errorf("%s with 200%% text: %d px of horizontal scrolling", p.Path, w)
				}
			}
		}
		for _, pr := range tb.takeProblems() {
			t.Errorf("%s: %s", p.Path, pr)
		}
	}
	if off := tb.offsiteRequests(); len(off) > 0 {
		t.Errorf("requests to other hosts: %q", off)
	}
	for _, lang := range []string{"et", "en", "ru"} {
		if langs[lang] == 0 {
			t.Errorf("no pages in %s", lang)
		}
	}
	t.Logf("axe-core on %d pages (%v) at 1280 and 320 px; best-practice findings, not failures: %v", len(pages), langs, other)
}
