package main

import (
	"bytes"
	"context"
	"github.com/haven-cms/haven/internal/testutil"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runHaven(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// The sample site is the product's showcase: it must build without a
// warning and pass haven check --strict.
func TestSampleSite(t *testing.T) {
	dir := testutil.CopySample(t)
	code, stdout, stderr := runHaven(t, "build", "--source", dir, "--today", "2026-11-25")
	if code != 0 || stderr != "" || !strings.Contains(stdout, "0 warnings") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, lang := range []string{"et", "en", "ru"} {
		for _, f := range []string{"index.html", "404.html", "search/index.html"} {
			if _, err := os.Stat(filepath.Join(dir, "public", lang, f)); err != nil {
				t.Errorf("missing output: %v", err)
			}
		}
	}
	for _, f := range []string{"sitemap.xml", "robots.txt", "404.html", "index.html", "api/v1/index.json", "api/v1/coverage.json"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("missing output: %v", err)
		}
	}
	code, stdout, stderr = runHaven(t, "check", "--source", dir, "--strict", "--today", "2026-11-25")
	if code != 0 {
		t.Fatalf("check --strict: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "0 errors, 0 warnings") {
		t.Errorf("check found problems in the sample site:\n%s", stdout)
	}

	// Without its English page on child victims, --strict fails and says
	// which requirement and language.
	if err := os.Remove(filepath.Join(dir, "content/en/lapsed.md")); err != nil {
		t.Fatal(err)
	}
	// Links to the removed page now break, as they should; drop them so
	// only coverage is at stake.
	err := filepath.WalkDir(filepath.Join(dir, "content/en"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		return os.WriteFile(p, bytes.ReplaceAll(b, []byte("(/en/lapsed/)"), []byte("(/en/)")), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runHaven(t, "check", "--source", dir, "--strict", "--today", "2026-11-25")
	if code != 1 || !strings.Contains(stderr, "child-victims (en): missing") {
		t.Errorf("check --strict without content/en/lapsed.md: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "child-victims (et)") || strings.Contains(stderr, "child-victims (ru)") {
		t.Errorf("only the English cell should be missing:\n%s", stderr)
	}
	code, _, _ = runHaven(t, "check", "--source", dir, "--today", "2026-11-25")
	if code != 0 {
		t.Errorf("without --strict a coverage gap is not an error; exit %d", code)
	}
}

// Without content/_data/contacts.yaml no page shows a help number: the
// build says so in a warning, haven check passes with it, and haven check
// --strict fails with it as an error.
func TestSampleSiteWithoutContacts(t *testing.T) {
	dir := testutil.CopySample(t)
	if err := os.Remove(filepath.Join(dir, "content/_data/contacts.yaml")); err != nil {
		t.Fatal(err)
	}
	const warning = "content/_data/contacts.yaml: warning: no help contacts"
	code, stdout, stderr := runHaven(t, "build", "--source", dir, "--today", "2026-11-25")
	if code != 0 || !strings.Contains(stderr, warning) || !strings.Contains(stdout, "1 warning") {
		t.Errorf("build: exit %d, want 0 and the warning\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runHaven(t, "check", "--source", dir, "--today", "2026-11-25")
	if code != 0 || !strings.Contains(stdout, warning) {
		t.Errorf("check: exit %d, want 0 and the warning\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runHaven(t, "check", "--source", dir, "--strict", "--today", "2026-11-25")
	if code != 1 || !strings.Contains(stdout, "content/_data/contacts.yaml: error: no help contacts") ||
		!strings.Contains(stdout, "1 error,") || !strings.Contains(stderr, "--strict: data.contacts-missing is an error") {
		t.Errorf("check --strict: exit %d, want 1 and the error\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runHaven(t, "check", "--source", dir, "--strict", "--format", "json", "--today", "2026-11-25")
	if code != 1 || !strings.Contains(stdout, `"severity": "error",
      "code": "data.contacts-missing"`) {
		t.Errorf("check --strict --format json: exit %d, want 1 and the error\n%s", code, stdout)
	}
}
