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
	Evidence []PageEvidence `json:"evidence,omitempty"`
	// Findings are the warnings about the cell's pages (see [Finding]).
	Findings []Finding `json:"findings,omitempty"`
	// Decision is the reviewer's decision that holds for the cell, if any.
	Decision *CellDecision `json:"decision,omitempty"`
	// Owners are who answers for the cell: the requirement's owner in
	// the rulebook, then the owner of each of its pages.
	Owners []string `json:"owners,omitempty"`
}

// PageEvidence is what one covering page shows: for each item of the
// requirement, the sentence that conveys it, or the item among Lacks.
type PageEvidence struct {
	File     string    `json:"file"`
	URL      string    `json:"url,omitempty"`
	Title    string    `json:"title,omitempty"`
	Owner    string    `json:"owner,omitempty"`
	Reviewed time.Time `json:"-"`
	Found    []Found   `json:"found"`
	// Lacks are the items the page does not convey, as the editor's
	// instruction in the page's language.
	Lacks []Lack `json:"lacks,omitempty"`
	// States are the texts that trigger the requirement's conditional
	// front-matter rules on the page (see [model.Verdict]).
	States []string `json:"-"`
}

// Found is one piece of evidence: the item, and the sentence (or heading,
// or link) that conveys it on the page, with its line in the file.
type Found = model.Found

// Lack is an item a page does not convey.
type Lack = model.Lack

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
	type cell = judgedCell
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
	// Which cells must be judged: those not kept from the last run.
	for _, c := range cells {
		if c.q.SiteWide() {
			continue
		}
		for _, p := range byLang[c.lang] {
			if slices.Contains(p.Covers, c.q.ID) {
				c.claims = append(c.claims, claim{p.Page, p.InBuild})
			}
		}
		c.lc = in.Memo.cell(cellKey{c.q.ID, c.lang}, c.claims)
	}
	judgeCells(in, cells, byLang, tr)
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

// judgeCells judges, in parallel, the cells not kept from the last run,
// from the verdicts of their pages (kept on each page by its own checks:
// see judgeOwn), and keeps them in the memo; a cell depends only on the
// pages that claim it.
func judgeCells(in *Input, cells []*judgedCell, byLang map[string][]*model.Page, tr *translations) {
	work := make(chan *judgedCell)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for c := range work {
				if c.q.SiteWide() {
					c.lc = siteWide(in, c.q, c.lang, byLang[c.lang], tr)
					continue
				}
				if c.lc == nil {
					c.lc = covering(in, c.q, c.lang, byLang[c.lang])
				}
				in.Memo.keepCell(cellKey{c.q.ID, c.lang}, c.claims, c.lc)
			}
		})
	}
	for _, c := range cells {
		work <- c
	}
	close(work)
	wg.Wait()
}

// judgedCell is one requirement in one language of a run's coverage.
type judgedCell struct {
	q      *legal.Requirement
	lang   string
	lc     *LanguageCoverage // nil until judged (or kept from the last run)
	claims []claim
}

// judgeOwn works out what the coverage reads of page p alone: its
// verdict on each requirement it covers that has a cell in its language,
// and its matches of the site-wide requirements' forbidden patterns.
// The page's sentences are dropped afterwards: they are the bulk of a
// check's memory (10,000 pages' words and stems), and nothing later
// needs them.
func judgeOwn(in *Input, p *model.Page) ([]model.Verdict, []model.SiteMatch) {
	if !p.InBuild {
		return nil, nil
	}
	var verdicts []model.Verdict
	var matches []model.SiteMatch
	for _, q := range in.Rules.Requirements {
		if !q.Active(in.operational) || !q.AppliesIn(p.Lang) {
			continue
		}
		if q.SiteWide() {
			for i, f := range q.Evidence.MustNotMatch {
				if f.Severity != legal.SeverityError {
					continue
				}
				if m := f.Pattern.FindText(p.Text); m != "" {
					matches = append(matches, model.SiteMatch{Requirement: q.ID, Pattern: i, Text: strings.Clone(m)})
				}
			}
		} else if slices.Contains(p.Covers, q.ID) {
			e := judgePage(q, p.Lang, p)
			// Kept with the page record, whose text a build drops: each
			// sentence is copied, or it would keep the whole text alive.
			for i := range e.Found {
				e.Found[i].Match = strings.Clone(e.Found[i].Match)
			}
			for i := range e.States {
				e.States[i] = strings.Clone(e.States[i])
			}
			verdicts = append(verdicts, model.Verdict{Requirement: q.ID, Found: e.Found, Lacks: e.Lacks, States: e.States})
		}
	}
	p.Text.Forget()
	return verdicts, matches
}

// verdict returns page p's evidence on requirement q: its kept verdict,
// else judged now. Found is never nil, so the report says [] when the
// page conveys nothing, also for a verdict read back from the build's
// memo, whose encoding does not keep an empty list apart from none.
func verdict(q *legal.Requirement, p *model.Page) PageEvidence {
	v, ok := p.Verdict(q.ID)
	if !ok {
		return judgePage(q, p.Lang, p)
	}
	if v.Found == nil {
		v.Found = []Found{}
	}
	return PageEvidence{File: p.File, URL: p.URL, Title: p.Title, Owner: p.Owner, Reviewed: p.Reviewed, Found: v.Found, Lacks: v.Lacks, States: v.States}
}

// covering judges a requirement that covering pages show: each page on
// its own (its [verdict]), then the pages pooled ([pool]).
func covering(in *Input, q *legal.Requirement, lang string, pages []*model.Page) *LanguageCoverage {
	lc, cover := claims(q, lang, pages)
	if len(cover) == 0 {
		return lc
	}
	ev := make([]PageEvidence, len(cover))
	for i, p := range cover {
		ev[i] = verdict(q, p)
	}
	pool(lc, q, lang, cover, ev, in.Today)
	return lc
}

// pool sets a cell from its covering pages' verdicts: an item is missing
// when no page conveys it; front matter is asked of every page.
func pool(lc *LanguageCoverage, q *legal.Requirement, lang string, cover []*model.Page, ev []PageEvidence, today time.Time) {
	lc.Evidence = ev
	for _, k := range q.Evidence.FrontMatter {
		if k == "reviewed" {
			continue // a missing review date makes the cell stale, not weak
		}
		for _, p := range cover {
			if !hasKey(p, k) {
				lc.Missing = append(lc.Missing, "front matter "+k+" on "+p.File)
			}
		}
	}
	for _, it := range q.Evidence.Items {
		if slices.ContainsFunc(ev, func(e PageEvidence) bool {
			return slices.ContainsFunc(e.Found, func(f Found) bool { return f.What == it.ID })
		}) {
			continue
		}
		msg := it.SayIn(lang, "en")
		if it.Should {
			lc.Notes = append(lc.Notes, "should: "+msg)
		} else {
			lc.Missing = append(lc.Missing, msg)
		}
	}
	for i, c := range q.Evidence.Conditional {
		for j, p := range cover {
			found := ""
			if i < len(ev[j].States) {
				found = ev[j].States[i]
			}
			if found == "" {
				continue
			}
			for _, k := range c.ThenFrontMatter {
				if !hasKey(p, k) {
					lc.Missing = append(lc.Missing, fmt.Sprintf("front matter %s on %s (it states %q)", k, p.File, found))
				}
			}
		}
	}
	if q.Evidence.PageType != "" {
		lc.Notes = append(lc.Notes, "the theme links the "+q.Evidence.PageType+" page from the footer of every page")
	}
	reviewStatus(lc, cover, q, today)
}

// judgePage finds on page p, in lang, each item of q: the first body
// sentence (heading, link) that conveys it.
func judgePage(q *legal.Requirement, lang string, p *model.Page) PageEvidence {
	e := PageEvidence{File: p.File, URL: p.URL, Title: p.Title, Owner: p.Owner, Reviewed: p.Reviewed, Found: []Found{}}
	var heads []legal.Sentence
	for _, it := range q.Evidence.Items {
		var f *Found
		switch it.In {
		case legal.InLink:
			for _, l := range p.Doc.Links {
				if it.Link != nil && it.Link.MatchString(l.Dest) {
					f = &Found{What: it.ID, Match: l.Dest}
					break
				}
			}
		case legal.InHeading:
			if heads == nil {
				heads = headings(lang, p)
			}
			if s := legal.FindSentence(heads, it.Phrases(lang)); s != nil {
				f = &Found{What: it.ID, Match: s.Text, Line: headingLine(p, s)}
			}
		default:
			if s := legal.FindSentence(p.Text.Sentences(lang, headingTexts(p)), it.Phrases(lang)); s != nil {
				f = &Found{What: it.ID, Match: s.Text, Line: sentenceLine(p, s)}
			}
		}
		if f != nil {
			e.Found = append(e.Found, *f)
		} else {
			e.Lacks = append(e.Lacks, Lack{Item: it.ID, Say: it.SayIn(lang, "en"), Should: it.Should})
		}
	}
	if c := q.Evidence.Conditional; len(c) > 0 {
		e.States = make([]string, len(c))
		for i, c := range c {
			e.States[i] = c.IfMatches.FindText(p.Text)
		}
	}
	return e
}

// headings returns the page's title and headings as sentences; the title
// is line 0.
func headings(lang string, p *model.Page) []legal.Sentence {
	hs := legal.Sentences(lang, p.Title)
	for i := range hs {
		hs[i].Line = -1
	}
	for _, h := range p.Doc.Headings {
		for _, s := range legal.Sentences(lang, h.Text) {
			s.Line = 0
			if h.Line > 0 {
				s.Line = p.BodyLine + h.Line - 1
			}
			hs = append(hs, s)
		}
	}
	return hs
}

func headingTexts(p *model.Page) []string {
	hs := make([]string, len(p.Doc.Headings))
	for i, h := range p.Doc.Headings {
		hs[i] = h.Text
	}
	return hs
}

func headingLine(p *model.Page, s *legal.Sentence) int {
	if s.Line < 0 {
		return p.Line("title")
	}
	return s.Line
}

// sentenceLine returns the file line of a body sentence: the source line
// of the block its text line comes from (markdown.Result.TextLines), else
// the first body line.
func sentenceLine(p *model.Page, s *legal.Sentence) int {
	if s.Line >= 0 && s.Line < len(p.Doc.TextLines) && p.Doc.TextLines[s.Line] > 0 {
		return p.BodyLine + p.Doc.TextLines[s.Line] - 1
	}
	return p.BodyLine
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
		for i, f := range e.MustNotMatch {
			if f.Severity != legal.SeverityError {
				continue
			}
			if m := p.SiteMatch(q.ID, i); m != "" {
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
