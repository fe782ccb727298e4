package edit

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/site"
)

// dueSoon is how long before its review date a page shows "review due".
const dueSoon = 30 * 24 * time.Hour

// listView is the page list: every page by section and language.
type listView struct {
	UI        tr
	Languages []listLang
	Sections  []listSection
	Owners    []string
	Owner     string // the filter, "" for all
	Query     string // ui=..., for links
}

type listLang struct{ Code, Name string }

// listSection is one section's pages, a row per page and its translations.
type listSection struct {
	Name string
	Rows []listRow
}

// listRow is one page in every language.
type listRow struct {
	Title string // in the default language, else the first that has it
	Lang  string // Title's
	Cells []listCell
}

// listCell is one page in one language, or the missing translation.
type listCell struct {
	Lang, File, Title, Href string
	Exists                  bool
	Chips                   []chip
	Status                  string // the chip keys, space-separated, for tests and styles
}

// chip is one status of a page.
type chip struct {
	Key, Text string
	Bad       bool // an error or something overdue: shown in red
}

// serveList answers GET /_haven/edit/ with the page list.
func (e *Handler) serveList(w http.ResponseWriter, r *http.Request) {
	t := e.tr(r)
	l := e.loaded(w, t)
	if l == nil {
		return
	}
	e.render(w, http.StatusOK, "list", buildList(l, t, strings.TrimSpace(r.FormValue("owner"))))
}

// pageFacts are what the list knows of each file from the checks.
type pageFacts struct {
	errors, warnings, drift int
	outdated                bool
}

func factsOf(r *check.Report) map[string]*pageFacts {
	facts := map[string]*pageFacts{}
	for _, d := range r.Diagnostics {
		f := facts[d.File]
		if f == nil {
			f = &pageFacts{}
			facts[d.File] = f
		}
		switch {
		case d.Severity == diag.Error:
			f.errors++
		default:
			f.warnings++
		}
		switch d.Code {
		case drift.CodeDrift:
			f.drift++
		case drift.CodeOutdated, "check.translation-outdated":
			f.outdated = true
		}
	}
	return facts
}

// buildList makes the page list of l, only the rows with a page owned by
// owner when owner is not "".
func buildList(l *site.Loaded, t tr, owner string) listView {
	v := listView{UI: t, Owner: owner, Query: url.Values{"ui": {t.Lang}}.Encode()}
	langs := l.Config.LanguageCodes()
	for _, c := range langs {
		v.Languages = append(v.Languages, listLang{c, l.Config.LanguageName(c)})
	}
	facts := factsOf(l.Report)
	groups := map[string]map[string]*model.Page{} // by key, then language
	var keys []string
	for _, p := range l.Pages {
		if groups[p.Key] == nil {
			groups[p.Key] = map[string]*model.Page{}
			keys = append(keys, p.Key)
		}
		groups[p.Key][p.Lang] = p
		if p.Owner != "" && !slices.Contains(v.Owners, p.Owner) {
			v.Owners = append(v.Owners, p.Owner)
		}
	}
	slices.Sort(v.Owners)
	sections := map[string]*listSection{}
	for _, key := range keys {
		g := groups[key]
		if owner != "" && !ownedBy(g, owner) {
			continue
		}
		ref := g[l.Config.DefaultLanguage]
		if ref == nil {
			ref = g[firstLang(g, langs)]
		}
		s := sections[ref.Section]
		if s == nil {
			s = &listSection{Name: ref.Section}
			sections[ref.Section] = s
		}
		row := listRow{Title: ref.Title, Lang: ref.Lang}
		for _, lang := range langs {
			row.Cells = append(row.Cells, cellOf(l, t, g[lang], ref, lang, facts))
		}
		s.Rows = append(s.Rows, row)
	}
	for _, s := range sections {
		v.Sections = append(v.Sections, *s)
	}
	slices.SortFunc(v.Sections, func(a, b listSection) int { return strings.Compare(a.Name, b.Name) })
	return v
}

func ownedBy(g map[string]*model.Page, owner string) bool {
	for _, p := range g {
		if p.Owner == owner {
			return true
		}
	}
	return false
}

func firstLang(g map[string]*model.Page, langs []string) string {
	for _, l := range langs {
		if g[l] != nil {
			return l
		}
	}
	for l := range g {
		return l
	}
	return ""
}

// cellOf is the cell of page p (nil when ref has no translation in lang).
func cellOf(l *site.Loaded, t tr, p, ref *model.Page, lang string, facts map[string]*pageFacts) listCell {
	if p == nil {
		file := content.Dir + "/" + lang + "/" + strings.TrimPrefix(ref.File, content.Dir+"/"+ref.Lang+"/")
		href := editPath + "?" + url.Values{"file": {file}, "ui": {t.Lang}, "from": {ref.File}}.Encode()
		c := listCell{Lang: lang, File: file, Href: href, Chips: []chip{{Key: "untranslated", Text: t.T("chip.untranslated")}}}
		c.Status = "untranslated"
		return c
	}
	c := listCell{Lang: lang, File: p.File, Title: p.Title, Href: editHref(p.File, t), Exists: true}
	switch p.Status {
	case model.Draft:
		c.Chips = append(c.Chips, chip{Key: "draft", Text: t.T("chip.draft")})
	case model.Scheduled:
		c.Chips = append(c.Chips, chip{Key: "scheduled", Text: t.T("chip.scheduled")})
	case model.Expired:
		c.Chips = append(c.Chips, chip{Key: "expired", Text: t.T("chip.expired")})
	}
	f := facts[p.File]
	if f == nil {
		f = &pageFacts{}
	}
	if f.outdated {
		c.Chips = append(c.Chips, chip{Key: "outdated", Text: t.T("chip.outdated"), Bad: true})
	}
	if f.drift > 0 {
		c.Chips = append(c.Chips, chip{Key: "drift", Text: t.count("chip.drift", f.drift), Bad: true})
	}
	c.Chips = append(c.Chips, reviewChips(l, t, p)...)
	if f.errors > 0 {
		c.Chips = append(c.Chips, chip{Key: "errors", Text: t.count("chip.errors", f.errors), Bad: true})
	}
	if f.warnings > 0 {
		c.Chips = append(c.Chips, chip{Key: "warnings", Text: t.count("chip.warnings", f.warnings)})
	}
	if len(c.Chips) == 0 {
		c.Chips = []chip{{Key: "ok", Text: t.T("chip.ok")}}
	}
	var ks []string
	for _, ch := range c.Chips {
		ks = append(ks, ch.Key)
	}
	c.Status = strings.Join(ks, " ")
	return c
}

// reviewChips says when p is due for review: the shortest review period
// of the requirements it covers, else the rulebook's default, after its
// reviewed date.
func reviewChips(l *site.Loaded, t tr, p *model.Page) []chip {
	if p.Reviewed.IsZero() {
		return []chip{{Key: "noreview", Text: t.T("chip.noReview")}}
	}
	months := l.Rules.ReviewMonths
	for _, id := range p.Covers {
		if q := l.Rules.Requirement(id); q != nil && q.ReviewMonths > 0 {
			months = min(months, q.ReviewMonths)
		}
	}
	if months <= 0 {
		return nil
	}
	due := p.Reviewed.AddDate(0, months, 0)
	today := content.Day(l.Options.Today)
	day := due.Format(content.DateLayout)
	switch {
	case today.After(due):
		return []chip{{Key: "overdue", Text: t.T("chip.overdue", day), Bad: true}}
	case due.Sub(today) <= dueSoon:
		return []chip{{Key: "due", Text: t.T("chip.reviewDue", day)}}
	}
	return nil
}

// editHref is the edit screen of file in UI language t.
func editHref(file string, t tr) string {
	return editPath + "?" + url.Values{"file": {file}, "ui": {t.Lang}}.Encode()
}

// PageTitle is the list's title in the browser tab.
func (v listView) PageTitle() string { return v.UI.T("list.title") + " · " + v.UI.T("app") }
