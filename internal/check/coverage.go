package check

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/model"
)

// Status is the coverage status of a requirement in one language.
type Status string

// The coverage statuses; see the package doc.
const (
	Covered Status = "covered"
	Weak    Status = "weak"
	Stale   Status = "stale"
	Missing Status = "missing"
)

// Coverage is one requirement's row of the matrix.
type Coverage struct {
	Requirement *legal.Requirement `json:"-"`
	ID          string             `json:"requirement"`
	Level       legal.Level        `json:"level"`
	// Pending is true when the requirement's condition does not hold; it
	// then has no languages.
	Pending   bool                         `json:"pending,omitempty"`
	Languages map[string]*LanguageCoverage `json:"languages"`
}

// LanguageCoverage is one cell of the matrix.
type LanguageCoverage struct {
	Status Status      `json:"status"`
	Level  legal.Level `json:"level"` // the requirement's level in this language
	// Pages are the published covering pages (source files); for a
	// site-wide requirement, the pages at fault.
	Pages []string `json:"pages"`
	// Reviewed is the oldest reviewed date of the covering pages.
	Reviewed string `json:"reviewed,omitempty"`
	// Missing says what is missing or out of date: patterns, statements,
	// sections, headings, links, front matter, review dates.
	Missing []string `json:"missing,omitempty"`
	// Notes are remarks that do not change the status: should-level
	// sections missing, pages that claim the requirement but are not
	// published.
	Notes []string `json:"notes,omitempty"`
	// Evidence lists, per covering page, what was found on it.
	Evidence []PageEvidence `json:"-"`
	// Findings are the warnings about the cell's pages (see [Finding]).
	Findings []Finding `json:"findings,omitempty"`
	// Decision is the reviewer's decision that holds for the cell, if any.
	Decision *CellDecision `json:"decision,omitempty"`
}

// PageEvidence is what one covering page shows.
type PageEvidence struct {
	File     string
	URL      string
	Title    string
	Owner    string
	Reviewed time.Time
	Found    []Found
}

// Found is one piece of evidence: which rule item matched, and the text
// that matched it.
type Found struct {
	What  string
	Match string
}

// maxListed caps the offending pages named in a site-wide cell's Missing.
const maxListed = 10

// coverage computes the matrix.
func coverage(in *Input, tr *translations) []*Coverage {
	langs := in.Config.LanguageCodes()
	byLang := map[string][]*model.Page{}
	for i := range in.Pages {
		p := in.Pages[i]
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	// Cells (a requirement in a language) are independent: they only read
	// the pages. They are judged in parallel and stored in fixed slots.
	type cell struct {
		q    *legal.Requirement
		lang string
		lc   *LanguageCoverage
	}
	var cells []*cell
	var out []*Coverage
	for _, q := range in.Rules.Requirements {
		c := &Coverage{Requirement: q, ID: q.ID, Level: q.Level, Languages: map[string]*LanguageCoverage{}}
		out = append(out, c)
		if !q.Active(in.operational) {
			c.Pending = true
			continue
		}
		for _, lang := range langs {
			if q.AppliesIn(lang) {
				cells = append(cells, &cell{q: q, lang: lang})
			}
		}
	}
	work := make(chan *cell)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range work {
				if c.q.SiteWide() {
					c.lc = siteWide(in, c.q, c.lang, byLang[c.lang], tr)
					continue
				}
				// A cell depends only on the pages that claim it.
				k := cellKey{c.q.ID, c.lang}
				var claims []claim
				for _, p := range byLang[c.lang] {
					if slices.Contains(p.Covers, c.q.ID) {
						claims = append(claims, claim{p.Page, p.InBuild})
					}
				}
				if c.lc = in.Memo.cell(k, claims); c.lc == nil {
					c.lc = covering(in, c.q, c.lang, byLang[c.lang])
				}
				in.Memo.keepCell(k, claims, c.lc)
			}
		})
	}
	for _, c := range cells {
		work <- c
	}
	close(work)
	wg.Wait()
	i := 0
	for _, c := range out {
		for _, cl := range cells[i:] {
			if cl.q != c.Requirement {
				break
			}
			cl.lc.Level = cl.q.LevelIn(cl.lang)
			if cl.lc.Pages == nil {
				cl.lc.Pages = []string{}
			}
			c.Languages[cl.lang] = cl.lc
			i++
		}
	}
	return out
}

// covering judges a requirement that covering pages show.
func covering(in *Input, q *legal.Requirement, lang string, pages []*model.Page) *LanguageCoverage {
	lc, cover := claims(q, lang, pages)
	if len(cover) == 0 {
		return lc
	}
	m := &matcher{cover: cover, lc: lc, ev: make([]PageEvidence, len(cover))}
	for i, p := range cover {
		m.ev[i] = PageEvidence{File: p.File, URL: p.URL, Title: p.Title, Owner: p.Owner, Reviewed: p.Reviewed}
	}
	m.judge(&q.Evidence, lang)
	lc.Evidence = m.ev
	reviewStatus(lc, cover, q, in.Today)
	return lc
}

// claims returns the cell of q in lang with the published pages of lang
// that claim q in covers, noting those that claim it but are not
// published; a cell no published page claims is missing.
func claims(q *legal.Requirement, lang string, pages []*model.Page) (*LanguageCoverage, []*model.Page) {
	lc := &LanguageCoverage{}
	var cover []*model.Page
	for _, p := range pages {
		if !slices.Contains(p.Covers, q.ID) {
			continue
		}
		if !p.InBuild {
			lc.Notes = append(lc.Notes, fmt.Sprintf("%s claims it but is not published (%s)", p.File, p.Unpublished()))
			continue
		}
		cover = append(cover, p)
		lc.Pages = append(lc.Pages, p.File)
	}
	if len(cover) == 0 {
		lc.Status = Missing
		lc.Missing = append(lc.Missing, "a published "+lang+" page with "+q.ID+" in covers")
	}
	return lc, cover
}

// matcher looks for a requirement's evidence on the pages that cover it,
// recording on each page what it found there and in the cell what is
// missing.
type matcher struct {
	cover []*model.Page
	ev    []PageEvidence // by cover index
	lc    *LanguageCoverage
}

// source picks the strings of a covering page a pattern is matched
// against; a nil source is the page's evidence text.
type source func(p *model.Page) []string

func headings(p *model.Page) []string {
	hs := []string{p.Title}
	for _, h := range p.Doc.Headings {
		hs = append(hs, h.Text)
	}
	return hs
}

func linkTargets(p *model.Page) []string {
	var ds []string
	for _, l := range p.Doc.Links {
		ds = append(ds, l.Dest)
	}
	return ds
}

// find records the first page where pat matches and reports success.
func (m *matcher) find(what string, pat *legal.Pattern, in source) bool {
	for i, p := range m.cover {
		if in == nil {
			if found := pat.FindText(p.Text); found != "" {
				m.ev[i].Found = append(m.ev[i].Found, Found{What: what, Match: found})
				return true
			}
			continue
		}
		for _, s := range in(p) {
			if found := pat.FindString(s); found != "" {
				m.ev[i].Found = append(m.ev[i].Found, Found{What: what, Match: found})
				return true
			}
		}
	}
	return false
}

// anyOf requires one of pats to match somewhere.
func (m *matcher) anyOf(what string, pats []*legal.Pattern, in source) {
	if len(pats) == 0 {
		return
	}
	for _, pat := range pats {
		if m.find(what, pat, in) {
			return
		}
	}
	srcs := make([]string, len(pats))
	for i, p := range pats {
		srcs[i] = "'" + p.Source + "'"
	}
	m.missing("%s: none of %s", what, strings.Join(srcs, ", "))
}

func (m *matcher) missing(format string, args ...any) {
	m.lc.Missing = append(m.lc.Missing, fmt.Sprintf(format, args...))
}

// judge looks for every kind of evidence e asks for in lang, in the
// rulebook's order.
func (m *matcher) judge(e *legal.Evidence, lang string) {
	m.frontMatter(e.FrontMatter)
	for _, pat := range e.PatternsAll {
		if !m.find("pattern", pat, nil) {
			m.missing("pattern '%s'", pat.Source)
		}
	}
	m.anyOf("patterns_any_by_language", e.PatternsAnyByLanguage[lang], nil)
	m.statements(e.Statements, lang)
	m.anyOf("heading", e.HeadingsAny[lang], headings)
	m.anyOf("link", e.LinksAny, linkTargets)
	m.conditional(e.Conditional)
	if e.PageType != "" {
		m.lc.Notes = append(m.lc.Notes, "the theme links the "+e.PageType+" page from the footer of every page")
	}
}

// frontMatter requires each key on every covering page.
func (m *matcher) frontMatter(keys []string) {
	for _, k := range keys {
		if k == "reviewed" {
			continue // a missing review date makes the cell stale, not weak
		}
		for _, p := range m.cover {
			if !hasKey(p, k) {
				m.missing("front matter %s on %s", k, p.File)
			}
		}
	}
}

// statements requires each statement's pattern for lang; a should
// statement that is not found is a note, not a gap.
func (m *matcher) statements(sts []legal.Statement, lang string) {
	for _, st := range sts {
		pat := st.For(lang)
		if pat == nil {
			continue
		}
		what := st.Kind + " " + st.ID
		if m.find(what, pat, nil) {
			continue
		}
		msg := fmt.Sprintf("%s '%s'", what, pat.Source)
		if st.Should {
			m.lc.Notes = append(m.lc.Notes, "should: "+msg)
		} else {
			m.lc.Missing = append(m.lc.Missing, msg)
		}
	}
}

// conditional requires the front matter a page's text calls for.
func (m *matcher) conditional(conds []legal.Conditional) {
	for _, c := range conds {
		for _, p := range m.cover {
			found := c.IfMatches.FindText(p.Text)
			if found == "" {
				continue
			}
			for _, k := range c.ThenFrontMatter {
				if !hasKey(p, k) {
					m.missing("front matter %s on %s (it states %q)", k, p.File, found)
				}
			}
		}
	}
}

// reviewStatus sets the cell's review date (the oldest of its pages')
// and its status: weak when evidence is missing, stale when a page has no
// review date or the review is overdue on day today, else covered.
func reviewStatus(lc *LanguageCoverage, cover []*model.Page, q *legal.Requirement, today time.Time) {
	var oldest time.Time
	var undated []string
	for _, p := range cover {
		switch {
		case p.Reviewed.IsZero():
			undated = append(undated, p.File)
		case oldest.IsZero() || p.Reviewed.Before(oldest):
			oldest = p.Reviewed
		}
	}
	if !oldest.IsZero() {
		lc.Reviewed = oldest.Format(content.DateLayout)
	}
	switch {
	case len(lc.Missing) > 0:
		lc.Status = Weak
	case len(undated) > 0:
		lc.Status = Stale
		for _, f := range undated {
			lc.Missing = append(lc.Missing, "reviewed date on "+f)
		}
	case overdue(oldest, q.ReviewMonths, today):
		lc.Status = Stale
		lc.Missing = append(lc.Missing, fmt.Sprintf("a review: last reviewed %s, due every %d months (by %s)",
			lc.Reviewed, q.ReviewMonths, oldest.AddDate(0, q.ReviewMonths, 0).Format(content.DateLayout)))
	default:
		lc.Status = Covered
	}
}

// overdue reports whether a review on day reviewed is older than months
// on day today.
func overdue(reviewed time.Time, months int, today time.Time) bool {
	return today.After(reviewed.AddDate(0, months, 0))
}

// siteWide judges a requirement over every published page of a language.
func siteWide(in *Input, q *legal.Requirement, lang string, pages []*model.Page, tr *translations) *LanguageCoverage {
	lc := &LanguageCoverage{}
	var published []*model.Page
	for _, p := range pages {
		if p.InBuild {
			published = append(published, p)
		}
	}
	if len(published) == 0 {
		lc.Status = Missing
		lc.Missing = []string{"published " + lang + " pages"}
		return lc
	}
	var weak, stale []string
	bad := map[string]bool{}
	add := func(list *[]string, p *model.Page, msg string) {
		bad[p.File] = true
		*list = append(*list, msg)
	}
	e := q.Evidence
	for _, p := range published {
		var lacks []string
		for _, k := range e.FrontMatter {
			if !hasKey(p, k) {
				lacks = append(lacks, k)
			}
		}
		if len(lacks) > 0 {
			add(&weak, p, fmt.Sprintf("front matter %s on %s", strings.Join(lacks, ", "), p.File))
		}
		if slices.Contains(e.FrontMatter, "reviewed") && !p.Reviewed.IsZero() && overdue(p.Reviewed, q.ReviewMonths, in.Today) {
			add(&stale, p, fmt.Sprintf("a review of %s (reviewed %s, due every %d months)", p.File, p.Reviewed.Format(content.DateLayout), q.ReviewMonths))
		}
		text := p.Text
		for _, f := range e.MustNotMatch {
			if f.Severity != legal.SeverityError {
				continue
			}
			if m := f.Pattern.FindText(text); m != "" {
				add(&weak, p, fmt.Sprintf("absence of %q on %s (%s)", m, p.File, f.Reason))
			}
		}
	}
	if q.HasSiteCheck(legal.SiteCheckTranslate) && lang != in.Config.DefaultLanguage {
		for _, row := range tr.rows {
			src := row.Pages[in.Config.DefaultLanguage]
			t := row.Pages[lang]
			if src == nil || !src.InBuild {
				continue
			}
			if t == nil || !t.InBuild {
				bad[src.File] = true
				weak = append(weak, fmt.Sprintf("a translation of %s into %s", src.File, lang))
				continue
			}
			if t.OutdatedBy(src) {
				add(&stale, t, fmt.Sprintf("a review of %s (reviewed %s, before its source %s, reviewed %s)",
					t.File, t.Reviewed.Format(content.DateLayout), src.File, src.Reviewed.Format(content.DateLayout)))
			}
		}
	}
	switch {
	case len(weak) > 0:
		lc.Status = Weak
		lc.Missing = capList(weak)
	case len(stale) > 0:
		lc.Status = Stale
		lc.Missing = capList(stale)
	default:
		lc.Status = Covered
	}
	for f := range bad {
		lc.Pages = append(lc.Pages, f)
	}
	slices.Sort(lc.Pages)
	return lc
}

func capList(l []string) []string {
	if len(l) <= maxListed {
		return l
	}
	return append(l[:maxListed:maxListed], fmt.Sprintf("and %d more", len(l)-maxListed))
}
