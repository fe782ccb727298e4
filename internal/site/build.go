package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/theme"
	"golang.org/x/sync/errgroup"
)

// Build loads the site, validates it and, when there are no errors, writes
// it to out. Content problems go to diags; the returned error is for
// failures of the machine (I/O, a broken theme).
//
// Pages stream: each page's Markdown is rendered, its theme page and API
// document written and its HTML dropped as soon as it is rendered, before
// the site-wide checks run, so a build holds no page's HTML longer than it
// takes to write it. out must therefore be able to throw a build away: the
// caller discards it when diags has errors (publish.Staging does so with
// Abort). When the pages alone already have errors (front matter, duplicate
// URLs), nothing is written at all.
func Build(ctx context.Context, opts Options, out publish.Output, diags *diag.List) (*Loaded, error) {
	snap, err := NewIncremental(opts).Run(ctx, nil, out)
	if err != nil {
		return nil, err
	}
	diags.Add(snap.Diagnostics...)
	return snap.Site, nil
}

// build runs the stages of a build after loading (see Build), the theme
// pages and the pages' derived outputs made as rn says.
func (l *Loaded) build(ctx context.Context, out publish.Output, diags *diag.List, rn *run) error {
	l.checkURLs(l.Pages, diags)
	w := l.newWriter(out, diags, rn)
	var err error
	if diags.HasErrors() {
		err = l.renderDocs(ctx, diags, rn)
		l.checkBodyOrigins(diags)
	} else {
		err = w.pages(ctx, true)
	}
	if err != nil {
		return err
	}
	l.runChecks(diags)
	if diags.HasErrors() {
		return w.checkTheme()
	}
	return w.indexes(ctx)
}

// Validate runs every check on the loaded site: duplicate URLs, then the
// rulebook (links and anchors, covers ids, forbidden text, coverage,
// site-wide duties, translation drift). The check report is kept in
// l.Report for haven check, the API's coverage.json and the preview
// dashboard; its diagnostics go to diags.
func (l *Loaded) Validate(diags *diag.List) {
	l.checkURLs(l.Pages, diags)
	l.runChecks(diags)
}

// runChecks runs the rulebook checks and keeps their report in l.Report.
func (l *Loaded) runChecks(diags *diag.List) {
	in := l.CheckInput()
	in.Diagnostics = diags.Items()
	l.Report = check.Run(in)
	diags.Add(l.Report.Diagnostics...)
}

// CheckInput returns the input of the rulebook checks.
func (l *Loaded) CheckInput() *check.Input {
	in := l.checkSettings()
	in.Memo = l.checkMemo
	in.Index = l.pageIndex().Index
	in.Pages = l.Pages
	in.Review = l.Review
	for _, lang := range l.Config.LanguageCodes() {
		in.ExtraURLs = append(in.ExtraURLs, "/"+lang+"/search/")
	}
	for _, rel := range l.Assets {
		in.Files = append(in.Files, "/"+AssetOutput(rel))
	}
	for name := range reservedOutputs(l.Config.LanguageCodes()) {
		if !strings.HasSuffix(name, "/") {
			in.Files = append(in.Files, "/"+name)
		}
	}
	return in
}

// checkSettings returns the input of the rulebook checks without pages:
// what check.Prepare needs.
func (l *Loaded) checkSettings() *check.Input {
	return &check.Input{Config: l.Config, Contacts: l.Contacts, Facts: l.Facts, Rules: l.Rules, Today: l.Options.Today}
}

// index is the run's page index (package model) with what the theme's
// views of a language share: its theme strings and help contacts.
type index struct {
	*model.Index
	strings  map[string]map[string]string
	contacts map[string][]theme.Contact
}

// folder is the folder a page lists (for sections and homes) or sits in.
func ownFolder(p *model.Page) string {
	switch p.Kind {
	case content.Home:
		return ""
	case content.Section:
		rel := strings.TrimPrefix(p.File, content.Dir+"/"+p.Lang+"/")
		return strings.TrimSuffix(rel, "/_index.md")
	}
	return p.Dir
}

func (l *Loaded) buildIndex(pages []*model.Page) *index {
	ix := &index{Index: model.NewIndex(pages), strings: map[string]map[string]string{}, contacts: map[string][]theme.Contact{}}
	for _, lang := range l.Config.LanguageCodes() {
		ix.strings[lang] = l.Theme.Strings(lang)
		for _, c := range l.Contacts {
			ix.contacts[lang] = append(ix.contacts[lang], theme.Contact{ID: c.ID, Name: c.Label(lang, l.Config.DefaultLanguage),
				Number: c.Number, Tel: c.Tel, URL: c.URL, Hours: c.HoursIn(lang, l.Config.DefaultLanguage)})
		}
	}
	return ix
}

// replacing returns the index of pages, which are ix's pages with p in
// the place of old (see [model.Index.Replacing]).
func (ix *index) replacing(pages []*model.Page, old, p *model.Page) *index {
	d := *ix
	d.Index = ix.Index.Replacing(pages, old, p)
	return &d
}

// renderPage renders v with the theme into buf and checks the result
// for requests to other origins.
func (l *Loaded) renderPage(name string, v *theme.Page, buf *bytes.Buffer) ([]byte, error) {
	if err := l.Theme.Render(buf, v); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	if oe := l.checkOrigins(name, buf.Bytes()); oe != nil {
		return nil, oe
	}
	return buf.Bytes(), nil
}

// pageBuffers recycles the buffers theme pages are rendered into; outputs
// never keep the bytes they are given.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// write writes every published page and the indexes to out (a
// [Preview]: theme pages and page API documents are only checked, for
// the snapshot to render on request).
func (l *Loaded) write(ctx context.Context, out publish.Output, diags *diag.List, rn *run) error {
	w := l.newWriter(out, diags, rn)
	if err := w.pages(ctx, false); err != nil {
		return err
	}
	return w.indexes(ctx)
}

// writer writes a loaded site in two steps: pages (every page's theme page
// and API document, rendering Markdown not yet rendered) and indexes
// (lists, search indexes, sitemap, redirects, API indexes, assets).
type writer struct {
	l     *Loaded
	out   publish.Output
	diags *diag.List
	run   *run // what the memo proves unchanged; nil for OnDemand
	ix    *index
	site  *theme.Site
	// tr is the translations of the pages in the API, worked out once
	// for the documents and indexes.
	tr api.Translations
	// search holds each published page's search entry, made as the page
	// is written (a *model.Page to a theme.SearchEntry).
	search sync.Map
	// remade holds the languages with a page whose search entry (and
	// API document) was made in this run, not taken from the last: the
	// language's search index and page list may have changed.
	remade sync.Map
	md     *markdown.Renderer
	// origins holds the third-party loads reported, so one in the theme
	// that every page has is reported once.
	origins sync.Map
}

// addOrigins reports the third-party loads of oe, found in the output
// of source's page p (see [Loaded.originDiagnostics]), each once per build.
func (w *writer) addOrigins(source string, p *model.Page, oe *originError) {
	for _, d := range w.l.originDiagnostics(source, p, oe) {
		if _, seen := w.origins.LoadOrStore(d.String(), true); !seen {
			w.diags.Add(d)
		}
	}
}

func (l *Loaded) newWriter(out publish.Output, diags *diag.List, rn *run) *writer {
	w := &writer{l: l, out: out, diags: diags, run: rn, ix: l.pageIndex(), site: l.themeSite(), md: newRenderer(l.Config, l.Facts)}
	w.tr = api.NewTranslations(l.Pages)
	return w
}

// renderDocs renders the Markdown of every page not yet rendered, without
// HTML, for the checks, without writing anything: a build's that will
// write nothing as it has errors, whose pages get their source again
// where the checks read it (see Incremental.source).
func (l *Loaded) renderDocs(ctx context.Context, diags *diag.List, rn *run) error {
	md := newRenderer(l.Config, l.Facts)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range l.Pages {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := rn.c.source(l.FS, p); err != nil {
				return err
			}
			if p.Doc == nil {
				p.SetDoc(renderBody(md, p.Page, true, diags))
			}
			return nil
		})
	}
	return g.Wait()
}

// pages renders and writes every published page: its theme page, its API
// document and its search entry, rendering its Markdown first when that has
// not been done. Unpublished pages only get their Markdown rendered, for
// the checks. With drop, each page is also prepared for the checks
// (check.Prepare) and its HTML and Markdown source are dropped, and in a
// build its plain text too, so a build never holds the whole site's text.
func (w *writer) pages(ctx context.Context, drop bool) error {
	l := w.l
	settings := l.checkSettings()
	g, ctx := errgroup.WithContext(ctx)
	workers := runtime.GOMAXPROCS(0) * 2
	g.SetLimit(workers)
	page := func(name string, p *model.Page, view func() *theme.Page, source string) error {
		buf := pageBuffers.Get().(*bytes.Buffer)
		buf.Reset()
		defer pageBuffers.Put(buf)
		data, err := w.run.themePage(name, p, view, buf)
		if oe, ok := errors.AsType[*originError](err); ok {
			w.addOrigins(source, p, oe)
			return nil
		}
		if err != nil || data == nil {
			return err
		}
		return w.out.WriteFile(name, data)
	}
	one := func(p *model.Page) error {
		if err := w.run.c.source(l.FS, p); err != nil {
			return err
		}
		if p.Doc == nil {
			p.SetDoc(w.renderBody(p))
		}
		if p.InBuild {
			if err := page(OutputPath(p.URL), p, func() *theme.Page { return l.pageView(w.site, w.ix, p) }, p.File); err != nil {
				return err
			}
			if err := w.writeDerived(p); err != nil {
				return err
			}
		}
		if drop {
			if !p.Checked && p.Text == nil { // restored by the memo without its text
				if err := w.run.c.fullDoc(l.FS, p); err != nil {
					return err
				}
			}
			check.Prepare(settings, p)
			p.Doc.HTML, p.Body = nil, nil
			if !w.run.lazy { // the preview's snapshot makes API documents later
				w.run.c.dropText(p)
			}
		}
		return nil
	}
	// A worker a slot, each taking the next page, rather than a goroutine
	// a page: 10,000 new goroutines grew 10,000 stacks.
	var next atomic.Int64
	for range workers {
		g.Go(func() error {
			for i := int(next.Add(1) - 1); i < len(l.Pages); i = int(next.Add(1) - 1) {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := one(l.Pages[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	w.madePages(func(name string, view func() *theme.Page) {
		g.Go(func() error { return page(name, nil, view, "") })
	})
	return g.Wait()
}

// renderBody renders p's Markdown, reporting into the writer's
// diagnostics and keeping them for the memo, for the next run that
// reuses the result.
func (w *writer) renderBody(p *model.Page) *markdown.Result {
	var d diag.List
	doc := renderBody(w.md, p.Page, false, &d)
	w.diags.Add(d.Items()...)
	w.run.mu.Lock()
	w.run.renderDiags[p.File] = d.Items()
	w.run.mu.Unlock()
	return doc
}

// madePages calls fn with the output name and view of every theme page
// haven makes itself: each language's 404 and search page, its home when
// it has no _index.md, and the site's 404.html.
func (w *writer) madePages(fn func(name string, view func() *theme.Page)) {
	l := w.l
	for _, lang := range l.Config.LanguageCodes() {
		if w.ix.Translation("", lang) == nil { // no _index.md: a plain home page
			fn(lang+"/index.html", func() *theme.Page { return l.pageView(w.site, w.ix, l.syntheticHome(lang)) })
		}
		fn(lang+"/404.html", func() *theme.Page { return l.specialView(w.site, w.ix, lang, "404") })
		fn(lang+"/search/index.html", func() *theme.Page { return l.specialView(w.site, w.ix, lang, "search") })
	}
	fn("404.html", func() *theme.Page { return l.specialView(w.site, w.ix, l.Config.DefaultLanguage, "404") })
}

// indexes writes everything that lists pages or stands beside them:
// search indexes, redirects, sitemap, robots.txt, headers, the API's
// indexes (with coverage.json when the checks ran) and assets.
func (w *writer) indexes(ctx context.Context) error {
	l := w.l
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0)) // an index is made in one buffer: one a core, not all at once
	write := func(name string, data []byte) error {
		if oe := l.checkOrigins(name, data); oe != nil {
			w.addOrigins("", nil, oe)
			return nil
		}
		return w.out.WriteFile(name, data)
	}
	for _, lang := range l.Config.LanguageCodes() {
		g.Go(func() error { return w.writeSearchIndex(lang) })
	}
	g.Go(func() error { return l.writeRedirects(w.site, w.ix, write) })
	g.Go(func() error {
		if done, err := w.run.takenListing("sitemap.xml"); err != nil || done {
			return err
		}
		return write("sitemap.xml", l.sitemap(w.ix))
	})
	g.Go(func() error { return write("robots.txt", l.robots()) })
	g.Go(func() error { return write(theme.HeadersFile, theme.Headers(l.Config.AllowedOrigins)) })
	g.Go(w.writeAPIIndexes)
	g.Go(func() error { return w.writeAssets(ctx) })
	return g.Wait()
}

// checkTheme reports the theme's loads from other origins for a build that
// writes nothing because it has errors: those of its static files, its
// redirect page and the pages haven makes (their frame is every page's),
// which the pages alone may not show.
func (w *writer) checkTheme() error {
	l := w.l
	check := func(name string, data []byte) error {
		if oe := l.checkOrigins(name, data); oe != nil {
			w.addOrigins("", nil, oe)
		}
		return nil
	}
	for name, data := range l.Theme.Static {
		_ = check(name, data)
	}
	for _, rel := range l.Assets {
		_, _ = l.contentAsset(rel, w.diags)
	}
	var err error
	w.madePages(func(name string, view func() *theme.Page) {
		var buf bytes.Buffer
		if e := l.Theme.Render(&buf, view()); e != nil && err == nil {
			err = fmt.Errorf("render %s: %w", name, e)
		}
		_ = check(name, buf.Bytes())
	})
	if err != nil {
		return err
	}
	return l.writeRedirects(w.site, w.ix, check)
}

// OutputPath maps a page URL (/et/abi/) to its file (et/abi/index.html).
func OutputPath(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}

func (l *Loaded) themeSite() *theme.Site {
	assets := map[string]string{}
	for name := range l.Theme.Hashed {
		assets[name] = "/" + l.themeAssetOutput(name)
	}
	return &theme.Site{
		BaseURL:         l.Config.BaseURL,
		DefaultLanguage: l.Config.DefaultLanguage,
		Generator:       "haven " + Version,
		Assets:          assets,
		AllowedOrigins:  l.Config.AllowedOrigins,
		Build:           l.Options.Today, // the build day: equal sources give equal bytes
		Partials:        theme.NewPartials(),
	}
}

func (l *Loaded) syntheticHome(lang string) *model.Page {
	return &model.Page{Page: &content.Page{File: content.Dir + "/" + lang + "/_index.md", Lang: lang, Kind: content.Home, URL: "/" + lang + "/",
		FrontMatter: content.FrontMatter{Title: l.Config.SiteTitle(lang)}}, InBuild: true, Doc: emptyDoc}
}

// pageView builds the view model of one page.
func (l *Loaded) pageView(site *theme.Site, ix *index, p *model.Page) *theme.Page {
	v := l.baseView(site, ix, p.Lang, p.Key, p.URL)
	v.Kind = map[content.Kind]string{content.Regular: "page", content.Section: "section", content.Home: "home"}[p.Kind]
	v.Title = p.Title
	v.Description = p.Description
	v.Content = template.HTML(p.Doc.HTMLString()) // made safe by package markdown
	for _, h := range p.Doc.Headings {
		if h.Level == 2 {
			v.Headings = append(v.Headings, theme.Link{Title: h.Text, URL: "#" + h.ID})
		}
	}
	v.Published = p.PublishedOn()
	v.Updated = p.Updated()
	v.Owner = p.Owner
	if reason := p.Unpublished(); reason != "" {
		v.Draft, v.DraftReason = true, reason
	}
	if p.Kind != content.Regular {
		for _, c := range ix.Children(p.Lang, ownFolder(p)) {
			if c == p {
				continue
			}
			v.Children = append(v.Children, theme.Link{Title: c.Title, URL: c.URL, Description: c.Description, Updated: c.Updated()})
		}
	}
	// Breadcrumbs: the home, then each enclosing section that exists.
	if p.Kind != content.Home {
		if home := ix.Translation("", p.Lang); home != nil {
			v.Breadcrumbs = append(v.Breadcrumbs, theme.Link{Title: home.Title, URL: home.URL})
		} else {
			v.Breadcrumbs = append(v.Breadcrumbs, theme.Link{Title: l.Config.SiteTitle(p.Lang), URL: "/" + p.Lang + "/"})
		}
		parts := []string{}
		if p.Dir != "" {
			parts = strings.Split(p.Dir, "/")
		}
		for i := range parts {
			dir := strings.Join(parts[:i+1], "/")
			for _, c := range ix.Children(p.Lang, path.Dir("/" + dir)[1:]) {
				if c.Kind == content.Section && ownFolder(c) == dir {
					v.Breadcrumbs = append(v.Breadcrumbs, theme.Link{Title: c.Title, URL: c.URL})
				}
			}
		}
	}
	return v
}

// specialView builds the 404 and search pages of a language.
func (l *Loaded) specialView(site *theme.Site, ix *index, lang, kind string) *theme.Page {
	url := "/" + lang + "/search/"
	if kind == "404" {
		url = "/" + lang + "/404.html"
	}
	v := l.baseView(site, ix, lang, "\x00"+kind, url)
	v.Kind = kind
	// Neither page is content: a search page only lists the language's
	// pages (which are indexed on their own) and its results depend on a
	// query search engines should not crawl; a 404 page answers for every
	// missing address. Both are noindex and stay out of the sitemap, and a
	// 404 page, having no address of its own, has no canonical URL either.
	v.NoIndex = true
	if kind == "404" {
		v.Permalink = ""
	} else {
		v.Description = v.T["search_description"]
	}
	for i := range v.Translations { // every language has its search and 404 page
		t := &v.Translations[i]
		t.Exists = true
		if kind == "search" {
			t.URL = "/" + t.Lang + "/search/"
		} else {
			t.URL = "/" + t.Lang + "/404.html"
		}
	}
	v.Title = v.T["title_"+kind]
	if v.Title == "" {
		v.Title = kind
	}
	v.Updated = l.Options.Today
	v.Published = l.Options.Today
	if kind == "search" {
		// Without JavaScript the search page lists every page, grouped
		// by the folder (section) it sits in.
		groups := map[string]*theme.LinkGroup{}
		var order []string
		pages := slices.Clone(ix.InLanguage(lang))
		slices.SortStableFunc(pages, model.ByWeight)
		for _, p := range pages {
			v.Children = append(v.Children, theme.Link{Title: p.Title, URL: p.URL, Description: p.Description})
			if p.Kind == content.Home {
				continue
			}
			folder := p.Dir
			g := groups[folder]
			if g == nil {
				g = &theme.LinkGroup{}
				if sec := ix.Translation(folder, lang); folder != "" && sec != nil {
					g.Title, g.URL = sec.Title, sec.URL
				}
				groups[folder] = g
				order = append(order, folder)
			}
			g.Links = append(g.Links, theme.Link{Title: p.Title, URL: p.URL})
		}
		slices.Sort(order)
		for _, folder := range order {
			v.Groups = append(v.Groups, *groups[folder])
		}
	}
	return v
}

// baseView fills the parts of a view model every page shares.
func (l *Loaded) baseView(site *theme.Site, ix *index, lang, key, url string) *theme.Page {
	s := *site
	s.Title = l.Config.SiteTitle(lang)
	v := &theme.Page{
		Site:         &s,
		Lang:         lang,
		LangName:     l.Config.LanguageName(lang),
		Dir:          "ltr",
		URL:          url,
		Permalink:    l.Config.BaseURL + url,
		QuickExitURL: l.Config.QuickExitURL(lang),
		SearchURL:    "/" + lang + "/search/",
		T:            ix.strings[lang],
		Contacts:     ix.contacts[lang],
	}
	for _, tl := range l.Config.Languages {
		t := theme.Translation{Lang: tl.Code, Name: tl.Name, URL: "/" + tl.Code + "/", Current: tl.Code == lang}
		if tp := ix.Translation(key, tl.Code); tp != nil {
			t.URL, t.Exists = tp.URL, true
		}
		if t.Current {
			t.URL, t.Exists = url, true
		}
		v.Translations = append(v.Translations, t)
	}
	for _, p := range ix.Menu(lang) {
		link := theme.Link{Title: p.Title, URL: p.URL, Current: p.URL == url}
		if p.Menu == "main" {
			v.Menu = append(v.Menu, link)
		} else {
			v.Footer = append(v.Footer, link)
		}
	}
	if help := ix.Translation(l.Config.QuickExitHelp, lang); help != nil && l.Config.QuickExitHelp != "" {
		v.QuickExitHelpURL = help.URL
	}
	return v
}
