package check

import (
	"slices"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/model"
)

// DraftReport is what the checks say of one page changed in memory (a
// draft in the editor), against the rest of the site as the last [Run]
// saw it.
type DraftReport struct {
	// Diagnostics are those a Run over the site with the draft in place
	// reports on the draft's file: its own checks, its links and anchors,
	// the site-wide duties and the translation drift that concern it.
	Diagnostics []diag.Diagnostic
	// Coverage holds, for each requirement the draft claims in covers
	// (or its file claimed in the last Run), the cell of the draft's
	// language as the draft would leave it.
	Coverage []*Coverage
	// Drift is the translation drift between the draft and its
	// translations, on any of their files.
	Drift []diag.Diagnostic
}

// Draft checks page p, a new version of the file p.File (or a new file),
// against the site of the report's Run, without running the checks of the
// whole site again: only what p can change is worked out. pages are the
// Run's pages with p in the place of its file's page (or added), ix their
// index (model.Index.Replacing of the Run's). broken
// says that p has load errors (front matter), which leave it out of the
// drift comparison as a Run does. p is prepared for the checks (evidence
// text) and not kept.
func (r *Report) Draft(pages []*model.Page, ix *model.Index, p *model.Page, broken bool) *DraftReport {
	in := r.in
	preparePage(p)
	var old *model.Page
	if i := slices.IndexFunc(in.Pages, func(q *model.Page) bool { return q.File == p.File }); i >= 0 {
		old = in.Pages[i]
	}
	draftIn := *in
	draftIn.Pages, draftIn.Index = pages, ix
	var diags diag.List
	diags.Add(ownChecks(&draftIn, p)...)
	if p.InBuild {
		checkLinks(newIndex(&draftIn), p, &diags)
	}
	group := sameKey(pages, p.Key)
	active := in.active()
	pageDates(active, p, &diags)
	tr := &translations{rows: []*translationRow{{Key: p.Key, Pages: ix.Versions(p.Key)}}}
	for _, q := range active {
		if q.HasSiteCheck(legal.SiteCheckTranslate) {
			translationChecks(&draftIn, q, tr, in.Config.DefaultLanguage, &diags)
		}
	}
	out := &DraftReport{Drift: draftDrift(in, group, p, broken)}
	for _, d := range out.Drift {
		if d.Code != drift.CodeOutdated {
			diags.Add(d)
		}
	}
	for _, d := range diags.Items() {
		if d.File == p.File {
			out.Diagnostics = append(out.Diagnostics, d)
		}
	}
	out.Coverage = r.draftCoverage(&draftIn, p, old)
	return out
}

// sameKey returns the pages with translation key key: one page and its
// translations.
func sameKey(pages []*model.Page, key string) []*model.Page {
	var out []*model.Page
	for _, p := range pages {
		if p.Key == key {
			out = append(out, p)
		}
	}
	return out
}

// draftDrift compares the draft's translation group as driftChecks does:
// published pages that loaded without errors.
func draftDrift(in *Input, group []*model.Page, p *model.Page, broken bool) []diag.Diagnostic {
	bad := map[string]bool{}
	for _, d := range in.Diagnostics {
		if d.Severity == diag.Error {
			bad[d.File] = true
		}
	}
	bad[p.File] = broken
	var compared []*model.Page
	for _, q := range group {
		if q.InBuild && q.Doc != nil && !bad[q.File] {
			if q != p {
				c := *q // drafts may run at once; facts are kept on the page
				q = &c
			}
			compared = append(compared, q)
		}
	}
	return drift.Check(compared, in.Config.DefaultLanguage)
}

// draftCoverage judges, in the draft's language, the cells of the
// requirements the draft or the page it replaces claims. Only the draft
// is judged: the other covering pages' verdicts are the Run's, pooled
// again with the draft's.
func (r *Report) draftCoverage(in *Input, p, old *model.Page) []*Coverage {
	ids := slices.Clone(p.Covers)
	if old != nil {
		ids = append(ids, old.Covers...)
	}
	slices.Sort(ids)
	var lang []*model.Page
	for _, q := range in.Pages {
		if q.Lang == p.Lang {
			lang = append(lang, q)
		}
	}
	var out []*Coverage
	for _, id := range slices.Compact(ids) {
		q := in.Rules.Requirement(id)
		if q == nil || q.SiteWide() || !q.Active(in.operational) || !q.AppliesIn(p.Lang) {
			continue
		}
		before := r.pageVerdicts(id, p.Lang)
		lc, cover := claims(q, p.Lang, lang)
		if len(cover) > 0 {
			ev := make([]PageEvidence, len(cover))
			for i, c := range cover {
				e, ok := before[c.File]
				if c == p || !ok {
					e = judgePage(q, p.Lang, c)
				}
				ev[i] = e
			}
			pool(lc, q, p.Lang, cover, ev, in.Today)
		}
		lc.Level = q.LevelIn(p.Lang)
		if lc.Pages == nil {
			lc.Pages = []string{}
		}
		out = append(out, &Coverage{Requirement: q, ID: q.ID, Level: q.Level, Languages: map[string]*LanguageCoverage{p.Lang: lc}})
	}
	return out
}

// pageVerdicts returns the Run's verdict of each covering page of a cell,
// by file.
func (r *Report) pageVerdicts(id, lang string) map[string]PageEvidence {
	out := map[string]PageEvidence{}
	for _, c := range r.Coverage {
		if c.ID != id {
			continue
		}
		if lc := c.Languages[lang]; lc != nil {
			for _, e := range lc.Evidence {
				out[e.File] = e
			}
		}
	}
	return out
}
