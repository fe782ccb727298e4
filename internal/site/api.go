package site

import (
	"bytes"
	"fmt"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/theme"
)

// apiPages returns the published pages as the API sees them, without
// their HTML and text. Only pages public on the build day appear in the
// API, never drafts, even in a --drafts build.
func (l *Loaded) apiPages(ix *index) []api.Page {
	var pages []api.Page
	for _, lang := range l.Config.LanguageCodes() {
		for _, p := range ix.byLang[lang] {
			pages = append(pages, api.Page{Page: p.Page, Published: p.Unpublished(l.Options.Today) == ""})
		}
	}
	return pages
}

// writeAPIDocument writes the API document of one published page.
func (w *writer) writeAPIDocument(p *Page) error {
	path, data, err := api.Document(api.Page{Page: p.Page, HTML: p.Doc.HTML, Text: p.Doc.Text,
		Published: p.Unpublished(w.l.Options.Today) == ""}, w.tr)
	if err != nil || path == "" {
		return err
	}
	return w.out.WriteFile(path, data)
}

// writeAPIIndexes writes the rest of the JSON content API (package api):
// index, per-language page lists, contacts, coverage when there is a
// report, and the schemas. The search indexes it links to are written by
// writeSearchIndex.
func (l *Loaded) writeAPIIndexes(ix *index, out publish.Output) error {
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
		Pages:     l.apiPages(ix),
	}
	cov, err := l.coverageJSON()
	if err != nil {
		return err
	}
	in.Coverage = cov
	if err := api.StreamIndexes(in, out.WriteFile); err != nil {
		return fmt.Errorf("api: %w", err)
	}
	return nil
}

// coverageJSON returns the legal-coverage report for api/v1/coverage.json
// (the check report's JSON), or nil when Validate has not run.
func (l *Loaded) coverageJSON() ([]byte, error) {
	if l.Report == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := l.Report.WriteCompactJSON(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
