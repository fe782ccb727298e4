package markdown

import (
	"bytes"
	"html"
	"slices"
	"strings"

	nethtml "golang.org/x/net/html"

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

// Sanitize keeps the tags of [SafeTags] with their safe attributes and
// shows everything else as text: other tags, doctypes and processing
// instructions escaped as written; comments dropped. It reads raw with
// the HTML tokenizer browsers follow (golang.org/x/net/html) and writes
// every tag it keeps from the parsed name and attributes, so the result
// is inert HTML.
func Sanitize(raw string) string {
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	z := nethtml.NewTokenizer(strings.NewReader(raw))
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			// The end, or a tag cut off by it: show what is left.
			b.WriteString(html.EscapeString(string(z.Raw())))
			return b.String()
		case nethtml.TextToken:
			b.WriteString(html.EscapeString(html.UnescapeString(string(z.Raw()))))
		case nethtml.CommentToken:
			if !bytes.HasPrefix(z.Raw(), []byte("<!--")) { // <?x>, </ x>, <!x>: not a comment to the eye
				b.WriteString(html.EscapeString(string(z.Raw())))
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken, nethtml.EndTagToken:
			writeTag(&b, z, tt == nethtml.EndTagToken)
		default: // a doctype
			b.WriteString(html.EscapeString(string(z.Raw())))
		}
	}
}

// writeTag writes the tag z is at: a safe tag rebuilt with its safe
// attributes, any other escaped. The tokenizer reads what follows a start
// tag as markup even after <script> or <textarea>, as browsers do with the
// escaped tag in the output.
func writeTag(b *strings.Builder, z *nethtml.Tokenizer, end bool) {
	raw := string(z.Raw())
	name, more := z.TagName()
	if !end {
		z.NextIsNotRawText()
	}
	if !slices.Contains(SafeTags, string(name)) {
		b.WriteString(html.EscapeString(raw))
		return
	}
	if end {
		b.WriteString("</" + string(name) + ">")
		return
	}
	b.WriteString("<" + string(name))
	for more {
		var key, val []byte
		key, val, more = z.TagAttr()
		if slices.Contains(safeAttrs, string(key)) {
			b.WriteString(" " + string(key) + `="` + html.EscapeString(string(val)) + `"`)
		}
	}
	b.WriteByte('>')
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
