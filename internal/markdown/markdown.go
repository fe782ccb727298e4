// Package markdown renders page bodies with goldmark under safe settings and
// collects what later stages need from the same parse: heading ids (for
// #anchors), links with their lines (for link checks), and plain text (for
// evidence, search and the API).
//
// # Safety
//
// Raw HTML in Markdown is dropped (goldmark prints an HTML comment in its
// place) unless the site opts in to [SafeHTML], which keeps a small list of
// inline tags without attributes beyond lang, dir and title. javascript:,
// vbscript: and data: link targets never reach the output. Links to other
// sites get rel="noreferrer" so the reader's visit is not announced to them.
package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// RawHTML says what happens to raw HTML in Markdown.
type RawHTML int

const (
	// NoHTML drops all raw HTML (the default).
	NoHTML RawHTML = iota
	// SafeHTML keeps the tags in [SafeTags], stripped of attributes other
	// than lang, dir and title; everything else is escaped.
	SafeHTML
)

// Heading is a heading of the page.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int // 1-based line in the Markdown source
}

// Link is a link or image target found in the page.
type Link struct {
	Dest   string
	Text   string
	Image  bool
	Line   int // 1-based line in the Markdown source
	Column int
}

// Result is a rendered page body.
type Result struct {
	HTML     []byte
	Text     string // plain text, one block a line
	Headings []Heading
	Links    []Link
}

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain is md without autolinks, for the pages that cannot have one
	// (see mayAutolink): goldmark's Linkify looks at every space of a
	// page, a third of the cost of parsing it.
	plain goldmark.Markdown
}

// New returns a renderer with GFM tables, strikethrough and autolinks,
// heading ids, no typographer (it gets Estonian „quotes“ and Russian
// «quotes» wrong), and raw HTML as mode says.
func New(mode RawHTML) *Renderer {
	base := []goldmark.Extender{extension.Table, extension.Strikethrough}
	var rOpts []renderer.Option
	if mode == SafeHTML {
		rOpts = append(rOpts, html.WithUnsafe(), renderer.WithNodeRenderers(util.Prioritized(&safeHTMLRenderer{}, 100)))
	}
	with := func(exts []goldmark.Extender, passes ...util.PrioritizedValue) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(
				parser.WithASTTransformers(append(passes, util.Prioritized(&collector{}, 1000))...),
			),
			goldmark.WithRendererOptions(rOpts...),
		)
	}
	return &Renderer{
		md:    with(append(base, extension.Linkify), util.Prioritized(lineEndBlanks{}, 500)),
		plain: with(base),
	}
}

// lineEndBlanks is an AST pass for goldmark with Linkify, which keeps
// blanks at the end of a line ("a \t\nb" gives "a \nb", "a  \nb" gives
// "a <br>") where CommonMark, and goldmark without Linkify, drop them all:
// Linkify makes goldmark cut the text at every blank, and goldmark trims
// only the last piece. Without this pass a page would render differently
// depending on whether it has an autolink candidate somewhere (see
// mayAutolink). A backslash hard break ("a \\\nb") keeps its blanks in
// both. It runs before the collector (goldmark runs lower priorities
// first).
type lineEndBlanks struct{}

func (lineEndBlanks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !(t.SoftLineBreak() || t.HardLineBreak()) || backslashBreak(t, src) {
			return ast.WalkContinue, nil
		}
		// Trim this text and, while it is empty, the texts before it on
		// the same line.
		for {
			v := t.Segment.Value(src)
			trimmed := bytes.TrimRight(v, " \t")
			t.Segment = t.Segment.WithStop(t.Segment.Stop - (len(v) - len(trimmed)))
			if len(trimmed) > 0 {
				break
			}
			prev, ok := t.PreviousSibling().(*ast.Text)
			if !ok || prev.SoftLineBreak() || prev.HardLineBreak() {
				break
			}
			t = prev
		}
		return ast.WalkContinue, nil
	})
}

// backslashBreak reports whether t ends its line with a hard break
// written as a backslash, which goldmark leaves untrimmed.
func backslashBreak(t *ast.Text, src []byte) bool {
	if !t.HardLineBreak() {
		return false
	}
	rest := src[t.Segment.Stop:]
	return bytes.HasPrefix(rest, []byte("\\\n")) || bytes.HasPrefix(rest, []byte("\\\r\n"))
}

// mayAutolink reports whether src can hold an autolink: goldmark's Linkify
// makes links only of text that starts with http:, https: or ftp: and
// continues with ://, that starts with www., or that holds an @ (an
// e-mail address). A page with none of these parses the same without it
// (TestAutolinkSkip, FuzzAutolinkSkip).
func mayAutolink(src []byte) bool {
	return bytes.Contains(src, []byte("://")) || bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0
}

// instance returns the goldmark instance for src.
func (r *Renderer) instance(src []byte) goldmark.Markdown {
	if mayAutolink(src) {
		return r.md
	}
	return r.plain
}

var keyResult = parser.NewContextKey()

// Render converts src to HTML and collects headings, links and text. It
// refuses pages nested deeper than [MaxNesting] with a *NestingError.
func (r *Renderer) Render(src []byte) (*Result, error) {
	return render(r.instance(src), src)
}

// render is Render with the goldmark instance md.
func render(md goldmark.Markdown, src []byte) (*Result, error) {
	res, doc, err := parse(md, src)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	res.HTML = buf.Bytes()
	return res, nil
}

// Analyze is Render without the HTML: the headings, links and text that
// the checks read, for about four fifths of the cost.
func (r *Renderer) Analyze(src []byte) (*Result, error) {
	res, _, err := parse(r.instance(src), src)
	return res, err
}

func parse(md goldmark.Markdown, src []byte) (*Result, ast.Node, error) {
	if err := checkNesting(src); err != nil {
		return nil, nil, err
	}
	res := &Result{}
	ctx := parser.NewContext()
	ctx.Set(keyResult, res)
	return res, md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx)), nil
}

// collector is an AST pass that gives headings ids, marks off-site links
// and gathers headings, links and plain text into the context's Result.
type collector struct{}

func (c *collector) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(keyResult).(*Result)
	if res == nil {
		return
	}
	src := reader.Source()
	lines := newLineIndex(src)
	ids := map[string]int{}
	var txt strings.Builder
	txt.Grow(len(src))       // the text is shorter than the Markdown, give or take table separators
	var block ast.Node       // current block, for link line numbers
	var dangerous []ast.Node // links to unwrap after the walk
	newline := func() {
		if txt.Len() > 0 && !strings.HasSuffix(txt.String(), "\n") {
			txt.WriteByte('\n')
		}
	}

	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			if entering && n.Lines().Len() > 0 {
				block = n
			}
			if !entering && n.Kind() != extast.KindTableCell {
				newline()
			}
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t := plainText(n, src)
			id := headingID(t)
			if id == "" {
				id = "section"
			}
			if k := ids[id]; k > 0 {
				ids[id] = k + 1
				id = fmt.Sprintf("%s-%d", id, k)
			} else {
				ids[id] = 1
			}
			n.SetAttributeString("id", []byte(id))
			res.Headings = append(res.Headings, Heading{Level: n.Level, ID: id, Text: t, Line: blockLine(n, lines)})
		case *ast.Link:
			res.Links = append(res.Links, linkAt(string(n.Destination), plainText(n, src), false, block, lines))
			if IsDangerousURL(string(n.Destination)) {
				dangerous = append(dangerous, n)
			}
			markExternal(n, string(n.Destination))
		case *ast.AutoLink:
			dest := string(n.URL(src))
			res.Links = append(res.Links, linkAt(dest, string(n.Label(src)), false, block, lines))
			txt.Write(n.Label(src))
			if n.AutoLinkType == ast.AutoLinkURL {
				n.SetAttributeString("rel", []byte("noreferrer"))
			}
		case *ast.Image:
			res.Links = append(res.Links, linkAt(string(n.Destination), plainText(n, src), true, block, lines))
			if IsDangerousURL(string(n.Destination)) {
				n.Destination = nil
			}
		case *ast.Text:
			txt.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				txt.WriteByte(' ')
			}
		case *ast.String:
			txt.Write(n.Value)
		}
		if n.Kind() == extast.KindTableCell && n.PreviousSibling() != nil {
			txt.WriteString(" | ")
		}
		return ast.WalkContinue, nil
	})
	// A link to javascript: or data: becomes its plain text.
	for _, n := range dangerous {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	res.Text = txt.String()
}

// markExternal adds rel="noreferrer" to links that leave the site.
func markExternal(n *ast.Link, dest string) {
	if strings.HasPrefix(dest, "http://") || strings.HasPrefix(dest, "https://") || strings.HasPrefix(dest, "//") {
		n.SetAttributeString("rel", []byte("noreferrer"))
	}
}

// IsDangerousURL reports whether a link target would run code or embed
// data when followed: javascript:, vbscript:, data: and file: URLs, in any
// case and with any whitespace or control characters browsers ignore.
func IsDangerousURL(dest string) bool {
	var b strings.Builder
	for _, r := range dest {
		if r > ' ' {
			b.WriteRune(unicode.ToLower(r))
		}
		if b.Len() > 12 {
			break
		}
	}
	s := b.String()
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

func linkAt(dest, label string, image bool, block ast.Node, lines lineIndex) Link {
	l := Link{Dest: dest, Text: label, Image: image}
	if block != nil && block.Lines().Len() > 0 {
		seg := block.Lines().At(0)
		// Find the destination in the block's source to get its line.
		start, stop := seg.Start, block.Lines().At(block.Lines().Len()-1).Stop
		if i := bytes.Index(lines.src[start:stop], []byte(dest)); i >= 0 && dest != "" {
			l.Line, l.Column = lines.position(start + i)
		} else {
			l.Line, l.Column = lines.position(start)
		}
	}
	return l
}

func blockLine(n ast.Node, lines lineIndex) int {
	if n.Lines().Len() == 0 {
		return 0
	}
	line, _ := lines.position(n.Lines().At(0).Start)
	return line
}

// plainText concatenates the text below n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// headingID makes an anchor from heading text: lower case, letters and
// digits of any script kept (Estonian and Russian readers see words they
// can read in the address bar), everything else folded into single dashes.
func headingID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// HeadingID is the anchor haven gives a heading with text s (before
// de-duplication).
func HeadingID(s string) string { return headingID(s) }

type lineIndex struct {
	src    []byte
	starts []int
}

func newLineIndex(src []byte) lineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{src: src, starts: starts}
}

// position returns the 1-based line and column (in runes) of offset.
func (li lineIndex) position(offset int) (line, col int) {
	lo, hi := 0, len(li.starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li.starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1, len([]rune(string(li.src[li.starts[lo]:offset]))) + 1
}
