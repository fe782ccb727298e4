package theme

import (
	"html/template"
	"time"
)

// Page is the view model of one output page: everything a template may
// show, already resolved, so templates hold no logic beyond loops and
// conditions.
type Page struct {
	Site *Site

	// Kind is "page", "section", "home", "search" or "404".
	Kind string
	// Lang is the page language code; LangName its name in itself.
	Lang, LangName string
	// Dir is the text direction, "ltr" or "rtl".
	Dir string

	Title       string
	Description string
	// URL is site-absolute (/et/abi/); Permalink absolute with the base URL,
	// the page's canonical URL, or "" for a page that has none (a 404 page
	// answers for every missing address).
	URL, Permalink string
	// NoIndex asks search engines not to index the page (<meta
	// name="robots" content="noindex">): set on the search and 404 pages,
	// which are not content. Such pages have no [Page.Alternates] and are
	// not in the sitemap.
	NoIndex bool
	// Content is the rendered Markdown body.
	Content template.HTML
	// Headings are the body's h2 headings, for an on-page contents list.
	Headings []Link

	// Published and Updated are the dates shown to readers (AvTS § 32).
	Published, Updated time.Time
	Owner              string
	// Draft is set in previews of unpublished pages: show a banner.
	Draft bool
	// DraftReason says why the page is not published (draft, scheduled).
	DraftReason string

	// Children are the pages a section or home lists, in weight order.
	// On the search page they are every page of the language, the list
	// shown without JavaScript (used when Groups is empty).
	Children []Link
	// Groups is the search page's list without JavaScript, grouped by
	// section: one group per section (Title, URL of the section page) with
	// its pages, plus a group with an empty Title for top-level pages.
	// Optional; other kinds ignore it.
	Groups []LinkGroup
	// Breadcrumbs lead from the language home to the parent of this page.
	Breadcrumbs []Link
	// Translations has one entry per site language, in display order.
	Translations []Translation
	// Menu and Footer are this language's menus.
	Menu, Footer []Link
	// Contacts are the help contacts in this language.
	Contacts []Contact
	// QuickExitURL is the neutral destination of the quick-exit button.
	QuickExitURL string
	// QuickExitHelpURL is this language's "leaving this site quickly" page,
	// or "" when the site has none.
	QuickExitHelpURL string
	// SearchURL is this language's search page.
	SearchURL string
	// T holds the theme's interface strings in the page language.
	T map[string]string
	// JSONLD is extra schema.org data for the page, already encoded; the
	// theme itself writes the contacts' ContactPoint data with
	// [ContactJSONLD], so this is usually empty.
	JSONLD template.JS
}

// Site is the site-wide part of the view model.
type Site struct {
	// Title is the site title in the page language.
	Title string
	// BaseURL is the absolute base URL without a trailing slash.
	BaseURL string
	// DefaultLanguage is the authoritative language code.
	DefaultLanguage string
	// Generator names haven and its version.
	Generator string
	// Assets maps a theme static file (haven.css) to its URL with a
	// content hash (/assets/haven.3f2a1c.css), for cache busting.
	Assets map[string]string
	// Build is the build time.
	Build time.Time
	// AllowedOrigins are the configured exceptions to the no-third-party
	// rule (haven.yaml allowed_origins); they widen the Content Security
	// Policy of every page (see [CSP]).
	AllowedOrigins []string
	// Partials caches partialCached's outputs for the build; nil renders
	// every partial on every page.
	Partials *Partials `json:"-"`
}

// CurrentMenuURL returns the URL of the menu or footer link marked as
// the current page, or "" when neither links to this page. With the
// language and kind it names everything the default theme's menus show
// that differs between pages, so they are rendered once per such key
// ({{partialCached "menu" . .Lang .Kind .CurrentMenuURL}}).
func (p *Page) CurrentMenuURL() string {
	for _, links := range [][]Link{p.Menu, p.Footer} {
		for _, l := range links {
			if l.Current {
				return l.URL
			}
		}
	}
	return ""
}

// Alternates returns the translations search engines are told of with
// <link rel="alternate" hreflang>: every language the page exists in, the
// page itself included, in display order. A page in one language only, or
// a NoIndex page, has none. The sitemap lists the same set for each page.
func (p *Page) Alternates() []Translation {
	if p.NoIndex {
		return nil
	}
	var out []Translation
	for _, t := range p.Translations {
		if t.Exists {
			out = append(out, t)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// Link is a link to a page.
type Link struct {
	Title       string
	URL         string
	Description string
	// Current marks the page being rendered (aria-current="page").
	Current bool
	// Updated is the target's last-update date, where lists show it.
	Updated time.Time
}

// LinkGroup is a titled list of links, such as one section's pages.
type LinkGroup struct {
	// Title and URL name the group (a section and its page); Title is ""
	// for pages outside any section.
	Title, URL string
	Links      []Link
}

// Translation is one entry of the language switcher.
type Translation struct {
	Lang, Name string
	// URL is the same page in that language when it exists, else that
	// language's home page.
	URL string
	// Exists says whether the page itself is translated.
	Exists bool
	// Current marks the language of the page being rendered.
	Current bool
}

// Contact is a help contact in the page language.
type Contact struct {
	ID     string
	Name   string
	Number string // as written: 116 006
	Tel    string // for tel: links: 116006
	URL    string
	Hours  string
}

// Redirect is the view model of an alias page or the root page, which
// send readers on without JavaScript (meta refresh plus a plain link).
type Redirect struct {
	Site *Site
	// Lang is the language of the target.
	Lang string
	// Target is the site-absolute URL to go to.
	Target string
	// Title is the target's title, for the link text.
	Title string
	// Languages lists every language home, for the root page.
	Languages []Translation
	T         map[string]string
}
