package site

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

// TestOnDemandEqualsWrite checks that every theme page rendered on request
// has the bytes the preview's build writes for it, that the files it does
// not render (API, search index, redirects) are all files Write makes
// otherwise, and that it knows the content assets and the theme's.
func TestOnDemandEqualsWrite(t *testing.T) {
	for _, src := range []string{"testdata/site", "../.."} { // the fixture and the sample site
		t.Run(src, func(t *testing.T) {
			inc := NewIncremental(Options{Source: src, Today: fixtureDay, Preview: true})
			root, err := os.OpenRoot(src)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			var diags diag.List
			l, err := inc.Load(context.Background(), root.FS(), nil, &diags)
			if err != nil {
				t.Fatal(err)
			}
			od := l.OnDemand() // made before the build runs, as the preview does
			out := publish.NewMemory(nil)
			if err := inc.Write(context.Background(), l, out, &diags); err != nil {
				t.Fatal(err)
			}
			rendered := 0
			for name, want := range out.Files {
				got, ok, err := od.Render(name)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if !ok {
					if strings.HasSuffix(name, "index.html") && !strings.Contains(string(want), `http-equiv="refresh"`) && !strings.HasPrefix(name, "api/") {
						t.Errorf("%s is a theme page of the build but not rendered on demand", name)
					}
					continue
				}
				rendered++
				if string(got) != string(want) {
					t.Errorf("%s rendered on demand differs from the build's:\n%.300s\nwant\n%.300s", name, got, want)
				}
			}
			if rendered < 5 {
				t.Errorf("only %d pages rendered on demand", rendered)
			}
			if _, ok, _ := od.Render("et/no-such-page/index.html"); ok {
				t.Error("a page the site does not have was rendered")
			}
			for _, rel := range l.Assets {
				if name := assetOutput(rel); !od.ContentAsset(name) || out.Files[name] == nil {
					t.Errorf("content asset %s: ContentAsset = %v, written = %v", name, od.ContentAsset(name), out.Files[name] != nil)
				}
			}
			themeAssets := 0
			for name, want := range out.Files {
				if got, ok := od.ThemeAsset(name); ok {
					themeAssets++
					if string(got) != string(want) {
						t.Errorf("theme asset %s differs from the build's", name)
					}
				}
			}
			if themeAssets != len(l.Theme.Static) {
				t.Errorf("%d theme assets found on demand, want %d", themeAssets, len(l.Theme.Static))
			}
			if od.ContentAsset("sitemap.xml") || od.ContentAsset("et/index.html") {
				t.Error("an index or page taken for an asset")
			}
		})
	}
}
