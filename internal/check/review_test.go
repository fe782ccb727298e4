package check

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/haven-cms/haven/internal/signoff"
)

// TestDecisions checks that the report shows the decision that holds
// for a cell (the last one), marks it stale when the cell's pages hash
// differently from the decision's record, warns about decisions on cells
// it lacks, names the content revision, and that the JSON still matches
// docs/schema/check.schema.json.
func TestDecisions(t *testing.T) {
	in, _ := loadArchive(t, "testdata/site.txtar")
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	decide := func(cell, decision, pages string, line int) signoff.Decision {
		req, lang, _ := strings.Cut(cell, "/")
		return signoff.Decision{Requirement: req, Language: lang, Decision: decision, Reason: "r", By: "Mari", Date: day, Revision: "git:abc", Pages: pages, Line: line}
	}
	hash := func(files []string) string { return "sha256:" + strings.Join(files, ",") }
	in.Review = &Review{
		Revision: Revision{ID: "sha256:00ff", Kind: "content", Git: "abc", Dirty: true},
		Decisions: []signoff.Decision{
			decide("helpline/et", signoff.Overrule, "sha256:old", 2),
			decide("helpline/et", signoff.Accept, "sha256:content/et/abi.md", 10),
			decide("helpline/en", signoff.Accept, "sha256:old", 18),
			decide("nope/et", signoff.Accept, "sha256:", 26),
		},
		Hash: hash,
	}
	r := Run(in)
	cells := map[string]*CellDecision{}
	for _, c := range r.Coverage {
		for lang, lc := range c.Languages {
			if lc.Decision != nil {
				cells[c.ID+"/"+lang] = lc.Decision
			}
		}
	}
	if d := cells["helpline/et"]; d == nil || d.Decision.Decision != signoff.Accept || d.Stale || d.Date != "2026-11-25" {
		t.Errorf("helpline/et: got %+v, want the later accept, not stale", d)
	}
	if d := cells["helpline/en"]; d == nil || !d.Stale {
		t.Errorf("helpline/en: got %+v, want a stale decision", d)
	}
	var codes []string
	for _, d := range r.Diagnostics {
		if d.File == signoff.File {
			codes = append(codes, d.Position()+" "+d.Code)
		}
	}
	if want := []string{"signoff.yaml:18 signoff.stale", "signoff.yaml:26 signoff.unknown-cell"}; !slices.Equal(codes, want) {
		t.Errorf("sign-off diagnostics: got %v, want %v", codes, want)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"content revision: content sha256:00ff (git work tree with uncommitted changes on abc)",
		"helpline (en): accept by Mari on 2026-11-25 for git:abc (stale: the pages changed after it): r",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var html bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "Content revision: <code>sha256:00ff</code>") || !strings.Contains(html.String(), "<strong>stale</strong>: the pages changed after it") {
		t.Error("HTML report lacks the revision or the stale decision")
	}
	sch, err := jsonschema.NewCompiler().Compile("../../docs/schema/check.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("report with decisions does not match the schema: %v", err)
	}
}
