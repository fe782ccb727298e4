package check

import (
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
)

// driftChecks compares the facts of each published translation with its
// default-language version, and the figures of the pages of each language
// with one another (package drift). drift's own outdated-review
// warning is left out: siteChecks reports the same fact as
// check.translation-outdated under the language-versions rule. Pages with
// load errors are left out too: what could be read of them is no
// version to compare with, and their errors already fail the run.
func driftChecks(in *Input, diags *diag.List) {
	broken := map[string]bool{}
	for _, d := range in.Diagnostics {
		if d.Severity == diag.Error {
			broken[d.File] = true
		}
	}
	var pages []*model.Page
	for _, p := range in.Pages {
		if p.InBuild && p.Doc != nil && !broken[p.File] {
			pages = append(pages, p)
		}
	}
	for _, d := range drift.Check(pages, in.Config.DefaultLanguage) {
		if d.Code != drift.CodeOutdated {
			diags.Add(d)
		}
	}
	diags.Add(drift.Consistency(pages)...)
}

// Drift returns the translation-drift diagnostics of the report, for its
// own section in the HTML report and the preview dashboard.
func (r *Report) Drift() []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range r.Diagnostics {
		if d.Code == drift.CodeDrift || d.Code == drift.CodeAcknowledge || d.Code == drift.CodeInconsistent {
			out = append(out, d)
		}
	}
	return out
}
