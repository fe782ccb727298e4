package floor_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/corpus"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/floor"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
)

func TestOutputs(t *testing.T) {
	for file, want := range map[string][2]string{
		"content/et/_index.md":                 {"et/index.html", "api/v1/et/pages/index.json"},
		"content/et/abi/_index.md":             {"et/abi/index.html", "api/v1/et/pages/abi.json"},
		"content/ru/abi/kriisitelefon.md":      {"ru/abi/kriisitelefon/index.html", "api/v1/ru/pages/abi/kriisitelefon.json"},
		"content/en/ligipaasetavus.md":         {"en/ligipaasetavus/index.html", "api/v1/en/pages/ligipaasetavus.json"},
		"content/en/a/b/_index.md":             {"en/a/b/index.html", "api/v1/en/pages/a/b.json"},
		"content/et/menetlus/ohvri-oigused.md": {"et/menetlus/ohvri-oigused/index.html", "api/v1/et/pages/menetlus/ohvri-oigused.json"},
	} {
		if html, doc := floor.Outputs(file); html != want[0] || doc != want[1] {
			t.Errorf("Outputs(%s) = %s, %s; want %s, %s", file, html, doc, want[0], want[1])
		}
	}
}

// TestSameFilesAsBuild: the floor writes exactly the page files (theme
// pages and API documents) a haven build of a generated corpus writes,
// and Write copies a tree file for file.
func TestSameFilesAsBuild(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	if err := corpus.Generate(src, corpus.Options{Pages: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	staging, err := publish.Begin(context.Background(), out, publish.NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	l, err := site.Build(context.Background(), site.Options{Source: src, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}, staging, &diags)
	if err != nil || diags.HasErrors() {
		t.Fatalf("build: %v %v", err, diags.Items())
	}
	if err := staging.Commit(); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range l.Pages {
		if p.InBuild {
			html, doc := floor.Outputs(p.File)
			want = append(want, html, doc)
		}
	}
	built := files(t, out)
	for _, name := range want {
		if !slices.Contains(built, name) {
			t.Errorf("the build did not write %s: the floor's names are wrong", name)
		}
	}
	if _, err := floor.Build(src, filepath.Join(dir, "floor")); err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	if got := files(t, filepath.Join(dir, "floor")); !slices.Equal(got, want) {
		t.Errorf("the floor wrote %d files, the build's pages are %d:\n%v\n%v", len(got), len(want), got, want)
	}
	tree, err := floor.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	st, err := floor.Write(tree, filepath.Join(dir, "copy"))
	if err != nil || st.Files != int64(len(tree)) {
		t.Fatalf("Write: %v, %d files of %d", err, st.Files, len(tree))
	}
	if got := files(t, filepath.Join(dir, "copy")); !slices.Equal(got, built) {
		t.Errorf("Write wrote %v, want %v", got, built)
	}
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return slices.DeleteFunc(names, func(n string) bool { return strings.HasPrefix(n, ".") })
}
