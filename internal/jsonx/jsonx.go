// Package jsonx writes JSON by hand where encoding/json's reflection is
// the cost (haven's 8 MB coverage report, the API's page lists), byte for
// byte as encoding/json writes it without HTML escaping: its tests hold
// it to that.
package jsonx

import (
	"slices"
	"unicode/utf8"
)

// AppendString appends s quoted as encoding/json does with
// SetEscapeHTML(false): quote and backslash escaped, control characters
// as \n, \r, \t, \b, \f or \u00XX, invalid UTF-8 as \ufffd, and U+2028
// and U+2029 (line separators to JavaScript) as \u2028 and \u2029.
func AppendString(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		return appendValid(b, s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = appendEscaped(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// hexDigits are the digits of \u escapes.
const hexDigits = "0123456789abcdef"

// plain marks the bytes of valid UTF-8 that AppendString copies as they
// are: all but quote, backslash and the control characters, and 0xE2,
// which starts U+2028 and U+2029.
var plain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != 0xe2
	}
	return t
}()

// appendValid is AppendString of valid UTF-8 (most text): one table
// lookup a byte, without decoding the letters of Estonian and Russian.
func appendValid(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plain[c] {
			continue
		}
		if c == 0xe2 { // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xa8 {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]&1+8])
				i += 2
				start = i + 1
			}
			continue
		}
		b = appendEscaped(append(b, s[start:i]...), c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscaped appends the escape of the ASCII byte c: a quote, a
// backslash or a control character.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// AppendList appends a list as encoding/json does: null for nil, else
// each item appended by item, comma-separated, in brackets.
func AppendList[T any](b []byte, list []T, item func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, v)
	}
	return append(b, ']')
}

// AppendStrings appends a list of strings as encoding/json does; nil is
// null.
func AppendStrings(b []byte, ss []string) []byte { return AppendList(b, ss, AppendString) }

// AppendMap appends a map with string keys as encoding/json does: null
// for nil, else its keys sorted, each value appended by value.
func AppendMap[V any](b []byte, m map[string]V, value func([]byte, V) []byte) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k)
		b = append(b, ':')
		b = value(b, m[k])
	}
	return append(b, '}')
}
