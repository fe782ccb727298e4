package site

import (
	"bytes"
	"fmt"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/theme"
)

// writeAPI writes the JSON content API (package api) to out: index,
// per-language page lists, one document per page, contacts, coverage when
// there is a report, and the schemas. The search indexes it links to are
// written by writeSearchIndex. Only pages public on the build day appear,
// never drafts, even in a --drafts build.
func (l *Loaded) writeAPI(ix *index, out publish.Output) error {
	in := api.Input{
		Config:    l.Config,
		Generator: "haven " + Version,
		Built:     l.Options.Today, // the build day, so equal sources give equal bytes
		Contacts:  l.Contacts,
	}
	for _, lang := range l.Config.LanguageCodes() {
		if theme.SearchSchemaURL != "/"+api.SchemaPath("search") {
			return fmt.Errorf("api: the search index names schema %s, but the API writes it to /%s", theme.SearchSchemaURL, api.SchemaPath("search"))
		}
		if theme.SearchIndexPath(lang) != api.SearchPath(lang) {
			return fmt.Errorf("api: search index of %s is written to %s, but index.json links %s", lang, theme.SearchIndexPath(lang), api.SearchPath(lang))
		}
		for _, p := range ix.byLang[lang] {
			in.Pages = append(in.Pages, api.Page{
				Page:      p.Page,
				HTML:      p.Doc.HTML,
				Text:      p.Doc.Text,
				Published: p.Unpublished(l.Options.Today) == "",
			})
		}
	}
	cov, err := l.coverageJSON()
	if err != nil {
		return err
	}
	in.Coverage = cov
	if err := api.Stream(in, out.WriteFile); err != nil {
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
	if err := l.Report.WriteJSON(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
