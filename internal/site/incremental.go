package site

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io/fs"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/pack"
	"github.com/haven-cms/haven/internal/theme"
	"golang.org/x/sync/errgroup"
)

// Incremental is the pipeline with its memo: it runs the site's stages
// ([Incremental.Run]) again and again, as the preview server does, or
// once with the memo of the last haven build restored from disk
// ([OpenIncremental]), redoing only the work that the changed files
// affect. Its results are always those of a run with an empty memo
// ([Build], [Check]); it only skips work whose inputs it can prove
// unchanged:
//
//   - haven.yaml, rules.yaml, themes/ and content/_data/ changes reload the
//     configuration, theme and contacts and drop every cache (a full build);
//   - a run walks content/ again (the single source of truth for which
//     pages exist) unless every change the watcher reported is an edit of a
//     known page, and reads and parses only the files that the watcher
//     reported or whose size or modification time changed; a page whose
//     Markdown body is byte-for-byte unchanged keeps its rendered Markdown,
//     and an unchanged page keeps its search entry;
//   - a theme page is rendered (to check it, and to write it in a build)
//     only when its view model (everything its template can see) changed,
//     so an edit re-renders the page, its translations, the lists and
//     menus that show it, and the search pages, and nothing else.
//
// The memo is what the fields below hold, by file: the page record of
// each source file (kept), the parsed file (parsed), its search entry and
// API document (derived), each theme page's view hash (pages) and the
// coverage cells (checks); all of it is dropped with the settings.
//
// An Incremental is not safe for concurrent use: run one build at a time.
type Incremental struct {
	opts Options
	// Loaded, when set, is called by a Run into a [Preview] as soon as
	// the pages are loaded without errors, before the checks, with a
	// snapshot that renders them (no report, no other files yet): the
	// preview shows an edit that early.
	Loaded func(*Snapshot)

	base      *Loaded           // configuration, theme and contacts of the last full load
	baseDiags []diag.Diagnostic // their diagnostics, replayed on each build
	mode      string            // markdown.raw_html of the config c.md was made for
	md        *markdown.Renderer
	kept      map[string]keptPage // the last build's pages, by source file
	parsed    *content.Cache      // parsed pages, by file and its stat
	checks    *check.Memo         // coverage cells
	bases     int                 // full loads so far: the settings' generation
	restored  bool                // the settings of a memo restored from disk, checked unchanged
	fsys      fs.FS               // the site's files, when not opened from opts.Source (tests)

	mu      sync.Mutex
	pages   map[string]pageEntry      // rendered theme pages by output name
	derived map[*content.Page]derived // search entries and API documents
	listing uint64                    // listingSum of the last run

	// A build's memo restored from disk (see memoFile): the rendered
	// bodies restored without their HTML, and the stamps of the last
	// output's files.
	bare      map[*markdown.Result]bool
	outStamps map[string]fileStamp

	// The memo on disk, as restored or last saved: Save keeps the part
	// files whose pages and views are unchanged (see samePages).
	last *memoData
	// The build key's stamps of the input files, for the one Run of the
	// build that made the key (see siteFS.known).
	inputs map[string]inputStamp
}

// keptPage is the page record of a file in the last build, with the sum
// of its body and the diagnostics of rendering it: the one memo of what a
// page's own file determines (rendered Markdown, evidence text, own
// checks, translation facts), reused while the file is unchanged.
type keptPage struct {
	page    *model.Page
	bodySum uint64
	bodyLen int // of its Markdown source, which a build drops once loaded (see source)
	diags   []diag.Diagnostic
	today   time.Time // the build day its status and own checks are of
	base    int       // the settings (Incremental.bases) its own checks are of
}

// reuse gives p what the kept record of its file worked out that still
// holds: everything when the file's bytes, status and build day are the
// same, else the rendered body when the body is, else nothing. It reports
// whether the body must be rendered.
func (k keptPage) reuse(p *model.Page, bodySum uint64, today time.Time, base int) (render bool) {
	prev := k.page
	switch {
	case prev == nil || k.bodySum != bodySum:
		return true
	case prev.Sum == p.Sum && prev.Status == p.Status && prev.InBuild == p.InBuild && today.Equal(k.today) && base == k.base:
		p.Doc, p.Evidence, p.Text, p.Facts = prev.Doc, prev.Evidence, prev.Text, prev.Facts
		p.Own, p.Verdicts, p.SiteMatches, p.Checked = prev.Own, prev.Verdicts, prev.SiteMatches, prev.Checked
	case prev.Title == p.Title:
		p.Doc, p.Evidence, p.Text = prev.Doc, prev.Evidence, prev.Text
	default:
		p.SetDoc(prev.Doc)
	}
	return false
}

// pageEntry is what the last Write knew of a theme page: the hash of its
// view, checked then (see renderFunc), and the page file and rendered body
// it was made from (nil for pages haven makes).
type pageEntry struct {
	sum  uint64
	page *content.Page
	doc  *markdown.Result
}

// NewIncremental returns an empty incremental builder; its first build is
// a full one.
func NewIncremental(opts Options) *Incremental {
	return &Incremental{opts: opts}
}

// NeedsFullLoad reports whether a change to file (a slash path relative to
// the site root) affects every page: configuration, rulebook, theme and
// data files do; pages and assets under content/<lang>/ do not.
func NeedsFullLoad(file string) bool {
	rest, ok := strings.CutPrefix(file, content.Dir+"/")
	return !ok || rest == content.DataDir || strings.HasPrefix(rest, content.DataDir+"/")
}

// loadPages loads the pages after the settings (c.base), reusing what
// the kept record of each unchanged file worked out and rendering the
// Markdown of the others as r says: a page parsed now is rendered at once,
// on the goroutine that parsed it, while its file is in the CPU's caches.
// With renderText a page is also prepared for the checks and its Markdown
// source dropped; with renderNone the writer renders it (a build, which
// drops each page's HTML once written).
func (c *Incremental) loadPages(ctx context.Context, fsys fs.FS, changed []string, r rendering, diags *diag.List) (*Loaded, error) {
	opts := c.opts
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	opts.Today = content.Day(opts.Today)
	diags.Add(c.baseDiags...)
	cfg := c.base.Config
	l := &Loaded{Options: opts, FS: fsys, Config: cfg, Theme: c.base.Theme, Rules: c.base.Rules, Contacts: c.base.Contacts, Facts: c.base.Facts, checkMemo: c.checks}
	var settings *check.Input
	if r == renderText {
		settings = l.checkSettings()
	}
	var made sync.Map // *content.Page → *keptPage, for the pages parsed now
	prepare := func(cp *content.Page) *keptPage { return c.preparePage(cp, opts, r, settings) }
	if c.bare == nil {
		c.bare = map[*markdown.Result]bool{}
	}
	each := func(cp *content.Page) {
		if ctx.Err() == nil {
			made.Store(cp, prepare(cp))
		}
	}
	cs := content.Load(fsys, content.Options{Languages: cfg.LanguageCodes(), Cache: c.parsed, Changed: changed, Context: ctx, Each: each}, diags)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.Assets = cs.Assets
	l.Pages = make([]*model.Page, len(cs.Pages))
	kept := make([]*keptPage, len(cs.Pages))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, cp := range cs.Pages {
		if k, ok := made.Load(cp); ok {
			kept[i] = k.(*keptPage)
			l.Pages[i] = kept[i].page
			continue
		}
		g.Go(func() error { // a page from the loader's cache
			if err := gctx.Err(); err != nil {
				return err
			}
			kept[i] = prepare(cp)
			l.Pages[i] = kept[i].page
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	next := make(map[string]keptPage, len(kept))
	var pageDiags []diag.Diagnostic // added at once: one lock, not one a page
	for _, k := range kept {
		pageDiags = append(pageDiags, k.diags...)
		next[k.page.File] = *k
	}
	diags.Add(pageDiags...)
	c.kept = next
	return l, nil
}

// preparePage makes the record of the page cp of a run on opts: it takes
// over what the kept record of its file worked out that still holds, or
// renders its Markdown as r says (see loadPages), prepared for the checks
// on settings when it is not nil.
func (c *Incremental) preparePage(cp *content.Page, opts Options, r rendering, settings *check.Input) *keptPage {
	p := model.New(cp, opts.Today, opts.Drafts)
	k := c.kept[cp.File]
	bodySum, bodyLen := k.bodySum, k.bodyLen
	if k.page == nil || k.page.Page != cp { // the loader's cache gives an unchanged file's page again
		bodySum, bodyLen = content.SumOf(cp.Body), len(cp.Body)
	}
	next := &keptPage{page: p, bodySum: bodySum, bodyLen: bodyLen, diags: k.diags, today: opts.Today, base: c.bases}
	if r == renderNone {
		// A build renders the page as it writes it, reading its source
		// again then if it must (see source), so that it never holds the
		// whole site's Markdown (10k pages: 65 MB of file bytes, most of
		// the heap while pages are written).
		cp.Body = nil
	}
	if !k.reuse(p, bodySum, opts.Today, c.bases) {
		return next
	}
	next.diags = nil
	if r == renderNone { // rendered by the writer, its diagnostics kept then
		return next
	}
	var d diag.List
	p.SetDoc(renderBody(c.md, cp, r == renderText, &d))
	next.diags = d.Items()
	if settings != nil {
		check.Prepare(settings, p)
		cp.Body = nil
		c.mu.Lock()
		c.bare[p.Doc] = true // no HTML: made again should a page need it
		c.mu.Unlock()
	}
	return next
}

// source gives page p of a build its Markdown source again (readBody)
// when the build does not hold it (preparePage drops it; a page the memo
// restored never had it) and the writer needs it: to render the page, or
// to prepare it for the checks.
func (c *Incremental) source(fsys fs.FS, p *model.Page) error {
	if p.Body != nil || p.Doc != nil && check.Prepared(p) {
		return nil
	}
	return c.readBody(fsys, p)
}

// readBody sets p's Body from its file in fsys, which must still be the
// one loaded: the end of its normalized bytes, as long as the page's kept
// record says (every page of a run has one).
func (c *Incremental) readBody(fsys fs.FS, p *model.Page) error {
	k, ok := c.kept[p.File]
	if !ok || k.page != p {
		return fmt.Errorf("%s: no record of its page in this build", p.File)
	}
	src, err := fs.ReadFile(fsys, p.File)
	if err != nil {
		return fmt.Errorf("read %s again: %w", p.File, err)
	}
	body := content.Normalize(src)
	if content.SumOf(src) != p.Sum || len(body) < k.bodyLen {
		return fmt.Errorf("%s changed during the build; build again", p.File)
	}
	p.Body = body[len(body)-k.bodyLen:]
	return nil
}

// loadBase reads the configuration, theme and contacts and drops the caches
// that depend on them.
func (c *Incremental) loadBase(fsys fs.FS) error {
	var d diag.List
	base, err := loadSettings(fsys, c.opts, &d)
	if err != nil {
		return err
	}
	if mode := base.Config.Markdown.RawHTML; c.md == nil || mode != c.mode || c.base == nil || !reflect.DeepEqual(base.Facts, c.base.Facts) {
		c.md, c.mode, c.kept = newRenderer(base.Config, base.Facts), mode, nil // pages show the facts
	}
	c.bases++ // the rules and configuration may have changed: own checks are redone
	c.base = base
	c.baseDiags = d.Items()
	c.parsed = &content.Cache{} // the languages may have changed
	c.checks = &check.Memo{}    // and the rules
	c.mu.Lock()
	c.pages, c.derived = nil, nil
	c.mu.Unlock()
	c.last = nil
	return nil
}

// listingSum hashes everything a page's view shows of other pages: for
// each published page, what lists, menus, breadcrumbs, language switchers
// and the search page show of it, and the build day and mode, which decide
// what is published and how drafts are marked. A page's own view adds
// only its own file and rendered body.
func listingSum(l *Loaded) uint64 {
	h := sha256.New()
	b := fmt.Appendf(make([]byte, 0, 64<<10), "%s %v\n", l.Options.Today.Format(time.DateOnly), l.Options.Drafts)
	for _, p := range l.Pages {
		if !p.InBuild {
			continue
		}
		for _, s := range [...]string{p.File, p.URL, p.Title, p.Description, p.Menu, p.Key, p.Lang, p.Dir, p.Unpublished()} {
			b = binary.AppendUvarint(b, uint64(len(s))) // length-prefixed: no two listings hash alike
			b = append(b, s...)
		}
		b = binary.AppendVarint(b, int64(p.Weight))
		b = binary.AppendVarint(b, int64(p.Kind))
		b = p.Updated().AppendFormat(b, time.DateOnly)
		if len(b) > 60<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	h.Write(b)
	return sum64(h)
}

// viewEncoders recycle the canonical encoders viewSum writes views
// with: the same bytes for equal views, which encoding/json's reflection
// also gave, at more than twice the cost.
var viewEncoders = sync.Pool{New: func() any { return pack.NewCanonicalEncoder(16 << 10) }}

// sum64 is the first eight bytes of h's sum: the hashes of the memo, the
// same in every process so that a build's memo can be kept on disk.
func sum64(h hash.Hash) uint64 { return binary.LittleEndian.Uint64(h.Sum(nil)) }

// viewSum hashes everything a template can see of v, the view of page p
// (nil for the pages haven makes), in pack's canonical encoding, except
// the build time, which changes on every build and which the preview may
// show stale, and the partials' cache. The body of a page is its file's
// sum (the same file renders to the same body until the memo is dropped
// with the settings), else the bytes, rather than encoded with the view;
// the language's theme strings and contacts are left out: they are the
// same for every page of a language until a full load drops this cache,
// and the language is in the hash.
func viewSum(v *theme.Page, p *model.Page) (uint64, error) {
	e := viewEncoders.Get().(*pack.Encoder)
	defer viewEncoders.Put(e)
	e.Reset()
	built, body, strs, contacts, partials := v.Site.Build, v.Content, v.T, v.Contacts, v.Site.Partials
	v.Site.Build, v.Content, v.T, v.Contacts, v.Site.Partials = time.Time{}, "", nil, nil, nil // each view has its own copy of Site
	err := e.Encode(v)
	v.Site.Build, v.Content, v.T, v.Contacts, v.Site.Partials = built, body, strs, contacts, partials
	if err != nil {
		return 0, fmt.Errorf("hash view of %s: %w", v.URL, err)
	}
	h := sha256.New()
	h.Write(e.Bytes())
	if p != nil {
		fmt.Fprintf(h, "\x00%d", p.Sum)
	} else {
		h.Write([]byte{0})
		h.Write([]byte(body))
	}
	return sum64(h), nil
}
