package legal

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
)

// TestDefault parses the embedded rulebook: no diagnostics, every
// requirement typed, and the counts by level the README quotes.
func TestDefault(t *testing.T) {
	var diags diag.List
	r := Parse(DefaultFile, defaultRules, &diags)
	if diags.Len() > 0 {
		var b strings.Builder
		_ = diags.WriteText(&b)
		t.Fatalf("embedded rulebook has problems:\n%s", b.String())
	}
	levels := map[Level]int{}
	for _, q := range r.Requirements {
		levels[q.Level]++
		if len(q.LegalBasis) == 0 || q.ReviewMonths == 0 || len(q.AppliesTo) == 0 || q.Title["en"] == "" {
			t.Errorf("%s: incomplete: %+v", q.ID, q)
		}
	}
	if got := fmt.Sprintf("%d requirements: %d must, %d should", len(r.Requirements), levels[Must], levels[Should]); got != "23 requirements: 19 must, 4 should" {
		t.Errorf("default rulebook: %s", got)
	}
	q := r.Requirement("womens-helpline-116016")
	if q == nil || q.Status != Pending || q.ConditionNumber != "116016" || len(q.Evidence.MustNotMatchUntilCondition) != 1 {
		t.Fatalf("womens-helpline-116016 = %+v", q)
	}
	if q.Active(func(string) bool { return false }) || !q.Active(func(n string) bool { return n == "116016" }) {
		t.Error("Active ignores the condition")
	}
	a := r.Requirement("accessibility-statement")
	if a.LevelIn("et") != Must || a.LevelIn("ru") != Should || a.SiteWide() {
		t.Errorf("accessibility-statement: et %s, ru %s, site-wide %v", a.LevelIn("et"), a.LevelIn("ru"), a.SiteWide())
	}
	if !r.Requirement("page-dates-and-currency").SiteWide() || !r.Requirement("language-versions").HasSiteCheck(SiteCheckTranslate) {
		t.Error("site-wide requirements not recognised")
	}
	if u := r.Requirement("helpline-116006").LegalBasis[0].URL; u != "https://eur-lex.europa.eu/eli/dir/2012/29/oj" {
		t.Errorf("legal basis link = %q", u)
	}
	if !slices.Equal(r.IDs()[:2], []string{"helpline-116006", "victim-support-service"}) {
		t.Errorf("IDs() = %v", r.IDs()[:2])
	}
}

// TestParseErrors checks that each malformed rulebook is reported at the
// right line with the right code.
func TestParseErrors(t *testing.T) {
	const head = "requirements:\n"
	tests := []struct {
		name string
		src  string
		want []string // "line code"
	}{
		{"bad regexp", head + "  - id: a\n    level: must\n    evidence:\n      items:\n        - id: l\n          say: {et: e, ru: r, en: e}\n          link: '(?<=x)y'\n", []string{"8 rules.pattern"}},
		{"format 0.3 key", head + "  - id: a\n    level: must\n    evidence:\n      patterns_all: ['x']\n", []string{"5 rules.format"}},
		{"bad phrase", head + "  - id: a\n    level: must\n    evidence:\n      items:\n        - id: x\n          say: {et: e, ru: r, en: e}\n          match: {any: ['a*']}\n", []string{"8 rules.phrase"}},
		{"unknown concept", head + "  - id: a\n    level: must\n    evidence:\n      items:\n        - id: x\n          concept: fre\n", []string{"7 rules.concept"}},
		{"no say", head + "  - id: a\n    level: must\n    applies_to: [et]\n    evidence:\n      items:\n        - id: x\n          match: {et: ['x']}\n", []string{"7 rules.item"}},
		{"duplicate item", head + "  - id: a\n    level: must\n    applies_to: [et]\n    evidence:\n      items:\n        - {id: x, say: {et: s}, match: {et: [x]}}\n        - {id: x, say: {et: s}, match: {et: [y]}}\n", []string{"8 rules.duplicate-id"}},
		{"unknown top key", "requirement:\n  - id: a\n", []string{"1 rules.unknown-key"}},
		{"unknown requirement key", head + "  - id: a\n    level: must\n    lvel: should\n", []string{"4 rules.unknown-key"}},
		{"unknown evidence key", head + "  - id: a\n    level: must\n    evidence:\n      patterns_everything: ['x']\n", []string{"5 rules.unknown-key"}},
		{"duplicate id", head + "  - id: a\n    level: must\n  - id: b\n    level: must\n  - id: a\n    level: should\n", []string{"6 rules.duplicate-id"}},
		{"wrong type", head + "  - id: a\n    level: must\n    review_months: soon\n", []string{"4 rules.type"}},
		{"list expected", head + "  - id: a\n    level: must\n    applies_to: et\n", []string{"4 rules.type"}},
		{"bad level", head + "  - id: a\n    level: could\n", []string{"3 rules.level"}},
		{"no level", head + "  - id: a\n", []string{"2 rules.level"}},
		{"bad id", head + "  - id: A B\n    level: must\n", []string{"2 rules.id"}},
		{"pending without condition", head + "  - id: a\n    level: should\n    status: pending\n", []string{"4 rules.condition"}},
		{"unknown condition", head + "  - id: a\n    level: should\n    status: pending\n    condition: the moon is full\n", []string{"5 rules.condition"}},
		{"item without id", head + "  - id: a\n    level: must\n    evidence:\n      items:\n        - match: {any: ['x']}\n", []string{"6 rules.id"}},
		{"bad severity", head + "  - id: a\n    level: must\n    evidence:\n      must_not_match:\n        - pattern: x\n          severity: fatal\n", []string{"7 rules.value"}},
		{"yaml syntax", head + "  - id: a\n    level: must\n    notes: [unclosed\n", []string{"4 rules.syntax"}},
		{"duplicate yaml key", head + "  - id: a\n    level: must\n    level: should\n", []string{"4 rules.duplicate-key"}},
		{"remove without extends", "remove: [a]\n" + head, []string{"1 rules.remove"}},
		{"bad source url", "sources:\n  - prefix: X\n    url: http://x\n", []string{"3 rules.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Parse(FileName, []byte(tt.src), &diags)
			var got []string
			for _, d := range diags.Items() {
				if d.File != FileName {
					t.Errorf("diagnostic in %q, want %q", d.File, FileName)
				}
				got = append(got, fmt.Sprintf("%d %s", d.Line, d.Code))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
				for _, d := range diags.Items() {
					t.Log(d)
				}
			}
		})
	}
}

// TestParseErrorColumns checks that problems sit at the key or value
// that causes them, with its column, and that one file reports them all.
func TestParseErrorColumns(t *testing.T) {
	src := "requirements:\n" +
		"  - id: a\n" +
		"    level: must\n" +
		"    notes: \"unclosed\n"
	want := []string{"4:12 rules.syntax"}
	var diags diag.List
	Parse(FileName, []byte(src), &diags)
	check := func(diags *diag.List, want []string) {
		t.Helper()
		var got []string
		for _, d := range diags.Items() {
			got = append(got, fmt.Sprintf("%d:%d %s", d.Line, d.Column, d.Code))
		}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
			for _, d := range diags.Items() {
				t.Log(d)
			}
		}
	}
	check(&diags, want)
	src = "requirements:\n" +
		"  - id: a\n" +
		"    level: must\n" +
		"    lvel: should\n" +
		"    level: should\n" +
		"    applies_to: [et, EN]\n" +
		"    evidence:\n" +
		"      items:\n" +
		"        - {id: x, say: {et: s, ru: s, en: s}, match: {any: ['ok #phone ~ bad*x']}}\n" +
		"  - \n"
	diags = diag.List{}
	Parse(FileName, []byte(src), &diags)
	check(&diags, []string{"4:5 rules.unknown-key", "5:5 rules.duplicate-key", "6:22 rules.language", "9:74 rules.phrase", "10:4 rules.type"})
}

// TestUnknownKeySuggests checks the did-you-mean on a misspelt key.
func TestUnknownKeySuggests(t *testing.T) {
	var diags diag.List
	Parse(FileName, []byte("requirements:\n  - id: a\n    level: must\n    evidence:\n      itms: ['x']\n"), &diags)
	items := diags.Items()
	if len(items) != 1 || !strings.Contains(items[0].String(), "did you mean items?") {
		t.Errorf("got %v", items)
	}
}

// TestLoad covers the three ways a site gets its rulebook.
func TestLoad(t *testing.T) {
	extend := `extends: default
version: site-1
remove: [plain-language]
requirements:
  - id: helpline-116006
    title_en: Our helpline
    level: should
  - id: local-shelter-line
    title_en: Local line
    level: must
    evidence:
      items:
        - {id: free, concept: free}
        - id: number
          say: {et: Kirjuta 1234., ru: Укажите 1234., en: Give 1234.}
          match: {any: ['#1234']}
`
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		version string
		ids     int
		check   func(t *testing.T, r *Rulebook)
	}{
		{"absent", fstest.MapFS{}, "0.4.0", 23, nil},
		{"replace", fstest.MapFS{FileName: {Data: []byte("version: mine\nrequirements:\n  - id: x\n    level: must\n")}}, "mine", 1, nil},
		{"extend", fstest.MapFS{FileName: {Data: []byte(extend)}}, "0.4.0+site-1", 23, func(t *testing.T, r *Rulebook) {
			if r.Requirement("plain-language") != nil {
				t.Error("plain-language not removed")
			}
			if q := r.Requirement("helpline-116006"); q.Level != Should || q.Title["en"] != "Our helpline" || r.IDs()[0] != "helpline-116006" {
				t.Errorf("helpline-116006 not replaced in place: %+v", q)
			}
			if it := r.Requirement("local-shelter-line").Evidence.Items[0]; it.Say["et"] == "" || len(it.Phrases("et")) == 0 {
				t.Errorf("concept free of the default not resolved in the extension: %+v", it)
			}
			if ids := r.IDs(); ids[len(ids)-1] != "local-shelter-line" {
				t.Errorf("new requirement not appended: %v", ids)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			r := Load(tt.fsys, &diags)
			if diags.Len() > 0 {
				t.Fatalf("diagnostics: %v", diags.Items())
			}
			if r.Version != tt.version || len(r.Requirements) != tt.ids {
				t.Errorf("version %q with %d requirements, want %q with %d", r.Version, len(r.Requirements), tt.version, tt.ids)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
	t.Run("remove unknown", func(t *testing.T) {
		var diags diag.List
		Load(fstest.MapFS{FileName: {Data: []byte("extends: default\nremove: [plain-languag]\n")}}, &diags)
		items := diags.Items()
		if len(items) != 1 || items[0].Line != 2 || items[0].Column != 10 || !strings.Contains(items[0].String(), "did you mean plain-language?") {
			t.Errorf("got %v", items)
		}
	})
}

// FuzzParse feeds the parser arbitrary YAML; it must never panic and must
// always return a rulebook.
func FuzzParse(f *testing.F) {
	f.Add(defaultRules)
	seeds, _ := filepath.Glob("testdata/*.yaml")
	for _, s := range seeds {
		src, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("requirements:\n  - &a {id: a, level: must}\n  - *a\n"))
	f.Add([]byte("requirements: [{id: a, level: must, evidence: {items: [{id: x, link: '['}, {id: y, match: {any: ['/']}}]}}]"))
	f.Add([]byte("extends: default\nremove: [x]\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		r := Parse(FileName, src, &diags)
		if r == nil {
			t.Fatal("Parse returned nil")
		}
		for _, q := range r.Requirements {
			if q.ID == "" || (q.Level != Must && q.Level != Should) {
				t.Fatalf("invalid requirement accepted: %+v", q)
			}
		}
	})
}
