package legal

import (
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// requiredLiterals returns strings of which every match of the pattern
// must contain at least one (compared without case), or nil when no such
// set is known. Matching a page against a rulebook runs dozens of
// case-insensitive Unicode patterns over every page, and RE2 scans each
// in full; a fast substring test first skips the pages that cannot match.
func requiredLiterals(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	lits := literals(re.Simplify())
	for _, l := range lits {
		if l == "" {
			return nil // an empty alternative matches anywhere
		}
	}
	return lits
}

// literals computes the set for one syntax node.
func literals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture:
		return literals(re.Sub[0])
	case syntax.OpPlus:
		return literals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literals(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			l := literals(sub)
			if l == nil {
				return nil
			}
			out = append(out, l...)
		}
		return out
	case syntax.OpConcat:
		// Prefer the sub-expression whose shortest literal is longest:
		// the most selective test.
		var best []string
		bestLen := 0
		for _, sub := range re.Sub {
			l := literals(sub)
			if l == nil {
				continue
			}
			shortest := len(l[0])
			for _, s := range l {
				shortest = min(shortest, len(s))
			}
			if shortest > bestLen {
				best, bestLen = l, shortest
			}
		}
		return best
	}
	return nil
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

// newLiterals prepares lits for [containsAnyFold], or returns nil for nil.
func newLiterals(lits []string) []literal {
	if lits == nil {
		return nil
	}
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

// containsAnyFold reports whether s contains one of lits, ignoring case.
func containsAnyFold(s string, lits []literal) bool {
	for _, lit := range lits {
		if containsFold(s, lit) {
			return true
		}
	}
	return false
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
