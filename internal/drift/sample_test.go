package drift

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// siteLanguages are the sample site's languages, default first.
var siteLanguages = []string{"et", "en", "ru"}

// loadPages loads and renders the published pages of the site in fsys.
func loadPages(t testing.TB, fsys fs.FS) []*model.Page {
	t.Helper()
	var diags diag.List
	site := content.Load(fsys, content.Options{Languages: siteLanguages}, &diags)
	if diags.HasErrors() {
		t.Fatalf("loading the site:\n%v", diags.Items())
	}
	md := markdown.New(markdown.NoHTML)
	today := time.Now()
	var pages []*model.Page
	for _, p := range site.Pages {
		mp := model.New(p, today, false)
		if !mp.InBuild {
			continue
		}
		doc, err := md.Render(p.Body)
		if err != nil {
			t.Fatalf("render %s: %v", p.File, err)
		}
		mp.Doc = doc
		pages = append(pages, mp)
	}
	return pages
}

func TestSampleSiteHasNoDrift(t *testing.T) {
	pages := loadPages(t, os.DirFS("../.."))
	if len(pages) < 30 {
		t.Fatalf("loaded only %d pages from the sample site", len(pages))
	}
	for _, d := range Check(pages, "et") {
		t.Errorf("%s (related %s)", d, d.Related)
	}
}

// copySite copies the sample site's content/ into memory.
func copySite(t *testing.T) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../..")
	m := fstest.MapFS{}
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestChangedPhoneInOneLanguage(t *testing.T) {
	site := copySite(t)
	const file = "content/ru/kontaktid.md"
	f := site[file]
	old, changed := "[116 123](tel:116123)", "[116 124](tel:116124)"
	if !strings.Contains(string(f.Data), old) {
		t.Fatalf("%s no longer contains %s; pick another number for this test", file, old)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, changed, 1))

	ds := Check(loadPages(t, site), "et")
	if len(ds) != 1 {
		t.Fatalf("got %d diagnostics, want 1:\n%v", len(ds), ds)
	}
	d := ds[0]
	if d.File != file || d.Code != CodeDrift || d.Severity != diag.Warning ||
		!strings.Contains(d.Message, "ru/kontaktid.md:") || !strings.Contains(d.Message, "et/kontaktid.md:") ||
		!strings.Contains(d.Message, "116 124") || !strings.Contains(d.Message, "116 123") ||
		!strings.HasPrefix(d.Related, "content/et/kontaktid.md:") {
		t.Errorf("got %s (related %s), want a translation.drift warning on %s naming both files and numbers", d, d.Related, file)
	}
}
