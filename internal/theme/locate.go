package theme

import (
	"bytes"
	"html"
	"io/fs"
	"slices"
	"unicode/utf8"
)

// Spot is a place in a theme's files: the file's path inside the theme
// (templates/base.html, static/haven.css) and a 1-based line and column
// (in characters).
type Spot struct {
	File         string
	Line, Column int
}

// readSources keeps the text of the theme's templates and static files,
// for [Theme.Locate].
func (t *Theme) readSources(fsys fs.FS) error {
	t.sources = map[string][]byte{}
	for _, pattern := range []string{"templates/*.html", "templates/partials/*.html"} {
		names, _ := fs.Glob(fsys, pattern)
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			t.sources[name] = b
		}
	}
	for name, b := range t.Static {
		t.sources["static/"+name] = b
	}
	return nil
}

// Locate returns the first place, in file-name order, where one of the
// theme's templates or static files holds text: as written, or HTML-escaped
// as a template's attribute would hold it. It reports false when no file
// does (the text came from a page or from haven).
func (t *Theme) Locate(text string) (Spot, bool) {
	if text == "" {
		return Spot{}, false
	}
	names := make([]string, 0, len(t.sources))
	for name := range t.sources {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, form := range []string{text, html.EscapeString(text)} {
		for _, name := range names {
			src := t.sources[name]
			i := bytes.Index(src, []byte(form))
			if i < 0 {
				continue
			}
			lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
			return Spot{File: name, Line: bytes.Count(src[:i], []byte("\n")) + 1, Column: utf8.RuneCount(src[lineStart:i]) + 1}, true
		}
	}
	return Spot{}, false
}
