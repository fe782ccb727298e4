package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// aliasLine is an aliases: line of front matter; a new site has no old
// addresses to redirect from.
var aliasLine = regexp.MustCompile(`(?m)^aliases:.*\n`)

// initPage is what haven init writes for a page of the sample site.
func initPage(sample []byte) []byte { return aliasLine.ReplaceAll(sample, nil) }

// The pages haven init writes are the sample site's published Estonian
// pages, without aliases, its help contacts and its facts. go test -update copies
// them again after the sample changed.
func TestInitPagesAreTheSample(t *testing.T) {
	want := map[string][]byte{}
	sample := os.DirFS("../..")
	err := fs.WalkDir(sample, "content/et", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sample, name)
		if err == nil && !bytes.Contains(b, []byte("\ndraft: true\n")) {
			want[name] = initPage(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range []string{"content/_data/contacts.yaml", "content/_data/facts.yaml"} {
		if want[data], err = fs.ReadFile(sample, data); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		updateInitSite(t, want)
	}
	got := map[string]bool{}
	err = fs.WalkDir(initSite, initRoot+"/content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(name, initRoot+"/")
		got[rel] = true
		b, _ := fs.ReadFile(initSite, name)
		if w, ok := want[rel]; !ok {
			t.Errorf("%s: not in the sample site (or a draft there)", name)
		} else if !bytes.Equal(b, w) {
			t.Errorf("%s differs from ../../%s; go test ./cmd/haven -update copies it", name, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name := range want {
		if !got[name] {
			t.Errorf("%s of the sample site is missing from %s; go test ./cmd/haven -update copies it", name, initRoot)
		}
	}
}

// updateInitSite rewrites cmd/haven/initsite/content from the sample.
func updateInitSite(t *testing.T, files map[string][]byte) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(initRoot, "content")); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		p := filepath.Join(initRoot, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Skip("updated; run the test again to compare what is embedded")
}
