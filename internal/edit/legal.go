package edit

import (
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/site"
)

// legalItem is one requirement in the legal panel: one the page claims,
// judged on the draft, or one it could claim because no page covers it
// in the page's language.
type legalItem struct {
	ID, Title, Level, Status, StatusText string
	Claimed                              bool
	Basis                                []string
	About                                string // the rulebook's notes: why it is required
	Review                               string // the review period
	Found                                []check.Found
	Missing, Notes                       []string
	Lacks                                []string // what this page does not say, though the cell may be covered
	Others                               []string // the other covering pages in the language
}

// legalPanel is the screen's legal panel.
type legalPanel struct {
	Claimed, Candidates []legalItem
}

// addLegal fills the legal panel from the draft's coverage cells and, for
// the requirements no page covers in the page's language, from cells of a
// second draft that claims them (judged, not saved: the editor sees what
// claiming one would need).
func (e *Handler) addLegal(q *request, s *screen, dr *site.Draft, text string) {
	s.Legal = &legalPanel{}
	for _, c := range dr.Coverage {
		if it, ok := s.legalItem(q.l, c, dr.Page.File, true); ok {
			s.Legal.Claimed = append(s.Legal.Claimed, it)
		}
	}
	ids := candidates(q.l.Report, s.Lang, dr.Page.Covers)
	if len(ids) == 0 {
		return
	}
	claiming, ok := claimAlso(text, ids)
	var cells []*check.Coverage
	if ok {
		if d2, err := e.draft(q, claiming); err == nil {
			cells = d2.Coverage
		}
	}
	for _, id := range ids {
		c := &check.Coverage{ID: id, Requirement: q.l.Rules.Requirement(id)}
		if i := slices.IndexFunc(cells, func(c *check.Coverage) bool { return c.ID == id }); i >= 0 {
			c = cells[i]
		}
		if it, ok := s.legalItem(q.l, c, dr.Page.File, false); ok {
			s.Legal.Candidates = append(s.Legal.Candidates, it)
		}
	}
}

// candidates are the page-scope requirements that apply in lang, are not
// pending, are not claimed, and have no covering page in lang.
func candidates(r *check.Report, lang string, claimed []string) []string {
	var out []string
	for _, c := range r.Coverage {
		lc := c.Languages[lang]
		if c.Pending || lc == nil || len(lc.Pages) > 0 || c.Requirement == nil || c.Requirement.SiteWide() || slices.Contains(claimed, c.ID) {
			continue
		}
		out = append(out, c.ID)
	}
	return out
}

// claimAlso returns text with ids added to covers.
func claimAlso(text string, ids []string) (string, bool) {
	d := parseDoc(text)
	if !d.ok {
		return "", false
	}
	orig := valuesOf(d)
	next := values{}
	for k, v := range orig {
		next[k] = v
	}
	next["covers"] = strings.Join(append(splitLines(orig["covers"]), ids...), "\n")
	return d.render(edits(orig, next), nil, d.body), true
}

// legalItem describes requirement cell c for the page file.
func (s *screen) legalItem(l *site.Loaded, c *check.Coverage, file string, claimed bool) (legalItem, bool) {
	q := c.Requirement
	if q == nil {
		return legalItem{}, false
	}
	it := legalItem{ID: q.ID, Title: q.TitleIn(s.UI.Lang, "en"), Level: s.UI.level(q.LevelIn(s.Lang)), Claimed: claimed,
		About: strings.TrimSpace(q.Notes), Review: s.reviewPeriod(l.Rules, q)}
	for _, b := range q.LegalBasis {
		it.Basis = append(it.Basis, b.Text)
	}
	if lc := c.Languages[s.Lang]; lc != nil {
		it.Status, it.Missing, it.Notes = string(lc.Status), lc.Missing, lc.Notes
		it.Others = slices.DeleteFunc(slices.Clone(lc.Pages), func(f string) bool { return f == file })
		for _, ev := range lc.Evidence {
			if ev.File == file {
				it.Found = append(it.Found, ev.Found...)
				for _, l := range ev.Lacks {
					it.Lacks = append(it.Lacks, l.Say)
				}
			}
		}
	}
	if it.Status == "" {
		it.Status = string(check.Missing)
	}
	it.StatusText = s.UI.T("legal.status." + it.Status)
	if !claimed {
		it.StatusText = s.UI.T("legal.would." + it.Status)
	}
	return it, true
}

// reviewPeriod says how often a covering page must be reviewed.
func (s *screen) reviewPeriod(r *legal.Rulebook, q *legal.Requirement) string {
	months := q.ReviewMonths
	if months <= 0 {
		months = r.ReviewMonths
	}
	if months <= 0 {
		return ""
	}
	return s.UI.T("legal.review", months)
}
