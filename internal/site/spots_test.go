package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

// buildWith builds testdata/site with files added (slash paths from the
// site root) into memory and returns its diagnostics and machine error.
func buildWith(t *testing.T, files map[string]string) ([]diag.Diagnostic, error) {
	t.Helper()
	dir := copySite(t, "testdata/site")
	for name, data := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), data)
	}
	var diags diag.List
	_, err := Build(context.Background(), Options{Source: dir, Today: fixtureDay}, publish.NewMemory(nil), &diags)
	return diags.Items(), err
}

// find returns the diagnostics of code at file.
func find(ds []diag.Diagnostic, file, code string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.File == file && d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// TestDuplicateURLAtSlug checks that a URL two pages claim through slug
// or aliases is reported at the slug's line (or the alias item's) with
// the first claimer's place, line and column, in Related and the message.
func TestDuplicateURLAtSlug(t *testing.T) {
	ds, err := buildWith(t, map[string]string{
		"content/et/a.md": "---\ntitle: A\nslug: sama\n---\n",
		"content/et/b.md": "---\ntitle: B\ndescription: Teine.\nslug: sama\n---\n",
		"content/et/c.md": "---\ntitle: C\naliases:\n  - /et/muu/\n  - /et/sama/\n---\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file      string
		line, col int
		related   string
		message   string
	}{
		{"content/et/b.md", 4, 1, "content/et/a.md:3:1", "URL /et/sama/ is also claimed by content/et/a.md:3:1 (URL)"},
		{"content/et/c.md", 5, 5, "content/et/a.md:3:1", "alias /et/sama/ is also claimed by content/et/a.md:3:1 (URL)"},
	} {
		got := find(ds, tc.file, "url.duplicate")
		if len(got) != 1 {
			t.Errorf("%s: %d url.duplicate diagnostics, want 1: %v", tc.file, len(got), got)
			continue
		}
		d := got[0]
		if d.Line != tc.line || d.Column != tc.col || d.Related != tc.related || !strings.Contains(d.Message, tc.message) {
			t.Errorf("got %s (related %q), want %s:%d:%d: %s (related %q)", d, d.Related, tc.file, tc.line, tc.col, tc.message, tc.related)
		}
	}
}

// TestThirdPartyImageAtLine checks that a page whose Markdown loads an
// image from another origin is reported at that image's line and column.
func TestThirdPartyImageAtLine(t *testing.T) {
	ds, err := buildWith(t, map[string]string{
		"content/et/pilt.md": "---\ntitle: Pilt\n---\nTekst.\n\nVaata: ![logo](https://cdn.example.com/logo.png)\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := find(ds, "content/et/pilt.md", "origin.third-party")
	if len(got) != 1 {
		t.Fatalf("%d origin.third-party diagnostics, want 1: %v", len(got), ds)
	}
	if d := got[0]; d.Line != 6 || d.Column != 16 || !strings.Contains(d.Message, "https://cdn.example.com/logo.png") {
		t.Errorf("got %s, want content/et/pilt.md:6:16 naming the image", d)
	}
}

// TestThirdPartyContentFiles checks that an HTML, SVG or CSS file copied
// from content/ is held to the same rule as the site's pages: loading
// from another origin is an error at the URL's line and column, and a
// file that loads only from the site is copied.
func TestThirdPartyContentFiles(t *testing.T) {
	ds, err := buildWith(t, map[string]string{
		"content/et/leht.html": "<!doctype html>\n<title>Leht</title>\n<p>Tere</p><script src=\"https://evil.example/x.js\"></script>\n",
		"content/et/pilt.svg":  "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <image href=\"https://evil.example/p.png\"/>\n</svg>\n",
		"content/et/stiil.css": "body { color: #000 }\n@import url(//fonts.example.com/a.css);\n",
		"content/et/hea.css":   "body { background: url(taust.png) }\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file      string
		line, col int
		what      string
	}{
		{"content/et/leht.html", 3, 25, "src https://evil.example/x.js"},
		{"content/et/pilt.svg", 2, 16, "href https://evil.example/p.png"},
		{"content/et/stiil.css", 2, 13, "CSS url() //fonts.example.com/a.css"},
	} {
		got := find(ds, tc.file, "origin.third-party")
		if len(got) != 1 {
			t.Errorf("%s: %d origin.third-party diagnostics, want 1: %v", tc.file, len(got), ds)
			continue
		}
		if d := got[0]; d.Line != tc.line || d.Column != tc.col || !strings.Contains(d.Message, tc.what) {
			t.Errorf("got %s, want %s:%d:%d naming %q", d, tc.file, tc.line, tc.col, tc.what)
		}
	}
	if got := find(ds, "content/et/hea.css", "origin.third-party"); len(got) != 0 {
		t.Errorf("a stylesheet that loads from the site: %v", got)
	}
	// A build that writes nothing, for a page's error, reports them too.
	ds, err = buildWith(t, map[string]string{
		"content/et/leht.html": "<script src=\"https://evil.example/x.js\"></script>\n",
		"content/et/katki.md":  "---\ntitle: [katki\n---\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := find(ds, "content/et/leht.html", "origin.third-party"); len(got) != 1 {
		t.Errorf("with another error in the build: %d origin.third-party diagnostics, want 1: %v", len(got), ds)
	}
}

// TestOutputCollisions checks that aliases and files that would overwrite
// a file haven writes, or each other, or need a folder where a file is
// written, are each reported at the alias item, and that a build with
// many of them reports every one (no machine error).
func TestOutputCollisions(t *testing.T) {
	ds, err := buildWith(t, map[string]string{
		"content/et/vana.md": "---\ntitle: Vana\naliases:\n" +
			"  - /index.html\n" + // 4
			"  - /404.html\n" + // 5
			"  - /sitemap.xml\n" + // 6
			"  - /robots.txt\n" + // 7
			"  - /_headers\n" + // 8
			"  - /et/search/\n" + // 9
			"  - /en/404.html\n" + // 10
			"  - /api/v1/pages.json\n" + // 11
			"  - /assets/x.css\n" + // 12
			"  - /et/abi/index.html\n" + // 13: the page /et/abi/
			"  - /et/abi/juhend.txt\n" + // 14: a file copied from content/
			"  - /robots.txt/vana/\n" + // 15: a folder where a file is
			"  - /.haven-output\n" + // 16
			"---\n",
	})
	if err != nil {
		t.Fatalf("machine error instead of diagnostics: %v", err)
	}
	lines := map[int]bool{}
	for _, d := range ds {
		if d.File == "content/et/vana.md" && d.Severity == diag.Error && (d.Code == "url.reserved" || d.Code == "url.duplicate") {
			if d.Column != 5 || d.Field != "aliases" || d.Hint == "" {
				t.Errorf("%s: want column 5, field aliases and a hint", d)
			}
			lines[d.Line] = true
		}
	}
	for line := 4; line <= 16; line++ {
		if !lines[line] {
			t.Errorf("no error at content/et/vana.md:%d:5; got:\n%s", line, diagLines(ds))
		}
	}
}

// TestDuplicateKey checks that two public pages of one language with
// the same translation key are an error at the later one's
// translation_key, reported before anything is written, not the content
// API's machine error.
func TestDuplicateKey(t *testing.T) {
	dir := copySite(t, "testdata/site")
	for _, name := range []string{"yks", "kaks"} {
		src := "---\ntitle: " + name + "\nweight: 1\ntranslation_key: sama\n---\nTekst.\n"
		if err := os.WriteFile(filepath.Join(dir, "content/et", name+".md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	if _, err := Build(context.Background(), Options{Source: dir, Today: fixtureDay}, publish.NewMemory(nil), &diags); err != nil {
		t.Fatalf("machine error: %v", err)
	}
	got := find(diags.Items(), "content/et/yks.md", "content.duplicate-key")
	if len(got) != 1 || got[0].Line != 4 || got[0].Column != 1 || got[0].Related != "content/et/kaks.md" || got[0].Hint == "" {
		t.Errorf("got %v, want content.duplicate-key at content/et/yks.md:4:1 naming content/et/kaks.md", diags.Items())
	}
	if n := len(find(diags.Items(), "content/et/kaks.md", "content.duplicate-key")); n != 0 {
		t.Errorf("the first page with the key is reported too (%d)", n)
	}
}

// TestUnreadableAssetWrite checks that a content asset that cannot be
// read when it is copied is an error at the asset, not a machine error.
func TestUnreadableAssetWrite(t *testing.T) {
	dir := copySite(t, "testdata/site")
	var diags diag.List
	fsys := &failRead{FS: os.DirFS(dir)}
	inc := NewIncremental(Options{Source: dir, Today: fixtureDay})
	inc.fsys = fsys
	// The walk sees it readable; it breaks before the copy.
	inc.Loaded = func(*Snapshot) { fsys.name = "content/et/abi/juhend.txt" }
	snap, err := inc.Run(context.Background(), nil, NewPreview())
	if err != nil {
		t.Fatalf("machine error: %v", err)
	}
	diags.Add(snap.Diagnostics...)
	got := find(diags.Items(), "content/et/abi/juhend.txt", "content.read")
	if len(got) != 1 || got[0].Severity != diag.Error || !strings.Contains(got[0].Message, "cannot read") || got[0].Hint == "" {
		t.Errorf("got %v, want one content.read error with a hint", diags.Items())
	}
}

// failRead is a file system whose file name cannot be read once opened.
type failRead struct {
	fs.FS
	name string
}

func (f *failRead) Open(name string) (fs.File, error) {
	if name == f.name && f.name != "" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("permission denied")}
	}
	return f.FS.Open(name)
}

// TestThirdPartyOriginSpots checks how the fetches of a page are placed:
// each image of the Markdown at its line, also when the renderer
// percent-encoded its URL, and what the body does not hold (the theme's)
// at the file.
func TestThirdPartyOriginSpots(t *testing.T) {
	ds, err := buildWith(t, map[string]string{
		"content/et/pildid.md": "---\ntitle: Pildid\n---\n![ä](https://cdn.example.com/ä.png?a=b&c=d)\n\n![teine](https://cdn.example.com/ä.png?a=b&c=d)\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := find(ds, "content/et/pildid.md", "origin.third-party")
	if len(got) != 2 || got[0].Line != 4 || got[0].Column != 6 || got[1].Line != 6 || got[1].Column != 10 {
		t.Errorf("got %v, want both images, at 4:6 and 6:10", got)
	}
	oe := &originError{name: "et/x/index.html", bad: []string{"link rel=stylesheet https://fonts.example.com/f.css"}, urls: []string{"https://fonts.example.com/f.css"}}
	rest := (&Loaded{}).originDiagnostics("content/et/x.md", nil, oe)
	if len(rest) != 1 || rest[0].Line != 0 || !strings.Contains(rest[0].Message, "link rel=stylesheet https://fonts.example.com/f.css") {
		t.Errorf("theme fetch: got %v, want one diagnostic at the file", rest)
	}
}

// TestThemeOriginSpots checks that a site's own theme loading from another
// origin, in a style sheet, the page frame every page uses or the
// redirect page of aliases, is reported at the theme file's line and
// column, once each, and not as a failure of the build.
func TestThemeOriginSpots(t *testing.T) {
	theme := map[string]string{
		"static/haven.css":        "\n.x { background: url(https://cdn.example.com/bg.png); }\n",
		"templates/base.html":     `<script src="https://cdn.example.com/x.js"></script>`,
		"templates/redirect.html": `<link rel="stylesheet" href="https://fonts.example.com/f.css">`,
	}
	files := map[string]string{
		"haven.yaml":         "title: {et: Ohvriabi, en: Victim Support}\nbase_url: https://abi.example.ee\ndefault_language: et\nlanguages:\n  - {code: et, name: Eesti keeles}\n  - {code: en, name: In English}\nquick_exit: https://www.ilmateenistus.ee/\ntheme: mine\n",
		"content/et/vana.md": "---\ntitle: Vana\naliases: [/et/vana-aadress/]\n---\n",
	}
	want := map[string][2]int{} // theme file -> line, column of the URL
	err := fs.WalkDir(os.DirFS("../../themes/default"), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join("../../themes/default", name))
		text := string(b)
		if add, ok := theme[name]; ok {
			if strings.HasSuffix(name, ".css") {
				text += add
			} else {
				text = strings.Replace(text, "</head>", add+"</head>", 1)
			}
			lines := strings.Split(text, "\n")
			for i, line := range lines {
				if j := strings.Index(line, "https://"); j >= 0 {
					want["themes/mine/"+name] = [2]int{i + 1, len([]rune(line[:j])) + 1}
				}
			}
		}
		files["themes/mine/"+name] = text
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := buildWith(t, files)
	if err != nil {
		t.Fatalf("a theme's third-party load failed the build instead of being a diagnostic: %v", err)
	}
	for file, at := range want {
		got := find(ds, file, "origin.third-party")
		if len(got) != 1 || got[0].Line != at[0] || got[0].Column != at[1] || !strings.Contains(got[0].Message, "https://") {
			t.Errorf("%s: got %v, want one diagnostic at %d:%d", file, got, at[0], at[1])
		}
	}
	for _, d := range ds {
		if d.Code == "origin.third-party" && !strings.HasPrefix(d.File, "themes/mine/") {
			t.Errorf("reported away from the theme: %v", d)
		}
	}
}

// TestLoadedPage checks the lookup of a loaded page by its file.
func TestLoadedPage(t *testing.T) {
	l, _ := checked(t, "testdata/site")
	for _, p := range l.Pages {
		if got := l.Page(p.File); got != p {
			t.Errorf("Page(%s) = %v", p.File, got)
		}
	}
	for _, f := range []string{"content/et/puudub.md", "content/et/abi/juhend.txt", "haven.yaml", ""} {
		if got := l.Page(f); got != nil {
			t.Errorf("Page(%s) = %s, want nil", f, got.File)
		}
	}
}

// TestPageChangedWhileBuilding checks that a build, which reads a page's
// Markdown again when it renders it (a build does not hold the site's
// Markdown), fails when the file changed since it was loaded, naming it,
// rather than publish a page of two versions; and renders it whole when
// it did not.
func TestPageChangedWhileBuilding(t *testing.T) {
	dir := copySite(t, "testdata/site")
	for _, change := range []bool{false, true} {
		fsys := &changeOnReread{FS: os.DirFS(dir), name: "content/et/abi/kriisitelefon.md", change: change}
		inc := NewIncremental(Options{Source: dir, Today: fixtureDay})
		inc.fsys = fsys
		out := publish.NewMemory(nil)
		_, err := inc.Run(context.Background(), nil, out)
		switch {
		case fsys.opens < 2:
			t.Fatalf("change %v: %s was opened %d times, want it read again when rendered", change, fsys.name, fsys.opens)
		case change && (err == nil || !strings.Contains(err.Error(), "content/et/abi/kriisitelefon.md changed during the build")):
			t.Errorf("a page changed while building: %v, want an error naming it", err)
		case !change && err != nil:
			t.Errorf("build: %v", err)
		case !change && !bytes.Contains(out.Files["et/abi/kriisitelefon/index.html"], []byte("Kõigile.")):
			t.Errorf("the page read again lost its body:\n%s", out.Files["et/abi/kriisitelefon/index.html"])
		}
	}
}

// changeOnReread is a file system whose file name, opened a second time,
// has a line more when change is set.
type changeOnReread struct {
	fs.FS
	name   string
	change bool
	mu     sync.Mutex
	opens  int
}

func (f *changeOnReread) Open(name string) (fs.File, error) {
	if name != f.name {
		return f.FS.Open(name)
	}
	f.mu.Lock()
	f.opens++
	again := f.opens > 1
	f.mu.Unlock()
	data, err := fs.ReadFile(f.FS, name)
	if err != nil {
		return nil, err
	}
	if again && f.change {
		data = append(data, "\nA line saved while the site was building.\n"...)
	}
	return fstest.MapFS{name: &fstest.MapFile{Data: data}}.Open(name)
}
