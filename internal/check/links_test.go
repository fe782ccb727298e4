package check

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
)

// linkSite is the site every link case is checked against: a home, a
// section with a page, a draft, an expired page and an English page.
var linkSite = map[string]string{
	"content/et/_index.md":        "---\ntitle: Avaleht\n---\n## Tere\n",
	"content/et/abi/_index.md":    "---\ntitle: Abi\n---\n## Kuidas aidata\n",
	"content/et/abi/kontaktid.md": "---\ntitle: Kontaktid\naliases: [/et/vanad-kontaktid/]\n---\n## Maakonnad\n\n## Õhtused ajad\n",
	"content/et/mustand.md":       "---\ntitle: Mustand\ndraft: true\n---\n## Pooleli\n",
	"content/et/aegunud.md":       "---\ntitle: Aegunud\nexpires: 2026-01-01\n---\nVana.\n",
	"content/en/help.md":          "---\ntitle: Help\n---\n## Get help\n",
	"content/et/abi/kriisiabi.md": "---\ntitle: Kriisiabi\nslug: kriis\n---\nTekst.\n",
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name string
		link string
		want string // diagnostic code, or "" for none
	}{
		{"absolute with slash", "/et/abi/kontaktid/", ""},
		{"absolute without slash", "/et/abi/kontaktid", ""},
		{"absolute with anchor", "/et/abi/kontaktid/#maakonnad", ""},
		{"non-ASCII anchor", "/et/abi/kontaktid/#õhtused-ajad", ""},
		{"percent-encoded anchor", "/et/abi/kontaktid/#%C3%B5htused-ajad", ""},
		{"section", "/et/abi/", ""},
		{"home", "/et/", ""},
		{"home of a language without pages", "/ru/", ""},
		{"slug", "/et/abi/kriis/", ""},
		{"other language", "/en/help/#get-help", ""},
		{"relative sibling", "../kontaktid/", ""},
		{"relative parent", "../", ""},
		{"relative child of page url", "kontaktid/", "check.link-missing"},
		{"source file sibling", "kontaktid.md", ""},
		{"source file parent", "../mustand.md", "check.link-unpublished"},
		{"source file absolute", "/et/abi/kontaktid.md", ""},
		{"source file with anchor", "kontaktid.md#maakonnad", ""},
		{"source file missing", "kontakid.md", "check.link-missing"},
		{"same page anchor", "#kuidas-helistada", ""},
		{"same page missing anchor", "#puudub", "check.link-anchor"},
		{"missing page", "/et/olematu/", "check.link-missing"},
		{"missing anchor", "/et/abi/kontaktid/#linnad", "check.link-anchor"},
		{"draft", "/et/mustand/", "check.link-unpublished"},
		{"expired", "/et/aegunud/", "check.link-unpublished"},
		{"alias", "/et/vanad-kontaktid/", "check.link-alias"},
		{"asset", "/et/abi/brochure.pdf", ""},
		{"relative asset", "../brochure.pdf", ""},
		{"missing asset", "/et/abi/brosyyr.pdf", "check.link-missing"},
		{"asset relative to the page URL", "brochure.pdf", "check.link-missing"},
		{"page file by its output name", "/et/abi/kontaktid/index.html", ""},
		{"assets folder", "/assets/logo/", ""},
		{"api", "/api/et/pages.json", ""},
		{"sitemap", "/sitemap.xml", ""},
		{"root", "/", ""},
		{"external", "https://www.politsei.ee/", ""},
		{"protocol-relative", "//example.org/x/", ""},
		{"tel", "tel:116006", ""},
		{"mailto", "mailto:abi@example.org", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := linkInput(t, "content/et/abi/kriisitelefon.md", fmt.Sprintf("---\ntitle: Kriisitelefon\n---\n## Kuidas helistada\n\nVaata [abi](%s).\n", tt.link))
			var diags diag.List
			Validate(in, &diags)
			var codes []string
			for _, d := range diags.Items() {
				if d.File == "content/et/abi/kriisitelefon.md" {
					codes = append(codes, d.Code)
					if d.Line != 6 || d.Column != 13 {
						t.Errorf("diagnostic at %s, want line 6 column 13", d.Position())
					}
				} else {
					t.Errorf("unexpected %s", d)
				}
			}
			var want []string
			if tt.want != "" {
				want = []string{tt.want}
			}
			if !slices.Equal(codes, want) {
				t.Errorf("link %s: got %v, want %v (%v)", tt.link, codes, want, diags.Items())
			}
		})
	}
}

// TestLinksFromUnpublished checks that links on pages left out of the build
// are not reported.
func TestLinksFromUnpublished(t *testing.T) {
	in := linkInput(t, "content/et/abi/kriisitelefon.md", "---\ntitle: K\ndraft: true\n---\n[x](/et/olematu/)\n")
	var diags diag.List
	Validate(in, &diags)
	if diags.Len() != 0 {
		t.Errorf("got %v", diags.Items())
	}
}

func linkInput(t *testing.T, file, src string) *Input {
	t.Helper()
	var diags diag.List
	md := markdown.New(markdown.NoHTML)
	cfg := config.Default()
	in := &Input{Config: cfg, Rules: &legal.Rulebook{}, Today: today, Files: []string{"/et/abi/brochure.pdf", "/sitemap.xml"}}
	files := map[string]string{file: src}
	for f, s := range linkSite {
		files[f] = s
	}
	for f, s := range files {
		in.Pages = append(in.Pages, render(t, md, f, []byte(s), &diags))
	}
	if diags.Len() != 0 {
		t.Fatalf("fixture does not parse: %v", diags.Items())
	}
	return in
}

// TestImageLinks checks that an image the build does not write is an
// error at the image, with the image named, and that one it writes is
// not.
func TestImageLinks(t *testing.T) {
	src := "---\ntitle: Kriisitelefon\n---\n## Kuidas helistada\n\n![Voldik](../brochure.pdf)\n\n![Logo](/et/abi/logo.png)\n"
	in := linkInput(t, "content/et/abi/kriisitelefon.md", src)
	var diags diag.List
	Validate(in, &diags)
	var got []diag.Diagnostic
	for _, d := range diags.Items() {
		if d.File == "content/et/abi/kriisitelefon.md" {
			got = append(got, d)
		}
	}
	if len(got) != 1 || got[0].Code != "check.link-missing" || got[0].Line != 8 || got[0].Column != 9 ||
		!strings.Contains(got[0].Message, "no image at /et/abi/logo.png") {
		t.Errorf("got %v, want one check.link-missing at 8:9 naming /et/abi/logo.png", got)
	}
}
