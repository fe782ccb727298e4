// Package site is haven's one pipeline: [Incremental.Run] loads the
// configuration, the rulebook, the help contacts and the content, streams
// every page through Markdown, the theme and the output, validates
// everything, and only when nothing is wrong writes the indexes that list
// the pages. haven build, haven check, the preview server and the tests
// all go through it; what a run makes follows from its output alone (none:
// the checks; a [Preview]: pages rendered on request; any other: every
// file written). The caller publishes the output (a staging folder) only
// when the run's [Snapshot] has no errors.
//
// Order of stages (one place, read top to bottom in Run and Loaded.build):
//
//	load      haven.yaml, rules.yaml, content/_data/contacts.yaml, and the
//	          front matter of content/** (read and parsed in parallel,
//	          each page's Markdown rendered as soon as it is parsed,
//	          unless the writer renders it)
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
// The [Incremental] that runs the pipeline holds its one memo: the page
// records of unchanged files, their search entries and API documents, the
// view hash of each theme page and the coverage cells. The preview keeps
// it between runs; haven build keeps it on disk between builds
// ([OpenIncremental], memo.go) and takes unchanged files over from the
// last output; [Build] and [Check] start with an empty one. [OnDemand]
// renders one loaded page's theme page when the preview is asked for it,
// before the other stages ran. [Loaded.Draft] answers for one page changed
// in memory (the editor's draft): its theme page, diagnostics, coverage
// and drift, judged against the loaded site without touching the disk.
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

	checkMemo *check.Memo // the memo's coverage cells

	ixOnce sync.Once
	ix     *index // the published pages, by pageIndex
}

// pageIndex returns the index of the site's published pages, made once.
func (l *Loaded) pageIndex() *index {
	l.ixOnce.Do(func() { l.ix = l.buildIndex(l.Pages) })
	return l.ix
}

// Load loads, renders and checks the site at opts.Source as the preview
// does (a [Run] into a [Preview] with an empty memo), reporting every
// problem into diags: every page's Markdown is rendered and kept. It
// returns an error only when the site cannot be read at all.
func Load(ctx context.Context, opts Options, diags *diag.List) (*Loaded, error) {
	snap, err := NewIncremental(opts).Run(ctx, nil, NewPreview())
	if err != nil {
		return nil, err
	}
	diags.Add(snap.Diagnostics...)
	return snap.Site, nil
}

// Check is haven check: a [Run] with no output and an empty memo, which
// renders each page's text, not its HTML, keeps no page's Markdown source
// once the page is prepared for the checks, and runs them with the
// reviewer's decisions (Review); the report is in the result's Report.
func Check(ctx context.Context, opts Options, diags *diag.List) (*Loaded, error) {
	snap, err := NewIncremental(opts).Run(ctx, nil, nil)
	if err != nil {
		return nil, err
	}
	diags.Add(snap.Diagnostics...)
	return snap.Site, nil
}

// rendering is how much of each page's Markdown a load renders.
type rendering int

const (
	renderNone rendering = iota // a build renders each page as it writes it
	renderHTML                  // everything: the preview
	renderText                  // only what the checks read (Check)
)

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
