package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/haven-cms/haven/internal/diag"
)

// writeTxtar writes the files of the txtar archive file into a new
// folder and returns it.
func writeTxtar(t *testing.T, file string) string {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
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

// TestFactFindingsOnCells checks testdata/facts.txtar: two Estonian pages
// that disagree on the reporting deadline, and a translation with an
// outdated cap, get those findings on the cells of the pages concerned
// (golden file testdata/golden/facts-findings.txt), and the pages show
// the facts in their language's format.
func TestFactFindingsOnCells(t *testing.T) {
	dir := writeTxtar(t, filepath.Join("testdata", "facts.txtar"))
	var diags diag.List
	l, err := Check(context.Background(), Options{Source: dir, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range l.Report.Coverage {
		for _, lang := range l.Report.Languages {
			if lc := c.Languages[lang]; lc != nil {
				for _, f := range lc.Findings {
					fmt.Fprintf(&b, "%s/%s: %s %s: %s\n", c.ID, lang, f.Code, f.Position, f.Message)
				}
			}
		}
	}
	golden(t, filepath.Join("testdata", "golden", "facts-findings.txt"), b.String())
	for _, p := range l.Pages {
		if p.File == "content/en/huvitis.md" && !strings.Contains(p.Doc.Text, "within 15\u00a0days.") {
			t.Errorf("en page does not show the deadline as 15 days: %q", p.Doc.Text)
		}
		if p.File == "content/et/huvitis.md" && !strings.Contains(p.Doc.Text, "kuni 946\u00a0eurot aastas") {
			t.Errorf("et page does not show the cap as 946 eurot: %q", p.Doc.Text)
		}
	}
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n got:\n%s\nwant:\n%s", file, got, want)
	}
}
