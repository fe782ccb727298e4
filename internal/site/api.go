package site

import (
	"fmt"
	"maps"
	"sync"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/theme"
)

// derived is what a page's own file alone determines besides its theme
// page: its search entry and its API document (path "" when it is not in
// the API).
type derived struct {
	doc       *markdown.Result // the rendered body it was made from
	published bool
	tr        map[string]string // the page's translations in the API
	made      bool              // search (and the API document) are made
	search    theme.SearchEntry
	apiPath   string // "" also in the preview, which renders it on request
}

// writeDerived makes (or takes from the memo) the page's search entry
// and writes its API document, unless the run is a preview's, whose
// snapshot renders documents on request. The memo holds no documents: one
// it proves unchanged is taken over from the last build's output, and
// made again when that fails.
func (w *writer) writeDerived(p *model.Page) error {
	rn := w.run
	d := derived{doc: p.Doc, published: p.Public(), tr: w.tr[api.ID(p.Page)]}
	if e, ok := rn.prevDerived[p.Page]; ok && e.doc == d.doc && e.published == d.published && maps.Equal(e.tr, d.tr) {
		d = e
	}
	reused := false
	if d.made && d.apiPath != "" {
		ok, err := rn.taken(d.apiPath)
		if err != nil {
			return err
		}
		reused = ok
		if !ok {
			d.made = false // made again below
		}
	}
	var data *[]byte
	if !d.made {
		if err := rn.c.fullDoc(w.l.FS, p); err != nil {
			return err
		}
		d.doc = p.Doc
		d.made = true
		w.remade.Store(p.Lang, true)
		d.search = theme.NewSearchEntry(p.Title, p.URL, p.Description, p.Dir, p.Doc.Text)
		if !rn.lazy {
			data = docBuffers.Get().(*[]byte)
			defer docBuffers.Put(data)
			d.apiPath, *data = api.AppendDocument((*data)[:0], p, w.tr)
		}
	}
	w.search.Store(p, d.search)
	rn.mu.Lock()
	rn.nextDerived[p.Page] = d
	rn.mu.Unlock()
	if d.apiPath == "" || reused {
		return nil
	}
	return w.out.WriteFile(d.apiPath, *data)
}

// docBuffers recycles the buffers API documents are made in, as
// pageBuffers does theme pages'.
var docBuffers = sync.Pool{New: func() any { return new([]byte) }}

// writeAPIIndexes writes the rest of the JSON content API (package api):
// index, per-language page lists, contacts, coverage when there is a
// report, and the schemas. The search indexes it links to are written by
// writeSearchIndex.
func (w *writer) writeAPIIndexes() error {
	l := w.l
	for _, lang := range l.Config.LanguageCodes() {
		if theme.SearchSchemaURL != "/"+api.SchemaPath("search") {
			return fmt.Errorf("api: the search index names schema %s, but the API writes it to /%s", theme.SearchSchemaURL, api.SchemaPath("search"))
		}
		if theme.SearchIndexPath(lang) != api.SearchPath(lang) {
			return fmt.Errorf("api: search index of %s is written to %s, but index.json links %s", lang, theme.SearchIndexPath(lang), api.SearchPath(lang))
		}
	}
	in := api.Input{
		Config:    l.Config,
		Generator: "haven " + Version,
		Built:     l.Options.Today, // the build day, so equal sources give equal bytes
		Contacts:  l.Contacts,
		Pages:     l.Pages,
		TakePageList: func(lang, path string) (bool, error) {
			_, remade := w.remade.Load(lang)
			return w.run.takenLanguage(path, remade)
		},
	}
	cov, err := l.coverageJSON()
	if err != nil {
		return err
	}
	in.Coverage = cov
	if err := api.StreamIndexes(in, w.out.WriteFile); err != nil {
		return fmt.Errorf("api: %w", err)
	}
	return nil
}

// coverageJSON returns the legal-coverage report for api/v1/coverage.json
// (the check report's JSON with the coverage schema first, which the API
// takes as it is), or nil when Validate has not run.
func (l *Loaded) coverageJSON() ([]byte, error) {
	if l.Report == nil {
		return nil, nil
	}
	return l.Report.CompactJSON(api.CoverageSchema)
}
