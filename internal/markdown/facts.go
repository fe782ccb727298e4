package markdown

import (
	"regexp"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A page inserts a figure kept in the site's facts registry with
// {{fact ID}}, which the page shows in its language's format with its
// unit ("946 eurot", "€946", "15 päeva"), or {{fact ID number}}, the
// number alone, for a sentence that needs another case of the unit
// ("kuni {{fact therapy-cost-cap number}} euroni"). Inside code spans and
// code blocks the reference is text.

// FactRef is one {{fact ...}} reference of a page.
type FactRef struct {
	ID string
	// Form is "" for the figure with its unit, "number" for the number.
	Form string
	// Text is what the page shows; Full is the figure with its unit,
	// what the translation-drift checks compare. Both are "" and the
	// reference is shown as written when ID is unknown.
	Text, Full string
	Known      bool
	Line       int // 1-based line in the Markdown source
	Column     int

	offset int
}

// Facts returns the text of fact id in lang in form ("" or "number"),
// and whether id is known.
type Facts func(lang, id, form string) (string, bool)

// WithFacts returns a copy of r that resolves {{fact ID}} references with
// facts.
func (r *Renderer) WithFacts(facts Facts) *Renderer {
	c := *r
	c.facts = facts
	return &c
}

var (
	keyFacts = parser.NewContextKey()
	factRef  = regexp.MustCompile(`^\{\{fact[ \t]+([a-z0-9][a-z0-9-]*)(?:[ \t]+(number))?[ \t]*\}\}`)
)

// factResolver is what the inline parser needs: the facts and the
// page's language.
type factResolver struct {
	facts Facts
	lang  string
}

// factParser is the inline parser of {{fact ...}} references.
type factParser struct{}

// Trigger returns the opening brace.
func (factParser) Trigger() []byte { return []byte{'{'} }

// Parse turns a reference at the start of block into the fact's text,
// recording it in the Result; anything else is left to goldmark.
func (factParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	m := factRef.FindSubmatchIndex(line)
	if m == nil {
		return nil
	}
	ref := FactRef{ID: string(line[m[2]:m[3]]), offset: seg.Start}
	if m[4] >= 0 {
		ref.Form = string(line[m[4]:m[5]])
	}
	block.Advance(m[1])
	if fr, _ := pc.Get(keyFacts).(*factResolver); fr != nil && fr.facts != nil {
		ref.Text, ref.Known = fr.facts(fr.lang, ref.ID, ref.Form)
		ref.Full, _ = fr.facts(fr.lang, ref.ID, "")
	}
	if res, _ := pc.Get(keyResult).(*Result); res != nil {
		res.Facts = append(res.Facts, ref)
	}
	if !ref.Known {
		return ast.NewTextSegment(seg.WithStop(seg.Start + m[1]))
	}
	return ast.NewString([]byte(ref.Text))
}

// placeFacts fills in the lines and columns of res's references.
func placeFacts(res *Result, lines lineIndex) {
	for i := range res.Facts {
		res.Facts[i].Line, res.Facts[i].Column = lines.position(res.Facts[i].offset)
	}
}
