package drift

import (
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/model"
)

// FuzzFacts checks that extraction never panics and that every fact lies
// on a line of the body.
func FuzzFacts(f *testing.F) {
	for _, s := range []string{
		"Helista [116 006](tel:116006) või +372 5555 1234.",
		"kuni 1 234,56 € ja €1,234.56, 1,5 miljonit eurot, 12,5%",
		"25. novembril 2026, November 25, 2026, 25 ноября 2026, 2026-11-25",
		"- a\n- b\n  - c\n\n| a |\n|---|\n| 1 |\n",
		"```\n112\n```\n<info@example.ee> https://www.example.ee/et/ 2,000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		p := &model.Page{Page: &content.Page{File: "content/et/x.md", Lang: "et", Body: []byte(body), BodyLine: 5}}
		if doc, err := md.Render(p.Body); err == nil {
			p.Doc = doc
		}
		last := 5 + strings.Count(body, "\n")
		for _, fact := range Facts(p) {
			if fact.Line < 5 || fact.Line > last {
				t.Errorf("fact %+v outside lines 5-%d", fact, last)
			}
		}
		en := *p
		en.Page = &content.Page{File: "content/en/x.md", Lang: "en", Body: []byte(body), BodyLine: 5}
		for _, d := range Check([]*model.Page{p, &en}, "et") {
			if d.Code == CodeDrift {
				t.Errorf("a page differs from itself: %s", d)
			}
		}
	})
}
