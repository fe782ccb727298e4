package site

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/check"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/testutil"
)

// checked loads and checks the site at dir as the preview does.
func checked(t testing.TB, dir string) (*Loaded, []diag.Diagnostic) {
	t.Helper()
	var diags diag.List
	l, err := Load(context.Background(), Options{Source: dir, Today: fixtureDay}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	return l, diags.Items()
}

// draftEdit is one change an editor might type into a page, as a
// function of its current source.
type draftEdit struct {
	name string
	edit func(src string, r *rand.Rand) string
}

var draftEdits = []draftEdit{
	{"change a phone number", func(src string, r *rand.Rand) string {
		return strings.Replace(src, "116 006", fmt.Sprintf("116 %03d", r.IntN(1000)), 1)
	}},
	{"add a broken link", func(src string, _ *rand.Rand) string {
		return src + "\nVaata [seda](/et/pole-olemas/) ja [ankrut](#puudub).\n"
	}},
	{"add a link to another page", func(src string, _ *rand.Rand) string {
		return src + "\nVaata [kriisiabi](/et/kriisiabi/#kuidas-me-aitame) ja [lehte](kontaktid.md).\n"
	}},
	{"drop covers", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "covers", "") }},
	{"claim another requirement", func(src string, _ *rand.Rand) string {
		return testutil.SetKey(src, "covers", "[helpline, free-of-charge]")
	}},
	{"unknown covers id", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "covers", "[helplin]") }},
	{"old review date", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "reviewed", "2019-01-01") }},
	{"no review date", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "reviewed", "") }},
	{"broken front matter", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "weight", "[1, 2") }},
	{"unknown key", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "titel", "x") }},
	{"draft", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "draft", "true") }},
	{"scheduled", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "publish", "2027-01-01") }},
	{"slug taken by another page", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "slug", "kriisiabi") }},
	{"alias", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "aliases", "[/et/vana-aadress/]") }},
	{"translation key of another page", func(src string, _ *rand.Rand) string {
		return testutil.SetKey(src, "translation_key", "kriisiabi")
	}},
	{"retitle", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "title", "Uus pealkiri") }},
	{"third-party image", func(src string, _ *rand.Rand) string {
		return src + "\n![logo](https://cdn.example.com/logo.png)\n"
	}},
	{"inaccessible markup", func(src string, _ *rand.Rand) string {
		return src + "\n#### Lisainfo\n\nVaata [siit](/et/kriisiabi/), [here](/et/kriisiabi/), [здесь](/et/kriisiabi/).\n\n|  |  |\n|---|---|\n| a | b |\n"
	}},
	{"figure that differs", func(src string, _ *rand.Rand) string {
		return src + "\nKui sa ei ole rahul Sotsiaalkindlustusameti otsusega, võid esitada vaide 45 päeva jooksul.\n\n" +
			"If you disagree with a decision of the Social Insurance Board, you can file a challenge within 45 days.\n\n" +
			"Если вы не согласны с решением Департамента социального страхования, вы можете подать возражение в течение 45 дней.\n"
	}},
	{"empty title", func(src string, _ *rand.Rand) string { return testutil.SetKey(src, "title", `""`) }},
	{"no front matter", func(src string, _ *rand.Rand) string { return "Lihtsalt tekst.\n" }},
}

// TestDraftEqualsSavedPage checks the draft API's promise: for an edit
// of one page, or a new page, the draft's diagnostics are exactly those
// haven check gives for that file once the edit is saved, and its theme
// page is the page the saved site renders.
func TestDraftEqualsSavedPage(t *testing.T) {
	dir := testutil.CopySample(t)
	base, _ := checked(t, dir)
	var files []string
	for _, p := range base.Pages {
		files = append(files, p.File)
	}
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{} // diagnostic codes the drafts got
	for _, e := range draftEdits {
		for range 2 {
			file := files[r.IntN(len(files))]
			orig, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			t.Run(fmt.Sprintf("%s/%s", e.name, file), func(t *testing.T) {
				for _, code := range draftAgainstSaved(t, base, dir, file, e.edit(string(orig), r)) {
					seen[code] = true
				}
			})
			if err := os.WriteFile(filepath.Join(dir, file), orig, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A page after oigusabi.md that gives another deadline for a challenge.
	t.Run("deadline that disagrees", func(t *testing.T) {
		file := "content/et/vaimse-tervise-abi.md"
		orig, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(draftEdits, func(e draftEdit) bool { return e.name == "figure that differs" })
		for _, code := range draftAgainstSaved(t, base, dir, file, draftEdits[i].edit(string(orig), r)) {
			seen[code] = true
		}
		if err := os.WriteFile(filepath.Join(dir, file), orig, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	newFile := "content/ru/novaya-stranitsa.md"
	t.Run("new page", func(t *testing.T) {
		draftAgainstSaved(t, base, dir, newFile, "---\ntitle: Новая\ncovers: [helpline]\n---\nЗвоните [116 006](tel:116006) или [сюда](/ru/net/).\n")
	})
	os.Remove(filepath.Join(dir, newFile))
	t.Run("new translation", func(t *testing.T) {
		draftAgainstSaved(t, base, dir, "content/ru/kriisiabi.md", "---\ntitle: Кризисная помощь\nreviewed: 2020-01-01\n---\nЗвоните 5555 0000.\n")
	})
	// The edits must reach every kind of check, or equal lists prove little.
	for _, code := range []string{"frontmatter.unknown-key", "frontmatter.missing", "check.unknown-covers", "check.link-missing",
		"check.link-anchor", "url.duplicate", "origin.third-party", "translation.drift", "check.translation-outdated",
		"authoring.heading-skip", "authoring.link-text", "authoring.table-header", "facts.differs", "facts.inconsistent"} {
		if !seen[code] {
			t.Errorf("no draft got a %s diagnostic; the edits do not test that check", code)
		}
	}
}

// draftAgainstSaved compares the draft of file holding src on base with
// a fresh build of the site at dir with src saved there, and returns the
// codes of the draft's diagnostics.
func draftAgainstSaved(t *testing.T, base *Loaded, dir, file, src string) (codes []string) {
	t.Helper()
	d, err := base.Draft(file, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, path.Dir(file)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	saved, _ := checked(t, dir)
	_, all := buildMemory(t, dir, Options{}) // the build adds the third-party check of rendered pages
	var want []diag.Diagnostic
	shared := false // another page has the draft's URL: the saved site shows one of the two
	for _, x := range all {
		if x.File == file {
			want = append(want, x)
		}
		shared = shared || x.Code == "url.duplicate" && (x.File == file || x.Related == file || strings.HasPrefix(x.Related, file+":"))
	}
	for _, x := range d.Diagnostics {
		codes = append(codes, x.Code)
	}
	if got := diagLines(d.Diagnostics); got != diagLines(want) {
		t.Errorf("draft diagnostics:\n%s\nsaved file's:\n%s", got, diagLines(want))
	}
	// The draft judges only its own page and pools it with the Run's
	// verdicts of the others: its cells are those of the saved site.
	for _, c := range d.Coverage {
		for lang, lc := range c.Languages {
			got, want := cellLines(lc), ""
			for _, sc := range saved.Report.Coverage {
				if sc.ID == c.ID && sc.Languages[lang] != nil {
					want = cellLines(sc.Languages[lang])
				}
			}
			if got != want {
				t.Errorf("draft cell %s (%s):\n%s\nsaved site's:\n%s", c.ID, lang, got, want)
			}
		}
	}
	if d.Page == nil || !d.Page.InBuild || shared {
		if d.HTML != nil && !shared {
			t.Error("a page out of the build has a rendered draft")
		}
		return codes
	}
	html, ok, err := saved.OnDemand().Render(OutputPath(d.Page.URL))
	if err != nil || !ok {
		if d.HTML != nil && err == nil {
			t.Errorf("saved site has no page %s (%v), the draft has", d.Page.URL, err)
		}
		return codes
	}
	if string(html) != string(d.HTML) {
		t.Errorf("draft page differs from the saved page %s", d.Page.URL)
	}
	return codes
}

// cellLines is a coverage cell as text: status, pages, what is missing
// and each page's evidence and lacks.
func cellLines(lc *check.LanguageCoverage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %v missing %q notes %q\n", lc.Status, lc.Pages, lc.Missing, lc.Notes)
	for _, e := range lc.Evidence {
		fmt.Fprintf(&b, "  %s found %v lacks %v\n", e.File, e.Found, e.Lacks)
	}
	return b.String()
}

func diagLines(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintln(&b, d.String())
	}
	return b.String()
}

// TestRenderErrorLines checks that a page the Markdown renderer refuses
// is reported at the line where the limit was reached, with its fix.
func TestRenderErrorLines(t *testing.T) {
	md := newRenderer(config.Default(), nil)
	for name, tc := range map[string]struct {
		body     string
		wantLine int
	}{
		"nesting": {strings.Repeat("\n", 4) + strings.Repeat(">", 70) + " x\n", 10 + 4},
		"inline":  {"Tere.\n\n" + strings.Repeat("*a_ ", 200000) + "\n", 10 + 2},
	} {
		t.Run(name, func(t *testing.T) {
			var diags diag.List
			renderBody(md, &content.Page{File: "content/et/x.md", Body: []byte(tc.body), BodyLine: 10}, false, &diags)
			ds := diags.Items()
			if len(ds) != 1 || ds[0].Line != tc.wantLine || ds[0].Hint == "" {
				t.Fatalf("diagnostics %v, want one at line %d with a hint", ds, tc.wantLine)
			}
		})
	}
}

// TestOutputRelated checks the draft's comparison of output names made
// of two parts against the names made whole, for names equal, in each
// other's folders, and merely sharing a prefix.
func TestOutputRelated(t *testing.T) {
	names := []string{"", "et", "et/", "et/abi", "et/abi/", "et/abi/index.html", "et/abi/index.html/x", "et/abiline/index.html",
		"et/abi/kontakt/index.html", "et/index.html", "en/abi/index.html", "et/ab"}
	related := 0
	for _, m := range names {
		for _, name := range names {
			want := m == name || strings.HasPrefix(m, name+"/") || strings.HasPrefix(name, m+"/")
			for i := range len(name) + 1 {
				if got := outputRelated(m, name[:i], name[i:]); got != want {
					t.Errorf("outputRelated(%q, %q, %q) = %v, want %v", m, name[:i], name[i:], got, want)
				}
			}
			if want {
				related++
			}
		}
	}
	if related <= len(names) {
		t.Errorf("only %d related pairs: the names test little", related)
	}
}

// TestDraftSharedCell checks drafts of pages that share a coverage cell
// with others (helpline-116006 in Estonian is claimed by abi-kohe.md and
// abi-lihtsas-keeles.md): evidence taken away from the page that had it
// first, evidence added to the other or moved on it, a third page joining
// the cell and the first leaving it.
// Each draft's cell must be the saved site's, and differ from the cell
// before the edit, or the edit tests nothing.
func TestDraftSharedCell(t *testing.T) {
	dir := testutil.CopySample(t)
	base, _ := checked(t, dir)
	dropLines := func(words ...string) func(string) string {
		return func(src string) string {
			var keep []string
			for _, l := range strings.SplitAfter(src, "\n") {
				if !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(l, w) }) {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "")
		}
	}
	addText := func(text string) func(string) string {
		return func(src string) string { return src + "\n" + text + "\n" }
	}
	for _, tc := range []struct {
		name, file string
		edit       func(string) string
	}{
		{"first evidence taken away", "content/et/abi-kohe.md", dropLines("tasuta", "anonüümse", "ööpäev", "nime")},
		{"the number taken away", "content/et/abi-kohe.md", dropLines("116")},
		{"evidence added to the second page", "content/et/abi-lihtsas-keeles.md", func(src string) string {
			return strings.Replace(src, "\n## ", "\nKõne on tasuta. Telefon vastab ööpäevaringselt.\n\n## ", 1)
		}},
		{"the second page's number moved", "content/et/abi-lihtsas-keeles.md", func(src string) string {
			return addText("Ohvriabi kriisitelefon on 116 006.")(dropLines("116")(src))
		}},
		{"second page's evidence taken away", "content/et/abi-lihtsas-keeles.md", dropLines("116", "tasuta")},
		{"a third page joins", "content/et/ohvriabi.md", func(src string) string {
			src = testutil.SetKey(src, "covers", "[victim-support-service, helpline-116006]")
			return src + "\nHelista ohvriabi kriisitelefonil 116 006. Kõne on tasuta.\n"
		}},
		{"leaves the cell", "content/et/abi-kohe.md", func(src string) string { return testutil.SetKey(src, "covers", "") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(filepath.Join(dir, tc.file), orig, 0o644)
			d, err := base.Draft(tc.file, []byte(tc.edit(string(orig))))
			if err != nil {
				t.Fatal(err)
			}
			if got, was := helplineCell(t, d.Coverage), helplineCell(t, base.Report.Coverage); got == was {
				t.Errorf("the edit leaves the cell as it was:\n%s", got)
			}
			draftAgainstSaved(t, base, dir, tc.file, tc.edit(string(orig)))
		})
	}
}

// helplineCell is the Estonian cell of helpline-116006 among cov as text.
func helplineCell(t *testing.T, cov []*check.Coverage) string {
	t.Helper()
	for _, c := range cov {
		if c.ID == "helpline-116006" && c.Languages["et"] != nil {
			return cellLines(c.Languages["et"])
		}
	}
	t.Fatal("no Estonian cell of helpline-116006")
	return ""
}
