package check

import (
	"slices"
	"sync"

	"github.com/haven-cms/haven/internal/content"
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
	// the site-wide duties, the translation drift and the figures that
	// differ from content/_data/facts.yaml.
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
	base := r.draftBase()
	old := base.byFile[p.File]
	draftIn := *in
	draftIn.Pages, draftIn.Index = pages, ix
	var diags diag.List
	diags.Add(ownChecks(&draftIn, p)...)
	if p.InBuild {
		checkLinks(newIndex(&draftIn), p, &diags)
	}
	group := base.swap(base.byKey[p.Key], p, true)
	active := in.active()
	pageDates(active, p, &diags)
	tr := &translations{rows: []*translationRow{{Key: p.Key, Pages: ix.Versions(p.Key)}}}
	for _, q := range active {
		if q.HasSiteCheck(legal.SiteCheckTranslate) {
			translationChecks(&draftIn, q, tr, in.Config.DefaultLanguage, &diags)
		}
	}
	if p.InBuild && p.Doc != nil {
		_, ds := pageFacts(in.Facts, p)
		diags.Add(ds...)
	}
	out := &DraftReport{Drift: drift.Check(base.comparable(group, p, broken), in.Config.DefaultLanguage)}
	diags.Add(drift.Consistency(base.comparable(base.swap(base.byLang[p.Lang], p, true), p, broken))...)
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
	out.Coverage = r.draftCoverage(&draftIn, base, p, old)
	return out
}

// draftBase is what every draft against a Run's site reads of the Run,
// worked out at its first draft: its pages by file, by language and by
// translation key, the pages that claim each requirement in each
// language (published or not), each covering page's verdict by cell and
// file, and the files with load errors. A draft swaps its own page into
// these lists, instead of going through the whole site's pages again.
type draftBase struct {
	once     sync.Once
	order    func(a, b string) int // content.FileOrder
	byFile   map[string]*model.Page
	byLang   map[string][]*model.Page
	byKey    map[string][]*model.Page
	claimers map[cellKey][]*model.Page
	verdicts map[cellKey]map[string]PageEvidence
	bad      map[string]bool
}

// draftBase returns the Run's draftBase, made on the first call.
func (r *Report) draftBase() *draftBase {
	b := r.drafts
	if b == nil {
		b = &draftBase{} // a Report not made by Run
	}
	b.once.Do(func() { b.make(r) })
	return b
}

func (b *draftBase) make(r *Report) {
	in := r.in
	b.order = content.FileOrder(in.Config.LanguageCodes())
	b.byFile, b.byLang, b.byKey = map[string]*model.Page{}, map[string][]*model.Page{}, map[string][]*model.Page{}
	b.claimers, b.verdicts, b.bad = map[cellKey][]*model.Page{}, map[cellKey]map[string]PageEvidence{}, map[string]bool{}
	for _, p := range in.Pages {
		b.byFile[p.File] = p
		b.byLang[p.Lang] = append(b.byLang[p.Lang], p)
		b.byKey[p.Key] = append(b.byKey[p.Key], p)
		for i, id := range p.Covers {
			if !slices.Contains(p.Covers[:i], id) {
				k := cellKey{id, p.Lang}
				b.claimers[k] = append(b.claimers[k], p)
			}
		}
	}
	for _, c := range r.Coverage {
		for lang, lc := range c.Languages {
			m := map[string]PageEvidence{}
			for _, e := range lc.Evidence {
				m[e.File] = e
			}
			b.verdicts[cellKey{c.ID, lang}] = m
		}
	}
	for _, d := range in.Diagnostics {
		if d.Severity == diag.Error {
			b.bad[d.File] = true
		}
	}
}

// swap returns pages (a list of the Run's, in page order) without the
// page of p's file, and with p in its place in the order when with.
func (b *draftBase) swap(pages []*model.Page, p *model.Page, with bool) []*model.Page {
	out := make([]*model.Page, 0, len(pages)+1)
	for _, q := range pages {
		if q.File != p.File {
			out = append(out, q)
		}
	}
	if !with {
		return out
	}
	i, _ := slices.BinarySearchFunc(out, p.File, func(q *model.Page, file string) int { return b.order(q.File, file) })
	return slices.Insert(out, i, p)
}

// comparable returns those of pages that the drift checks compare:
// published pages that loaded without errors (the draft p unless
// broken). Pages whose facts are not worked out yet are copied, since
// drafts may run at once and facts are kept on the page.
func (b *draftBase) comparable(pages []*model.Page, p *model.Page, broken bool) []*model.Page {
	var out []*model.Page
	for _, q := range pages {
		bad := b.bad[q.File]
		if q == p {
			bad = broken
		}
		if q.InBuild && q.Doc != nil && !bad {
			if q != p && q.Facts == nil {
				c := *q
				q = &c
			}
			out = append(out, q)
		}
	}
	return out
}

// draftCoverage judges, in the draft's language, the cells of the
// requirements the draft or the page it replaces claims. Only the draft
// is judged: the other covering pages' verdicts are the Run's, pooled
// again with the draft's.
func (r *Report) draftCoverage(in *Input, base *draftBase, p, old *model.Page) []*Coverage {
	ids := slices.Clone(p.Covers)
	if old != nil {
		ids = append(ids, old.Covers...)
	}
	slices.Sort(ids)
	var out []*Coverage
	for _, id := range slices.Compact(ids) {
		q := in.Rules.Requirement(id)
		if q == nil || q.SiteWide() || !q.Active(in.operational) || !q.AppliesIn(p.Lang) {
			continue
		}
		k := cellKey{id, p.Lang}
		before := base.verdicts[k]
		lc, cover := claims(q, p.Lang, base.swap(base.claimers[k], p, slices.Contains(p.Covers, id)))
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
