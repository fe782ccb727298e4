// Package markdown renders page bodies with goldmark under safe settings and
// collects what later stages need from the same parse: heading ids (for
// #anchors), links with their lines (for link checks), and plain text (for
// evidence, search and the API).
//
// # Safety
//
// Raw HTML in Markdown is dropped (goldmark prints an HTML comment in its
// place) unless the site opts in to [SafeHTML], which keeps a small list of
// inline tags without attributes beyond lang, dir, title and datetime.
// javascript:, vbscript:, data: and file: URLs never reach the output, however
// they are written (see [IsDangerousURL]); [Result.Blocked] lists the links
// that had one. Links to other sites get rel="noreferrer" so the reader's
// visit is not announced to them.
//
// # Limits
//
// Pages nested deeper than [MaxNesting], with more lines than [MaxBlocks]
// or more inline markup than [MaxMarkers] and [MaxWork] allow are refused
// (see [NestingError] and [LimitError]), so that no page under the 8 MiB
// limit costs goldmark more than a few seconds and about 100 MB (most are
// refused in a fraction of a second).
//
// # Passes
//
// inlineBudget, an inline parser before goldmark's own, counts the inline
// markup. Each goldmark AST pass has one job, in this order: lineEndBlanks makes
// the tree the same with and without Linkify, linkPolicy applies the URL
// rules above, headingIDPass gives headings ids through goldmark's
// [parser.IDs] hook, and collector gathers headings, links and text.
package markdown

import (
	"bytes"
	"fmt"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
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
	Email  bool // an autolinked e-mail address, without mailto:
	Line   int  // 1-based line in the Markdown source
	Column int
}

// Table is a GFM table of the page.
type Table struct {
	Line int // 1-based line of its header row in the Markdown source
	// HeaderEmpty is true when every cell of the header row is empty, so
	// that screen readers announce no column names.
	HeaderEmpty bool
}

// Result is a rendered page body.
type Result struct {
	// HTML is never modified once rendered (see HTMLString).
	HTML []byte
	Text string // plain text, one block a line
	// TextLines holds, for each line of Text, the 1-based line in the
	// Markdown source of the block it comes from (0 when unknown).
	TextLines []int
	Headings  []Heading
	Links     []Link
	Tables    []Table
	// Blocked are the links and images whose dangerous URLs (see
	// [IsDangerousURL]) were taken out of the page, for checks to report.
	Blocked []Link
	// Facts are the page's {{fact ...}} references (see [FactRef]).
	Facts []FactRef
}

// HTMLString returns HTML as a string that shares its bytes, without the
// copy a conversion makes: the theme page and the API document of every
// page read it (10k pages: 120 MB of copies a build).
func (r *Result) HTMLString() string {
	return unsafe.String(unsafe.SliceData(r.HTML), len(r.HTML))
}

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain is md without autolinks, for the pages that cannot have one
	// (see mayAutolink): goldmark's Linkify looks at every space of a
	// page, a third of the cost of parsing it.
	plain goldmark.Markdown
	// facts resolves {{fact ...}} references; nil leaves them as written.
	facts Facts
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
	// goldmark runs the passes lowest priority first.
	passes := []util.PrioritizedValue{
		util.Prioritized(linkPolicy{}, 200),
		util.Prioritized(headingIDPass{}, 300),
		util.Prioritized(collector{}, 1000),
	}
	with := func(exts []goldmark.Extender, more ...util.PrioritizedValue) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(
				parser.WithInlineParsers(util.Prioritized(inlineBudget{}, 0), util.Prioritized(factParser{}, 50)),
				parser.WithASTTransformers(append(more, passes...)...),
			),
			goldmark.WithRendererOptions(rOpts...),
		)
	}
	return &Renderer{
		md:    with(append(base, extension.Linkify), util.Prioritized(lineEndBlanks{}, 100)),
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
// both. It runs first, on the tree as goldmark parsed it, so that the
// passes after it see the same tree in both.
type lineEndBlanks struct{}

// Transform trims the blanks before every line break of doc.
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
			blanks := util.TrimRightSpaceLength(v) // what goldmark trims at a line's end: spaces, tabs, \r
			t.Segment = t.Segment.WithStop(t.Segment.Stop - blanks)
			if blanks < len(v) {
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
// refuses pages nested deeper than [MaxNesting] with a *NestingError, and
// pages with more inline markup than [MaxMarkers] and [MaxWork] allow with
// a *LimitError.
func (r *Renderer) Render(src []byte) (*Result, error) {
	return r.RenderIn(src, "")
}

// RenderIn is Render for a page in lang: {{fact ...}} references show
// the figure in lang's format (see [Renderer.WithFacts]).
func (r *Renderer) RenderIn(src []byte, lang string) (*Result, error) {
	return render(r.instance(src), src, &factResolver{r.facts, lang})
}

// render is Render with the goldmark instance md.
func render(md goldmark.Markdown, src []byte, fr *factResolver) (*Result, error) {
	res, doc, err := parse(md, src, fr)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	if err := md.Renderer().Render(bufWriter{&buf}, src, doc); err != nil {
		return nil, fmt.Errorf("render markdown: %w", err)
	}
	res.HTML = buf.Bytes()
	return res, nil
}

// bufWriter is a bytes.Buffer as goldmark's util.BufWriter, which its
// renderer then writes into directly instead of through a bufio.Writer
// of its own (4 KB and a second copy of every page's HTML).
type bufWriter struct{ *bytes.Buffer }

var _ util.BufWriter = bufWriter{}

// Buffered is 0: nothing waits to be written.
func (bufWriter) Buffered() int { return 0 }

// Flush has nothing to do.
func (bufWriter) Flush() error { return nil }

// Analyze is Render without the HTML: the headings, links and text that
// the checks read, for about four fifths of the cost.
func (r *Renderer) Analyze(src []byte) (*Result, error) {
	return r.AnalyzeIn(src, "")
}

// AnalyzeIn is Analyze for a page in lang, like [Renderer.RenderIn].
func (r *Renderer) AnalyzeIn(src []byte, lang string) (*Result, error) {
	res, _, err := parse(r.instance(src), src, &factResolver{r.facts, lang})
	return res, err
}

func parse(md goldmark.Markdown, src []byte, fr *factResolver) (*Result, ast.Node, error) {
	if err := checkNesting(src); err != nil {
		return nil, nil, err
	}
	res := &Result{}
	b := &budget{over: -1}
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	ctx.Set(keyResult, res)
	ctx.Set(keyBudget, b)
	ctx.Set(keyFacts, fr)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	if err := b.limitError(src); err != nil {
		return nil, nil, err
	}
	return res, doc, nil
}
