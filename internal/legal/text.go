package legal

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Text is a text prepared for matching many patterns, such as a page's
// evidence text against a whole rulebook. It records which pairs of
// adjacent characters (compared without case) occur in it, in a 4,096-bit
// set, so that a pattern whose required literal contains a pair the text
// lacks is ruled out in a few bit tests instead of a scan of the text.
type Text struct {
	s     string
	pairs [pairBits / 64]uint64

	mu        sync.Mutex
	sentences []Sentence
	made      bool
}

// Sentences returns the sentences of the text's body in lang, headings
// being the body's headings (see [Sentences]): a page's evidence text is
// its title, a line break and its body, and the title is no evidence of
// a legal fact. They are worked out on the first call and kept until
// [Text.Forget].
func (t *Text) Sentences(lang string, headings []string) []Sentence {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.made {
		_, body, _ := strings.Cut(t.s, "\n")
		t.sentences, t.made = Sentences(lang, body, headings...), true
	}
	return t.sentences
}

// Forget drops the kept sentences (a page's words and their stems take
// several times the text's own memory); a later call of Sentences makes
// them again.
func (t *Text) Forget() {
	t.mu.Lock()
	t.sentences, t.made = nil, false
	t.mu.Unlock()
}

const pairBits = 4096

// NewText prepares s for matching.
func NewText(s string) *Text {
	t := &Text{s: s}
	var prev rune = -1
	for i := 0; i < len(s); {
		var r rune
		if c := s[i]; c < utf8.RuneSelf {
			r = foldKey(rune(c))
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			r = foldKey(r)
			i += size
		}
		if prev >= 0 {
			h := pairHash(prev, r)
			t.pairs[h/64] |= 1 << (h % 64)
		}
		prev = r
	}
	return t
}

// String returns the text.
func (t *Text) String() string { return t.s }

// has reports whether the pair with hash h may occur in the text.
func (t *Text) has(h uint32) bool { return t.pairs[h/64]&(1<<(h%64)) != 0 }

// pairHash maps two fold keys to a bit of the pair set.
func pairHash(a, b rune) uint32 {
	return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA6B) >> (32 - 12)
}

// foldKey maps every rune of a case-folding orbit (unicode.SimpleFold: k,
// K and the Kelvin sign; s, S and ſ) to one representative, the smallest,
// so that texts equal without case have equal keys.
func foldKey(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	if r < rune(len(foldKeys)) {
		return foldKeys[r]
	}
	return orbitMin(r)
}

// foldKeys caches foldKey below U+0600 (Latin, Greek, Cyrillic).
var foldKeys = func() []rune {
	t := make([]rune, 0x600)
	for r := range t {
		t[r] = orbitMin(rune(r))
	}
	return t
}()

func orbitMin(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return m
}

// literalPairs returns the pair hashes of lit.
func literalPairs(lit string) []uint32 {
	var out []uint32
	var prev rune = -1
	for _, r := range lit {
		r = foldKey(r)
		if prev >= 0 {
			out = append(out, pairHash(prev, r))
		}
		prev = r
	}
	return out
}

// mayMatchText is mayMatch on a prepared text: false means the pattern
// cannot match.
func (p *Pattern) mayMatchText(t *Text) bool {
	for _, lits := range p.literals {
		if !slices.ContainsFunc(lits, func(lit literal) bool { return t.hasPairs(lit) && containsFold(t.s, lit) }) {
			return false
		}
	}
	return true
}

// hasPairs reports whether every pair of adjacent characters of lit may
// occur in the text.
func (t *Text) hasPairs(lit literal) bool {
	for _, h := range lit.pairs {
		if !t.has(h) {
			return false
		}
	}
	return true
}

// MatchText reports whether the pattern matches t.
func (p *Pattern) MatchText(t *Text) bool { return p.mayMatchText(t) && p.re.MatchString(t.s) }

// FindText returns the first match in t, or "".
func (p *Pattern) FindText(t *Text) string {
	if !p.mayMatchText(t) {
		return ""
	}
	return p.re.FindString(t.s)
}
