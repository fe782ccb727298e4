// Package site runs a build: it loads the configuration, the rulebook, the
// help contacts and the content, streams every page through Markdown, the
// theme and the output, validates everything, and only when nothing is
// wrong writes the indexes that list the pages. The caller publishes the
// output (a staging folder) only when the build has no errors.
//
// Order of stages (one place, read top to bottom in Build):
//
//	load      haven.yaml, rules.yaml, content/_data/contacts.yaml, and the
//	          front matter of content/** (read and parsed in parallel)
//	urls      duplicate URLs and aliases; with errors so far, nothing is
//	          written and only the checks below run
//	pages     per page, in parallel: Markdown, theme page, API document,
//	          search entry, the page's own checks and translation facts
//	          (check.Prepare, kept on its model.Page); then its HTML and
//	          Markdown source are dropped
//	validate  the checks that need every page: links and anchors,
//	          coverage, site-wide duties, translation drift
//	indexes   search indexes, sitemap, robots.txt, redirects, the API's
//	          page lists and coverage.json, assets
//
// Every stage reads the same page records (package model): one
// *model.Page per file per run, holding what its own file determines.
//
// [Incremental] runs the same stages for the preview server, reusing the
// page records of unchanged files, and [OnDemand] renders one loaded
// page's theme page when the preview is asked for it, before the other
// stages ran. [Loaded.Draft] answers for one page changed in memory (the
// editor's draft): its theme page, diagnostics, coverage and drift,
// judged against the loaded site without touching the disk.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/theme"
	"github.com/haven-cms/haven/themes"
)

// Version is haven's version, set at link time or left as "dev".
var Version = "dev"

// Options controls a build.
type Options struct {
	// Source is the site root (holding content/ and optionally
	// haven.yaml, rules.yaml, themes/).
	Source string
	// Drafts includes drafts, scheduled and expired pages.
	Drafts bool
	// BaseURL overrides the configured base URL when not empty.
	BaseURL string
	// Today is the build day for publish/expires; zero means now.
	Today time.Time
}

// Loaded is a site after loading and rendering Markdown, before the theme:
// what both build and check work on.
type Loaded struct {
	Options  Options
	FS       fs.FS
	Config   *config.Config
	Contacts []content.Contact
	// Facts are the figures of content/_data/facts.yaml.
	Facts  []content.Fact
	Pages  []*model.Page
	Assets []string
	Theme  *theme.Theme
	// Rules is the rulebook: the embedded default or the site's rules.yaml.
	Rules *legal.Rulebook
	// Report is the check report, set by Validate.
	Report *check.Report
	// Review is the content revision and the reviewer's decisions; set
	// by Check for haven check's report, nil in a build.
	Review *check.Review

	root      *siteFS     // opened by Load, closed by Close
	checkMemo *check.Memo // the preview's, kept between its checks

	ixOnce sync.Once
	ix     *index // the published pages, by pageIndex
}

// pageIndex returns the index of the site's published pages, made once.
func (l *Loaded) pageIndex() *index {
	l.ixOnce.Do(func() { l.ix = l.buildIndex(l.Pages) })
	return l.ix
}

// Load reads and renders the site at opts.Source, reporting every problem
// into diags. It returns an error only when the site cannot be read at all.
// The caller closes the returned site when done writing it.
func Load(ctx context.Context, opts Options, diags *diag.List) (*Loaded, error) {
	return load(ctx, opts, diags, renderHTML)
}

// Check is haven check: it loads the site at opts.Source for the checks
// alone (each page's text, not its HTML, and no page's Markdown source is
// kept once the page is prepared for the checks) and runs them; the
// report is in the result's Report. Such a site cannot be written.
func Check(ctx context.Context, opts Options, diags *diag.List) (*Loaded, error) {
	l, err := load(ctx, opts, diags, renderText)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	l.Review = l.review(diags)
	l.Validate(diags)
	return l, nil
}

// rendering is how much of each page's Markdown a load renders.
type rendering int

const (
	renderNone rendering = iota // a build renders each page as it writes it
	renderHTML                  // everything: preview, drafts, tests
	renderText                  // only what the checks read (Check)
)

// load is Load, rendering each page's Markdown as r says.
func load(ctx context.Context, opts Options, diags *diag.List, r rendering) (*Loaded, error) {
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	opts.Today = content.Day(opts.Today)
	root, err := openSiteFS(opts.Source)
	if err != nil {
		return nil, fmt.Errorf("open site %s: %w", opts.Source, err)
	}
	l, err := loadFS(ctx, root, opts, diags, r)
	if err != nil {
		root.Close()
		return nil, err
	}
	l.root = root // Write still reads assets through it; see Close
	return l, nil
}

// Close releases the site folder opened by Load.
func (l *Loaded) Close() error {
	if l.root == nil {
		return nil
	}
	return l.root.Close()
}

func loadFS(ctx context.Context, fsys fs.FS, opts Options, diags *diag.List, r rendering) (*Loaded, error) {
	if opts.Today.IsZero() {
		opts.Today = content.Day(time.Now())
	}
	l, err := loadSettings(fsys, opts, diags)
	if err != nil {
		return nil, err
	}
	copts := content.Options{Languages: l.Config.LanguageCodes(), Context: ctx}
	// Markdown is rendered right after each file is parsed, on the same
	// goroutine, while the file is still in the CPU's caches. A load for
	// the checks only also prepares each page for them and drops its
	// Markdown source, as a build does when it writes the page.
	var rendered sync.Map // *content.Page -> *model.Page
	if r != renderNone {
		md := newRenderer(l.Config, l.Facts)
		var settings *check.Input
		if r == renderText {
			settings = l.checkSettings()
		}
		copts.Each = func(p *content.Page) {
			if ctx.Err() != nil {
				return
			}
			sp := model.New(p, opts.Today, opts.Drafts)
			sp.SetDoc(renderBody(md, p, r == renderText, diags))
			if settings != nil {
				check.Prepare(settings, sp)
				p.Body = nil
			}
			rendered.Store(p, sp)
		}
	}
	cs := content.Load(fsys, copts, diags)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.Assets = cs.Assets
	l.Pages = make([]*model.Page, len(cs.Pages))
	for i, p := range cs.Pages {
		if sp, ok := rendered.Load(p); ok {
			l.Pages[i] = sp.(*model.Page)
		} else {
			l.Pages[i] = model.New(p, opts.Today, opts.Drafts)
		}
	}
	return l, nil
}

// loadSettings reads everything of a site but its pages: configuration,
// theme, rulebook and help contacts.
func loadSettings(fsys fs.FS, opts Options, diags *diag.List) (*Loaded, error) {
	cfg := config.Load(fsys, diags)
	if opts.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	}
	th, err := loadTheme(fsys, cfg, diags)
	if err != nil {
		return nil, err
	}
	return &Loaded{
		Options:  opts,
		FS:       fsys,
		Config:   cfg,
		Theme:    th,
		Rules:    legal.Load(fsys, diags),
		Contacts: content.LoadContacts(fsys, cfg.LanguageCodes(), diags),
		Facts:    content.LoadFacts(fsys, cfg.LanguageCodes(), diags),
	}, nil
}

// newRenderer returns the Markdown renderer cfg asks for, inserting facts
// where pages reference them.
func newRenderer(cfg *config.Config, facts []content.Fact) *markdown.Renderer {
	mode := markdown.NoHTML
	if cfg.Markdown.RawHTML == "safe" {
		mode = markdown.SafeHTML
	}
	return markdown.New(mode).WithFacts(func(lang, id, form string) (string, bool) {
		f, ok := content.FactByID(facts, id)
		if !ok {
			return "", false
		}
		if form == "number" {
			return f.Number(lang), true
		}
		return f.Text(lang), true
	})
}

// renderBody renders a page's Markdown (without HTML when textOnly); a page that cannot be rendered is
// reported at its line and gets an empty body.
func renderBody(md *markdown.Renderer, p *content.Page, textOnly bool, diags *diag.List) *markdown.Result {
	render := md.RenderIn
	if textOnly {
		render = md.AnalyzeIn
	}
	doc, err := render(p.Body, p.Lang)
	if err == nil {
		unknownFacts(p, doc, diags)
		return doc
	}
	line, hint := p.BodyLine, ""
	if ne, ok := errors.AsType[*markdown.NestingError](err); ok {
		line, hint = line+ne.Line-1, "flatten the quotes or lists"
	} else if le, ok := errors.AsType[*markdown.LimitError](err); ok {
		line, hint = line+le.Line-1, le.Fix
	}
	diags.Add(diag.Diagnostic{File: p.File, Line: line, Severity: diag.Error, Code: "markdown.render", Message: err.Error(), Hint: hint})
	return &markdown.Result{}
}

// unknownFacts reports the {{fact ID}} references of p whose ID
// content/_data/facts.yaml does not list.
func unknownFacts(p *content.Page, doc *markdown.Result, diags *diag.List) {
	for _, r := range doc.Facts {
		if !r.Known {
			diags.Add(diag.Diagnostic{File: p.File, Line: p.BodyLine + r.Line - 1, Column: r.Column, Severity: diag.Error, Code: "facts.unknown",
				Message: fmt.Sprintf("{{fact %s}}: %s lists no fact with id %q", r.ID, content.FactsFile, r.ID),
				Hint:    "add the fact to " + content.FactsFile + " (id, value, unit, as_of, source) or correct the id"})
		}
	}
}

// loadTheme returns the site's theme: themes/<name>/ at the site root when
// it exists (name from haven.yaml, "default" when unset), else the
// embedded default theme. A themes/<name> that is a symbolic link out of
// the site (or to nothing) is not followed, like every such link, and is
// reported: a warning for the default theme, for which the built-in one
// is used, else an error.
func loadTheme(fsys fs.FS, cfg *config.Config, diags *diag.List) (*theme.Theme, error) {
	name := cfg.Theme
	if name == "" {
		name = "default"
	}
	dir := "themes/" + name
	if _, err := fs.Stat(fsys, dir+"/templates/base.html"); err == nil {
		sub, err := fs.Sub(fsys, dir)
		if err != nil {
			return nil, err
		}
		th, err := theme.Load(sub)
		if th != nil {
			th.Dir = dir
		}
		return th, err
	}
	outside := false
	if info, err := fs.Lstat(fsys, dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		_, err := fs.Stat(fsys, dir)
		outside = err != nil
	}
	switch {
	case outside && name == "default":
		diags.Add(diag.Diagnostic{File: dir, Severity: diag.Warning, Code: "theme.symlink",
			Message: "symbolic link points outside the site or nowhere; not followed, so the built-in default theme is used",
			Hint:    "copy the theme into themes/ instead of linking to it"})
	case outside:
		return nil, fmt.Errorf("%s: theme %q: %s is a symbolic link that points outside the site or nowhere, and haven does not follow such links; copy the theme into themes/ instead of linking to it", config.FileName, name, dir)
	case name != "default":
		return nil, fmt.Errorf("%s: theme %q not found: expected %s/templates/base.html", config.FileName, name, dir)
	}
	return theme.Load(themes.Default())
}
