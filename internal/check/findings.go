package check

import (
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
)

// Finding is a warning about a page of a coverage cell: a fact that
// differs from a translation or from another page of the language, a
// figure that differs from the facts registry, a fact due for renewal.
// It does not change the cell's status; it is shown beside it, so that a
// reviewer sees what the cell's pages get wrong.
type Finding struct {
	Code     string `json:"code"`
	Position string `json:"position"` // FILE:LINE of the diagnostic
	Related  string `json:"related,omitempty"`
	Message  string `json:"message"`
}

// findingCodes are the codes shown on the cells of the pages concerned.
var findingCodes = []string{drift.CodeDrift, drift.CodeInconsistent, CodeFactDiffers}

// attachFindings puts each finding on the cells whose pages it concerns:
// the diagnostic's file and its related file, and for the concerns
// given, their pages. Cells are copied, not changed: the memo keeps them.
func attachFindings(cov []*Coverage, diags []diag.Diagnostic, more []concern) {
	cs := slices.Clone(more)
	for _, d := range diags {
		if slices.Contains(findingCodes, d.Code) {
			rel, _, _ := strings.Cut(d.Related, ":")
			cs = append(cs, concern{[]string{d.File, rel}, d})
		}
	}
	if len(cs) == 0 {
		return
	}
	for _, c := range cov {
		for lang, lc := range c.Languages {
			var fs []Finding
			for _, k := range cs {
				if slices.ContainsFunc(lc.Pages, func(f string) bool { return slices.Contains(k.files, f) }) {
					fs = append(fs, Finding{k.d.Code, k.d.Position(), k.d.Related, k.d.FullMessage()})
				}
			}
			if len(fs) > 0 {
				cp := *lc
				cp.Findings = fs
				c.Languages[lang] = &cp
			}
		}
	}
}
