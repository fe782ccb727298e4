package site

import (
	"bytes"
	"sync"

	"github.com/haven-cms/haven/internal/theme"
)

// OnDemand renders the theme pages of a loaded site one at a time, when
// they are asked for, with the same views and templates as [Loaded.Write]
// and so the same bytes. The preview uses it to show an edit as soon as the
// site is loaded, while the checks and the rest of the site are still being
// made (Hugo's "fast render mode" does the same for the pages a browser
// has open).
//
// It renders only: the caller decides what an error means, and learns of
// the site's problems from the build that runs beside it. It only reads the
// loaded site, so it is safe to use while that build runs.
type OnDemand struct {
	l    *Loaded
	once sync.Once
	w    *writer
	// pages maps the output name of each published page to it, made the
	// output names of the pages haven makes (404, search) to their views.
	pages map[string]*Page
	made  map[string]func() *theme.Page
	// assets holds the output names of the content assets, static the
	// theme's files by output name.
	assets map[string]bool
	static map[string][]byte
}

// OnDemand returns an on-demand renderer of l, which must have every
// page's Markdown rendered (as [Incremental.Load] leaves it). Nothing is
// worked out until the first call.
func (l *Loaded) OnDemand() *OnDemand { return &OnDemand{l: l} }

// Prepare works out what the first call of another method would: the
// site's index and the output names. Call it in the background to have
// the first page come sooner.
func (o *OnDemand) Prepare() {
	o.once.Do(func() {
		l := o.l
		// Only what views need: no API pages, no search entries.
		o.w = &writer{l: l, ix: l.buildIndex(), site: l.themeSite()}
		o.pages = make(map[string]*Page, len(l.Pages))
		for _, p := range l.Pages {
			if p.Published && p.Doc != nil {
				o.pages[OutputPath(p.URL)] = p
			}
		}
		o.made = map[string]func() *theme.Page{}
		o.w.madePages(func(name string, view func() *theme.Page) { o.made[name] = view })
		o.assets = make(map[string]bool, len(l.Assets))
		for _, rel := range l.Assets {
			o.assets[assetOutput(rel)] = true
		}
		o.static = make(map[string][]byte, len(l.Theme.Static))
		for name, data := range l.Theme.Static {
			o.static[l.themeAssetOutput(name)] = data
		}
	})
}

// Render renders the theme page whose output file is name (et/abi/index.html);
// ok reports whether the site has one, err whether rendering it failed
// (as for a page that would load from another origin). Other
// files (search and API indexes, redirects, assets) are not rendered here.
func (o *OnDemand) Render(name string) (data []byte, ok bool, err error) {
	o.Prepare()
	var view func() *theme.Page
	if p := o.pages[name]; p != nil {
		view = func() *theme.Page { return o.l.pageView(o.w.site, o.w.ix, p) }
	} else if view = o.made[name]; view == nil {
		return nil, false, nil
	}
	var buf bytes.Buffer
	data, err = o.l.renderPage(name, view(), &buf)
	return data, true, err
}

// ThemeAsset returns the theme's static file whose output name is name
// (assets/haven.3f2a1c9b.css), and whether there is one.
func (o *OnDemand) ThemeAsset(name string) ([]byte, bool) {
	o.Prepare()
	data, ok := o.static[name]
	return data, ok
}

// ContentAsset reports whether name is the output name of a file beside
// the pages in content/, which a build copies as it is: it changes only
// with its source file.
func (o *OnDemand) ContentAsset(name string) bool {
	o.Prepare()
	return o.assets[name]
}
