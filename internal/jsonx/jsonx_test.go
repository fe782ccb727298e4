package jsonx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONString checks the hand-written string quoting against
// encoding/json's, without HTML escaping.
func TestJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "\"\\/", "<>&", "\x00\x07\b\f\n\r\t\x1b\x7f", "\u2028\u2029\u2027", "\xff", "a\xc3", "\xed\xa0\x80", "Ä ж € 😀", strings.Repeat("x\"", 40)} {
		sameJSONString(t, s)
	}
}

// FuzzJSONString holds the quoting to encoding/json's on any string.
func FuzzJSONString(f *testing.F) {
	f.Add("a\"b\\c\u2028\xff\x01")
	f.Fuzz(sameJSONString)
}

// sameJSONString fails t when appendJSONString quotes s otherwise than
// encoding/json does.
func sameJSONString(t *testing.T, s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	if got, want := string(AppendString(nil, s)), strings.TrimSuffix(b.String(), "\n"); got != want {
		t.Errorf("%q: got %s, want %s", s, got, want)
	}
}

// TestAppendListsAndMaps holds AppendStrings and AppendMap to
// encoding/json: nil, empty, and keys that sort and need escaping.
func TestAppendListsAndMaps(t *testing.T) {
	lists := [][]string{nil, {}, {"b", "a\"", "\u2028"}}
	maps := []map[string]string{nil, {}, {"ru": "/ru/", "et": "/et/", "a\"b": "<&>", "\xff": "x"}}
	for _, l := range lists {
		want, _ := json.Marshal(l)
		if got := AppendStrings(nil, l); string(got) != string(want) {
			t.Errorf("list %q: %s, want %s", l, got, want)
		}
	}
	for _, m := range maps {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if got, want := string(AppendMap(nil, m, AppendString)), strings.TrimSuffix(b.String(), "\n"); got != want {
			t.Errorf("map %q: %s, want %s", m, got, want)
		}
	}
}

// BenchmarkAppendString quotes page text in Russian and Estonian, as
// the API's documents hold it, against encoding/json.
func BenchmarkAppendString(b *testing.B) {
	text := strings.Repeat("Жертва преступления имеет право на помощь. Kannatanul on õigus abile, \"tasuta\" 116 006.\n", 100)
	b.Run("jsonx", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		buf := make([]byte, 0, 2*len(text))
		for b.Loop() {
			buf = AppendString(buf[:0], text)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			buf.Reset()
			_ = enc.Encode(text)
		}
	})
}
