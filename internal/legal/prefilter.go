package legal

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// requiredLiterals returns sets of strings such that every match of the
// pattern contains (compared without case) at least one string of each
// set, or nil when no such set is known. Matching a page against a
// rulebook runs dozens of case-insensitive Unicode patterns over every
// page, and RE2 scans each in full; fast substring tests first skip the
// pages that cannot match. Each set is a requirement of its own: in
// (ohvriabi|victim)[^.]{0,60}116, a page must have ohvriabi or victim,
// and 116 too, so a site about victims is still ruled out by the second.
func requiredLiterals(expr string) [][]string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	sets := literals(re.Simplify())
	// An empty string stands in every text, and a single letter in
	// nearly every one: such a set rules nothing out and costs a scan.
	return slices.DeleteFunc(sets, func(set []string) bool {
		return slices.ContainsFunc(set, func(s string) bool { return utf8.RuneCountInString(s) < 2 })
	})
}

// maxSets bounds the sets an alternation's cross product may make.
const maxSets = 16

// literals computes the sets for one syntax node. Dropping a set only
// weakens the test, so any subset of the sets is sound too.
func literals(re *syntax.Regexp) [][]string {
	switch re.Op {
	case syntax.OpLiteral:
		return [][]string{{strings.ToLower(string(re.Rune))}}
	case syntax.OpCapture, syntax.OpPlus:
		return literals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literals(re.Sub[0])
		}
	case syntax.OpAlternate:
		return alternation(re.Sub)
	case syntax.OpConcat:
		var out [][]string
		for _, sub := range re.Sub {
			out = append(out, literals(sub)...)
		}
		return out
	}
	return nil
}

// alternation returns the sets of a|b|...: a match of one alternative
// contains one string of each of its sets, so one string of every union
// of a set from each alternative (the cross product), or, when that
// grows past maxSets, of the union of each alternative's most selective
// set.
func alternation(subs []*syntax.Regexp) [][]string {
	alts := make([][][]string, len(subs))
	n := 1
	for i, sub := range subs {
		alts[i] = literals(sub)
		if len(alts[i]) == 0 {
			return nil // this alternative needs no literal
		}
		n *= len(alts[i])
		n = min(n, maxSets+1)
	}
	if n > maxSets {
		for i, a := range alts {
			alts[i] = [][]string{best(a)}
		}
	}
	out := [][]string{nil}
	for _, a := range alts {
		var next [][]string
		for _, prefix := range out {
			for _, set := range a {
				next = append(next, append(slices.Clip(prefix), set...))
			}
		}
		out = next
	}
	return out
}

// best returns the set whose shortest string is longest: the most
// selective test.
func best(sets [][]string) []string {
	var out []string
	bestLen := -1
	for _, set := range sets {
		shortest := len(set[0])
		for _, s := range set {
			shortest = min(shortest, len(s))
		}
		if shortest > bestLen {
			out, bestLen = set, shortest
		}
	}
	return out
}

// literal is a required literal ready for case-insensitive search: its
// first two runes spelled in every combination of their case forms, and
// the rest. Searching for two runes at once finds far fewer false
// candidates than searching for the first letter alone.
type literal struct {
	heads []string
	rest  string
	pairs []uint32 // see Text
}

// newLiterals prepares each set of lits for [containsAllFold], or returns
// nil for nil.
func newLiterals(sets [][]string) [][]literal {
	var out [][]literal
	for _, set := range sets {
		out = append(out, newLiteralSet(set))
	}
	return out
}

func newLiteralSet(lits []string) []literal {
	out := make([]literal, len(lits))
	for i, lit := range lits {
		heads := []string{""}
		rest := lit
		for range 2 {
			if rest == "" {
				break
			}
			r, size := utf8.DecodeRuneInString(rest)
			rest = rest[size:]
			forms := []rune{r}
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				forms = append(forms, f)
			}
			var next []string
			for _, h := range heads {
				for _, f := range forms {
					next = append(next, h+string(f))
				}
			}
			heads = next
		}
		out[i] = literal{heads: heads, rest: rest, pairs: literalPairs(lit)}
	}
	return out
}

// containsAllFold reports whether s contains one literal of each set,
// ignoring case.
func containsAllFold(s string, sets [][]literal) bool {
	for _, lits := range sets {
		if !slices.ContainsFunc(lits, func(lit literal) bool { return containsFold(s, lit) }) {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains lit, ignoring case. It finds the
// candidates with strings.Index on each case form of lit's first two runes.
func containsFold(s string, lit literal) bool {
	for _, head := range lit.heads {
		for i := 0; i < len(s); {
			j := strings.Index(s[i:], head)
			if j < 0 {
				break
			}
			k := i + j + len(head)
			if hasPrefixFold(s[k:], lit.rest) {
				return true
			}
			i = i + j + 1
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with prefix, ignoring case. ASCII
// pairs, most of any text, are compared without Unicode tables.
func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		if pc, sc := prefix[0], s[0]; pc < utf8.RuneSelf && sc < utf8.RuneSelf {
			if pc != sc && lowerASCII(pc) != lowerASCII(sc) {
				return false
			}
			prefix, s = prefix[1:], s[1:]
			continue
		}
		pr, ps := utf8.DecodeRuneInString(prefix)
		sr, ss := utf8.DecodeRuneInString(s)
		if pr != sr && !foldEqual(pr, sr) {
			return false
		}
		prefix, s = prefix[ps:], s[ss:]
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func foldEqual(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}
