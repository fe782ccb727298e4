package check

import (
	"fmt"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/signoff"
)

// Review is what a reviewer's sign-off is tied to: the content revision
// of the run and the decisions of signoff.yaml (package signoff).
type Review struct {
	Revision  Revision
	Decisions []signoff.Decision
	// Hash returns [signoff.PagesHash] of the files as they are now.
	Hash func(files []string) string
}

// Revision names the content a report was made for.
type Revision struct {
	// ID is git:COMMIT when the site is a clean git work tree, else
	// sha256:HASH over the site's content files.
	ID string `json:"id"`
	// Kind is git or content.
	Kind string `json:"kind"`
	// Git is the HEAD commit when the site is a git repository.
	Git string `json:"git,omitempty"`
	// Dirty is true when the work tree has changes the commit lacks.
	Dirty bool `json:"dirty,omitempty"`
}

// String describes the revision for people.
func (r Revision) String() string {
	switch {
	case r.ID == "":
		return "not known"
	case r.Kind == "git":
		return "git commit " + r.Git
	case r.Dirty:
		return "content " + r.ID + " (git work tree with uncommitted changes on " + r.Git + ")"
	case r.Git != "":
		return "content " + r.ID + " (git commit " + r.Git + ")"
	}
	return "content " + r.ID + " (not a git repository)"
}

// CellDecision is the decision that holds for a cell.
type CellDecision struct {
	signoff.Decision
	// Date is the decision's date, YYYY-MM-DD.
	Date string `json:"date"`
	// Stale is true when the cell's pages changed after the decision.
	Stale bool `json:"stale"`
}

// applyDecisions puts each cell's latest decision on it, marking it
// stale when the cell's pages differ from those it was made for, and
// reports decisions on cells the report does not have and stale ones.
func applyDecisions(rv *Review, cov []*Coverage, diags *diag.List) {
	if rv == nil {
		return
	}
	latest := signoff.Latest(rv.Decisions)
	for _, c := range cov {
		for lang, lc := range c.Languages {
			d, ok := latest[c.ID+"/"+lang]
			if !ok {
				continue
			}
			delete(latest, d.Cell())
			cd := &CellDecision{Decision: d, Date: d.Date.Format(content.DateLayout), Stale: rv.Hash(lc.Pages) != d.Pages}
			cp := *lc
			cp.Decision = cd
			c.Languages[lang] = &cp
			if cd.Stale {
				diags.Add(diag.Diagnostic{File: signoff.File, Line: d.Line, Severity: diag.Warning, Code: "signoff.stale",
					Message: fmt.Sprintf("the decision on %s (%s by %s on %s) is stale: the cell's pages changed after it", d.Cell(), d.Decision, d.By, d.Date.Format(content.DateLayout)),
					Hint:    "review the cell again and record a new decision with haven signoff"})
			}
		}
	}
	for _, d := range rv.Decisions {
		if _, ok := latest[d.Cell()]; ok {
			delete(latest, d.Cell())
			diags.Add(diag.Diagnostic{File: signoff.File, Line: d.Line, Severity: diag.Warning, Code: "signoff.unknown-cell",
				Message: fmt.Sprintf("no coverage cell %s: the rulebook has no such requirement, or it does not apply in that language", d.Cell()),
				Hint:    "remove the decision, or correct the cell to requirement/language as the report shows it"})
		}
	}
}
