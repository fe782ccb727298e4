package markdown

import (
	"html"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// SafeTags are the raw HTML tags kept in [SafeHTML] mode: inline
// semantics and disclosure widgets, nothing that loads, runs or embeds.
var SafeTags = []string{
	"abbr", "b", "bdi", "bdo", "br", "cite", "code", "dd", "del", "details", "dfn", "dl", "dt",
	"em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
	"summary", "sup", "time", "u", "var", "wbr",
}

// safeAttrs are the only attributes kept on safe tags.
var safeAttrs = []string{"lang", "dir", "title", "datetime"}

var (
	tagPattern  = regexp.MustCompile(`(?s)<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>`)
	attrPattern = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// Sanitize keeps the tags of [SafeTags] with their safe attributes and
// escapes everything else, so the result is inert HTML.
func Sanitize(raw string) string {
	var b strings.Builder
	last := 0
	for _, m := range tagPattern.FindAllStringSubmatchIndex(raw, -1) {
		b.WriteString(html.EscapeString(html.UnescapeString(raw[last:m[0]])))
		last = m[1]
		if m[4] < 0 { // a comment: dropped
			continue
		}
		name := strings.ToLower(raw[m[4]:m[5]])
		if !slices.Contains(SafeTags, name) {
			b.WriteString(html.EscapeString(raw[m[0]:m[1]]))
			continue
		}
		b.WriteByte('<')
		if m[3] > m[2] {
			b.WriteByte('/')
		} else {
			for _, a := range attrPattern.FindAllStringSubmatch(raw[m[6]:m[7]], -1) {
				key := strings.ToLower(a[1])
				if !slices.Contains(safeAttrs, key) {
					continue
				}
				val := a[2] + a[3] + a[4]
				b.WriteString(" " + key + `="` + html.EscapeString(html.UnescapeString(val)) + `"`)
			}
		}
		if m[3] > m[2] {
			b.WriteString(name)
		} else {
			// name goes first: rebuild in order
			s := b.String()
			i := strings.LastIndexByte(s, '<')
			attrs := s[i+1:]
			b.Reset()
			b.WriteString(s[:i+1] + name + attrs)
		}
		b.WriteByte('>')
	}
	b.WriteString(html.EscapeString(html.UnescapeString(raw[last:])))
	return b.String()
}

// safeHTMLRenderer renders raw HTML nodes through [Sanitize].
type safeHTMLRenderer struct{}

func (r *safeHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
}

func (r *safeHTMLRenderer) rawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	var raw strings.Builder
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		raw.Write(seg.Value(src))
	}
	_, _ = w.WriteString(Sanitize(raw.String()))
	return ast.WalkSkipChildren, nil
}

func (r *safeHTMLRenderer) htmlBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	var raw strings.Builder
	for i := 0; i < b.Lines().Len(); i++ {
		seg := b.Lines().At(i)
		raw.Write(seg.Value(src))
	}
	if b.HasClosure() {
		raw.Write(b.ClosureLine.Value(src))
	}
	_, _ = w.WriteString(Sanitize(raw.String()))
	return ast.WalkContinue, nil
}
