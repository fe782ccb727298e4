package content

import (
	"strings"

	"github.com/gosimple/slug"
)

// Slugify turns a file name or slug into a URL segment: lower case ASCII
// letters, digits and dashes. Estonian letters lose their marks (õ→o,
// š→s) and Cyrillic is transliterated (помощь→pomoshch), so URLs survive
// being pasted into a text message or read aloud on the phone.
//
// A name that already is such a segment is returned as it is, without
// the slug package: its transliteration tables are built on first use,
// about 30 ms of CPU that a build of a site with plain file names (most
// of them) need not spend.
func Slugify(s string) string {
	s = strings.TrimSpace(s)
	if isSegment(s) {
		return s
	}
	return slug.Make(s)
}

// isSegment reports whether slug.Make returns s unchanged: s is lower
// case ASCII letters, digits, dashes and underscores, neither starts nor
// ends with a dash or an underscore, and has no two dashes in a row.
func isSegment(s string) bool {
	if s == "" || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return !strings.ContainsAny(s[:1]+s[len(s)-1:], "-_")
}
