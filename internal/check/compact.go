package check

import (
	"strconv"

	"github.com/haven-cms/haven/internal/jsonx"
)

// The compact report's coverage (coverage.json: 8 MB at 10,000 pages,
// nearly all of it page evidence) is written by hand rather than by
// encoding/json's reflection, about four times faster, cell by cell in
// parallel. It must be byte for byte what encoding/json writes, with
// SetEscapeHTML(false), for the types' tags: TestCompactReportIsTheReport
// and package jsonx's tests hold it to that. The small parts (findings,
// decisions) still go through encoding/json.

// appendCoverage appends c as encoding/json writes a *Coverage, its
// languages' cells taken from cells (encoded by appendCell).
func appendCoverage(b []byte, c *Coverage, cells map[*LanguageCoverage][]byte) []byte {
	b = append(b, `{"requirement":`...)
	b = jsonx.AppendString(b, c.ID)
	b = append(b, `,"level":`...)
	b = jsonx.AppendString(b, string(c.Level))
	if c.Pending {
		b = append(b, `,"pending":true`...)
	}
	b = append(b, `,"languages":`...)
	b = jsonx.AppendMap(b, c.Languages, func(b []byte, lc *LanguageCoverage) []byte { return append(b, cells[lc]...) })
	return append(b, '}')
}

// appendCell appends lc as encoding/json writes a *LanguageCoverage.
func appendCell(b []byte, lc *LanguageCoverage) ([]byte, error) {
	if lc == nil {
		return append(b, "null"...), nil
	}
	b = append(b, `{"status":`...)
	b = jsonx.AppendString(b, string(lc.Status))
	b = append(b, `,"level":`...)
	b = jsonx.AppendString(b, string(lc.Level))
	b = append(b, `,"pages":`...)
	b = jsonx.AppendStrings(b, lc.Pages)
	if lc.Reviewed != "" {
		b = append(b, `,"reviewed":`...)
		b = jsonx.AppendString(b, lc.Reviewed)
	}
	if len(lc.Missing) > 0 {
		b = append(b, `,"missing":`...)
		b = jsonx.AppendStrings(b, lc.Missing)
	}
	if len(lc.Notes) > 0 {
		b = append(b, `,"notes":`...)
		b = jsonx.AppendStrings(b, lc.Notes)
	}
	if len(lc.Evidence) > 0 {
		b = append(b, `,"evidence":`...)
		b = jsonx.AppendList(b, lc.Evidence, appendEvidence)
	}
	var err error
	if len(lc.Findings) > 0 {
		b = append(b, `,"findings":`...)
		if b, err = appendMarshal(b, lc.Findings); err != nil {
			return nil, err
		}
	}
	if lc.Decision != nil {
		b = append(b, `,"decision":`...)
		if b, err = appendMarshal(b, lc.Decision); err != nil {
			return nil, err
		}
	}
	if len(lc.Owners) > 0 {
		b = append(b, `,"owners":`...)
		b = jsonx.AppendStrings(b, lc.Owners)
	}
	return append(b, '}'), nil
}

// cellSize is about how long appendCell makes lc, escapes aside, so its
// buffer grows once or not at all: evidence is most of a cell.
func cellSize(lc *LanguageCoverage) int {
	if lc == nil {
		return 4
	}
	n := 256
	for _, e := range lc.Evidence {
		n += len(e.File) + len(e.URL) + len(e.Title) + len(e.Owner) + 64
		for _, f := range e.Found {
			n += len(f.What) + len(f.Match) + 40
		}
		for _, l := range e.Lacks {
			n += len(l.Item) + len(l.Say) + 40
		}
	}
	for _, list := range [][]string{lc.Pages, lc.Missing, lc.Notes, lc.Owners} {
		for _, s := range list {
			n += len(s) + 3
		}
	}
	return n
}

// appendEvidence appends e as encoding/json writes a PageEvidence.
func appendEvidence(b []byte, e PageEvidence) []byte {
	b = append(b, `{"file":`...)
	b = jsonx.AppendString(b, e.File)
	for _, f := range [...]struct{ key, value string }{{`,"url":`, e.URL}, {`,"title":`, e.Title}, {`,"owner":`, e.Owner}} {
		if f.value != "" {
			b = append(b, f.key...)
			b = jsonx.AppendString(b, f.value)
		}
	}
	b = append(b, `,"found":`...)
	b = jsonx.AppendList(b, e.Found, appendFound)
	if len(e.Lacks) > 0 {
		b = append(b, `,"lacks":`...)
		b = jsonx.AppendList(b, e.Lacks, appendLack)
	}
	return append(b, '}')
}

// appendFound appends f as encoding/json writes a Found.
func appendFound(b []byte, f Found) []byte {
	b = append(b, `{"item":`...)
	b = jsonx.AppendString(b, f.What)
	b = append(b, `,"sentence":`...)
	b = jsonx.AppendString(b, f.Match)
	if f.Line != 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(f.Line), 10)
	}
	return append(b, '}')
}

// appendLack appends l as encoding/json writes a Lack.
func appendLack(b []byte, l Lack) []byte {
	b = append(b, `{"item":`...)
	b = jsonx.AppendString(b, l.Item)
	b = append(b, `,"say":`...)
	b = jsonx.AppendString(b, l.Say)
	if l.Should {
		b = append(b, `,"should":true`...)
	}
	return append(b, '}')
}

// appendMarshal appends v as encodeJSON writes it, without the newline.
func appendMarshal(b []byte, v any) ([]byte, error) {
	data, err := encodeJSON(v, "")
	if err != nil {
		return nil, err
	}
	return append(b, data[:len(data)-1]...), nil
}
