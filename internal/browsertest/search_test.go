package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/theme"
)

// searchWord picks a word with letters the search must fold (Estonian
// õäöüšž, Russian ё/й) from the language's index, or any long word.
func searchWord(t *testing.T, lang string) (query, want string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.siteDir, filepath.FromSlash(theme.SearchIndexPath(lang))))
	if err != nil {
		t.Fatalf("search index: %v", err)
	}
	var idx struct {
		Pages []theme.SearchEntry `json:"pages"`
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	special := map[string]string{"et": "õäöüšž", "ru": "ёй", "en": ""}[lang]
	fallback := ""
	for _, p := range idx.Pages {
		for _, w := range strings.Fields(p.Title) {
			w = strings.Trim(w, ".,:;!?()«»\"'")
			if special != "" && strings.ContainsAny(strings.ToLower(w), special) && len([]rune(w)) >= 4 {
				return theme.NormalizeSearchText(w), p.URL
			}
			if fallback == "" && len([]rune(w)) >= 5 {
				fallback, want = strings.ToUpper(w), p.URL
			}
		}
	}
	if fallback == "" {
		t.Fatalf("no word to search for in %s", lang)
	}
	return fallback, want
}

// TestSearch types a query into each language's search page: Estonian
// without diacritics, Russian with е for ё, English in upper case, and
// expects the page whose title holds the word among the results. With
// JavaScript off the page lists pages instead and hides the form.
func TestSearch(t *testing.T) {
	for _, lang := range []string{"et", "en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			query, want := searchWord(t, lang)
			tb := newTab(t, "")
			tb.open("/" + lang + "/search/")
			tb.do(chromedp.SendKeys(chromedp.CSS("#q"), query))
			// The results appear once the index is fetched, after the
			// input settles: wait for them on every change of the page.
			ctx, cancel := context.WithTimeout(tb.ctx, deadline)
			defer cancel()
			got, err := chromedp.Run(ctx, chromedp.Poll[[]string](`(() => {
				const a = [...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'));
				return a.length ? a : null;
			})()`, chromedp.WithPollingMutation()))
			if err != nil {
				t.Fatalf("search for %q showed no results: %v", query, err)
			}
			found := false
			for _, u := range got {
				found = found || u == want
			}
			if !found {
				t.Errorf("search for %q found %q, want %s among them", query, got, want)
			}
			if s := eval[string](tb, `document.getElementById('search-status').textContent`); s == "" {
				t.Error("no result count announced")
			}
			if off := tb.offsiteRequests(); len(off) > 0 {
				t.Errorf("requests to other hosts: %q", off)
			}
			if u := eval[string](tb, `location.search`); u != "" {
				t.Errorf("the query went into the address bar (and history): %q", u)
			}
		})
	}
	t.Run("without JavaScript", func(t *testing.T) {
		tb := newTab(t, "")
		tb.do(noScript())
		tb.open("/et/search/")
		attrs, err := chromedp.Run(tb.ctx, chromedp.Attributes(chromedp.CSS("form.search"), chromedp.NodeReady))
		if err != nil {
			t.Fatal(err)
		}
		if _, hidden := attrs["hidden"]; !hidden {
			t.Error("the search form shows without JavaScript, where it cannot work")
		}
		nodes, err := chromedp.Run(tb.ctx, chromedp.Nodes(chromedp.CSSAll("main .list a"), chromedp.NodeReady))
		if err != nil || len(nodes) < 3 {
			t.Errorf("search page lists %d pages without JavaScript (%v)", len(nodes), err)
		}
	})
}
