package publish

import (
	"bytes"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies output by file extension. It is safe for concurrent
// use (minify.M is; see its documentation).
type Minifier struct {
	m *minify.M
}

// NewMinifier returns a minifier for HTML, CSS, JS, SVG and XML. JSON is
// left alone: haven's encoders write it compact already, and a second
// parse of every API document cost a tenth of a large build.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		// Keep <html lang>, <head> and <body>: screen readers and the
		// accessibility checks read lang from <html>.
		KeepDocumentTags: true,
		// End tags cost little and keep pages readable for old parsers.
		KeepEndTags: true,
		// Keep quotes and default attribute values: byte savings are tiny
		// and plain markup is easier to audit for reviewers.
		KeepQuotes:          true,
		KeepDefaultAttrVals: true,
		// Comments are dropped.
	})
	m.AddFunc("text/css", css.Minify)
	m.Add("application/javascript", &js.Minifier{})
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{KeepWhitespace: false})
	return &Minifier{m: m}
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".svg":  "image/svg+xml",
	".xml":  "application/xml",
}

// Handles reports whether files called name are minified.
func (m *Minifier) Handles(name string) bool {
	_, ok := mediaTypes[path.Ext(name)]
	return ok
}

// MinifyTo writes data minified by the extension of name to buf; other
// files are copied unchanged.
func (m *Minifier) MinifyTo(buf *bytes.Buffer, name string, data []byte) error {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		buf.Write(data)
		return nil
	}
	buf.Grow(len(data))
	return m.m.Minify(mt, buf, bytes.NewBuffer(data)) // a Bytes() reader: the parser reads data in place
}

// Minify returns data minified by the extension of name; other files come
// back unchanged.
func (m *Minifier) Minify(name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if !ok {
		return data, nil
	}
	return m.m.Bytes(mt, data)
}
