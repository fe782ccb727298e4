// Package model is the one record of a page that every stage of a run
// reads: the page's source and front matter (package content), its
// rendered Markdown (package markdown), its [Status] on the build day,
// the evidence text the rulebook is matched against, its comparable
// facts and the diagnostics of its own checks. The pipeline
// (package site) makes one [Page] per source file per run; the checks,
// the translation-drift comparison, the content API and the theme's view
// models are functions of these pages, with no page type of their own to
// convert into.
//
// A Page is filled in by the pipeline while the run loads it and is not
// changed once the run hands it on.
package model

import (
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
)

// Status says whether a page is public on the build day, and if not, why.
type Status int

const (
	// Public is a page that readers see on the build day.
	Public Status = iota
	// Draft is a page with draft: true.
	Draft
	// Scheduled is a page whose publish day is after the build day.
	Scheduled
	// Expired is a page whose expires day is the build day or before.
	Expired
)

// String names the status: public, draft, scheduled or expired.
func (s Status) String() string {
	return [...]string{"public", "draft", "scheduled", "expired"}[s]
}

// StatusOf returns the status of p on day today. A draft is a draft
// whatever its dates; a scheduled page is not yet expired.
func StatusOf(p *content.Page, today time.Time) Status {
	switch {
	case p.Draft:
		return Draft
	case !p.Publish.IsZero() && p.Publish.After(today):
		return Scheduled
	case !p.Expires.IsZero() && !p.Expires.After(today):
		return Expired
	}
	return Public
}

// Page is one page in one language, as a run sees it.
type Page struct {
	*content.Page
	// Doc is the rendered body: HTML, plain text, headings and links.
	// The pipeline sets it with [Page.SetDoc].
	Doc *markdown.Result
	// Status is the page's status on the build day.
	Status Status
	// InBuild reports whether the page is part of this run: a public
	// page, or any page in a --drafts build. Only pages in the build are
	// written, linked to and checked as part of the site.
	InBuild bool
	// Evidence is what the rulebook's patterns are matched against: the
	// title, a newline and Doc.Text (which points into it, so the text is
	// held once).
	Evidence string
	// Text is Evidence prepared for the rulebook's patterns.
	Text *legal.Text
	// Facts are the page's comparable facts (package drift), once worked
	// out: nil until then, empty when it has none.
	Facts []Fact
	// Own holds the diagnostics of the checks that read only the page
	// itself (package check), once Checked is set.
	Own []diag.Diagnostic
	// Verdicts and SiteMatches are what the rulebook's coverage reads of
	// the page alone, worked out with Own, so that a run (or a build
	// with its memo) can judge coverage without the page's text.
	Verdicts    []Verdict
	SiteMatches []SiteMatch
	Checked     bool
}

// Verdict is what a page shows of one requirement it covers, judged on
// the page alone (package check).
type Verdict struct {
	Requirement string
	// Found is, for each item of the requirement the page conveys, the
	// sentence (heading, link) that conveys it.
	Found []Found
	// Lacks are the items the page does not convey.
	Lacks []Lack
	// States holds, for each conditional front-matter rule of the
	// requirement in rulebook order, the text on the page that triggers
	// it, or "".
	States []string
}

// Found is one piece of evidence: the item, and the sentence (or heading,
// or link) that conveys it on the page, with its line in the file.
type Found struct {
	What  string `json:"item"`
	Match string `json:"sentence"`
	Line  int    `json:"line,omitempty"`
}

// Lack is an item a page does not convey, with the editor's instruction
// in the page's language.
type Lack struct {
	Item   string `json:"item"`
	Say    string `json:"say"`
	Should bool   `json:"should,omitempty"`
}

// SiteMatch is the first match on a page of one of a site-wide
// requirement's must_not_match patterns (its index in the rulebook's
// list) of error severity.
type SiteMatch struct {
	Requirement string
	Pattern     int
	Text        string
}

// Verdict returns the page's verdict on requirement id, if it has one.
func (p *Page) Verdict(id string) (Verdict, bool) {
	for _, v := range p.Verdicts {
		if v.Requirement == id {
			return v, true
		}
	}
	return Verdict{}, false
}

// SiteMatch returns the page's match of pattern i of requirement id's
// must_not_match list, or "".
func (p *Page) SiteMatch(id string, i int) string {
	for _, m := range p.SiteMatches {
		if m.Requirement == id && m.Pattern == i {
			return m.Text
		}
	}
	return ""
}

// Fact is one comparable fact of a page: a phone number, an amount, a
// date, a list's length. Package drift finds them and compares them
// between translations.
type Fact struct {
	// Kind is one of phone, email, amount, percent, duration, date,
	// year, url, list-items and table-rows.
	Kind string
	// Value is the normalised value: digits of a phone, 1234.56 for an
	// amount, 2026-11-25 for a date, the item count of a list.
	Value string
	// Text is the fact as written on the page.
	Text string
	// Line is the 1-based line in the page's file.
	Line int
	// Context is the sentence the fact stands in, for amounts,
	// percentages and durations: what tells two figures about the same
	// thing apart from two about different things.
	Context string
}

// New returns the page record of p on day today; drafts puts every page
// in the build.
func New(p *content.Page, today time.Time, drafts bool) *Page {
	st := StatusOf(p, today)
	return &Page{Page: p, Status: st, InBuild: drafts || st == Public}
}

// Public reports whether readers see the page on the build day (whatever
// --drafts says): only public pages appear in the content API.
func (p *Page) Public() bool { return p.Status == Public }

// SetDoc sets the page's rendered body and its evidence text, with
// doc.Text pointing into the evidence. doc may be shared between runs
// (the preview's memo); only its Text is replaced, by an equal string.
func (p *Page) SetDoc(doc *markdown.Result) {
	p.Evidence = p.Title + "\n" + doc.Text
	doc.Text = p.Evidence[len(p.Title)+1:]
	p.Doc = doc
}

// OutdatedBy reports whether translation p was reviewed before src, the
// page it translates, was: the one rule of an outdated translation. Pages
// without a reviewed date are never outdated.
func (p *Page) OutdatedBy(src *Page) bool {
	return !p.Reviewed.IsZero() && !src.Reviewed.IsZero() && p.Reviewed.Before(src.Reviewed)
}

// Unpublished explains why a page is not public on the build day, or
// returns "" when it is: "draft", "scheduled for 2026-12-24", "expired on
// 2026-11-30".
func (p *Page) Unpublished() string {
	switch p.Status {
	case Draft:
		return "draft"
	case Scheduled:
		return "scheduled for " + p.Publish.Format(content.DateLayout)
	case Expired:
		return "expired on " + p.Expires.Format(content.DateLayout)
	}
	return ""
}
