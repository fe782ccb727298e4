package legal

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/stem"
)

// Sentence is one sentence of a text, split into tokens for matching.
type Sentence struct {
	// Text is the sentence as written.
	Text string
	// notNeeded holds the clauses with a negated modal (see modals).
	notNeeded map[int32]bool
	// Line is the 0-based line of the text the sentence starts on.
	Line   int
	tokens []token
	words  wordSet // the stems and lower-case forms of tokens
	phone  bool
	email  bool
}

// wordSet is a 256-bit set of words (stems and lower-case forms) by
// their hash (see wordBit): a term whose words all lack their bit in a
// sentence's set has no token there, found without a pass over the
// tokens. Most phrases fail so on most sentences.
type wordSet [4]uint64

// wordBit is the bit of w in a wordSet (FNV-1a).
func wordBit(w string) uint8 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return uint8(h ^ h>>8 ^ h>>16 ^ h>>24)
}

func (ws *wordSet) add(bit uint8)      { ws[bit>>6] |= 1 << (bit & 63) }
func (ws *wordSet) has(bit uint8) bool { return ws[bit>>6]&(1<<(bit&63)) != 0 }
func (ws *wordSet) addWord(w *word)    { ws.add(w.stemBit); ws.add(w.lowerBit) }
func (ws *wordSet) addTokens(toks []token) {
	for _, k := range toks {
		ws.addWord(k.word)
	}
}

// mayHave reports whether a token of the sentence may satisfy t: false
// when t has only stem and exact-word atoms, none of them in s.words.
func (s *Sentence) mayHave(t term) bool {
	for _, a := range t {
		switch a.kind {
		case atomStem:
			if s.words.has(a.bit) || a.raw != "" && s.words.has(a.rawBit) {
				return true
			}
		case atomExact:
			if s.words.has(a.bit) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

type token struct {
	*word
	clause  int32 // clauses end at , ; : ( ) and dashes
	negated bool  // a negation stands up to negationReach tokens before, in the same clause
}

// word is what the matcher knows of a word as written, or of a number:
// kept once per language in vocabulary, shared by every token of it.
type word struct {
	lower string // lower case; a number's digits and . / :
	stem  string // "" for a number
	// stemBit and lowerBit are the wordSet bits of stem and lower.
	stemBit, lowerBit uint8
	number            bool
	neg               bool // the word is a negation
	modal             bool // the word is one of modals
}

// negationReach is how many tokens before a word a negation applies to:
// "ei ole tasuta", "не бесплатно", "is not free of charge".
const negationReach = 2

// negations are the words that turn what follows into its opposite.
var negations = map[string]map[string]bool{
	"et": set("ei", "pole", "polnud", "mitte", "ära", "ärge", "ilma"),
	"ru": set("не", "нет", "ни", "без", "нельзя", "никогда"),
	"en": set("not", "no", "never", "without", "none", "nothing", "nobody", "cannot"),
}

// modals are the words of necessity that a negation before them turns
// into "need not" anywhere in their clause: "Платить ... не нужно",
// "nime ei ole vaja öelda", "is not necessary".
var modals = map[string]map[string]bool{
	"et": set("vaja", "vajalik", "kohustuslik", "pea", "pead", "peate", "tarvis", "nõutud", "nõuta", "eeldus"),
	"ru": set("нужно", "надо", "обязательно", "требуется", "необходимо", "придётся", "придется", "нужна", "нужен", "обязаны", "обязан"),
	"en": set("necessary", "needed", "required", "need", "have", "must", "obligatory", "compulsory"),
}

func set(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func isNegation(lang, w string) bool {
	if negations[lang][w] {
		return true
	}
	return lang == "en" && (strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t"))
}

var (
	urlRE   = regexp.MustCompile(`(?i)\b(https?://|www\.)\S+`)
	emailRE = regexp.MustCompile(`[\p{L}\d._%+-]+@[\p{L}\d-]+(\.[\p{L}\d-]+)+`)
	phoneRE = regexp.MustCompile(`(^|[^\d])(\+372[\s-]?)?\d{3,4}[\s-]?\d{4}([^\d]|$)`)
)

// Sentences splits text into sentences: every line is at least one (a
// paragraph, list item, table cell or heading), and a line splits after
// . ! ? followed by a capital letter. Link addresses and e-mail
// addresses are no words of a sentence; #phone and @email phrases see
// them.
//
// A list is read with what introduces it: a line that ends with a colon
// ("Hüvitist võid taotleda, kui:"), or a heading (one of headings, as
// written on their own line), is the context of the short lines
// (list items, at most listItemWords words) that follow it, so each of
// them is matched together with it. A longer line ends the list.
func Sentences(lang, text string, headings ...string) []Sentence {
	// About a sentence a line or a ". ": sized once, not grown by doubling
	// (a tenth of what a build allocates, with tokenize's).
	out := make([]Sentence, 0, strings.Count(text, "\n")+strings.Count(text, ". ")+1)
	var context []token
	for i := 0; text != ""; i++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		if slices.Contains(headings, trimmed) {
			context = tokenize(lang, trimmed)
			out = append(out, newSentence(lang, trimmed, i))
			continue
		}
		if moreWords(trimmed, listItemWords) {
			context = nil
		}
		for _, s := range splitLine(line) {
			if strings.TrimSpace(s) == "" {
				continue
			}
			out = append(out, withContext(newSentence(lang, s, i), context))
		}
		if strings.HasSuffix(trimmed, ":") {
			context = tokenize(lang, strings.TrimSuffix(trimmed, ":"))
		}
	}
	return out
}

// listItemWords is the longest line read as a list item.
const listItemWords = 15

// moreWords reports whether s has more than n words (as strings.Fields
// counts them).
func moreWords(s string, n int) bool {
	words, in := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !in {
			if words++; words > n {
				return true
			}
		}
		in = !space
	}
	return false
}

// withContext puts the tokens of a list's lead-in before the sentence's,
// in a clause of their own.
func withContext(s Sentence, context []token) Sentence {
	if len(context) == 0 {
		return s
	}
	toks := make([]token, 0, len(context)+len(s.tokens))
	for _, k := range context {
		k.clause = -1
		toks = append(toks, k)
	}
	s.tokens = append(toks, s.tokens...)
	s.words.addTokens(context)
	return s
}

// sentenceEnd returns where the first end of a sentence inside line
// stands, as the regexp [.!?…]+["»”“]?\s+["«„“]?\p{Lu} would find it
// (. ! ?, spaces, then a capital letter or an opening quote and one), or
// nil.
func sentenceEnd(line string) []int {
	for i := 0; i < len(line); {
		r, size := decode(line, i)
		if !isStop(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(line) {
			r, size := decode(line, j)
			if !isStop(r) {
				break
			}
			j += size
		}
		if end := capitalAfter(line, j); end > 0 {
			return []int{i, end}
		}
		i = j
	}
	return nil
}

// isStop reports whether r ends a sentence: . ! ? or ….
func isStop(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// capitalAfter returns the end of ["»”“]?\s+["«„“]?\p{Lu} at line[j:],
// or 0 when it does not stand there.
func capitalAfter(line string, j int) int {
	if r, size := utf8.DecodeRuneInString(line[j:]); strings.ContainsRune(`"»”“`, r) {
		j += size
	}
	k := j
	for k < len(line) && strings.IndexByte("\t\n\f\r ", line[k]) >= 0 {
		k++
	}
	if k == j || k == len(line) {
		return 0
	}
	r, size := utf8.DecodeRuneInString(line[k:])
	if strings.ContainsRune(`"«„“`, r) {
		k += size
		r, size = utf8.DecodeRuneInString(line[k:])
	}
	if !unicode.Is(unicode.Lu, r) {
		return 0
	}
	return k + size
}

func splitLine(line string) []string {
	var out []string
	for {
		loc := sentenceEnd(line)
		if loc == nil {
			return append(out, line)
		}
		// Keep the capital letter (and an opening quote) for the next one.
		cut := loc[1] - 1
		for cut > loc[0] && !unicode.IsSpace(rune(line[cut-1])) {
			cut--
		}
		out = append(out, line[:cut])
		line = line[cut:]
	}
}

func newSentence(lang, s string, line int) Sentence {
	st := Sentence{Text: strings.TrimSpace(s), Line: line}
	// The patterns are tried only on sentences that have what each needs
	// (an @, a :// or www., seven digits): most sentences have none, and
	// the regexp engine is the bulk of a page's cost otherwise.
	words := s
	if mayHaveURL(s) {
		words = urlRE.ReplaceAllString(s, " ")
	}
	if strings.IndexByte(s, '@') >= 0 {
		st.email = emailRE.MatchString(s)
		words = emailRE.ReplaceAllString(words, " ")
	}
	st.phone = asciiDigits(words) >= 7 && phoneRE.MatchString(words)
	st.tokens = tokenize(lang, words)
	st.words.addTokens(st.tokens)
	for i := 1; i < len(st.tokens); i++ {
		if st.tokens[i-1].neg && st.tokens[i].modal {
			if st.notNeeded == nil {
				st.notNeeded = map[int32]bool{}
			}
			st.notNeeded[st.tokens[i].clause] = true
		}
	}
	return st
}

// mayHaveURL reports whether s may hold a match of urlRE: http://,
// https:// or www. in any case.
func mayHaveURL(s string) bool {
	if strings.Contains(s, "://") {
		return true
	}
	for i := strings.IndexByte(s, '.'); i >= 0; i = next(s, i) {
		if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
			return true
		}
	}
	return false
}

// next returns the index of the next '.' in s after i, or -1.
func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '.')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// asciiDigits counts the digits 0-9 in s (the \d of phoneRE).
func asciiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// isWordRune reports whether r is part of a word: a letter or a
// nonspacing mark. ASCII and Cyrillic, most of what the sites' pages
// hold, are answered without Unicode's tables (TestIsWordRune holds the
// shortcuts to them).
func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	case 0x400 <= r && r <= 0x4ff: // Cyrillic: letters and U+0483-0487 (Mn); U+0482 is a sign, U+0488-0489 enclose
		return r != 0x482 && r != 0x488 && r != 0x489
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits s into words (letters, with an inner apostrophe: don't)
// and numbers (digits joined by . / : and by a space before a group of
// three digits: 116 006, 24/7, 2.1).
func tokenize(lang, s string) []token {
	out := make([]token, 0, strings.Count(s, " ")+1) // about a word a space
	var clause int32
	for i := 0; i < len(s); {
		r, size := decode(s, i)
		switch {
		case strings.ContainsRune(",;:()—–", r) || r == '-' && i > 0 && s[i-1] == ' ':
			clause++
			i += size
		case isWordRune(r):
			j := wordEnd(s, i+size)
			out = append(out, token{word: vocabulary.lookup(lang, s[i:j]), clause: clause})
			i = j
		case unicode.IsDigit(r):
			j := numberEnd(s, i)
			n := strings.ReplaceAll(s[i:j], " ", "")
			out = append(out, token{word: newWord(n, "", true), clause: clause})
			i = j
		default:
			i += size
		}
	}
	for i := range out {
		for j := max(0, i-negationReach); j < i; j++ {
			if out[j].neg && out[j].clause == out[i].clause {
				out[i].negated = true
			}
		}
	}
	return out
}

// newWord returns the record of a word or number.
func newWord(lower, stem string, number bool) *word {
	return &word{lower: lower, stem: stem, number: number, stemBit: wordBit(stem), lowerBit: wordBit(lower)}
}

// decode returns the rune at s[i:] and its size. ASCII and two-byte
// sequences (Cyrillic, Estonian's õäöüšž) are read here, without
// utf8.DecodeRuneInString's general path (TestDecode holds them to it).
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if 0xc2 <= c && c <= 0xdf && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
		return rune(c&0x1f)<<6 | rune(s[i+1]&0x3f), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

// wordEnd returns the end of the word that goes on at s[j:]: letters,
// and an apostrophe between two of them.
func wordEnd(s string, j int) int {
	for j < len(s) {
		r, size := decode(s, j)
		if !isWordRune(r) {
			if r != '\'' && r != '’' || j+size >= len(s) {
				break
			}
			if next, _ := decode(s, j+size); !isWordRune(next) {
				break
			}
		}
		j += size
	}
	return j
}

// numberEnd returns the end of the number that starts at s[i:].
func numberEnd(s string, i int) int {
	j, _ := digits(s, i)
	for j < len(s) {
		if strings.IndexByte("./:", s[j]) >= 0 && j+1 < len(s) {
			if r, _ := decode(s, j+1); unicode.IsDigit(r) {
				j, _ = digits(s, j+1)
				continue
			}
		}
		if s[j] == ' ' {
			if k, n := digits(s, j+1); n == 3 {
				j = k
				continue
			}
		}
		break
	}
	return j
}

// digits returns the end of the digits at s[i:] and how many there are.
func digits(s string, i int) (end, n int) {
	for i < len(s) {
		r, size := decode(s, i)
		if !unicode.IsDigit(r) {
			break
		}
		i, n = i+size, n+1
	}
	return i, n
}

// vocabulary holds, per language, what the matcher knows of each word as
// written (see [wordCache]).
var vocabulary = &wordCache{m: map[string]map[string]*word{}}

// wordCacheSize bounds each language's words: past it the cache starts
// over, so a long-running preview server's memory does not grow with
// every word it ever saw.
const wordCacheSize = 100_000

// wordCache maps words as written to their lower case, stem and kind, so
// that a site's pages, which use a few ten thousand distinct words many
// times over, lower-case and stem each once and share one record of it.
type wordCache struct {
	mu sync.RWMutex
	m  map[string]map[string]*word // language → as written → word
}

// lookup returns the word w of lang, as written.
func (c *wordCache) lookup(lang, w string) *word {
	c.mu.RLock()
	k, ok := c.m[lang][w]
	c.mu.RUnlock()
	if ok {
		return k
	}
	lower := strings.ToLower(w)
	k = newWord(lower, stem.Word(lang, lower), false)
	k.neg, k.modal = isNegation(lang, lower), modals[lang][lower]
	c.mu.Lock()
	if len(c.m[lang]) >= wordCacheSize || c.m[lang] == nil {
		c.m[lang] = make(map[string]*word)
	}
	c.m[lang][strings.Clone(w)] = k
	c.mu.Unlock()
	return k
}

// Match reports whether the sentence conveys the phrase: each term
// satisfied by a word of its own (one word never counts for two terms). A
// phrase with ~ needs its first term negated: a negation shortly before
// it in its clause, or a negated modal in its clause ("не нужно").
func (s *Sentence) Match(p *Phrase) bool {
	for _, t := range p.terms {
		if !s.mayHave(t) {
			return false
		}
	}
	for _, t := range p.without {
		if s.mayHave(t) && s.find(t, false, false, nil) != -2 {
			return false
		}
	}
	if p.AnyNegation && !slices.ContainsFunc(s.tokens, func(k token) bool { return k.neg }) {
		return false
	}
	used := make([]bool, len(s.tokens))
	for i, t := range p.terms {
		negated := p.Negated && i == 0
		positive := !p.Negated && !p.AnyPolarity && !p.AnyNegation
		k := s.find(t, positive, negated, used)
		if k == -2 {
			return false
		}
		if k >= 0 {
			used[k] = true
		}
	}
	return true
}

// find returns the index of a token that satisfies t and is not used:
// with positive, one no negation applies to; with negated, one a negation
// applies to. It returns -1 for a #phone or @email atom the sentence
// satisfies (no token), -2 when nothing satisfies t.
func (s *Sentence) find(t term, positive, negated bool, used []bool) int {
	for _, a := range t {
		switch a.kind {
		case atomPhone:
			if s.phone {
				return -1
			}
			continue
		case atomEmail:
			if s.email {
				return -1
			}
			continue
		}
		for i := range s.tokens {
			k := &s.tokens[i]
			if used != nil && used[i] || !a.matches(k) {
				continue
			}
			neg := k.negated || s.notNeeded[k.clause]
			if positive && neg || negated && !neg {
				continue
			}
			return i
		}
	}
	return -2
}

// FindSentence returns the first of sentences that conveys one of
// phrases, or nil.
func FindSentence(sentences []Sentence, phrases []*Phrase) *Sentence {
	for i := range sentences {
		for _, p := range phrases {
			if sentences[i].Match(p) {
				return &sentences[i]
			}
		}
	}
	return nil
}
