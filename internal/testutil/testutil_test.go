package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSetKey(t *testing.T) {
	src := "---\ntitle: Abi\nweight: 1\n---\nweight: 2 in the body\n"
	for _, tt := range []struct{ key, value, want string }{
		{"weight", "3", "---\ntitle: Abi\nweight: 3\n---\nweight: 2 in the body\n"},
		{"weight", "", "---\ntitle: Abi\n---\nweight: 2 in the body\n"},
		{"draft", "true", "---\ntitle: Abi\nweight: 1\ndraft: true\n---\nweight: 2 in the body\n"},
		{"draft", "", src},
	} {
		if got := SetKey(src, tt.key, tt.value); got != tt.want {
			t.Errorf("SetKey(%s, %q) = %q, want %q", tt.key, tt.value, got, tt.want)
		}
	}
	if got := SetKey("no front matter\n", "title", "x"); got != "no front matter\n" {
		t.Errorf("a page without front matter changed: %q", got)
	}
}

func TestCopySample(t *testing.T) {
	dir := CopySample(t)
	for _, f := range []string{"haven.yaml", "content/et/_index.md", "content/_data/contacts.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the copy lacks %s: %v", f, err)
		}
	}
}
