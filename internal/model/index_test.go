package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/content"
)

// randomPages makes n pages (one per file, as a site has) over two
// languages, a few folders and keys, some out of the build, some sharing
// URLs, keys and aliases.
func randomPages(r *rand.Rand, n int) []*Page {
	var pages []*Page
	files := map[string]bool{}
	for i := range n {
		if p := randomPage(r, i); !files[p.File] {
			files[p.File] = true
			pages = append(pages, p)
		}
	}
	slices.SortFunc(pages, func(a, b *Page) int { return content.FileOrder([]string{"et", "en"})(a.File, b.File) })
	return pages
}

func randomPage(r *rand.Rand, i int) *Page {
	lang := []string{"et", "en"}[r.IntN(2)]
	dir := []string{"", "abi", "abi/vagivald", "uudised"}[r.IntN(4)]
	name := fmt.Sprintf("leht%d", i)
	kind := content.Regular
	if r.IntN(6) == 0 {
		kind, name = content.Section, "_index"
	}
	file := strings.Join(slices.DeleteFunc([]string{"content", lang, dir, name + ".md"}, func(s string) bool { return s == "" }), "/")
	c := &content.Page{File: file, Lang: lang, Key: fmt.Sprintf("k%d", r.IntN(8)), Dir: dir, Kind: kind,
		URL: fmt.Sprintf("/%s/u%d/", lang, r.IntN(20)), FrontMatter: content.FrontMatter{Title: fmt.Sprintf("T%d", r.IntN(5)), Weight: r.IntN(3)}}
	if r.IntN(4) == 0 {
		c.Menu = "main"
	}
	if r.IntN(5) == 0 {
		c.Aliases = []string{fmt.Sprintf("/%s/vana%d/", lang, r.IntN(4))}
	}
	return &Page{Page: c, InBuild: r.IntN(5) > 0}
}

// TestReplacingEqualsNewIndex checks the draft index's promise: the index
// of a site with one page changed, made from the old index by Replacing,
// equals the index made from scratch.
func TestReplacingEqualsNewIndex(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		pages := randomPages(r, 2+r.IntN(30))
		base := NewIndex(pages)
		next := slices.Clone(pages)
		var old, p *Page
		if p = randomPage(r, 1000); r.IntN(4) == 0 && base.File(p.File) == nil { // a new file
			next = append(next, p)
			slices.SortFunc(next, func(a, b *Page) int { return content.FileOrder([]string{"et", "en"})(a.File, b.File) })
		} else {
			i := r.IntN(len(next))
			old = next[i]
			p = randomPage(r, i)
			p.File, p.Lang = old.File, old.Lang       // the same file, changed
			p.URL = "/" + p.Lang + p.URL[len("/et"):] // pages' URLs are below their language's, as content makes them
			next[i] = p
		}
		got, want := base.Replacing(next, old, p), NewIndex(next)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: Replacing differs from NewIndex:\n got %+v\nwant %+v", seed, got, want)
		}
	}
}
