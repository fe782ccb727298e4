package corpus

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// blockKind is what follows a heading's first paragraph.
type blockKind int

const (
	noBlock blockKind = iota
	listBlock
	tableBlock
	quoteBlock
)

// block is one heading's extra block: the same kind and size in every
// language, so that translations do not drift.
type block struct {
	kind blockKind
	n    int // list items or table rows
}

// plan is what the translations of one page share.
type plan struct {
	section, slug string
	covers        []string
	links         []int // indexes of the pages linked to
	blocks        []block
}

// plan chooses the pages' paths, covers, links and block structure.
func (g *generator) plan(perLang int) {
	g.pages = make([]*plan, perLang)
	for i := range g.pages {
		g.pages[i] = &plan{section: Sections[i%len(Sections)], slug: fmt.Sprintf("leht-%05d", i)}
	}
	for _, p := range g.pages {
		for _, k := range g.r.Perm(len(Covers))[:g.r.IntN(3)] {
			p.covers = append(p.covers, Covers[k])
		}
		p.links = g.r.Perm(perLang)[:min(3, perLang)]
		p.blocks = make([]block, 2+g.r.IntN(4))
		for k := range p.blocks {
			p.blocks[k] = g.chooseBlock()
		}
	}
}

// chooseBlock picks a list (40 %), a table (15 %), a quote (10 %) or
// nothing.
func (g *generator) chooseBlock() block {
	switch x := g.r.Float64(); {
	case x < 0.40:
		return block{listBlock, 3 + g.r.IntN(4)}
	case x < 0.55:
		return block{tableBlock, 2 + g.r.IntN(4)}
	case x < 0.65:
		return block{quoteBlock, 1}
	}
	return block{}
}

// word is a random word of the language.
func (g *generator) word(lang string) string {
	w := words[lang]
	return w[g.r.IntN(len(w))]
}

// phrase is n random words, the first capitalised, without a full stop.
func (g *generator) phrase(lang string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word(lang)
	}
	return capitalise(strings.Join(ws, " "))
}

// sentence is a phrase of n words (6-16 when n is 0) with a full stop.
func (g *generator) sentence(lang string, n int) string {
	if n == 0 {
		n = 6 + g.r.IntN(11)
	}
	return g.phrase(lang, n) + "."
}

// paragraph is 3-6 sentences; some end in a link to one of links, some
// have a word in bold.
func (g *generator) paragraph(lang string, links []string) string {
	out := make([]string, 3+g.r.IntN(4))
	for i := range out {
		s := g.sentence(lang, 0)
		switch x := g.r.Float64(); {
		case x < 0.15 && len(links) > 0:
			s = strings.TrimSuffix(s, ".") + fmt.Sprintf(" ([%s](%s)).", g.word(lang), links[g.r.IntN(len(links))])
		case x < 0.30:
			ws := strings.Fields(s)
			k := g.r.IntN(len(ws))
			ws[k] = "**" + ws[k] + "**"
			s = strings.Join(ws, " ")
		}
		out[i] = s
	}
	return strings.Join(out, " ")
}

// block writes a list, table or quote of the planned size.
func (g *generator) block(lang string, b block) string {
	var lines []string
	switch b.kind {
	case listBlock:
		for range b.n {
			lines = append(lines, "- "+g.sentence(lang, 5))
		}
	case tableBlock:
		lines = append(lines, g.row(lang), "|---|---|---|")
		for range b.n {
			lines = append(lines, g.row(lang))
		}
	case quoteBlock:
		lines = append(lines, "> "+g.sentence(lang, 0))
	}
	return strings.Join(lines, "\n")
}

// row is a table row of three words.
func (g *generator) row(lang string) string {
	return "| " + g.word(lang) + " | " + g.word(lang) + " | " + g.word(lang) + " |"
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
