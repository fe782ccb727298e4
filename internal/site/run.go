package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"sync"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/theme"
)

// Snapshot is what one [Incremental.Run] made of the site: the loaded and
// checked site, every diagnostic of the run, the check report and, for a
// run into a [Preview], the files it serves. It is not changed after Run
// returns it (an early one, handed to [Incremental.Loaded], gets no report
// and no files).
type Snapshot struct {
	// Site is the loaded site, nil when it could not be read at all.
	Site *Loaded
	// Diagnostics are the run's, in the order a fresh run reports them.
	Diagnostics []diag.Diagnostic
	// Report is the check report, nil when the run stopped before the
	// checks.
	Report *check.Report
	// Failed is set when the run has errors: nothing it made may be
	// published.
	Failed bool
	// Pages counts the published pages.
	Pages int

	// files holds a Preview run's output but the files pages renders.
	files map[string][]byte
	pages *OnDemand
}

// Preview is the output of the preview server's runs: a run into it keeps
// every file in memory except the theme pages and the pages' API
// documents, which its [Snapshot] renders when they are asked for
// ([Snapshot.Lookup]); the run renders a theme page only to check it, and
// only when its view changed.
type Preview struct{ mem *publish.Memory }

// NewPreview returns an empty preview output.
func NewPreview() *Preview { return &Preview{mem: publish.NewMemory(nil)} }

// WriteFile implements [publish.Output].
func (p *Preview) WriteFile(name string, data []byte) error { return p.mem.WriteFile(name, data) }

// Lookup returns the file name of a preview run's output: a theme page or
// page API document rendered now, or a file the run made. ok reports
// whether the run makes name; err, that rendering it failed.
func (s *Snapshot) Lookup(name string) (data []byte, ok bool, err error) {
	if s.pages != nil {
		if data, ok, err := s.pages.Render(name); ok {
			return data, ok, err
		}
	}
	data, ok = s.files[name]
	return data, ok, nil
}

// Has reports whether the run makes the file name.
func (s *Snapshot) Has(name string) bool {
	if _, ok := s.files[name]; ok {
		return true
	}
	return s.pages != nil && s.pages.Has(name)
}

// Names returns the names of the files the run makes, in no order.
func (s *Snapshot) Names() []string {
	var names []string
	if s.pages != nil {
		names = s.pages.Names()
	}
	for name := range s.files {
		names = append(names, name)
	}
	return names
}

// Files returns every file of a preview run, the rendered ones included,
// as a build would write them.
func (s *Snapshot) Files() map[string][]byte {
	files := maps.Clone(s.files)
	if files == nil {
		files = map[string][]byte{}
	}
	if s.pages != nil {
		for _, name := range s.pages.Names() {
			if data, ok, err := s.pages.Render(name); ok && err == nil {
				files[name] = data
			}
		}
	}
	return files
}

// OnDemand returns the renderer of the run's theme pages, or nil for a
// run that is not a preview's.
func (s *Snapshot) OnDemand() *OnDemand { return s.pages }

// Run runs the pipeline once over the site (see the package doc for the
// stages), with changed listing the files changed since the last Run
// (slash paths from the site root; nil when unknown: every file is looked
// at), and returns what it made. Where out is:
//
//   - nil: only the checks run, on each page's text (haven check);
//   - a [*Preview]: every page's Markdown is rendered and kept, and the
//     snapshot renders theme pages on request (haven serve and edit);
//   - any other output: each page is rendered, written and its HTML
//     dropped at once, and the indexes are written only when the pages
//     and checks have no errors (haven build; the caller discards out
//     when the snapshot failed).
//
// What the memo proves unchanged since the last Run is not made again
// (see [Incremental]); the result is always that of a Run with an empty
// memo. It returns an error only when the site cannot be read at all or
// ctx is cancelled; problems of the content are diagnostics.
func (c *Incremental) Run(ctx context.Context, changed []string, out publish.Output) (*Snapshot, error) {
	var root fs.FS = c.fsys
	if root == nil {
		sfs, err := openSiteFS(c.opts.Source)
		if err != nil {
			return nil, fmt.Errorf("open site %s: %w", c.opts.Source, err)
		}
		defer sfs.Close()
		if inputs := c.inputs; inputs != nil {
			sfs.known = func(name string) (fileStamp, bool) {
				st, ok := inputs[filepath.Join(c.opts.Source, filepath.FromSlash(name))]
				return st.Stamp, ok && st.Stamp != (fileStamp{}) // not "unreadable"
			}
			c.inputs = nil // the next Run is not this build's
		}
		root = sfs
	}
	full := c.base == nil || changed == nil && !c.restored
	for _, f := range changed {
		full = full || NeedsFullLoad(f)
	}
	c.restored = false
	if full {
		if err := c.loadBase(root); err != nil {
			c.base = nil
			return nil, err
		}
	}
	preview, _ := out.(*Preview)
	r := renderNone
	switch {
	case out == nil:
		r = renderText
	case preview != nil:
		r = renderHTML
	}
	var diags diag.List
	l, err := c.loadPages(ctx, root, changed, r, &diags)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Site: l}
	for _, p := range l.Pages {
		if p.InBuild {
			snap.Pages++
		}
	}
	if preview != nil && c.Loaded != nil && !diags.HasErrors() {
		c.Loaded(&Snapshot{Site: l, Pages: snap.Pages, pages: l.OnDemand()})
	}
	var rn *run // what the memo knows of the last output; a run that writes nothing needs none
	if out != nil {
		rn = c.newRun(l, out)
	}
	switch {
	case out == nil:
		l.Review = l.review(&diags)
		l.Validate(&diags)
	case preview != nil:
		l.Validate(&diags)
		if !diags.HasErrors() {
			err = l.write(ctx, out, &diags, rn)
		}
	default:
		err = l.build(ctx, out, &diags, rn)
	}
	if err != nil {
		return nil, err
	}
	snap.Diagnostics, snap.Report, snap.Failed = diags.Items(), l.Report, diags.HasErrors()
	if !snap.Failed && rn != nil {
		rn.commit()
	}
	if preview != nil && !snap.Failed {
		snap.files, snap.pages = preview.mem.Files, l.OnDemand()
	}
	return snap, nil
}

// run is one [Incremental.Run] that writes: what the memo knows of the
// last run's outputs, and what it learns of this one's.
type run struct {
	c *Incremental
	l *Loaded
	// lazy is set for a Preview: theme pages and page API documents are
	// not written, and rendered only to check them.
	lazy        bool
	reuser      publish.Reuser       // the last output to take files over from; nil: none
	prev        map[string]pageEntry // the last run's theme pages
	prevDerived map[*content.Page]derived
	sameListing bool // nothing one page's view shows of others changed
	listing     uint64

	mu          sync.Mutex
	next        map[string]pageEntry
	nextDerived map[*content.Page]derived
	renderDiags map[string][]diag.Diagnostic // of the Markdown the writer renders, by file
}

func (c *Incremental) newRun(l *Loaded, out publish.Output) *run {
	_, lazy := out.(*Preview)
	reuser, _ := out.(publish.Reuser)
	r := &run{c: c, l: l, lazy: lazy, reuser: reuser, prev: c.pages, prevDerived: c.derived, listing: listingSum(l),
		next: map[string]pageEntry{}, nextDerived: map[*content.Page]derived{}, renderDiags: map[string][]diag.Diagnostic{}}
	r.sameListing = c.pages != nil && r.listing == c.listing
	return r
}

// commit keeps what the run learnt in the memo, for the next run: only
// after a run without errors, whose output may be published.
func (r *run) commit() {
	c := r.c
	for file, d := range r.renderDiags {
		if k, ok := c.kept[file]; ok {
			k.diags = d
			c.kept[file] = k
		}
	}
	c.pages, c.derived, c.listing = r.next, r.nextDerived, r.listing
}

// keep records what this run knows of the theme page name.
func (r *run) keep(name string, e pageEntry) {
	r.mu.Lock()
	r.next[name] = e
	r.mu.Unlock()
}

// taken reports whether the file name need not be written: a preview
// renders it on request; a build takes it over from the last output when
// it is as the last build recorded it.
func (r *run) taken(name string) (bool, error) {
	if r.lazy {
		return true, nil
	}
	st, ok := r.c.outStamps[name]
	if !ok || r.reuser == nil {
		return false, nil
	}
	return r.reuser.Reuse(name, func(got fileStamp) bool { return got == st })
}

// takenListing reports whether the file name, which the listing and the
// settings alone determine (the sitemap), is taken over from the last
// output of a build: when the listing is the last build's (see taken).
func (r *run) takenListing(name string) (bool, error) {
	if r == nil || r.lazy || !r.sameListing {
		return false, nil
	}
	return r.taken(name)
}

// takenLanguage is takenListing for a file that the listing and the
// derived outputs of the pages of one language determine (its search
// index and API page list), when remade says that none of those was
// made again in this run.
func (r *run) takenLanguage(name string, remade bool) (bool, error) {
	if remade {
		return false, nil
	}
	return r.takenListing(name)
}

// themePage returns the bytes to write of the theme page name of page p
// (nil for the pages haven makes: 404, search, a home without _index.md),
// whose view model view returns, rendered into buf; nil bytes when there
// is nothing to write. A page whose file, rendered body and listing are
// the last run's, or whose view hashes the same, is not rendered again
// when it is taken (see taken); any other is rendered, which also checks
// it (an *originError reports a page that would load from another
// origin), its HTML made again first when the memo restored it without.
func (r *run) themePage(name string, p *model.Page, view func() *theme.Page, buf *bytes.Buffer) ([]byte, error) {
	var page *content.Page
	var doc *markdown.Result
	if p != nil {
		page, doc = p.Page, p.Doc
	}
	e, ok := r.prev[name]
	if ok && r.sameListing && e.page == page && e.doc == doc {
		if done, err := r.taken(name); err != nil || done {
			r.keep(name, e)
			return nil, err
		}
	}
	v := view()
	sum, err := viewSum(v, p)
	if err != nil {
		return nil, err
	}
	if ok && e.sum == sum {
		if done, err := r.taken(name); err != nil || done {
			r.keep(name, pageEntry{sum: sum, page: page, doc: doc})
			return nil, err
		}
	}
	if p != nil && r.c.isBare(p.Doc) { // restored without its HTML
		if err := r.c.fullDoc(r.l.FS, p); err != nil {
			return nil, err
		}
		doc, v = p.Doc, view()
	}
	data, err := r.l.renderPage(name, v, buf)
	if err != nil {
		return nil, err
	}
	r.keep(name, pageEntry{sum: sum, page: page, doc: doc})
	if r.lazy {
		return nil, nil // checked; the snapshot renders it when asked
	}
	return data, nil
}
