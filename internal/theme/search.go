package theme

import (
	"unicode"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/jsonx"
)

// SearchEntry is one page in a language's search index. Keys are one
// letter to keep the index small; the search script reads them.
type SearchEntry struct {
	Title       string `json:"t"`
	URL         string `json:"u"`
	Description string `json:"d,omitempty"`
	Section     string `json:"s,omitempty"`
	// Text is the page's plain text for matching, already passed through
	// [NormalizeSearchText] (see [NewSearchEntry]).
	Text string `json:"x,omitempty"`
}

// MaxSearchText caps the bytes of a page's text in the index, so the
// index of a language stays small enough to fetch on a slow phone.
const MaxSearchText = 2000

// NewSearchEntry makes the index entry of a page. text is the page's
// plain text (rendered Markdown without tags); it is normalised, each word
// kept once in order of first use, and cut to [MaxSearchText] bytes at a
// word boundary. Title, description and section stay as written, for
// display; the script normalises them itself.
func NewSearchEntry(title, url, description, section, text string) SearchEntry {
	seen := map[string]bool{}
	eachSearchWord(title+" "+description, func(w []byte) bool {
		seen[string(w)] = true // already matched through title and description
		return true
	})
	b := make([]byte, 0, MaxSearchText)
	eachSearchWord(text, func(w []byte) bool {
		if len(w) < 2 || seen[string(w)] {
			return true
		}
		if len(b)+len(w)+1 > MaxSearchText {
			return false
		}
		seen[string(w)] = true
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
		return true
	})
	return SearchEntry{Title: title, URL: url, Description: description, Section: section, Text: string(b)}
}

// NormalizeSearchText folds s the way the search script folds queries:
// lower case, Latin letters without diacritics (õ ä ö ü š ž → o a o u s z,
// and likewise é, å, ç …), Cyrillic ё → е and й → и, and every run
// of characters that are not letters or digits turned into one space.
// The script does the same with String.normalize("NFD") and by dropping
// combining marks, so both sides agree.
func NormalizeSearchText(s string) string {
	var b []byte
	eachSearchWord(s, func(w []byte) bool {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
		return true
	})
	return string(b)
}

// eachSearchWord calls yield with each word of s as [NormalizeSearchText]
// folds it, until yield returns false. The word's bytes are valid only
// during the call. ASCII, most of any page, takes no table lookups.
func eachSearchWord(s string, yield func(word []byte) bool) {
	w := make([]byte, 0, 64)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				w = append(w, c)
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			case len(w) > 0:
				if !yield(w) {
					return
				}
				w = w[:0]
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		var f string
		if r < rune(len(searchRunes)) {
			f = searchRunes[r]
		} else {
			f = searchRune(r)
		}
		switch f {
		case "":
			if len(w) > 0 {
				if !yield(w) {
					return
				}
				w = w[:0]
			}
		case combiningMark:
		default:
			w = append(w, f...)
		}
	}
	if len(w) > 0 {
		yield(w)
	}
}

// combiningMark is what searchRune makes of a combining mark, which a
// word skips (as in decomposed input).
const combiningMark = "\x00"

// searchRune returns what a word gets of the non-ASCII rune r: its folded
// letters, "" for a separator, or combiningMark.
func searchRune(r rune) string {
	r = unicode.ToLower(r)
	if f, ok := fold[r]; ok {
		return f
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) {
		return string(r)
	}
	if unicode.Is(unicode.Mn, r) {
		return combiningMark
	}
	return ""
}

// searchRunes caches searchRune below U+0500 (Latin with diacritics and
// Cyrillic), where every page of the three languages spends its time.
var searchRunes = func() []string {
	t := make([]string, 0x500)
	for r := range t {
		t[r] = searchRune(rune(r))
	}
	return t
}()

// fold maps letters with diacritics to their base letters; the script's
// NFD decomposition does the same for these.
var fold = func() map[rune]string {
	m := map[rune]string{'ё': "е", 'й': "и", 'ї': "і", 'ў': "у"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě",
		"g": "ĝğġģ", "h": "ĥ", "i": "ìíîïĩīĭį", "j": "ĵ", "k": "ķ",
		"l": "ĺļľ", "n": "ñńņňǹ", "o": "òóôõöōŏő", "r": "ŕŗř",
		"s": "śŝşșš", "t": "ţťț", "u": "ùúûüũūŭůűų", "w": "ŵ",
		"y": "ýÿŷ", "z": "źżž",
	}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	// Letters NFD does not decompose: the script leaves them too, so
	// they stay as they are on this side as well (ß, ø, ł, æ, ı).
	return m
}()

// SearchIndexPath returns the output path of a language's search index.
func SearchIndexPath(lang string) string { return "api/v1/search/" + lang + ".json" }

// SearchSchemaURL is where the content API publishes the search index's
// JSON Schema (package api writes it).
const SearchSchemaURL = "/api/v1/schema/search.json"

// BuildSearchIndex encodes a language's search index for the theme's
// search script.
func BuildSearchIndex(entries []SearchEntry) []byte {
	if entries == nil {
		entries = []SearchEntry{}
	}
	size := 64
	for _, e := range entries {
		size += len(e.Title) + len(e.URL) + len(e.Description) + len(e.Section) + len(e.Text) + 40
	}
	b := append(make([]byte, 0, size), `{"$schema":`...)
	b = jsonx.AppendString(b, SearchSchemaURL)
	b = append(b, `,"version":1,"pages":`...)
	b = jsonx.AppendList(b, entries, appendSearchEntry)
	return append(b, '}')
}

// appendSearchEntry appends e as JSON, as encoding/json would without
// escaping HTML: the index is read by the search script, not embedded.
func appendSearchEntry(b []byte, e SearchEntry) []byte {
	b = append(b, `{"t":`...)
	b = jsonx.AppendString(b, e.Title)
	b = append(b, `,"u":`...)
	b = jsonx.AppendString(b, e.URL)
	for _, f := range [...]struct{ key, v string }{{`,"d":`, e.Description}, {`,"s":`, e.Section}, {`,"x":`, e.Text}} {
		if f.v != "" { // omitempty
			b = append(b, f.key...)
			b = jsonx.AppendString(b, f.v)
		}
	}
	return append(b, '}')
}
