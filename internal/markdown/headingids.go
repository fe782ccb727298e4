package markdown

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// headingIDs is haven's [parser.IDs]: anchors from heading text in any
// script (see headingID), "section" for a heading without letters or
// digits, and -1, -2, … after repeats. One serves one page.
type headingIDs struct {
	seen map[string]int
}

func newHeadingIDs() *headingIDs { return &headingIDs{seen: map[string]int{}} }

// Generate returns the id for a heading with the plain text value.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	id := headingID(string(value))
	if id == "" {
		id = "section"
	}
	if k := h.seen[id]; k > 0 {
		h.seen[id] = k + 1
		id = fmt.Sprintf("%s-%d", id, k)
	} else {
		h.seen[id] = 1
	}
	return []byte(id)
}

// Put marks id as taken.
func (h *headingIDs) Put(id []byte) {
	if h.seen[string(id)] == 0 {
		h.seen[string(id)] = 1
	}
}

// headingIDPass is the AST pass that gives every heading its id from the
// context's [parser.IDs]. goldmark's own auto heading ids would feed the
// IDs the heading's Markdown source ("[Abi](/et/abi/)"), not its text.
type headingIDPass struct{}

// Transform sets the id attribute of every heading of doc.
func (headingIDPass) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	ids := pc.IDs()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.SetAttributeString("id", ids.Generate([]byte(plainText(h, src)), ast.KindHeading))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
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
