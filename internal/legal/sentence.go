package legal

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/haven-cms/haven/internal/stem"
)

// Sentence is one sentence of a text, split into tokens for matching.
type Sentence struct {
	// Text is the sentence as written.
	Text string
	// Line is the 0-based line of the text the sentence starts on.
	Line   int
	tokens []token
	phone  bool
	email  bool
}

type token struct {
	word    string // lower case
	stem    string
	number  string // a number token's digits and . / : ; else ""
	negated bool   // a negation stands up to negationReach tokens before, in the same clause
	neg     bool   // the token is a negation
	clause  int    // clauses end at , ; : ( ) and dashes
}

// negationReach is how many tokens before a word a negation applies to:
// "ei ole tasuta", "не бесплатно", "is not free of charge".
const negationReach = 3

// negations are the words that turn what follows into its opposite.
var negations = map[string]map[string]bool{
	"et": set("ei", "pole", "polnud", "mitte", "ära", "ärge", "ilma"),
	"ru": set("не", "нет", "ни", "без", "нельзя", "никогда"),
	"en": set("not", "no", "never", "without", "none", "nothing", "nobody", "cannot"),
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
	// sentenceEnd is the end of a sentence inside a line: . ! ? and
	// spaces before a capital letter or an opening quote.
	sentenceEnd = regexp.MustCompile(`[.!?…]+["»”“]?\s+["«„“]?[\p{Lu}]`)
)

// Sentences splits text into sentences: every line is at least one (a
// paragraph, list item, table cell or heading), and a line splits after
// . ! ? followed by a capital letter. Link addresses and e-mail
// addresses are no words of a sentence; #phone and @email phrases see
// them.
func Sentences(lang, text string) []Sentence {
	var out []Sentence
	for i, line := range strings.Split(text, "\n") {
		for _, s := range splitLine(line) {
			if strings.TrimSpace(s) == "" {
				continue
			}
			out = append(out, newSentence(lang, s, i))
		}
	}
	return out
}

func splitLine(line string) []string {
	var out []string
	for {
		loc := sentenceEnd.FindStringIndex(line)
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
	st.email = emailRE.MatchString(s)
	words := emailRE.ReplaceAllString(urlRE.ReplaceAllString(s, " "), " ")
	st.phone = phoneRE.MatchString(words)
	st.tokens = tokenize(lang, words)
	return st
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// tokenize splits s into words (letters, with an inner apostrophe: don't)
// and numbers (digits joined by . / : and by a space before a group of
// three digits: 116 006, 24/7, 2.1).
func tokenize(lang, s string) []token {
	var out []token
	rs := []rune(s)
	clause := 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case strings.ContainsRune(",;:()—–", r) || r == '-' && i > 0 && rs[i-1] == ' ':
			clause++
			i++
		case isWordRune(r):
			j := i + 1
			for j < len(rs) && (isWordRune(rs[j]) || (rs[j] == '\'' || rs[j] == '’') && j+1 < len(rs) && isWordRune(rs[j+1])) {
				j++
			}
			w := strings.ToLower(string(rs[i:j]))
			out = append(out, token{word: w, stem: stem.Word(lang, w), neg: isNegation(lang, w), clause: clause})
			i = j
		case unicode.IsDigit(r):
			j := digits(rs, i)
			for {
				if j+1 < len(rs) && strings.ContainsRune("./:", rs[j]) && unicode.IsDigit(rs[j+1]) {
					j = digits(rs, j+1)
					continue
				}
				if j+3 < len(rs) && rs[j] == ' ' && digits(rs, j+1) == j+4 {
					j += 4
					continue
				}
				break
			}
			n := strings.ReplaceAll(string(rs[i:j]), " ", "")
			out = append(out, token{word: n, number: n, clause: clause})
			i = j
		default:
			i++
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

func digits(rs []rune, i int) int {
	for i < len(rs) && unicode.IsDigit(rs[i]) {
		i++
	}
	return i
}

// Match reports whether the sentence conveys the phrase.
func (s *Sentence) Match(p *Phrase) bool {
	hasNeg := false
	for i := range s.tokens {
		if s.tokens[i].neg {
			hasNeg = true
			break
		}
	}
	if p.Negated && !hasNeg {
		return false
	}
	for _, t := range p.terms {
		if !s.has(t, !p.Negated) {
			return false
		}
	}
	return true
}

// has reports whether a token of the sentence satisfies t; positive asks
// for one that no negation precedes.
func (s *Sentence) has(t term, positive bool) bool {
	for _, a := range t {
		switch a.kind {
		case atomPhone:
			if s.phone {
				return true
			}
			continue
		case atomEmail:
			if s.email {
				return true
			}
			continue
		}
		for i := range s.tokens {
			k := &s.tokens[i]
			if a.matches(k) && !(positive && k.negated) {
				return true
			}
		}
	}
	return false
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
