package check

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
)

// The codes of the facts checks.
const (
	// CodeFactDiffers is a figure a page writes out that differs from the
	// fact of content/_data/facts.yaml its sentence states.
	CodeFactDiffers = "facts.differs"
	// CodeFactOverdue is a fact past its renewal day.
	CodeFactOverdue = "facts.overdue"
)

// concern is a diagnostic with the pages it concerns, for the coverage
// cells those pages serve.
type concern struct {
	files []string
	d     diag.Diagnostic
}

// factChecks reports the figures published pages write out that differ
// from the registry, and the facts past their renewal day; it returns the
// overdue warnings with the pages that show or state those facts.
func factChecks(in *Input, diags *diag.List) []concern {
	users := map[string][]string{} // fact id → files that show or state it
	use := func(id, file string) {
		if !slices.Contains(users[id], file) {
			users[id] = append(users[id], file)
		}
	}
	for _, p := range in.Pages {
		if !p.InBuild || p.Doc == nil {
			continue
		}
		for _, r := range p.Doc.Facts {
			if r.Known {
				use(r.ID, p.File)
			}
		}
		for _, f := range drift.PageFacts(p) {
			for _, fact := range in.Facts {
				if !states(fact, p.Lang, f) {
					continue
				}
				use(fact.ID, p.File)
				if _, v := fact.Normal(); v != f.Value {
					diags.Add(differs(p, f, fact))
				}
			}
		}
	}
	var out []concern
	for _, f := range in.Facts {
		if !f.Overdue(in.Today) {
			continue
		}
		d := diag.Diagnostic{File: content.FactsFile, Line: f.Line, Severity: diag.Warning, Code: CodeFactOverdue, Field: "renew",
			Message: fmt.Sprintf("fact %s (%s as of %s) was due to be checked again on %s (renew: %s)",
				f.ID, f.Text("en"), f.AsOf.Format(content.DateLayout), f.Due.Format(content.DateLayout), f.Renew),
			Hint: "check the value at its source (" + f.Source + "), then update value and as_of"}
		diags.Add(d)
		out = append(out, concern{users[f.ID], d})
	}
	return out
}

// differs is the warning that page p writes f where fact says otherwise.
func differs(p *model.Page, f model.Fact, fact content.Fact) diag.Diagnostic {
	return diag.Diagnostic{File: p.File, Line: f.Line, Severity: diag.Warning, Code: CodeFactDiffers,
		Message: fmt.Sprintf("%s:%d has %s where %s says %s is %s (as of %s, %s)", strings.TrimPrefix(p.File, content.Dir+"/"), f.Line, f.Text, content.FactsFile, fact.ID,
			fact.Text(p.Lang), fact.AsOf.Format(content.DateLayout), fact.Source),
		Hint:    fmt.Sprintf("write {{fact %s}} instead of the figure, so the page shows the current value", fact.ID),
		Related: content.FactsFile + ":" + strconv.Itoa(fact.Line)}
}

// states reports whether page fact f, in a page in lang, states fact: the
// same kind (and for a duration the same unit), in a sentence with one of
// fact's words for lang.
func states(fact content.Fact, lang string, f model.Fact) bool {
	kind, v := fact.Normal()
	if kind != f.Kind || f.Context == "" || len(fact.Words[lang]) == 0 {
		return false
	}
	if kind == drift.KindDuration && strings.TrimLeft(v, "0123456789.") != strings.TrimLeft(f.Value, "0123456789.") {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(f.Context), func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, stem := range fact.Words[lang] {
			if strings.HasPrefix(w, strings.ToLower(stem)) {
				return true
			}
		}
	}
	return false
}
