package site

import (
	"context"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

// TestOnDemandEqualsWrite checks that what the preview's Write writes
// plus what OnDemand renders is exactly a fresh build: every theme page and
// API document rendered on request has the bytes Build writes for it, and
// Write writes every other file and none of those. It also checks the
// content and theme assets OnDemand knows.
func TestOnDemandEqualsWrite(t *testing.T) {
	for _, src := range []string{"testdata/site", "../.."} { // the fixture and the sample site
		t.Run(src, func(t *testing.T) {
			opts := Options{Source: src, Today: fixtureDay}
			fresh := publish.NewMemory(nil)
			var freshDiags diag.List
			if _, err := Build(context.Background(), opts, fresh, &freshDiags); err != nil {
				t.Fatal(err)
			}
			inc := NewIncremental(opts)
			var od *OnDemand
			inc.Loaded = func(s *Snapshot) { od = s.OnDemand() } // before the checks run, as the preview shows it
			out := NewPreview()
			snap, err := inc.Run(context.Background(), nil, out)
			if err != nil || snap.Failed {
				t.Fatalf("run: %v %v", err, snap.Diagnostics)
			}
			l := snap.Site
			if od == nil {
				t.Fatal("Loaded was not called")
			}
			rendered := 0
			for name, want := range fresh.Files {
				got, ok, err := od.Render(name)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				_, written := out.mem.Files[name]
				switch {
				case ok && written:
					t.Errorf("%s is both written and rendered on demand", name)
				case ok:
					rendered++
				case written:
					got = out.mem.Files[name]
				default:
					t.Errorf("%s of a fresh build is neither written nor rendered on demand", name)
					continue
				}
				if string(got) != string(want) {
					t.Errorf("%s differs from a fresh build's:\n%.300s\nwant\n%.300s", name, got, want)
				}
			}
			for name := range out.mem.Files {
				if _, ok := fresh.Files[name]; !ok {
					t.Errorf("%s written, but not in a fresh build", name)
				}
			}
			if names := od.Names(); len(names) != rendered {
				t.Errorf("OnDemand names %d files, %d of them in a fresh build", len(names), rendered)
			}
			if rendered < 10 {
				t.Errorf("only %d files rendered on demand", rendered)
			}
			if _, ok, _ := od.Render("et/no-such-page/index.html"); ok {
				t.Error("a page the site does not have was rendered")
			}
			for _, rel := range l.Assets {
				if name := AssetOutput(rel); !od.ContentAsset(name) || fresh.Files[name] == nil {
					t.Errorf("content asset %s: ContentAsset = %v, written = %v", name, od.ContentAsset(name), fresh.Files[name] != nil)
				}
			}
			themeAssets := 0
			for name, want := range fresh.Files {
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
