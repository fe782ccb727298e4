package diag

import (
	"errors"
	"strings"
	"testing"
)

func TestSplitYAMLError(t *testing.T) {
	src := []byte("a: 1\nb: [2\nc: 3\n\n")
	tests := []struct {
		msg  string
		line int
		rest string
	}{
		{"yaml: line 3: mapping values are not allowed in this context", 3, "mapping values are not allowed in this context"},
		{"yaml: line 1: did not find expected ',' or ']'", 2, "did not find expected ',' or ']'"},     // a parser error: 0-based
		{"yaml: line 4: did not find expected node content", 3, "did not find expected node content"}, // past the text
		{"yaml: did not find expected key", 0, "did not find expected key"},
		{"something else", 0, "something else"},
	}
	for _, tt := range tests {
		line, rest := SplitYAMLError(errors.New(tt.msg), src)
		if line != tt.line || rest != tt.rest {
			t.Errorf("SplitYAMLError(%q) = %d, %q", tt.msg, line, rest)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "description", "reviewed", "publish", "covers"}
	tests := map[string]string{"titel": "title", "reviwed": "reviewed", "cover": "covers", "xyzzy": "", "desc": ""}
	for word, want := range tests {
		if got := Suggest(word, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	l.Warnf("b.md", 2, 1, "x", "second")
	l.Errorf("a.md", 9, 0, "x", "first")
	l.Errorf("a.md", 9, 0, "x", "first") // duplicate
	var b strings.Builder
	if err := l.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "a.md:9: error: first\nb.md:2:1: warning: second\n"
	if b.String() != want {
		t.Errorf("WriteText =\n%s\nwant\n%s", b.String(), want)
	}
	if e, w := l.Count(); e != 1 || w != 1 || !l.HasErrors() {
		t.Errorf("Count = %d, %d", e, w)
	}
}
