package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/model"
)

// Version is the API version this package writes.
const Version = 1

// Root is the output folder of this API version.
const Root = "api/v1"

// HomeID is the id of a language's home page (whose key is empty).
const HomeID = "home"

// Input is what the API is built from.
type Input struct {
	// Config gives the languages, base URL and site titles.
	Config *config.Config
	// Generator names the program, e.g. "haven 1.2.0".
	Generator string
	// Built is the build time, the one field that differs between two
	// builds of the same content.
	Built time.Time
	// Pages are the site's pages; only those public on the build day
	// appear, never drafts, even in a --drafts build (see
	// [model.Page.Public]).
	Pages []*model.Page
	// Contacts are the help contacts in registry order.
	Contacts []content.Contact
	// Coverage is the legal-coverage report as JSON, or nil when there is
	// none: a JSON object, the report of haven check --format json
	// (docs/schema/check.schema.json). It is written as coverage.json with
	// "$schema" added; a compact report that starts with it already
	// ({"$schema":"/api/v1/schema/coverage.json",…, as
	// check.Report.CompactJSON(CoverageSchema) writes it) is written as it
	// is, not read again.
	Coverage []byte
	// TakePageList, when set, is asked before the page list of a
	// language is made, with its path: true means the caller took the
	// list over unchanged from the last output (none of its pages, and
	// nothing of theirs the list shows, changed), and it is not made.
	TakePageList func(lang, path string) (bool, error)
}

// Documents maps output paths (api/v1/index.json) to file contents.
type Documents map[string][]byte

// Paths returns the document paths in sorted order.
func (d Documents) Paths() []string {
	return slices.Sorted(maps.Keys(d))
}

// SearchPath returns the path of a language's search index. Package theme
// writes that file (its theme.SearchIndexPath must agree); the API only
// links to it and documents it with the search schema.
func SearchPath(lang string) string { return Root + "/search/" + lang + ".json" }

// SchemaPath returns the output path of the schema called name (pages).
func SchemaPath(name string) string { return Root + "/schema/" + name + ".json" }

// PagePath returns the output path of one page's document: the URL path
// without the language and slashes, index for the home page.
func PagePath(lang, url string) string {
	rel := strings.Trim(strings.TrimPrefix(url, "/"+lang+"/"), "/")
	if rel == "" {
		rel = "index"
	}
	return Root + "/" + lang + "/pages/" + rel + ".json"
}

// ID returns a page's id: its translation key, or [HomeID] when the key is
// empty (the home page). See the package documentation.
func ID(p *content.Page) string {
	if p.Key == "" {
		return HomeID
	}
	return p.Key
}

// link turns an output path into a site-absolute URL.
func link(path string) string { return "/" + path }

// CoverageSchema is the URL of coverage.json's schema, its "$schema".
var CoverageSchema = link(SchemaPath("coverage"))

// coverageHead is how a coverage report starts that names its schema
// first already.
var coverageHead = []byte(`{"$schema":"` + CoverageSchema + `",`)

// coverageDoc returns the coverage report (a JSON object, the report of
// haven check --format json, compact as check.Report.CompactJSON makes
// it, or indented, which is compacted) with "$schema" naming the coverage
// schema put first, as in the other documents; the report's own fields
// follow in their order.
func coverageDoc(report []byte) ([]byte, error) {
	if bytes.HasPrefix(report, coverageHead) && bytes.HasSuffix(report, []byte("}\n")) {
		return report, nil // 8 MB at 10,000 pages: not validated and copied again
	}
	var buf bytes.Buffer
	buf.Grow(len(report) + 64)
	buf.WriteString(`{"$schema":`)
	schema, _ := json.Marshal(link(SchemaPath("coverage")))
	buf.Write(schema)
	head := buf.Len()
	report = bytes.TrimSpace(report)
	if !json.Valid(report) {
		return nil, fmt.Errorf("coverage report is not valid JSON")
	}
	if bytes.IndexByte(report, '\n') >= 0 { // indented: compact JSON has no line breaks
		_ = json.Compact(&buf, report) // valid, so no error
	} else {
		buf.Write(report)
	}
	body := buf.Bytes()[head:]
	if len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("coverage report is not a JSON object")
	}
	// The report is 8 MB at 10,000 pages: its keys are decoded only when
	// "$schema" is in it at all.
	if bytes.Contains(body, []byte(`"$schema"`)) {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(body, &fields); err != nil {
			return nil, fmt.Errorf("coverage report is not a JSON object: %w", err)
		}
		if _, ok := fields["$schema"]; ok {
			return nil, fmt.Errorf("coverage report has its own $schema")
		}
	}
	if len(body) == 2 { // {}: no fields follow the schema
		buf.Truncate(head)
		buf.WriteByte('}')
	} else {
		body[0] = ',' // the report's fields follow the schema
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Build returns every API document of the input, the schemas included. It
// fails when two published pages of a language share an id or a document
// path, or when Coverage is not a JSON object.
func Build(in Input) (Documents, error) {
	docs := Documents{}
	var mu sync.Mutex
	err := Stream(in, func(path string, data []byte) error {
		mu.Lock()
		docs[path] = data
		mu.Unlock()
		return nil
	})
	return docs, err
}

// Stream is Build handing each document to emit as soon as it is encoded,
// so a large site's API is never held in memory at once: first every
// page's document ([Document]), one at a time in a fixed order, then the
// indexes ([StreamIndexes]), in parallel. emit's first error on a page
// stops the stream.
func Stream(in Input, emit func(path string, data []byte) error) error {
	tr := NewTranslations(in.Pages)
	for _, p := range published(in.Pages) {
		if err := emit(Document(p, tr)); err != nil {
			return err
		}
	}
	return StreamIndexes(in, emit)
}

// Translations maps the id of every page in the API to its URL in each
// language it exists in.
type Translations map[string]map[string]string

// NewTranslations returns the translations of the pages that belong in the
// API (see [InAPI]).
func NewTranslations(pages []*model.Page) Translations {
	tr := Translations{}
	for _, p := range pages {
		if !InAPI(p) {
			continue
		}
		id := ID(p.Page)
		if tr[id] == nil {
			tr[id] = map[string]string{}
		}
		tr[id][p.Lang] = p.URL
	}
	return tr
}

// Document returns the output path and JSON of one page's document, or
// an empty path when the page does not belong in the API. The builder
// calls it as each page is rendered, so no page's HTML is held longer
// than it takes to write it.
func Document(p *model.Page, tr Translations) (path string, data []byte) {
	return AppendDocument(nil, p, tr)
}

// AppendDocument is Document appending the JSON to dst, which a caller
// that writes one document after another can recycle.
func AppendDocument(dst []byte, p *model.Page, tr Translations) (path string, data []byte) {
	if !InAPI(p) {
		return "", dst
	}
	path = PagePath(p.Lang, p.URL)
	doc := pageDoc{Schema: link(SchemaPath("page")), Version: Version, pageSummary: summary(p, tr[ID(p.Page)]), HTML: p.Doc.HTMLString(), Text: p.Doc.Text}
	dst = slices.Grow(dst, (len(p.Doc.HTML)+len(p.Doc.Text))*9/8+1024) // escaping adds a little
	return path, appendPageDoc(dst, doc)
}

// StreamIndexes emits every API document but the pages' own: the
// per-language page lists, contacts, coverage, the index and the schemas.
// It needs no page HTML or text. It fails when two published pages of a
// language share an id or a document path, or when Coverage is not a JSON
// object. The documents are made and emitted in parallel (coverage.json
// alone is 8 MB at 10,000 pages): emit must be safe for concurrent use.
func StreamIndexes(in Input, emit func(path string, data []byte) error) error {
	put := func(path string, v any) error {
		data, err := encode(v)
		if err != nil {
			return fmt.Errorf("encode %s: %w", path, err)
		}
		return emit(path, data)
	}
	pages := published(in.Pages)
	tr := NewTranslations(pages)
	langs := in.Config.LanguageCodes()
	var parts []func() error
	for _, lang := range langs {
		parts = append(parts, func() error {
			if in.TakePageList != nil {
				if taken, err := in.TakePageList(lang, pageListPath(lang)); err != nil || taken {
					return err
				}
			}
			return pageList(lang, pages, tr, emit)
		})
	}
	parts = append(parts, func() error {
		contacts := contactsDoc{Schema: link(SchemaPath("contacts")), Version: Version, Contacts: []contact{}}
		for _, c := range in.Contacts {
			contacts.Contacts = append(contacts.Contacts, contact{ID: c.ID, Number: c.Number, Tel: c.Tel, URL: c.URL,
				Name: c.Name, Hours: c.Hours, Verified: date(c.Verified)})
		}
		return put(Root+"/contacts.json", contacts)
	})
	if in.Coverage != nil {
		parts = append(parts, func() error {
			data, err := coverageDoc(in.Coverage)
			if err != nil {
				return err
			}
			return emit(Root+"/coverage.json", data)
		})
	}
	parts = append(parts, func() error {
		if err := put(Root+"/index.json", index(in, langs)); err != nil {
			return err
		}
		for _, name := range SchemaNames() {
			if err := emit(SchemaPath(name), Schema(name)); err != nil { // as written: they are documentation
				return err
			}
		}
		return nil
	})
	errs := make([]error, len(parts)) // reported in this order, whatever the schedule
	var wg sync.WaitGroup
	cores := make(chan struct{}, runtime.GOMAXPROCS(0)) // each part is one buffer: one a core, not all at once
	for i, part := range parts {
		cores <- struct{}{}
		wg.Go(func() {
			errs[i] = part()
			<-cores
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// pageListPath is where the page list of lang is written.
func pageListPath(lang string) string { return Root + "/" + lang + "/pages.json" }

// pageList emits the list of the published pages of lang, refusing pages
// that share an id or a document path with one before them.
func pageList(lang string, pages []*model.Page, tr Translations, emit func(path string, data []byte) error) error {
	n := 0
	for _, p := range pages {
		if p.Lang == lang {
			n++
		}
	}
	list := pagesDoc{Schema: link(SchemaPath("pages")), Version: Version, Language: lang, Pages: make([]pageSummary, 0, n)}
	ids := make(map[string]string, n)   // id -> file
	paths := make(map[string]string, n) // document path -> file
	var errs []error
	for _, p := range pages {
		if p.Lang != lang {
			continue
		}
		id, path := ID(p.Page), PagePath(lang, p.URL)
		if prev, ok := ids[id]; ok {
			errs = append(errs, fmt.Errorf("%s: page id %q is also the id of %s; give one of them another translation_key", p.File, id, prev))
			continue
		}
		if prev, ok := paths[path]; ok {
			errs = append(errs, fmt.Errorf("%s: API document %s is also written for %s; rename one of the files or set a slug", p.File, path, prev))
			continue
		}
		ids[id], paths[path] = p.File, p.File
		list.Pages = append(list.Pages, summary(p, tr[id]))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return emit(pageListPath(lang), appendPagesDoc(make([]byte, 0, len(list.Pages)*600), list))
}

// InAPI reports whether p belongs in the API (and has a document there):
// public on the build day.
func InAPI(p *model.Page) bool { return p != nil && p.Public() }

// published returns the pages that belong in the API, sorted by URL.
func published(all []*model.Page) []*model.Page {
	var out []*model.Page
	for _, p := range all {
		if InAPI(p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *model.Page) int { return strings.Compare(a.URL, b.URL) })
	return out
}

func index(in Input, langs []string) indexDoc {
	ix := indexDoc{
		Schema:    link(SchemaPath("index")),
		Version:   Version,
		Generator: in.Generator,
		Built:     in.Built.UTC().Format(time.RFC3339),
		Site:      siteInfo{BaseURL: in.Config.BaseURL, DefaultLanguage: in.Config.DefaultLanguage},
		Languages: []language{},
		Contacts:  link(Root + "/contacts.json"),
		Schemas:   map[string]string{},
	}
	for _, lang := range langs {
		ix.Languages = append(ix.Languages, language{
			Code:   lang,
			Name:   in.Config.LanguageName(lang),
			Title:  in.Config.SiteTitle(lang),
			Home:   "/" + lang + "/",
			Pages:  link(pageListPath(lang)),
			Search: link(SearchPath(lang)),
		})
	}
	if in.Coverage != nil {
		ix.Coverage = link(Root + "/coverage.json")
	}
	for _, name := range SchemaNames() {
		ix.Schemas[name] = link(SchemaPath(name))
	}
	return ix
}

func summary(p *model.Page, translations map[string]string) pageSummary {
	covers := p.Covers
	if covers == nil {
		covers = []string{}
	}
	return pageSummary{
		ID:           ID(p.Page),
		Lang:         p.Lang,
		Kind:         p.Kind.String(),
		URL:          p.URL,
		Document:     link(PagePath(p.Lang, p.URL)),
		Title:        p.Title,
		Description:  p.Description,
		Section:      p.Section,
		Published:    date(p.PublishedOn()),
		Updated:      date(p.Updated()),
		Reviewed:     date(p.Reviewed),
		Expires:      date(p.Expires),
		Owner:        p.Owner,
		Covers:       covers,
		EasyRead:     p.EasyRead,
		Weight:       p.Weight,
		Translations: translations,
	}
}

// date formats a day as YYYY-MM-DD, or "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(content.DateLayout)
}

// encode writes v as compact JSON with a final newline. HTML is not
// escaped: the documents are served as application/json, and the page
// HTML stays readable.
func encode(v any) ([]byte, error) { return encodeIndent(v, "", 0) }

// encodeIndent is encode with each level indented by indent ("" for
// compact documents, as the API serves them), into a buffer of size bytes
// to start with.
func encodeIndent(v any, indent string, size int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(size)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The document types. Field order is output order; maps are written with
// sorted keys, so equal input gives equal bytes.

type indexDoc struct {
	Schema    string            `json:"$schema"`
	Version   int               `json:"version"`
	Generator string            `json:"generator"`
	Built     string            `json:"built"`
	Site      siteInfo          `json:"site"`
	Languages []language        `json:"languages"`
	Contacts  string            `json:"contacts"`
	Coverage  string            `json:"coverage,omitempty"`
	Schemas   map[string]string `json:"schemas"`
}

type siteInfo struct {
	BaseURL         string `json:"base_url"`
	DefaultLanguage string `json:"default_language"`
}

type language struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Title  string `json:"title"`
	Home   string `json:"home"`
	Pages  string `json:"pages"`
	Search string `json:"search"`
}

type pagesDoc struct {
	Schema   string        `json:"$schema"`
	Version  int           `json:"version"`
	Language string        `json:"language"`
	Pages    []pageSummary `json:"pages"`
}

type pageSummary struct {
	ID           string            `json:"id"`
	Lang         string            `json:"lang"`
	Kind         string            `json:"kind"`
	URL          string            `json:"url"`
	Document     string            `json:"document"`
	Title        string            `json:"title"`
	Description  string            `json:"description"`
	Section      string            `json:"section"`
	Published    string            `json:"published,omitempty"`
	Updated      string            `json:"updated,omitempty"`
	Reviewed     string            `json:"reviewed,omitempty"`
	Expires      string            `json:"expires,omitempty"`
	Owner        string            `json:"owner,omitempty"`
	Covers       []string          `json:"covers"`
	EasyRead     bool              `json:"easy_read"`
	Weight       int               `json:"weight"`
	Translations map[string]string `json:"translations"`
}

type pageDoc struct {
	Schema  string `json:"$schema"`
	Version int    `json:"version"`
	pageSummary
	HTML string `json:"html"`
	Text string `json:"text"`
}

type contactsDoc struct {
	Schema   string    `json:"$schema"`
	Version  int       `json:"version"`
	Contacts []contact `json:"contacts"`
}

type contact struct {
	ID       string            `json:"id"`
	Number   string            `json:"number,omitempty"`
	Tel      string            `json:"tel,omitempty"`
	URL      string            `json:"url,omitempty"`
	Name     map[string]string `json:"name"`
	Hours    map[string]string `json:"hours,omitempty"`
	Verified string            `json:"verified"`
}
