package check

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// The compact report's coverage (coverage.json: 8 MB at 10,000 pages,
// nearly all of it page evidence) is written by hand rather than by
// encoding/json's reflection, about four times faster, cell by cell in
// parallel. It must be byte for byte what encoding/json writes, with
// SetEscapeHTML(false), for the types' tags: TestCompactReportIsTheReport
// and TestJSONString hold it to that. The small parts (findings,
// decisions) still go through encoding/json.

// appendCoverage appends c as encoding/json writes a *Coverage, its
// languages' cells taken from cells (encoded by appendCell) by language.
func appendCoverage(b []byte, c *Coverage, cells map[string][]byte) []byte {
	b = append(b, `{"requirement":`...)
	b = appendJSONString(b, c.ID)
	b = append(b, `,"level":`...)
	b = appendJSONString(b, string(c.Level))
	if c.Pending {
		b = append(b, `,"pending":true`...)
	}
	b = append(b, `,"languages":`...)
	if c.Languages == nil {
		b = append(b, "null"...)
	} else {
		langs := make([]string, 0, len(c.Languages))
		for lang := range c.Languages {
			langs = append(langs, lang)
		}
		slices.Sort(langs) // encoding/json sorts a map's keys
		b = append(b, '{')
		for i, lang := range langs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, lang)
			b = append(b, ':')
			b = append(b, cells[lang]...)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendCell appends lc as encoding/json writes a *LanguageCoverage.
func appendCell(b []byte, lc *LanguageCoverage) ([]byte, error) {
	if lc == nil {
		return append(b, "null"...), nil
	}
	b = append(b, `{"status":`...)
	b = appendJSONString(b, string(lc.Status))
	b = append(b, `,"level":`...)
	b = appendJSONString(b, string(lc.Level))
	b = append(b, `,"pages":`...)
	b = appendStrings(b, lc.Pages)
	if lc.Reviewed != "" {
		b = append(b, `,"reviewed":`...)
		b = appendJSONString(b, lc.Reviewed)
	}
	if len(lc.Missing) > 0 {
		b = append(b, `,"missing":`...)
		b = appendStrings(b, lc.Missing)
	}
	if len(lc.Notes) > 0 {
		b = append(b, `,"notes":`...)
		b = appendStrings(b, lc.Notes)
	}
	if len(lc.Evidence) > 0 {
		b = append(b, `,"evidence":[`...)
		for i, e := range lc.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendEvidence(b, e)
		}
		b = append(b, ']')
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
		b = appendStrings(b, lc.Owners)
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
	b = appendJSONString(b, e.File)
	for _, f := range [...]struct{ key, value string }{{`,"url":`, e.URL}, {`,"title":`, e.Title}, {`,"owner":`, e.Owner}} {
		if f.value != "" {
			b = append(b, f.key...)
			b = appendJSONString(b, f.value)
		}
	}
	b = append(b, `,"found":`...)
	if e.Found == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, f := range e.Found {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"item":`...)
			b = appendJSONString(b, f.What)
			b = append(b, `,"sentence":`...)
			b = appendJSONString(b, f.Match)
			if f.Line != 0 {
				b = append(b, `,"line":`...)
				b = strconv.AppendInt(b, int64(f.Line), 10)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(e.Lacks) > 0 {
		b = append(b, `,"lacks":[`...)
		for i, l := range e.Lacks {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"item":`...)
			b = appendJSONString(b, l.Item)
			b = append(b, `,"say":`...)
			b = appendJSONString(b, l.Say)
			if l.Should {
				b = append(b, `,"should":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendStrings appends a list of strings; nil is null.
func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendMarshal appends v as encodeJSON writes it, without the newline.
func appendMarshal(b []byte, v any) ([]byte, error) {
	data, err := encodeJSON(v, "")
	if err != nil {
		return nil, err
	}
	return append(b, data[:len(data)-1]...), nil
}

// appendJSONString appends s quoted as encoding/json does with
// SetEscapeHTML(false): quote and backslash escaped, control characters
// as \n, \r, \t, \b, \f or \u00XX, invalid UTF-8 as \ufffd, and U+2028
// and U+2029 (line separators to JavaScript) as \u2028 and \u2029.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
