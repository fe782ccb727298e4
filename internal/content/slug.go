package content

import (
	"strings"

	"github.com/gosimple/slug"
)

// Slugify turns a file name or slug into a URL segment: lower case ASCII
// letters, digits and dashes. Estonian letters lose their marks (õ→o,
// š→s) and Cyrillic is transliterated (помощь→pomoshch), so URLs survive
// being pasted into a text message or read aloud on the phone.
func Slugify(s string) string {
	return slug.Make(strings.TrimSpace(s))
}
