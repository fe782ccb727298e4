package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Limits on inline markup. goldmark matches emphasis markers, brackets,
// backticks and angle brackets by scanning back or ahead from each one,
// so a page made of them costs the square of its length (100,000 "*a_ "
// take minutes) or hundreds of bytes a character (8 MB of "[" take 2.8 GB).
// No real page comes near these limits; a page that reaches one is refused
// with a [LimitError].
const (
	// MaxMarkers is how many emphasis markers (*, _, ~), brackets ([, ![,
	// ]), backticks and angle brackets (<) a page may have.
	MaxMarkers = 1 << 17
	// MaxWork bounds the scanning goldmark may do for them: an emphasis
	// marker or ] costs one for every marker before it in the same
	// paragraph, heading or table cell; ], ` and < also the length of the
	// text after them in which goldmark looks for what closes them (the
	// rest of the line for ], of the paragraph for ` and <).
	MaxWork = 1 << 26
	// MaxBlocks is how many lines a page may have, with each list and
	// quote marker at their starts counted as one line more: goldmark
	// keeps a few hundred bytes for each, so 8 MB of "# a" lines would
	// take 2.9 GB.
	MaxBlocks = 1 << 18
)

// LimitError reports a page with more markup than [MaxMarkers],
// [MaxWork] or [MaxBlocks] allow.
type LimitError struct {
	Line int    // 1-based line in the Markdown source where the limit was reached
	Near string // the start of the text there
	What string // what there is too much of
	Fix  string // what the editor can do
}

// Error says what there is too much of, where, and what to do.
func (e *LimitError) Error() string {
	return fmt.Sprintf("too many %s for one page, reached at line %d near %q; %s", e.What, e.Line, e.Near, e.Fix)
}

// newLimitError returns a LimitError for the limit reached at offset.
func newLimitError(src []byte, offset int, what, fix string) *LimitError {
	line := 1 + bytes.Count(src[:offset], []byte("\n"))
	near := []rune(string(src[offset:min(len(src), offset+64)]))
	for i, r := range near {
		if r == '\n' {
			near = near[:i]
			break
		}
	}
	return &LimitError{Line: line, Near: string(near[:min(len(near), 24)]), What: what, Fix: fix}
}

var keyBudget = parser.NewContextKey()

// budget is what a page has spent of the limits.
type budget struct {
	markers, work int
	parent        ast.Node // the paragraph, heading or cell being parsed
	inParent      int      // markers so far in parent
	over          int      // source offset where a limit was reached, or -1
}

// inlineBudget is an inline parser that goes before goldmark's own on
// every marker character. It charges the marker to the page's budget and
// leaves it to goldmark; once the budget is spent it makes the rest of the
// line plain text, so goldmark finishes in linear time and memory, and
// Render refuses the page.
type inlineBudget struct{}

// Trigger returns the marker characters.
func (inlineBudget) Trigger() []byte { return []byte{'*', '_', '~', '[', '!', ']', '`', '<'} }

// Parse charges the marker at the start of block and returns nil, or,
// past the budget, returns the rest of the line as text.
func (inlineBudget) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b, _ := pc.Get(keyBudget).(*budget)
	line, seg := block.PeekLine()
	if b == nil || line[0] == '!' && (len(line) < 2 || line[1] != '[') {
		return nil
	}
	if b.over < 0 {
		if parent != b.parent {
			b.parent, b.inParent = parent, 0
		}
		b.markers++
		b.work += charge(line, seg, parent, b.inParent)
		b.inParent++
		if b.markers <= MaxMarkers && b.work <= MaxWork {
			return nil
		}
		b.over = seg.Start
	}
	n := len(line)
	for n > 1 && (line[n-1] == '\n' || line[n-1] == '\r') {
		n--
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// charge is what the marker that starts line costs goldmark when before
// markers came before it in parent: an emphasis marker or ] may be
// matched against each of them; ] also looks to the end of the line for
// a link destination, ` and < to the end of the block for what closes
// them. An opening bracket costs only its memory, counted in MaxMarkers.
func charge(line []byte, seg text.Segment, parent ast.Node, before int) int {
	switch line[0] {
	case '[', '!':
		return 0
	case ']':
		return before + len(line)
	case '`', '<':
		rest := len(line)
		if lines := parent.Lines(); lines.Len() > 0 {
			rest = max(rest, lines.At(lines.Len()-1).Stop-seg.Start)
		}
		return rest
	}
	return before
}

// limitError returns the error for a page whose budget ran out, or nil.
func (b *budget) limitError(src []byte) error {
	if b.over < 0 {
		return nil
	}
	return newLimitError(src, b.over, "emphasis markers, brackets, backticks and angle brackets",
		"write the ones that are not markup with a backslash (\\*, \\[, \\`, \\<), or split the page")
}
