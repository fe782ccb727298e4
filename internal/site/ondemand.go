package site

import (
	"bytes"
	"sync"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/theme"
)

// OnDemand renders the theme pages and the pages' API documents of a
// loaded site one at a time, when they are asked for, with the same views,
// templates and encoder as a build and so the same bytes. The preview
// serves them this way: it shows an edit as soon as the site is loaded,
// while the checks and the other files are still being made (Hugo's "fast
// render mode" does the same for the pages a browser has open), and it
// never holds the whole site's HTML.
//
// It renders only: the caller decides what an error means, and learns of
// the site's problems from the build that runs beside it. It only reads the
// loaded site, so it is safe to use while that build runs.
type OnDemand struct {
	l *Loaded

	once sync.Once // Prepare
	w    *writer
	// pages maps the output name of each published page to it, made the
	// output names of the pages haven makes (404, search) to their views.
	pages map[string]*model.Page
	made  map[string]func() *theme.Page
	// assets holds the output names of the content assets, static the
	// theme's files by output name.
	assets map[string]bool
	static map[string][]byte

	docsOnce sync.Once // prepareDocs
	// docs maps the path of each page's API document to the page.
	docs map[string]*model.Page
	tr   api.Translations
}

// OnDemand returns an on-demand renderer of l, which must have every
// page's Markdown rendered (as a [Preview] run leaves it). Nothing is
// worked out until the first call.
func (l *Loaded) OnDemand() *OnDemand { return &OnDemand{l: l} }

// Prepare works out what the first call for a theme page or asset would:
// the site's index and the output names. Call it in the background to have
// the first page come sooner.
func (o *OnDemand) Prepare() {
	o.once.Do(func() {
		l := o.l
		// Only what views need: no API pages, no search entries.
		o.w = &writer{l: l, ix: l.pageIndex(), site: l.themeSite()}
		o.pages = make(map[string]*model.Page, len(l.Pages))
		for _, p := range l.Pages {
			if p.InBuild && p.Doc != nil {
				o.pages[OutputPath(p.URL)] = p
			}
		}
		o.made = map[string]func() *theme.Page{}
		o.w.madePages(func(name string, view func() *theme.Page) { o.made[name] = view })
		o.assets = make(map[string]bool, len(l.Assets))
		for _, rel := range l.Assets {
			o.assets[AssetOutput(rel)] = true
		}
		o.static = make(map[string][]byte, len(l.Theme.Static))
		for name, data := range l.Theme.Static {
			o.static[l.themeAssetOutput(name)] = data
		}
	})
}

// prepareDocs works out the API document paths and the translations the
// documents list, apart from Prepare: the first page a browser asks for
// needs neither.
func (o *OnDemand) prepareDocs() {
	o.Prepare()
	o.docsOnce.Do(func() {
		l := o.l
		o.tr = api.NewTranslations(l.Pages)
		o.docs = map[string]*model.Page{}
		for _, p := range l.Pages {
			if p.InBuild && p.Doc != nil && api.InAPI(p) {
				o.docs[api.PagePath(p.Lang, p.URL)] = p
			}
		}
	})
}

// Render renders the file name when it is a theme page (et/abi/index.html)
// or a page's API document (api/v1/et/pages/abi.json); ok reports whether
// the site has one, err whether rendering it failed (as for a page that
// would load from another origin). Other files (search and API indexes,
// redirects, assets) are not rendered here.
func (o *OnDemand) Render(name string) (data []byte, ok bool, err error) {
	o.Prepare()
	var view func() *theme.Page
	if p := o.pages[name]; p != nil {
		view = func() *theme.Page { return o.l.pageView(o.w.site, o.w.ix, p) }
	} else if view = o.made[name]; view == nil {
		data, ok = o.document(name)
		return data, ok, nil
	}
	var buf bytes.Buffer
	data, err = o.l.renderPage(name, view(), &buf)
	return data, true, err
}

// document renders the API document name, if it is a page's.
func (o *OnDemand) document(name string) (data []byte, ok bool) {
	o.prepareDocs()
	p := o.docs[name]
	if p == nil {
		return nil, false
	}
	_, data = api.Document(p, o.tr)
	return data, true
}

// Has reports whether Render makes the file name.
func (o *OnDemand) Has(name string) bool {
	o.prepareDocs()
	return o.pages[name] != nil || o.made[name] != nil || o.docs[name] != nil
}

// Names returns the names of the files Render makes, in no order.
func (o *OnDemand) Names() []string {
	o.prepareDocs()
	names := make([]string, 0, len(o.pages)+len(o.made)+len(o.docs))
	for _, m := range []map[string]*model.Page{o.pages, o.docs} {
		for name := range m {
			names = append(names, name)
		}
	}
	for name := range o.made {
		names = append(names, name)
	}
	return names
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
