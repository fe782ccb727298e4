package check

import (
	"slices"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
)

// Memo keeps results of one [Run] for the next run over mostly the same
// pages: the preview server checks the whole site after every edit. It
// keeps, by page, the prepared evidence text, the page's own diagnostics
// (covers ids, front matter, forbidden text, conditional front matter) and
// its translation facts, and, by requirement and language, the coverage
// of requirements whose covering pages are all unchanged. Links and
// anchors, site-wide duties and the report itself are always worked out
// again.
//
// A page is unchanged when it is the same *content.Page (the preview
// reuses one only while its file is unchanged, and keeps its rendered
// body with it), published alike, on the same day. Drop the Memo when the
// configuration, rulebook or contacts change. The zero Memo is ready to
// use; Runs that share one must not overlap.
type Memo struct {
	mu         sync.Mutex
	today      time.Time
	prev, next map[*content.Page]*pageMemo
	cells      map[cellKey]*cellMemo
	nextCells  map[cellKey]*cellMemo
	facts      drift.Memo
}

type pageMemo struct {
	published bool
	diags     []diag.Diagnostic
	done      bool // diags are set
}

type cellKey struct{ requirement, lang string }

type cellMemo struct {
	claims []claim
	lc     *LanguageCoverage
}

// claim is a page that lists a requirement in covers, as a coverage cell
// saw it.
type claim struct {
	page      *content.Page
	published bool
}

// Prepare does, ahead of the next Run, the part of it that reads one
// page's Markdown source: its evidence text, its own checks and its
// translation facts. The caller may then drop the page's source: haven
// build prepares each page as it writes it, so the whole site's Markdown
// is never held at once. in is the Input the Run will get (its Pages
// are not read). Safe for concurrent use, but not during a Run.
func (m *Memo) Prepare(in *Input, p *model.Page) {
	in = withDefaults(in)
	preparePage(p)
	e := &pageMemo{published: p.InBuild}
	e.diags, e.done = ownChecks(in, p), true
	if p.InBuild {
		m.facts.Prepare(p)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setDay(in.Today)
	if m.prev == nil {
		m.prev = map[*content.Page]*pageMemo{}
	}
	m.prev[p.Page] = e
}

// begin prepares the memo for a run on day today: what the last run kept
// is used only on the same day.
func (m *Memo) begin(today time.Time) {
	if m == nil {
		return
	}
	m.setDay(today)
	m.next = map[*content.Page]*pageMemo{}
	m.nextCells = map[cellKey]*cellMemo{}
}

// setDay forgets what was kept for another day than today: publication
// and staleness depend on the day.
func (m *Memo) setDay(today time.Time) {
	if !m.today.Equal(today) {
		m.today, m.prev, m.cells = today, nil, nil
	}
}

// end keeps this run's results for the next run.
func (m *Memo) end() {
	if m == nil {
		return
	}
	m.prev, m.next = m.next, nil
	m.cells, m.nextCells = m.nextCells, nil
}

// page returns the memo entry of p for this run: last run's when p is
// unchanged, else a new one. Safe for concurrent use during a run.
func (m *Memo) page(p *model.Page) *pageMemo {
	if m == nil {
		return &pageMemo{published: p.InBuild}
	}
	e := m.prev[p.Page] // prev is only read during a run
	if e == nil || e.published != p.InBuild {
		e = &pageMemo{published: p.InBuild}
	}
	m.mu.Lock()
	if m.next == nil { // Validate without Run
		m.next = map[*content.Page]*pageMemo{}
	}
	m.next[p.Page] = e
	m.mu.Unlock()
	return e
}

// cell returns last run's coverage of a requirement in a language when
// the pages claiming it are the same, or nil.
func (m *Memo) cell(k cellKey, claims []claim) *LanguageCoverage {
	if m == nil {
		return nil
	}
	if c := m.cells[k]; c != nil && slices.Equal(c.claims, claims) {
		return c.lc
	}
	return nil
}

// keepCell records a cell's coverage. Safe for concurrent use.
func (m *Memo) keepCell(k cellKey, claims []claim, lc *LanguageCoverage) {
	if m == nil {
		return
	}
	m.mu.Lock()
	if m.nextCells == nil {
		m.nextCells = map[cellKey]*cellMemo{}
	}
	m.nextCells[k] = &cellMemo{claims: claims, lc: lc}
	m.mu.Unlock()
}

// driftMemo returns the memo of translation facts, or nil.
func (m *Memo) driftMemo() *drift.Memo {
	if m == nil {
		return nil
	}
	return &m.facts
}
