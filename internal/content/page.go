// Package content turns the files under a site's content/ folder into typed
// [Page]s: front matter, language, translation key, URL and dates. It reads
// any fs.FS, reports every problem of every file as a positioned diagnostic,
// and never follows a symbolic link out of the site.
//
// # Layout
//
// content/<lang>/<path>.md is one page in one language; the same <path> in
// two languages is one page in two translations (unless front matter sets
// translation_key). content/<lang>/<dir>/_index.md is the section page of
// <dir>, content/<lang>/_index.md the language's home page. Other files
// under content/<lang>/ are copied to the output as they are; files under
// content/_data/ are data (see [LoadContacts]).
package content

import (
	"time"
)

// Kind says what a page is.
type Kind int

const (
	// Regular is an ordinary page from <path>.md.
	Regular Kind = iota
	// Section is a section page from <dir>/_index.md; it lists its children.
	Section
	// Home is a language's home page, content/<lang>/_index.md.
	Home
)

// String names the kind.
func (k Kind) String() string {
	return [...]string{"page", "section", "home"}[k]
}

// Page is one page in one language.
type Page struct {
	// File is the source path relative to the site root, with slashes,
	// e.g. content/et/abi/kriisitelefon.md.
	File string
	// Lang is the language code, the first folder under content/.
	Lang string
	// Key identifies the page across its translations: the front-matter
	// translation_key, or else the path below the language folder without
	// .md ("abi/kriisitelefon"; "abi" for abi/_index.md; "" for the home).
	Key string
	// Dir is the folder of the page below the language folder ("abi"), or
	// "" for top-level pages. A section page's Dir is its parent's.
	Dir string
	// Section is the path of the section page that lists this page ("abi"
	// for abi/kriisitelefon.md, "" for top-level pages and sections).
	Section string
	Kind    Kind
	// URL is the site-absolute URL with a trailing slash, e.g.
	// /et/abi/kriisitelefon/.
	URL string

	FrontMatter

	// Body is the Markdown after the front matter, with CRLF turned to LF.
	Body []byte
	// BodyLine is the file line on which Body starts.
	BodyLine int
	// Keys holds the place of each front-matter key, in the order of the
	// file; see [Page.KeyPosition] and [Page.ItemPosition]. (A slice, not
	// maps: a page has a dozen keys, and the build memo reads 10,000
	// pages' places.)
	Keys []KeyPlace
	// ModTime is the file's modification time.
	ModTime time.Time
	// Sum is a hash of the file's bytes ([SumOf]), equal for equal files:
	// what a memo of pages is keyed by.
	Sum uint64
}

// FrontMatter holds the documented front-matter keys; see [Fields].
type FrontMatter struct {
	Title          string
	Description    string
	Slug           string
	Covers         []string
	Reviewed       time.Time
	Owner          string
	Draft          bool
	Publish        time.Time
	Expires        time.Time
	Aliases        []string
	Weight         int
	Menu           string
	AmountsAsOf    time.Time
	TranslationKey string
	EasyRead       bool
	// Acknowledge lists facts an editor has confirmed may differ from the
	// default-language version (translation drift), e.g. "820 €".
	Acknowledge []string
}

// KeyPlace is where a front-matter key is in its page's file: the key's
// line and column and, for a list-valued key (covers, aliases,
// acknowledge), the place of each of its items, in list order.
type KeyPlace struct {
	Key   string
	Pos   Pos
	Items []Pos
}

// place returns the place of the front-matter key, or nil when the page
// has no such key.
func (p *Page) place(key string) *KeyPlace {
	for i := range p.Keys {
		if p.Keys[i].Key == key {
			return &p.Keys[i]
		}
	}
	return nil
}

// KeyPosition returns the line and column of the front-matter key, and
// whether the page has it.
func (p *Page) KeyPosition(key string) (Pos, bool) {
	if k := p.place(key); k != nil {
		return k.Pos, true
	}
	return Pos{}, false
}

// Line returns the file line of a front-matter key, or the first line of the
// front matter when the key is absent.
func (p *Page) Line(key string) int {
	if k := p.place(key); k != nil {
		return k.Pos.Line
	}
	return 1
}

// Pos is a place in a page's file: a 1-based line and column.
type Pos struct{ Line, Col int }

// ItemPosition returns the place of item i of the list-valued front-matter
// key (the i-th id of covers), or the key's place when the item's is not
// known (TOML front matter), or the first line of the front matter when
// the key is absent.
func (p *Page) ItemPosition(key string, i int) Pos {
	k := p.place(key)
	switch {
	case k == nil:
		return Pos{Line: 1}
	case i >= 0 && i < len(k.Items):
		return k.Items[i]
	}
	return k.Pos
}

// Updated returns the last-update date shown to readers: reviewed, or else
// the file's modification day, never before the publication date.
func (p *Page) Updated() time.Time {
	u := p.Reviewed
	if u.IsZero() {
		u = Day(p.ModTime)
	}
	if !p.Publish.IsZero() && u.Before(p.Publish) {
		u = p.Publish
	}
	return u
}

// PublishedOn is the publication date shown to readers: publish, or else
// the update date.
func (p *Page) PublishedOn() time.Time {
	if !p.Publish.IsZero() {
		return p.Publish
	}
	return p.Updated()
}

// DateLayout is the one date format of front matter: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Day truncates t to midnight UTC of its calendar day.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
