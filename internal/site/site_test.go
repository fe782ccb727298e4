package site

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// fixtureDay is the build day of every test build.
var fixtureDay = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// buildMemory builds the site at src into memory without minifying.
func buildMemory(t *testing.T, src string, opts Options) (*publish.Memory, []diag.Diagnostic) {
	t.Helper()
	opts.Source = src
	if opts.Today.IsZero() {
		opts.Today = fixtureDay
	}
	out := publish.NewMemory(nil)
	var diags diag.List
	if _, err := Build(context.Background(), opts, out, &diags); err != nil {
		t.Fatalf("build: %v", err)
	}
	return out, diags.Items()
}

func TestBuildGolden(t *testing.T) {
	out, diags := buildMemory(t, "testdata/site", Options{})
	for _, d := range diags {
		if d.Severity == diag.Error {
			t.Fatalf("unexpected error: %v", d)
		}
	}
	var names []string
	for name := range out.Files {
		names = append(names, name)
	}
	slices.Sort(names)
	check := func(golden string, got []byte) {
		t.Helper()
		path := filepath.Join("testdata", "golden", golden)
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the golden file (go test ./internal/site -update to accept):\n--- got\n%s\n--- want\n%s", golden, got, want)
		}
	}
	check("files.txt", []byte(strings.Join(names, "\n")+"\n"))
	for _, name := range []string{"et/abi/kriisitelefon/index.html", "en/abi/helpline/index.html", "et/abi/index.html", "sitemap.xml", "robots.txt", "index.html", "et/vana-telefon/index.html"} {
		data, ok := out.Get(name)
		if !ok {
			t.Errorf("%s not written", name)
			continue
		}
		check(strings.ReplaceAll(name, "/", "_"), data)
	}
}

func TestDraftsAndSchedule(t *testing.T) {
	out, _ := buildMemory(t, "testdata/site", Options{})
	for _, name := range []string{"et/abi/mustand/index.html", "et/tulevik/index.html"} {
		if _, ok := out.Get(name); ok {
			t.Errorf("%s published without --drafts", name)
		}
	}
	out, _ = buildMemory(t, "testdata/site", Options{Drafts: true})
	page, ok := out.Get("et/abi/mustand/index.html")
	if !ok || !strings.Contains(string(page), "draft-banner") {
		t.Errorf("with --drafts the draft is built with a banner")
	}
	if _, ok := out.Get("et/tulevik/index.html"); !ok {
		t.Errorf("with --drafts scheduled pages are built")
	}
}

func TestTranslationsLinkEachOther(t *testing.T) {
	out, _ := buildMemory(t, "testdata/site", Options{})
	et, _ := out.Get("et/abi/kriisitelefon/index.html")
	en, _ := out.Get("en/abi/helpline/index.html")
	if !strings.Contains(string(et), `href="/en/abi/helpline/" hreflang="en"`) {
		t.Errorf("et page does not link its en translation")
	}
	if !strings.Contains(string(en), `href="/et/abi/kriisitelefon/" hreflang="et"`) {
		t.Errorf("en page does not link its et translation")
	}
}

// copySite copies a fixture site to a temporary folder.
func copySite(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"duplicate URL names both files", map[string]string{
			"content/et/abi/teine.md": "---\ntitle: Teine\nslug: kriisitelefon\n---\n",
		}, []string{"content/et/abi/teine.md:3:1: error: slug: URL /et/abi/kriisitelefon/ is also claimed by content/et/abi/kriisitelefon.md:1:1 (URL)"}},
		{"alias over a page", map[string]string{
			"content/et/uus.md": "---\ntitle: Uus\naliases: [/et/abi/]\n---\n",
		}, []string{"content/et/uus.md:3:11: error: aliases: alias /et/abi/ is also claimed by content/et/abi/_index.md:1:1 (URL)"}},
		{"third-party image", map[string]string{
			"content/et/pilt.md": "---\ntitle: Pilt\n---\n![logo](https://cdn.example.com/logo.png)\n",
		}, []string{"content/et/pilt.md:4:9: error: image https://cdn.example.com/logo.png loads from another origin (src https://cdn.example.com/logo.png of et/pilt/index.html)"}},
		{"every error of the run", map[string]string{
			"content/et/a.md": "---\ntitel: A\n---\n",
			"content/en/b.md": "---\ntitle: B\nreviewed: 2026-02-30\n---\n",
		}, []string{"content/en/b.md:3:1: error: reviewed: expected date", "content/et/a.md:1: error: title is required", "content/et/a.md:2:1: error: unknown front-matter key \"titel\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySite(t, "testdata/site")
			for name, data := range tt.files {
				writeFile(t, filepath.Join(dir, name), data)
			}
			var diags diag.List
			out := publish.NewMemory(nil)
			_, err := Build(context.Background(), Options{Source: dir, Today: fixtureDay}, out, &diags)
			var got []string
			for _, d := range diags.Items() {
				got = append(got, d.String())
			}
			if err != nil {
				got = append(got, err.Error())
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestSymlinkOutOfSiteNotFollowed(t *testing.T) {
	dir := copySite(t, "testdata/site")
	secret := filepath.Join(t.TempDir(), "secret.md")
	writeFile(t, secret, "---\ntitle: SALAJANE\n---\nsalajane tekst\n")
	if err := os.Symlink(secret, filepath.Join(dir, "content/et/link.md")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if err := os.Symlink(filepath.Dir(secret), filepath.Join(dir, "content/et/kaust")); err != nil {
		t.Fatal(err)
	}
	out, diags := buildMemory(t, dir, Options{})
	for name, data := range out.Files {
		if strings.Contains(string(data), "salajane") || strings.Contains(string(data), "SALAJANE") {
			t.Errorf("%s contains text from outside the site", name)
		}
	}
	var codes []string
	for _, d := range diags {
		if strings.HasPrefix(d.Code, "content.") {
			codes = append(codes, d.File+" "+d.Code)
		}
	}
	if got := strings.Join(codes, ","); got != "content/et/kaust content.symlink,content/et/link.md content.symlink" {
		t.Errorf("diagnostics = %s", got)
	}
}

// TestSymlinkInsideSiteFollowed checks that a link to a page inside the
// site is read (through os.Root: the openat2 fast path refuses every link).
func TestSymlinkInsideSiteFollowed(t *testing.T) {
	dir := copySite(t, "testdata/site")
	writeFile(t, filepath.Join(dir, "jagatud.md"), "---\ntitle: Jagatud leht\n---\nÜhine tekst.\n")
	if err := os.Symlink("../../jagatud.md", filepath.Join(dir, "content/et/jagatud.md")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	out, _ := buildMemory(t, dir, Options{})
	if !strings.Contains(string(out.Files["et/jagatud/index.html"]), "Ühine tekst.") {
		t.Error("the page behind a symbolic link inside the site was not built")
	}
}

// treeHash hashes every file name and content below dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, d.IsDir())
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// buildDisk builds src into out the way haven build does.
func buildDisk(t *testing.T, src, out string) *diag.List {
	t.Helper()
	var diags diag.List
	staging, err := publish.Begin(context.Background(), out, publish.NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), Options{Source: src, Today: fixtureDay}, staging, &diags)
	if err != nil || diags.HasErrors() {
		staging.Abort()
		return &diags
	}
	if err := staging.Commit(); err != nil {
		t.Fatal(err)
	}
	return &diags
}

// TestFailedBuildLeavesOutputUnchanged breaks the site at each stage of a
// build: front matter (found before any page is written), a third-party
// image (found while pages stream to the staging folder) and a broken
// link (found by the checks after every page was written).
func TestFailedBuildLeavesOutputUnchanged(t *testing.T) {
	for name, page := range map[string]string{
		"front matter": "---\ntitle: [broken\n---\n",
		"origin":       "---\ntitle: Kriis\n---\n![x](https://cdn.example.com/x.png)\n",
		"checks":       "---\ntitle: Kriis\n---\n[x](/et/puudub/)\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := copySite(t, "testdata/site")
			out := filepath.Join(dir, "public")
			if d := buildDisk(t, dir, out); d.HasErrors() {
				t.Fatalf("first build failed: %v", d.Items())
			}
			before := treeHash(t, out)
			writeFile(t, filepath.Join(dir, "content/et/abi/kriisitelefon.md"), page)
			d := buildDisk(t, dir, out)
			if !d.HasErrors() {
				t.Fatal("broken build reported no error")
			}
			if !strings.Contains(fmt.Sprint(d.Items()), "content/et/abi/kriisitelefon.md") {
				t.Errorf("errors do not name the broken page: %v", d.Items())
			}
			if after := treeHash(t, out); after != before {
				t.Error("a failed build changed public/")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), "staging") {
					t.Errorf("staging folder %s left behind", e.Name())
				}
			}
			// A good build replaces the output completely: removed pages vanish.
			os.Remove(filepath.Join(dir, "content/et/abi/kriisitelefon.md"))
			if d := buildDisk(t, dir, out); d.HasErrors() {
				t.Fatalf("third build failed: %v", d.Items())
			}
			if _, err := os.Stat(filepath.Join(out, "et/abi/kriisitelefon/index.html")); err == nil {
				t.Error("a deleted page is still in public/ after a successful build")
			}
		})
	}
}

func TestOutputPathsStayInside(t *testing.T) {
	for _, name := range []string{"../x", "/etc/passwd", "a/../../x", "a\\..\\x", ""} {
		if publish.CheckPath(name) == nil {
			t.Errorf("CheckPath(%q) accepted", name)
		}
	}
}

// TestBuildDropsPageText checks the streaming property a build's memory
// rests on: once a build is done, no page holds its HTML or its Markdown
// source, yet the checks found what needs them (a forbidden phrase is
// located on its source line).
func TestBuildDropsPageText(t *testing.T) {
	dir := copySite(t, "testdata/site")
	writeFile(t, filepath.Join(dir, "content/et/vana.md"), "---\ntitle: Vana\n---\nEsimene rida.\n\nVaata RT I 2004, 2, 3.\n")
	var diags diag.List
	l, err := Build(context.Background(), Options{Source: dir, Today: fixtureDay}, publish.NewMemory(nil), &diags)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range l.Pages {
		if p.Body != nil || (p.Doc != nil && p.Doc.HTML != nil) {
			t.Errorf("%s still holds its source or HTML after the build", p.File)
		}
	}
	found := false
	for _, d := range diags.Items() {
		if d.File == "content/et/vana.md" && d.Line == 6 && d.Code == "check.must-not-match" {
			found = true
		}
	}
	if !found {
		t.Errorf("the forbidden phrase was not located on line 6: %v", diags.Items())
	}
}
