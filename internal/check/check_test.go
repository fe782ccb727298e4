package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// today is the day every fixture is checked on.
var today = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// loadArchive builds an Input from a txtar file: haven.yaml and rules.yaml
// at its root (testdata/rules.yaml when absent) and pages under content/.
// Load diagnostics go into in.Diagnostics.
func loadArchive(t *testing.T, file string) (*Input, *txtar.Archive) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	if _, ok := fsys[legal.FileName]; !ok {
		src, err := os.ReadFile("testdata/rules.yaml")
		if err != nil {
			t.Fatal(err)
		}
		fsys[legal.FileName] = &fstest.MapFile{Data: src}
	}
	var diags diag.List
	in := &Input{Config: config.Load(fsys, &diags), Rules: legal.Load(fsys, &diags), Today: today}
	if _, ok := fsys[config.FileName]; !ok {
		in.Config.Languages = []config.Language{{Code: "et", Name: "Eesti keeles"}, {Code: "en", Name: "In English"}}
	}
	md := markdown.New(markdown.NoHTML)
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, content.Dir+"/") {
			continue
		}
		in.Pages = append(in.Pages, render(t, md, f.Name, f.Data, &diags))
	}
	in.Diagnostics = diags.Items()
	return in, ar
}

func render(t *testing.T, md *markdown.Renderer, file string, src []byte, diags *diag.List) *model.Page {
	t.Helper()
	p := content.Parse(file, src, diags)
	if p == nil {
		t.Fatalf("%s does not parse", file)
	}
	doc, err := md.Render(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	mp := model.New(p, today, false)
	mp.SetDoc(doc)
	return mp
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

// TestStatus checks the exact coverage of requirement "helpline" on one
// fixture site per status.
func TestStatus(t *testing.T) {
	files, _ := filepath.Glob("testdata/status/*.txtar")
	if len(files) < 7 {
		t.Fatalf("found %d status fixtures, want at least 7", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			in, ar := loadArchive(t, file)
			r := Run(in)
			var got []string
			for _, c := range r.Coverage {
				if c.ID != "helpline" {
					continue
				}
				for _, l := range r.Languages {
					got = append(got, fmt.Sprintf("helpline %s %s", l, c.Languages[l].Status))
				}
			}
			want := strings.Fields(strings.ReplaceAll(strings.TrimSpace(section(ar, "want")), "\n", " | "))
			if g, w := strings.Join(got, " | "), strings.Join(want, " "); g != w {
				var b bytes.Buffer
				_ = r.WriteText(&b)
				t.Errorf("matrix\n got: %s\nwant: %s\n\n%s", g, w, b.String())
			}
		})
	}
}

// TestStatusDetails pins what the weak, stale and unpublished cells say.
func TestStatusDetails(t *testing.T) {
	tests := []struct {
		fixture string
		field   string // missing or notes
		want    string
	}{
		{"weak", "missing", "Lisa lause, et abi on tasuta."},
		{"stale", "missing", "a review: last reviewed 2025-06-01, due every 6 months (by 2025-12-01)"},
		{"stale-unreviewed", "missing", "reviewed date on content/et/abi.md"},
		{"draft-only", "notes", "content/et/abi.md claims it but is not published (draft)"},
		{"expired-only", "notes", "content/et/abi.md claims it but is not published (expired on 2026-02-01)"},
		{"future-only", "notes", "content/et/abi.md claims it but is not published (scheduled for 2026-06-01)"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			in, _ := loadArchive(t, "testdata/status/"+tt.fixture+".txtar")
			r := Run(in)
			lc := r.Coverage[0].Languages["et"]
			list := lc.Missing
			if tt.field == "notes" {
				list = lc.Notes
			}
			if !slices.Contains(list, tt.want) {
				t.Errorf("%s = %q, want it to contain %q", tt.field, list, tt.want)
			}
		})
	}
}

// TestGolden writes the site fixture's report in all four formats and
// compares with testdata/golden; -update rewrites them.
func TestGolden(t *testing.T) {
	in, _ := loadArchive(t, "testdata/site.txtar")
	r := Run(in)
	formats := []struct {
		ext   string
		write func(*bytes.Buffer) error
	}{
		{"txt", func(b *bytes.Buffer) error { return r.WriteText(b) }},
		{"json", func(b *bytes.Buffer) error { return r.WriteJSON(b) }},
		{"html", func(b *bytes.Buffer) error { return r.WriteHTML(b) }},
		{"xml", func(b *bytes.Buffer) error { return r.WriteJUnit(b) }},
	}
	for _, f := range formats {
		t.Run(f.ext, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "site."+f.ext)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file; run go test ./internal/check -run TestGolden -update and review the diff\n%s", golden, firstDiff(b.String(), string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestSiteFindings pins the site fixture's diagnostics by position and
// code, independent of the golden files.
func TestSiteFindings(t *testing.T) {
	in, _ := loadArchive(t, "testdata/site.txtar")
	r := Run(in)
	var got []string
	for _, d := range r.Diagnostics {
		got = append(got, fmt.Sprintf("%s %s %s", d.Position(), d.Severity, d.Code))
	}
	want := []string{
		"content/en warning check.missing-page",
		"content/en/abi.md:5 warning check.translation-outdated",
		"content/en/dates.md:1 warning check.no-source",
		"content/en/dates.md:1 warning check.page-dates",
		"content/et/abi.md:3:20 error check.unknown-covers",
		"content/et/abi.md:13:14 error check.link-unpublished",
		"content/et/abi.md:13:51 error check.link-anchor",
		"content/et/abi.md:15:20 warning check.link-alias",
		"content/et/abi.md:15:49 error check.link-missing",
		"content/et/huvitis.md:1 warning check.untranslated",
		"content/et/huvitis.md:10:17 error check.conditional",
		"content/et/huvitis.md:10:37 error check.must-not-match",
		"content/et/huvitis.md:12:17 error check.not-yet",
		"content/et/ligipaasetavus.md:1 warning check.untranslated",
	}
	if len(got) != len(want)+1 { // two page-dates warnings: publish and reviewed
		t.Errorf("got %d diagnostics, want %d", len(got), len(want)+1)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing diagnostic %q", w)
		}
	}
	if t.Failed() {
		t.Logf("got:\n%s", strings.Join(got, "\n"))
	}
	if !r.Failed(false) {
		t.Error("Failed(false) = false with errors")
	}
	gaps := r.Gaps(legal.Must)
	if !slices.ContainsFunc(gaps, func(g Gap) bool { return g.String() == "accessibility-statement (en): missing" }) {
		t.Errorf("Gaps(must) = %v, want accessibility-statement (en): missing", gaps)
	}
}

// TestSchema validates the JSON report against docs/schema/check.schema.json.
func TestSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/schema/check.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/site.txtar", "testdata/status/covered.txtar", "testdata/status/missing.txtar"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			in, _ := loadArchive(t, file)
			var b bytes.Buffer
			if err := Run(in).WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(&b)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("report does not match the schema: %v", err)
			}
		})
	}
	// The schema must reject what the issue forbids.
	bad := map[string]string{
		"unknown status":   `{"version":1,"summary":{"pages":0,"errors":0,"warnings":0},"diagnostics":[],"coverage":[{"requirement":"a","level":"must","languages":{"et":{"status":"fine","pages":[]}}}]}`,
		"extra top field":  `{"version":1,"summary":{"pages":0,"errors":0,"warnings":0},"diagnostics":[],"coverage":[],"x":1}`,
		"bad severity":     `{"version":1,"summary":{"pages":0,"errors":0,"warnings":0},"diagnostics":[{"file":"a","line":1,"column":0,"severity":"info","code":"a.b","message":"m"}],"coverage":[]}`,
		"bad review date":  `{"version":1,"summary":{"pages":0,"errors":0,"warnings":0},"diagnostics":[],"coverage":[{"requirement":"a","level":"must","languages":{"et":{"status":"covered","pages":[],"reviewed":"1.1.2026"}}}]}`,
		"version 2 report": `{"version":2,"summary":{"pages":0,"errors":0,"warnings":0},"diagnostics":[],"coverage":[]}`,
	}
	for name, src := range bad {
		t.Run(name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(src), &v); err != nil {
				t.Fatal(err)
			}
			if sch.Validate(v) == nil {
				t.Error("schema accepted an invalid report")
			}
		})
	}
}

// TestDefaultRulebookSample runs the embedded default rulebook over the
// sample site in content/ at the repository root when it is there, to
// catch patterns that panic or misbehave on real text. It asserts no
// coverage, since the sample site is written elsewhere.
func TestDefaultRulebookSample(t *testing.T) {
	root := "../.."
	if _, err := os.Stat(filepath.Join(root, "content")); err != nil {
		t.Skip("no sample site")
	}
	var diags diag.List
	fsys := os.DirFS(root)
	cfg := config.Load(fsys, &diags)
	site := content.Load(fsys, content.Options{Languages: cfg.LanguageCodes()}, &diags)
	md := markdown.New(markdown.NoHTML)
	in := &Input{Config: cfg, Rules: legal.Default(), Today: today}
	for _, p := range site.Pages {
		doc, err := md.Render(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		mp := model.New(p, today, false)
		mp.SetDoc(doc)
		in.Pages = append(in.Pages, mp)
	}
	r := Run(in)
	if len(r.Coverage) != len(in.Rules.Requirements) {
		t.Errorf("coverage has %d rows, want %d", len(r.Coverage), len(in.Rules.Requirements))
	}
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	t.Log(b.String())
}

// TestStrictNoContacts checks that a site without help contacts passes
// haven check with a warning and fails haven check --strict, whose report
// lists the warning as an error.
func TestStrictNoContacts(t *testing.T) {
	other := diag.Diagnostic{File: "content/et/a.md", Severity: diag.Warning, Code: "check.stale", Message: "old"}
	r := &Report{Rules: &legal.Rulebook{}, Languages: []string{"et"}, Diagnostics: []diag.Diagnostic{other}, Warnings: 1}
	if r.Failed(true) || r.Strict().Errors != 0 {
		t.Fatal("--strict fails on an ordinary warning")
	}
	r.Diagnostics = append(r.Diagnostics, diag.Diagnostic{File: content.ContactsFile, Severity: diag.Warning, Code: content.CodeContactsMissing, Message: "no help contacts"})
	r.Warnings++
	if r.Failed(false) {
		t.Error("without --strict, missing contacts fail the check")
	}
	if !r.Failed(true) {
		t.Error("with --strict, missing contacts do not fail the check")
	}
	s := r.Strict()
	if s.Errors != r.Errors+1 || s.Warnings != r.Warnings-1 {
		t.Errorf("strict report: %d errors, %d warnings; want %d, %d", s.Errors, s.Warnings, r.Errors+1, r.Warnings-1)
	}
	sev := func(r *Report) diag.Severity {
		for _, d := range r.Diagnostics {
			if d.Code == content.CodeContactsMissing {
				return d.Severity
			}
		}
		t.Fatal("no data.contacts-missing diagnostic")
		return 0
	}
	if sev(s) != diag.Error || sev(r) != diag.Warning {
		t.Errorf("data.contacts-missing is %s in the strict report and %s in the report; want error and warning", sev(s), sev(r))
	}
	var b bytes.Buffer
	if err := s.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), content.ContactsFile+": error: no help contacts") {
		t.Errorf("strict text report does not list the error:\n%s", b.String())
	}
}

// TestBasis checks that a site-wide message cites every legal basis entry
// of its rule, each unverified one marked with its certainty.
func TestBasis(t *testing.T) {
	q := &legal.Requirement{LegalBasis: []legal.Basis{
		{Text: "AvTS § 32 lg 1 p 4", Verification: legal.Primary},
		{Text: "OAS § ?", Verification: legal.Inferred},
	}}
	if got, want := basis(q), " (AvTS § 32 lg 1 p 4; OAS § ? [inferred])"; got != want {
		t.Errorf("basis = %q, want %q", got, want)
	}
	dates := legal.Default().Requirement("page-dates-and-currency")
	if got := basis(dates); !strings.HasPrefix(got, " (AvTS § 32 lg 1 p 4 ") {
		t.Errorf("page-dates-and-currency cites %q first, want the dating duty, AvTS § 32 lg 1 p 4", got)
	}
}

// TestCompactReportIsTheReport checks that the compact report, whose
// cells are written by hand and joined, is the indented report (plain
// encoding/json) without its whitespace, byte for byte: on a real run,
// and with every field of a cell set, empty lists and nils, and strings
// that need escaping.
func TestCompactReportIsTheReport(t *testing.T) {
	in, _ := loadArchive(t, "testdata/site.txtar")
	r := Run(in)
	if len(r.Coverage) < 2 || len(r.Coverage[0].Languages) == 0 {
		t.Fatal("the fixture's report has too little coverage to test the join")
	}
	same := func(what string) {
		t.Helper()
		var indented, want bytes.Buffer
		if err := r.WriteJSON(&indented); err != nil {
			t.Fatal(err)
		}
		compact, err := r.CompactJSON("")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&want, indented.Bytes()); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if string(compact) != want.String() {
			t.Errorf("%s: compact report\n%s\nwant\n%s", what, compact, want.String())
		}
		withSchema, err := r.CompactJSON("/schema.json")
		if err != nil {
			t.Fatal(err)
		}
		if string(withSchema) != `{"$schema":"/schema.json",`+want.String()[1:] {
			t.Errorf("%s: compact report with a schema\n%s\nwant $schema first in\n%s", what, withSchema, want.String())
		}
	}
	same("the fixture")
	odd := "a \"quote\", a \\ and <b>&</b>, \n\r\t\b\f\x01\x1f, \u2028\u2029, bad \xff\xfe UTF-8, Ä ж €"
	r.Coverage = append(r.Coverage,
		&Coverage{ID: "pending-" + odd, Level: "must", Pending: true},
		&Coverage{ID: "nil-languages", Level: "should"},
		&Coverage{ID: "full", Level: "must", Languages: map[string]*LanguageCoverage{
			"et": {Status: Weak, Level: "must", Pages: []string{"a.md", odd}, Reviewed: "2026-01-02", Missing: []string{odd},
				Notes: []string{"n"}, Owners: []string{"o", odd},
				Evidence: []PageEvidence{
					{File: "a.md", URL: "/et/a/", Title: odd, Owner: "x", Found: []Found{{What: "i", Match: odd, Line: 3}, {What: "j", Match: ""}},
						Lacks: []Lack{{Item: "k", Say: odd, Should: true}, {Item: "l", Say: "s"}}},
					{File: "b.md", Found: []Found{}},
					{File: "c.md"},
				},
				Findings: []Finding{{Code: "c", Position: "a.md:1", Related: odd, Message: odd}},
				Decision: &CellDecision{Date: "2026-01-01", Stale: true}},
			"en": {Status: Missing, Level: "should"},
			"ru": nil,
			odd:  {Status: Covered, Pages: []string{}, Missing: []string{}, Evidence: []PageEvidence{}},
		}})
	same("every field")
}
