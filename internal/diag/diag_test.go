package diag

import (
	"strings"
	"testing"
)

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
