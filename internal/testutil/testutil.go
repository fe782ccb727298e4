// Package testutil holds what haven's tests share: a copy of the
// repository's sample site to build and edit, test sites kept as txtar
// archives, and front-matter edits of a page's source. It is imported by
// tests only.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Root is the repository's root folder, found from this file's place.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// CopySample copies the repository's sample site (content/ and
// haven.yaml) to a new temporary site root and returns it.
func CopySample(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(Root(), "content"))); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(Root(), "haven.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "haven.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// SetKey sets the top-level front-matter key of a page's YAML source to
// value (written as it is), adding the key when absent; an empty value
// removes it. A source without YAML front matter is returned unchanged.
func SetKey(src, key, value string) string {
	lines := strings.Split(src, "\n")
	end := slices.Index(lines[1:], "---") + 1
	if !strings.HasPrefix(src, "---\n") || end <= 0 {
		return src
	}
	for i := 1; i < end; i++ {
		if strings.HasPrefix(lines[i], key+":") {
			if value == "" {
				return strings.Join(slices.Delete(lines, i, i+1), "\n")
			}
			lines[i] = key + ": " + value
			return strings.Join(lines, "\n")
		}
	}
	if value == "" {
		return src
	}
	return strings.Join(slices.Insert(lines, end, key+": "+value), "\n")
}

// WriteTxtar writes the files of the txtar archive data into a new
// temporary folder and returns it: a test site kept as one file.
func WriteTxtar(t testing.TB, data []byte) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse(data).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
