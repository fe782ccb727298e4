package site

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
)

// Draft is one page as the site would have it if its file held other
// text: what the editor shows while someone types, worked out from the
// loaded site in memory, without touching the disk.
type Draft struct {
	// Page is the draft's page record, or nil when the text cannot be
	// used as a page (see Diagnostics).
	Page *model.Page
	// HTML is the theme page as the site renders it, or nil when the page
	// would not be in the build or could not be rendered.
	HTML []byte
	// Diagnostics are those `haven build` would report on the file with
	// the draft saved (`haven check`'s, and the third-party check of the
	// rendered page): front matter, Markdown, URLs, the page's own
	// checks, links and anchors, site-wide duties, translation drift and
	// other origins, sorted. The page is rendered even when it has
	// errors, so the third-party check is made whatever else is wrong.
	Diagnostics []diag.Diagnostic
	// Coverage holds the cells, in the draft's language, of the
	// requirements the draft claims (or its file claimed).
	Coverage []*check.Coverage
	// Drift is the translation drift between the draft and its
	// translations, on any of their files.
	Drift []diag.Diagnostic
}

// Draft returns the draft of file (content/<lang>/<path>.md, an existing
// page or a new one) holding src, judged against the rest of the site as
// l has it. l must be checked ([Loaded.Validate]) and keep its pages'
// rendered bodies, as the preview's loaded sites do. l is not changed.
func (l *Loaded) Draft(file string, src []byte) (*Draft, error) {
	if l.Report == nil {
		return nil, errors.New("draft: the site has not been checked")
	}
	var diags diag.List
	cp := content.Parse(file, src, &diags)
	if cp == nil {
		return &Draft{Diagnostics: diags.Items()}, nil
	}
	cp.ModTime = time.Now() // as the file would have once saved
	p := model.New(cp, l.Options.Today, l.Options.Drafts)
	broken := diags.HasErrors()
	p.SetDoc(renderBody(newRenderer(l.Config, l.Facts), cp, false, &diags))
	pages, old := replaced(l.Pages, p, content.FileOrder(l.Config.LanguageCodes()))
	var urls diag.List
	l.checkURLs(claiming(pages, p), &urls)
	for _, d := range urls.Items() {
		if d.File == file {
			diags.Add(d)
		}
	}
	ix := l.pageIndex().replacing(pages, old, p)
	d := &Draft{Page: p}
	if p.InBuild {
		html, err := l.renderDraft(ix, p)
		if oe, ok := errors.AsType[*originError](err); ok {
			diags.Add(l.originDiagnostics(file, p, oe)...)
		} else if err != nil {
			return nil, err
		}
		d.HTML = html
	}
	r := l.Report.Draft(pages, ix.Index, p, broken)
	diags.Add(r.Diagnostics...)
	d.Diagnostics, d.Coverage, d.Drift = diags.Items(), r.Coverage, r.Drift
	return d, nil
}

// replaced returns pages (in order) with the page of p's file replaced
// by p, or p added in its place when the file is new, and the page it
// replaced.
func replaced(pages []*model.Page, p *model.Page, order func(a, b string) int) (out []*model.Page, old *model.Page) {
	i, found := slices.BinarySearchFunc(pages, p.File, func(q *model.Page, file string) int { return order(q.File, file) })
	if found {
		out = slices.Clone(pages)
		old, out[i] = out[i], p
		return out, old
	}
	return slices.Insert(slices.Clone(pages), i, p), nil
}

// claiming returns the pages, in order, whose URL or aliases claim an
// output file p's URL or aliases claim, or its folder or a file below
// it, or that share its language and translation key: all that
// checkURLs needs to judge p's claims. A page's URL is compared without
// making its output name (the draft asks this of every page of the
// site).
func claiming(pages []*model.Page, p *model.Page) []*model.Page {
	mine := outputs(p)
	related := func(a, b string) bool {
		return slices.ContainsFunc(mine, func(m string) bool { return outputRelated(m, a, b) })
	}
	var out []*model.Page
	for _, q := range pages {
		if q.Lang == p.Lang && q.Key == p.Key || // checkKeys too
			related(strings.TrimPrefix(q.URL, "/"), "index.html") ||
			slices.ContainsFunc(q.Aliases, func(a string) bool { return related(aliasOutput(a), "") }) {
			out = append(out, q)
		}
	}
	return out
}

// outputRelated reports whether the output file a+b is m, a folder of
// m, or in a folder that m is.
func outputRelated(m, a, b string) bool {
	n := len(a) + len(b)
	if !strings.HasPrefix(m, a) {
		// m can only be a folder of a+b, within a.
		return len(m) < len(a) && strings.HasPrefix(a, m) && a[len(m)] == '/'
	}
	rest := m[len(a):]
	switch {
	case len(m) == n:
		return rest == b
	case len(m) > n:
		return strings.HasPrefix(rest, b) && m[n] == '/'
	}
	return strings.HasPrefix(b, rest) && b[len(rest)] == '/'
}

// outputs returns the output files p's URL and aliases claim.
func outputs(p *model.Page) []string {
	names := []string{OutputPath(p.URL)}
	for _, a := range p.Aliases {
		names = append(names, aliasOutput(a))
	}
	return names
}

// renderDraft renders the theme page of p with the draft's index ix.
func (l *Loaded) renderDraft(ix *index, p *model.Page) ([]byte, error) {
	var buf bytes.Buffer
	data, err := l.renderPage(OutputPath(p.URL), l.pageView(l.themeSite(), ix, p), &buf)
	if err != nil {
		return nil, fmt.Errorf("draft of %s: %w", p.File, err)
	}
	return data, nil
}
