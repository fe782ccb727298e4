package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// files reads every file of a generated corpus, by slash path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The same seed writes the same bytes; another seed other text.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for dir, seed := range map[string]uint64{a: 7, b: 7, c: 8} {
		if err := Generate(dir, Options{Pages: 30, Seed: seed}); err != nil {
			t.Fatal(err)
		}
	}
	fa, fb, fc := files(t, a), files(t, b), files(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("seed 7 wrote %d files, then %d", len(fa), len(fb))
	}
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("%s differs between two runs with seed 7", name)
		}
	}
	if bytes.Equal(fa["content/et/abi/leht-00000.md"], fc["content/et/abi/leht-00000.md"]) {
		t.Error("seeds 7 and 8 wrote the same page")
	}
}

// Pages/3 numbered pages a language, each translated at the same path,
// with the structure drift compares the same in every language.
func TestGenerateShape(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, Options{Pages: 60, Seed: 1, Hugo: true}); err != nil {
		t.Fatal(err)
	}
	fsys := files(t, dir)
	shape := regexp.MustCompile(`(?m)^(## |- |\| |> )`)
	for lang := range 3 {
		n := 0
		for name, b := range fsys {
			if !strings.HasPrefix(name, "content/"+Languages[lang]+"/") || !strings.Contains(name, "/leht-") {
				continue
			}
			n++
			if !bytes.HasPrefix(b, []byte("---\ntitle: ")) || !bytes.Contains(b, []byte("\nreviewed: 20")) || !bytes.Contains(b, []byte("\ncovers: [")) {
				t.Errorf("%s: front matter lacks title, reviewed or covers:\n%s", name, b)
			}
			et := fsys[strings.Replace(name, "/"+Languages[lang]+"/", "/et/", 1)]
			got, want := shape.FindAllString(string(b), -1), shape.FindAllString(string(et), -1)
			if strings.Join(got, "") != strings.Join(want, "") {
				t.Errorf("%s: headings, list items, table rows and quotes differ from the et page", name)
			}
		}
		if n != 20 {
			t.Errorf("%s: %d numbered pages, want 20", Languages[lang], n)
		}
	}
	for _, name := range []string{"haven.yaml", "content/_data/contacts.yaml", "content/ru/_index.md", "content/en/uudised/_index.md",
		"content/et/ligipaasetavus.md", "content/ru/privaatsus.md", "hugo/hugo.toml", "hugo/layouts/_default/baseof.html"} {
		if fsys[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}
}
