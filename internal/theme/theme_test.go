package theme_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/haven-cms/haven/internal/theme"
	"github.com/haven-cms/haven/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func loadDefault(t *testing.T) *theme.Theme {
	t.Helper()
	th, err := theme.Load(themes.Default())
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// samplePage returns a fully filled view model of the given kind.
func samplePage(th *theme.Theme, kind, lang string) *theme.Page {
	site := &theme.Site{
		Title:   map[string]string{"et": "Ohvriabi", "en": "Victim Support", "ru": "Помощь жертвам"}[lang],
		BaseURL: "https://example.org", DefaultLanguage: "et", Generator: "haven test",
		Assets: map[string]string{}, AllowedOrigins: []string{"https://chat.example.ee"},
	}
	for name, hashed := range th.Hashed {
		site.Assets[name] = "/assets/" + hashed
	}
	names := map[string]string{"et": "Eesti keeles", "en": "In English", "ru": "На русском"}
	p := &theme.Page{
		Site: site, Kind: kind, Lang: lang, LangName: names[lang], Dir: "ltr",
		Title:       "Kriisiabi & <tugi>",
		Description: "Kust saada abi kohe, ööpäev läbi.",
		URL:         "/" + lang + "/abi/kriisiabi/", Permalink: "https://example.org/" + lang + "/abi/kriisiabi/",
		Content:   template.HTML("<p>Helista <a href=\"tel:116006\">116 006</a>.</p>\n<h2 id=\"kuhu\">Kuhu pöörduda</h2>\n<p>Tekst.</p>\n<h2 id=\"ohutus\">Ohutus</h2>"),
		Headings:  []theme.Link{{Title: "Kuhu pöörduda", URL: "#kuhu"}, {Title: "Ohutus", URL: "#ohutus"}},
		Published: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		Owner:       "Sotsiaalkindlustusamet",
		Breadcrumbs: []theme.Link{{Title: "Avaleht", URL: "/" + lang + "/"}, {Title: "Abi", URL: "/" + lang + "/abi/"}},
		Children: []theme.Link{
			{Title: "Kriisitelefon", URL: "/" + lang + "/abi/kriisitelefon/", Description: "116 006, ööpäev läbi"},
			{Title: "Varjupaik", URL: "/" + lang + "/abi/varjupaik/"},
		},
		Translations: []theme.Translation{
			{Lang: "et", Name: "Eesti keeles", URL: "/et/abi/kriisiabi/", Exists: true, Current: lang == "et"},
			{Lang: "en", Name: "In English", URL: "/en/abi/kriisiabi/", Exists: true, Current: lang == "en"},
			{Lang: "ru", Name: "На русском", URL: map[bool]string{true: "/ru/abi/kriisiabi/", false: "/ru/"}[lang == "ru"], Exists: lang == "ru", Current: lang == "ru"},
		},
		Menu:   []theme.Link{{Title: "Abi", URL: "/" + lang + "/abi/", Current: true}, {Title: "Vägivald", URL: "/" + lang + "/vagivald/"}},
		Footer: []theme.Link{{Title: "Ligipääsetavus", URL: "/" + lang + "/ligipaasetavus/"}, {Title: "Privaatsus", URL: "/" + lang + "/privaatsus/"}},
		Contacts: []theme.Contact{
			{ID: "ohvriabi", Name: "Ohvriabi kriisitelefon", Number: "116 006", Tel: "116006", Hours: "24/7, tasuta"},
			{ID: "hadaabi", Name: "Hädaabi", Number: "112", Tel: "112", Hours: "24/7"},
			{ID: "chat", Name: "Vestlus", URL: "https://www.palunabi.ee/"},
		},
		QuickExitURL:     "https://www.ilmateenistus.ee/",
		QuickExitHelpURL: "/" + lang + "/lahku-kiiresti/",
		SearchURL:        "/" + lang + "/search/",
		T:                th.Strings(lang),
	}
	switch kind { // as package site makes them
	case "404":
		p.NoIndex, p.Permalink = true, ""
	case "search":
		p.NoIndex, p.Description = true, p.T["search_description"]
	}
	if kind == "search" {
		p.Groups = []theme.LinkGroup{
			{Title: "Abi", URL: "/" + lang + "/abi/", Links: p.Children},
			{Links: []theme.Link{{Title: "Privaatsus", URL: "/" + lang + "/privaatsus/"}}},
		}
	}
	return p
}

func TestRenderGolden(t *testing.T) {
	th := loadDefault(t)
	cases := []struct{ name, kind, lang string }{
		{"page-et", "page", "et"},
		{"page-ru-draft", "page", "ru"},
		{"section-en", "section", "en"},
		{"home-ru", "home", "ru"},
		{"search-et", "search", "et"},
		{"404-en", "404", "en"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := samplePage(th, c.kind, c.lang)
			if strings.HasSuffix(c.name, "draft") {
				p.Draft, p.DraftReason = true, "draft"
			}
			var b bytes.Buffer
			if err := th.Render(&b, p); err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".html", b.Bytes())
			checkPage(t, b.String(), p)
		})
	}
	t.Run("redirect", func(t *testing.T) {
		var b bytes.Buffer
		r := &theme.Redirect{Site: &theme.Site{BaseURL: "https://example.org"}, Lang: "et", Target: "/et/", Title: "Ohvriabi",
			Languages: []theme.Translation{{Lang: "et", Name: "Eesti keeles", URL: "/et/"}, {Lang: "ru", Name: "На русском", URL: "/ru/"}}}
		if err := th.RenderRedirect(&b, r); err != nil {
			t.Fatal(err)
		}
		golden(t, "redirect.html", b.Bytes())
	})
}

// checkPage asserts the safety and accessibility rules a golden diff could
// let slip by.
func checkPage(t *testing.T, html string, p *theme.Page) {
	t.Helper()
	if n := strings.Count(html, "<h1"); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	skip := strings.Index(html, `class="skip-link" href="#main"`)
	exit2 := strings.Index(html, `class="skip-link" href="`+p.QuickExitURL+`" rel="nofollow noreferrer"`)
	button := strings.Index(html, `class="qe-button" href="`+p.QuickExitURL+`" rel="nofollow noreferrer"`)
	if skip < 0 || exit2 < skip || button < exit2 || strings.Index(html, "<header") < button {
		t.Errorf("want skip link, exit link, exit button, header in that order: %d %d %d", skip, exit2, button)
	}
	if !strings.Contains(html, `<html lang="`+p.Lang+`"`) {
		t.Error("html has no lang")
	}
	for _, want := range []string{`role="status"`, `href="tel:116006"`, `application/ld+json`, `"@type":"ContactPoint"`, `<main id="main"`, `<footer`, `href="` + p.QuickExitHelpURL + `"`, `href="/` + p.Lang + `/privaatsus/"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if p.Kind != "404" && p.Kind != "search" {
		for _, want := range []string{`<time datetime="2026-01-15">`, `<time datetime="2026-11-02">`} {
			if !strings.Contains(html, want) {
				t.Errorf("page lacks %s", want)
			}
		}
	}
	for _, m := range offSite.FindAllStringSubmatch(html, -1) {
		t.Errorf("page loads from another origin: %s", m[0])
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, " style=") || strings.Contains(html, " on") && onAttr.MatchString(html) {
		t.Error("inline script or style: the CSP forbids them")
	}
}

// offSite finds resource references to other origins: src, srcset,
// stylesheet/script/preload href and CSS url().
var offSite = regexp.MustCompile(`(?i)(?:\ssrc(?:set)?="(?:https?:)?//[^"]*"|<link[^>]*rel="(?:stylesheet|preload|modulepreload|icon)"[^>]*href="(?:https?:)?//[^"]*"|url\(\s*['"]?(?:https?:)?//)`)

var onAttr = regexp.MustCompile(`<[^>]+\son[a-z]+=`)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n--- got:\n%s", path, got)
	}
}

func TestMissingTranslationNote(t *testing.T) {
	th := loadDefault(t)
	p := samplePage(th, "page", "et")
	var b bytes.Buffer
	if err := th.Render(&b, p); err != nil {
		t.Fatal(err)
	}
	want := `<a href="/ru/" hreflang="ru" lang="ru">На русском <small>(нет перевода, главная)</small></a>`
	if !strings.Contains(b.String(), want) {
		t.Errorf("no note in Russian for the missing translation; want %s", want)
	}
}

func TestStringsComplete(t *testing.T) {
	th := loadDefault(t)
	if got := th.Languages(); !slices.Equal(got, []string{"en", "et", "ru"}) {
		t.Fatalf("languages %v", got)
	}
	en := th.Strings("en")
	for _, lang := range []string{"et", "ru"} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "i18n", lang+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for k := range en {
			if !regexp.MustCompile(`(?m)^` + k + `:`).Match(raw) {
				t.Errorf("%s.yaml lacks %s", lang, k)
			}
		}
		if th.Strings(lang)["quick_exit"] == en["quick_exit"] {
			t.Errorf("%s quick_exit label is still English", lang)
		}
	}
}

func TestAssetBudget(t *testing.T) {
	th := loadDefault(t)
	total := 0
	for _, name := range []string{"haven.css", "haven.js"} {
		b, ok := th.Static[name]
		if !ok {
			t.Fatalf("no static %s", name)
		}
		total += len(b)
	}
	// Unminified source, so the minified pages are lighter still.
	t.Logf("haven.css + haven.js: %d bytes unminified", total)
	if total > 30*1024 {
		t.Errorf("CSS+JS %d bytes, budget 30 KB", total)
	}
	for name, b := range th.Static {
		if regexp.MustCompile(`(?i)(url\(\s*['"]?(https?:)?//|@import|https?://)`).Match(b) {
			t.Errorf("%s refers to another origin", name)
		}
	}
}

// TestPartialCached checks that partialCached renders a partial once per
// build and key: a second page of the same language gets the first page's
// output, another language its own, a new build renders again, and a page
// without a build's cache renders the partial itself.
func TestPartialCached(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/base.html":          {Data: []byte(`{{define "base"}}{{partialCached "who" . .Lang}}{{end}}{{define "who"}}{{.Title}}{{end}}`)},
		"templates/page.html":          {Data: []byte(`{{define "main"}}{{end}}`)},
		"templates/redirect.html":      {Data: []byte(``)},
		"templates/partials/none.html": {Data: []byte(``)},
		"static/x.css":                 {Data: []byte(`p{}`)},
	}
	for _, k := range theme.Kinds {
		if _, ok := fsys["templates/"+k+".html"]; !ok {
			fsys["templates/"+k+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
		}
	}
	th, err := theme.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	build := &theme.Site{Partials: theme.NewPartials()}
	render := func(lang, title string) string {
		var b bytes.Buffer
		if err := th.Render(&b, &theme.Page{Kind: "page", Lang: lang, Title: title, Site: build}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, c := range []struct{ lang, title, want string }{
		{"et", "Esimene", "Esimene"}, {"et", "Teine", "Esimene"}, {"en", "Third", "Third"},
	} {
		if got := render(c.lang, c.title); got != c.want {
			t.Errorf("render(%s, %s) = %q, want %q", c.lang, c.title, got, c.want)
		}
	}
	build = &theme.Site{Partials: theme.NewPartials()}
	if got := render("et", "Teine"); got != "Teine" {
		t.Errorf("in a new build: %q, want the new page's output", got)
	}
	build = &theme.Site{}
	if got := render("en", "Fourth"); got != "Fourth" {
		t.Errorf("without a cache: %q, want the page's own output", got)
	}
}

// TestHeadLinks checks the <head> links search engines read: a translated
// page names every translation as an alternate, itself included, and
// nothing for a language it lacks; a page in one language names none; a
// noindex page says so and names no alternates; a page without a
// permalink has no canonical URL.
func TestHeadLinks(t *testing.T) {
	th := loadDefault(t)
	render := func(p *theme.Page) string {
		t.Helper()
		var b bytes.Buffer
		if err := th.Render(&b, p); err != nil {
			t.Fatal(err)
		}
		h, _, _ := strings.Cut(b.String(), "</head>")
		return h
	}
	const (
		selfET  = `<link rel="alternate" hreflang="et" href="https://example.org/et/abi/kriisiabi/">`
		otherEN = `<link rel="alternate" hreflang="en" href="https://example.org/en/abi/kriisiabi/">`
		noindex = `<meta name="robots" content="noindex">`
	)
	h := render(samplePage(th, "page", "et"))
	for _, want := range []string{selfET, otherEN, `<link rel="canonical" href="https://example.org/et/abi/kriisiabi/">`} {
		if !strings.Contains(h, want) {
			t.Errorf("translated page lacks %s:\n%s", want, h)
		}
	}
	if strings.Contains(h, `hreflang="ru"`) || strings.Contains(h, noindex) || strings.Count(h, `rel="alternate"`) != 2 {
		t.Errorf("translated page: want exactly the et and en alternates and no noindex:\n%s", h)
	}

	alone := samplePage(th, "page", "et")
	for i := range alone.Translations {
		alone.Translations[i].Exists = alone.Translations[i].Current
	}
	if h := render(alone); strings.Contains(h, `rel="alternate"`) {
		t.Errorf("page in one language has alternates:\n%s", h)
	}

	h = render(samplePage(th, "search", "et"))
	if !strings.Contains(h, noindex) || strings.Contains(h, `rel="alternate"`) {
		t.Errorf("noindex page: want the robots meta and no alternates:\n%s", h)
	}

	h = render(samplePage(th, "404", "en"))
	if strings.Contains(h, `rel="canonical"`) || strings.Contains(h, `rel="alternate"`) || !strings.Contains(h, noindex) {
		t.Errorf("404 page: want noindex, no canonical, no alternates:\n%s", h)
	}
}

// TestJSONLDOneOrganization checks that the pages of every language name
// the same organisation: one JSON-LD @id, below the base URL.
func TestJSONLDOneOrganization(t *testing.T) {
	th := loadDefault(t)
	ld := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)
	for _, kind := range []string{"page", "404"} {
		for _, lang := range []string{"et", "en", "ru"} {
			var b bytes.Buffer
			if err := th.Render(&b, samplePage(th, kind, lang)); err != nil {
				t.Fatal(err)
			}
			m := ld.FindStringSubmatch(b.String())
			if m == nil {
				t.Fatalf("%s %s: no JSON-LD", kind, lang)
			}
			var doc struct {
				ID string `json:"@id"`
			}
			if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
				t.Fatalf("%s %s: %v", kind, lang, err)
			}
			if doc.ID != "https://example.org/#organization" {
				t.Errorf("%s %s: @id %q, want https://example.org/#organization", kind, lang, doc.ID)
			}
		}
	}
}
