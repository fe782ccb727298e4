package legal

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/stem"
	"github.com/haven-cms/haven/internal/yamlx"
)

// AnyLanguage is the key of an item's match that applies in every
// language without its own phrases.
const AnyLanguage = "any"

// Where an item's evidence sits on a covering page.
const (
	InText    = "text"    // a sentence of the body
	InHeading = "heading" // the title or a heading
	InLink    = "link"    // a link destination
)

// Concept is a named thing a page can convey, shared by items that
// reference it with concept: NAME.
type Concept struct {
	Name  string
	Say   map[string]string
	Match map[string][]*Phrase
	Line  int
}

// Item is one evidence item of a requirement: something each language's
// covering pages must convey, with the instruction an editor is given
// when it is missing.
type Item struct {
	ID string
	// Concept names the shared concept the item uses, or "".
	Concept string
	// Say is the editor's instruction per language.
	Say map[string]string
	// Match holds the phrases per language; AnyLanguage applies where a
	// language has none.
	Match map[string][]*Phrase
	// Link matches a link destination (In is InLink).
	Link *Pattern
	// In is InText, InHeading or InLink.
	In string
	// Should marks an item whose absence is only noted.
	Should bool
	// Basis is the item's legal basis with the certainty of each entry.
	Basis     []Basis
	Line, Col int

	conceptNode *yamlx.Node
	badPhrase   bool // a phrase was reported bad
}

// SayIn returns the instruction in lang, else in fallback, else in
// English, else the item id.
func (it *Item) SayIn(lang, fallback string) string {
	for _, l := range []string{lang, fallback, "en"} {
		if s := it.Say[l]; s != "" {
			return s
		}
	}
	return it.ID
}

// Phrases returns the phrases for lang.
func (it *Item) Phrases(lang string) []*Phrase {
	if ps, ok := it.Match[lang]; ok {
		return ps
	}
	return it.Match[AnyLanguage]
}

// Phrase is one way of conveying an item: terms that must all occur in
// one sentence, in any order. Unless the phrase requires a negation (~),
// a term found right after a negation (not, ei, не) does not count.
type Phrase struct {
	Source string
	// Negated: the sentence must contain a negation.
	Negated bool
	// AnyPolarity (?): a negation does not matter ("if the crime was not
	// reported, nothing is paid" states the reporting condition too).
	AnyPolarity bool
	// AnyNegation (!): the sentence must contain a negation somewhere,
	// and no term's polarity matters ("help without going to the police").
	AnyNegation bool
	terms       []term
	without     []term // -word: the sentence must not have it ("feel free")
	Line        int
}

// String returns the phrase as written.
func (p *Phrase) String() string { return p.Source }

// term is satisfied by a token matching one of its atoms.
type term []atom

type atomKind int

const (
	atomStem   atomKind = iota // the token's stem equals s
	atomPrefix                 // the token starts with s
	atomSuffix                 // the token ends with s
	atomInfix                  // the token contains s
	atomNumber                 // a number token equal to s
	atomPhone                  // a phone number in the sentence
	atomEmail                  // an e-mail address in the sentence
	atomExact                  // the token is s (=word)
)

type atom struct {
	kind atomKind
	s    string
	// raw is a stem atom as written: a token whose stem is raw also
	// matches, so a rulebook may write a stem itself (polic, insur).
	raw string
	// bit and rawBit are the wordSet bits of s and raw.
	bit, rawBit uint8
}

// parsePhrase parses a phrase of lang (AnyLanguage: no stemming); the
// error names the offending term.
func parsePhrase(lang, src string) (*Phrase, error) {
	p := &Phrase{Source: src}
	for _, f := range strings.Fields(src) {
		if f == "!" {
			p.AnyNegation = true
			continue
		}
		if f == "?" {
			p.AnyPolarity = true
			continue
		}
		if f == "~" {
			if p.Negated {
				return nil, fmt.Errorf("~ is given twice")
			}
			p.Negated = true
			continue
		}
		without := strings.HasPrefix(f, "-") && len(f) > 1
		f = strings.TrimPrefix(f, "-")
		var t term
		for _, alt := range alternatives(f) {
			a, err := parseAtom(lang, alt)
			if err != nil {
				return nil, fmt.Errorf("term %q: %v", f, err)
			}
			t = append(t, a)
		}
		if without {
			p.without = append(p.without, t)
			continue
		}
		p.terms = append(p.terms, t)
	}
	if len(p.terms) == 0 {
		return nil, fmt.Errorf("a phrase needs at least one term")
	}
	return p, nil
}

// alternatives splits a term at /, except between the digits of a
// number (#24/7).
func alternatives(f string) []string {
	var out []string
	for _, part := range strings.Split(f, "/") {
		if n := len(out); n > 0 && strings.HasPrefix(out[n-1], "#") && part != "" && part[0] >= '0' && part[0] <= '9' {
			out[n-1] += "/" + part
			continue
		}
		out = append(out, part)
	}
	return out
}

var numberAtom = regexp.MustCompile(`^#[0-9][0-9./:]*[0-9]$|^#[0-9]$`)

func parseAtom(lang, s string) (atom, error) {
	switch {
	case s == "":
		return atom{}, fmt.Errorf("empty alternative (a / at the start or end, or //)")
	case s == "#phone":
		return atom{kind: atomPhone}, nil
	case s == "@email":
		return atom{kind: atomEmail}, nil
	case strings.HasPrefix(s, "#"):
		if !numberAtom.MatchString(s) {
			return atom{}, fmt.Errorf("%q is not a number: write digits, e.g. #116006 or #24/7", s)
		}
		return atom{kind: atomNumber, s: s[1:]}, nil
	}
	w := strings.ToLower(s)
	exact := strings.HasPrefix(w, "=")
	w = strings.TrimPrefix(w, "=")
	pre, suf := strings.HasPrefix(w, "*"), strings.HasSuffix(w, "*")
	core := strings.Trim(w, "*")
	if core == "" || strings.Contains(core, "*") {
		return atom{}, fmt.Errorf("%q: * stands only at the start or end of a word", s)
	}
	for _, r := range core {
		if !isWordRune(r) && r != '\'' && r != '’' {
			return atom{}, fmt.Errorf("%q: a word has only letters (found %q)", s, r)
		}
	}
	if pre || suf {
		if utf8.RuneCountInString(core) < 3 {
			return atom{}, fmt.Errorf("%q: a word part needs at least 3 letters, or it matches inside unrelated words", s)
		}
	}
	switch {
	case exact && (pre || suf):
		return atom{}, fmt.Errorf("%q: = (this exact word) and * (part of a word) do not go together", s)
	case exact:
		return atom{kind: atomExact, s: core, bit: wordBit(core)}, nil
	case pre && suf:
		return atom{kind: atomInfix, s: core}, nil
	case suf:
		return atom{kind: atomPrefix, s: core}, nil
	case pre:
		return atom{kind: atomSuffix, s: core}, nil
	}
	if lang == AnyLanguage {
		return atom{kind: atomStem, s: core, bit: wordBit(core)}, nil
	}
	a := atom{kind: atomStem, s: stem.Word(lang, core), raw: core}
	a.bit, a.rawBit = wordBit(a.s), wordBit(a.raw)
	return a, nil
}

// matches reports whether token k satisfies the atom.
func (a atom) matches(k *token) bool {
	switch a.kind {
	case atomStem:
		return k.stem != "" && (k.stem == a.s || k.stem == a.raw)
	case atomPrefix:
		return strings.HasPrefix(k.lower, a.s)
	case atomSuffix:
		return strings.HasSuffix(k.lower, a.s)
	case atomInfix:
		return strings.Contains(k.lower, a.s)
	case atomNumber:
		// +372, Estonia's calling code, may stand before a number.
		return k.number && (k.lower == a.s || strings.TrimPrefix(k.lower, "372") == a.s)
	case atomExact:
		return k.lower == a.s
	}
	return false
}
