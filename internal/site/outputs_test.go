package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/testutil"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// buildLoaded builds the site at src into memory on the fixture day and
// returns the loaded site with the output.
func buildLoaded(t *testing.T, src string) (*Loaded, *publish.Memory) {
	t.Helper()
	out := publish.NewMemory(nil)
	var diags diag.List
	l, err := Build(context.Background(), Options{Source: src, Today: fixtureDay}, out, &diags)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if diags.HasErrors() {
		t.Fatalf("build: %v", diags.Items())
	}
	return l, out
}

// sitemapURL is one <url> of sitemap.xml.
type sitemapURL struct {
	Loc   string `xml:"loc"`
	Links []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"link"`
}

func readSitemap(t *testing.T, out *publish.Memory) []sitemapURL {
	t.Helper()
	data, ok := out.Get("sitemap.xml")
	if !ok {
		t.Fatal("no sitemap.xml")
	}
	var doc struct {
		URLs []sitemapURL `xml:"url"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.URLs) == 0 {
		t.Fatal("empty sitemap")
	}
	return doc.URLs
}

var (
	alternateTag = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]*)" href="([^"]*)">`)
	canonicalTag = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	noindexTag   = `<meta name="robots" content="noindex">`
)

// head returns the <head> of an output page.
func head(t *testing.T, out *publish.Memory, name string) string {
	t.Helper()
	data, ok := out.Get(name)
	if !ok {
		t.Fatalf("%s not written", name)
	}
	h, _, ok := strings.Cut(string(data), "</head>")
	if !ok {
		t.Fatalf("%s has no </head>", name)
	}
	return h
}

// alternates returns a head's hreflang alternates as "lang href".
func alternates(h string) []string {
	var out []string
	for _, m := range alternateTag.FindAllStringSubmatch(h, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// TestHeadAlternatesMatchSitemap checks, on the sample site with the
// default theme and one page only in Estonian, that every page in the
// sitemap names in its <head> the same hreflang alternates as its sitemap
// entry, itself included, and itself as canonical URL; and that no page in
// the sitemap is noindex.
func TestHeadAlternatesMatchSitemap(t *testing.T) {
	dir := testutil.CopySample(t)
	writeFile(t, filepath.Join(dir, "content/et/ainult-eesti.md"), "---\ntitle: Ainult eesti keeles\nreviewed: 2026-11-01\n---\n\nTekst.\n")
	l, out := buildLoaded(t, dir)
	cfg := l.Config
	withAlternates, without := 0, 0
	for _, u := range readSitemap(t, out) {
		url, ok := strings.CutPrefix(u.Loc, cfg.BaseURL)
		if !ok {
			t.Fatalf("sitemap loc %s is not below %s", u.Loc, cfg.BaseURL)
		}
		h := head(t, out, OutputPath(url))
		var want []string
		for _, l := range u.Links {
			want = append(want, l.Hreflang+" "+l.Href)
		}
		if len(want) == 0 {
			without++
		} else {
			withAlternates++
			if !slices.ContainsFunc(want, func(s string) bool { return strings.HasSuffix(s, " "+u.Loc) }) {
				t.Errorf("sitemap entry %s lacks itself among its alternates: %v", u.Loc, want)
			}
		}
		if got := alternates(h); !slices.Equal(got, want) {
			t.Errorf("%s: head alternates\n%v\nsitemap alternates\n%v", url, got, want)
		}
		if m := canonicalTag.FindStringSubmatch(h); m == nil || m[1] != u.Loc {
			t.Errorf("%s: canonical %v, want %s", url, m, u.Loc)
		}
		if strings.Contains(h, noindexTag) {
			t.Errorf("%s is in the sitemap but noindex", url)
		}
	}
	if withAlternates == 0 || without != 1 {
		t.Errorf("%d sitemap entries with alternates, %d without; want some and 1 (content/et/ainult-eesti.md)", withAlternates, without)
	}
}

// TestSpecialPagesNotIndexed checks the search and 404 pages of the sample
// site: both are noindex and left out of the sitemap; a search page has
// the theme's description in its language; a 404 page has neither a
// canonical URL nor hreflang alternates.
func TestSpecialPagesNotIndexed(t *testing.T) {
	l, out := buildLoaded(t, "../..")
	var locs []string
	for _, u := range readSitemap(t, out) {
		locs = append(locs, u.Loc)
	}
	for _, loc := range locs {
		if strings.Contains(loc, "/search/") || strings.Contains(loc, "404") {
			t.Errorf("sitemap lists %s", loc)
		}
	}
	descriptions := map[string]bool{}
	for _, lang := range l.Config.LanguageCodes() {
		search := head(t, out, lang+"/search/index.html")
		want := l.Theme.Strings(lang)["search_description"]
		if want == "" {
			t.Fatalf("theme has no search_description in %s", lang)
		}
		descriptions[want] = true
		if !strings.Contains(search, `<meta name="description" content="`+want+`">`) {
			t.Errorf("%s search page lacks the description %q:\n%s", lang, want, search)
		}
		if !strings.Contains(search, noindexTag) {
			t.Errorf("%s search page is not noindex", lang)
		}
		for _, name := range []string{lang + "/404.html", "404.html"} {
			h := head(t, out, name)
			if !strings.Contains(h, noindexTag) {
				t.Errorf("%s is not noindex", name)
			}
			if m := canonicalTag.FindString(h); m != "" {
				t.Errorf("%s has a canonical URL: %s", name, m)
			}
			if a := alternates(h); a != nil {
				t.Errorf("%s has hreflang alternates: %v", name, a)
			}
		}
	}
	if len(descriptions) != len(l.Config.LanguageCodes()) {
		t.Errorf("search descriptions are not one per language: %v", descriptions)
	}
}

// TestCoverageJSONValidates validates the sample site's api/v1/coverage.json
// against the API's coverage schema, checks that it names that schema in
// $schema like the other API documents, and that the schema is not
// vacuous: the same document with an unknown status fails it.
func TestCoverageJSONValidates(t *testing.T) {
	_, out := buildLoaded(t, "../..")
	data, ok := out.Get(api.Root + "/coverage.json")
	if !ok {
		t.Fatal("no coverage.json")
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "https://palunabi.example.ee/" + api.SchemaPath("coverage")
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.Schema("coverage")))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(url, sch); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Errorf("coverage.json does not validate against its schema: %v", err)
	}
	if m, _ := doc.(map[string]any); m["$schema"] != "/"+api.SchemaPath("coverage") {
		t.Errorf("$schema = %v, want /%s", m["$schema"], api.SchemaPath("coverage"))
	}
	if !bytes.Contains(data, []byte(`"status":"covered"`)) {
		t.Fatalf("no covered cell in coverage.json:\n%s", data)
	}
	broken, err := jsonschema.UnmarshalJSON(bytes.NewReader(bytes.Replace(data, []byte(`"status":"covered"`), []byte(`"status":"fine"`), 1)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Validate(broken) == nil {
		t.Error("the coverage schema accepts an unknown status")
	}
}

// TestPlainXML checks the sitemap's shortcut: a string plainXML passes
// is one xml.EscapeText leaves as it is, and a URL passes.
func TestPlainXML(t *testing.T) {
	for _, s := range []string{"", "a b", "a&b", "<", ">", `"`, "'", "\t", "\n", "\r", "\x01", "\x7f", "ä", "\xff", "/ru/помощь/"} {
		var b bytes.Buffer
		if err := xml.EscapeText(&b, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if plainXML(s) && b.String() != s {
			t.Errorf("plainXML(%q), but EscapeText gives %q", s, b.String())
		}
	}
	if !plainXML("https://palunabi.ee/et/abi/leht-1/") {
		t.Error("a plain URL is escaped")
	}
}
