package api

import (
	"strconv"

	"github.com/haven-cms/haven/internal/jsonx"
)

// appendPagesDoc appends d as encode writes it (compact, with its
// newline), by hand: a language's page list is 10,000 summaries at
// 10,000 pages, and encoding/json's reflection over them was most of the
// API's indexes. TestPageListIsEncodingJSON holds it to encode's bytes.
func appendPagesDoc(b []byte, d pagesDoc) []byte {
	b = append(b, `{"$schema":`...)
	b = jsonx.AppendString(b, d.Schema)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(d.Version), 10)
	b = append(b, `,"language":`...)
	b = jsonx.AppendString(b, d.Language)
	b = append(b, `,"pages":`...)
	b = jsonx.AppendList(b, d.Pages, appendSummary)
	return append(b, "}\n"...)
}

// appendSummary appends s as encoding/json writes a pageSummary.
func appendSummary(b []byte, s pageSummary) []byte {
	b = appendSummaryFields(append(b, '{'), s)
	return append(b, '}')
}

// appendPageDoc appends d as encoding/json's Encoder writes a pageDoc,
// with its line end.
func appendPageDoc(b []byte, d pageDoc) []byte {
	b = append(b, `{"$schema":`...)
	b = jsonx.AppendString(b, d.Schema)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(d.Version), 10)
	b = appendSummaryFields(append(b, ','), d.pageSummary)
	b = append(b, `,"html":`...)
	b = jsonx.AppendString(b, d.HTML)
	b = append(b, `,"text":`...)
	b = jsonx.AppendString(b, d.Text)
	return append(b, "}\n"...)
}

// appendSummaryFields appends the members of s, without braces.
func appendSummaryFields(b []byte, s pageSummary) []byte {
	for _, f := range [...]struct{ key, value string }{
		{`"id":`, s.ID}, {`,"lang":`, s.Lang}, {`,"kind":`, s.Kind}, {`,"url":`, s.URL}, {`,"document":`, s.Document},
		{`,"title":`, s.Title}, {`,"description":`, s.Description}, {`,"section":`, s.Section},
	} {
		b = append(b, f.key...)
		b = jsonx.AppendString(b, f.value)
	}
	for _, f := range [...]struct{ key, value string }{
		{`,"published":`, s.Published}, {`,"updated":`, s.Updated}, {`,"reviewed":`, s.Reviewed}, {`,"expires":`, s.Expires}, {`,"owner":`, s.Owner},
	} {
		if f.value != "" { // omitempty
			b = append(b, f.key...)
			b = jsonx.AppendString(b, f.value)
		}
	}
	b = append(b, `,"covers":`...)
	b = jsonx.AppendStrings(b, s.Covers)
	b = append(b, `,"easy_read":`...)
	b = strconv.AppendBool(b, s.EasyRead)
	b = append(b, `,"weight":`...)
	b = strconv.AppendInt(b, int64(s.Weight), 10)
	b = append(b, `,"translations":`...)
	return jsonx.AppendMap(b, s.Translations, jsonx.AppendString)
}
