package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// collector is the AST pass that gathers the headings (with the ids
// headingIDPass gave them), links and plain text of the page into the
// context's Result. It runs last and changes nothing.
type collector struct{}

// Transform fills the Result in pc from doc.
func (collector) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	res, _ := pc.Get(keyResult).(*Result)
	if res == nil {
		return
	}
	src := reader.Source()
	lines := newLineIndex(src)
	var txt strings.Builder
	txt.Grow(len(src)) // the text is shorter than the Markdown, give or take table separators
	var block ast.Node // current block, for link line numbers
	pending := 0       // source line of the text line being written
	newline := func() {
		if txt.Len() > 0 && !strings.HasSuffix(txt.String(), "\n") {
			txt.WriteByte('\n')
			res.TextLines = append(res.TextLines, pending)
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
		if block != nil && (txt.Len() == 0 || strings.HasSuffix(txt.String(), "\n")) {
			pending = blockLine(block, lines)
		}
		collect(res, &txt, n, src, block, lines)
		if n.Kind() == extast.KindTableCell && n.PreviousSibling() != nil {
			txt.WriteString(" | ")
		}
		return ast.WalkContinue, nil
	})
	if txt.Len() > 0 && !strings.HasSuffix(txt.String(), "\n") {
		res.TextLines = append(res.TextLines, pending)
	}
	res.Text = txt.String()
	placeFacts(res, lines)
}

// collect adds what node n holds to res and txt; block is the block it
// is in.
func collect(res *Result, txt *strings.Builder, n ast.Node, src []byte, block ast.Node, lines lineIndex) {
	switch n := n.(type) {
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		idb, _ := id.([]byte)
		res.Headings = append(res.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src), Line: blockLine(n, lines)})
	case *ast.Link:
		res.Links = append(res.Links, linkAt(string(n.Destination), plainText(n, src), false, block, lines))
	case *ast.AutoLink:
		l := linkAt(string(n.URL(src)), string(n.Label(src)), false, block, lines)
		l.Email = n.AutoLinkType == ast.AutoLinkEmail
		res.Links = append(res.Links, l)
		txt.Write(n.Label(src))
	case *ast.Image:
		res.Links = append(res.Links, linkAt(string(n.Destination), plainText(n, src), true, block, lines))
	case *extast.TableHeader:
		t := Table{HeaderEmpty: true}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.HeaderEmpty = t.HeaderEmpty && plainText(c, src) == ""
		}
		if c := n.FirstChild(); c != nil && c.Pos() >= 0 { // cells know their offset; the header row does not
			t.Line, _ = lines.position(c.Pos())
		}
		res.Tables = append(res.Tables, t)
	case *ast.Text:
		txt.Write(n.Segment.Value(src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			txt.WriteByte(' ')
		}
	case *ast.String:
		txt.Write(n.Value)
	}
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
