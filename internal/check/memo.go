package check

import (
	"slices"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/content"
)

// Memo keeps, between the Runs of the preview server over mostly the
// same pages, the coverage of each requirement in each language whose
// claiming pages are all unchanged. Links and anchors, site-wide duties
// and the report itself are always worked out again; what one page alone
// determines (evidence text, own checks and verdicts, translation facts)
// is kept on the page record by the pipeline, not here.
//
// A claim is unchanged when it is the same *content.Page (the preview
// reuses one only while its file is unchanged, with its rendered body and
// evidence text), in the build alike, on the same day. Drop the Memo when
// the configuration, rulebook or contacts change. The zero Memo is ready
// to use; Runs that share one must not overlap.
type Memo struct {
	mu        sync.Mutex
	today     time.Time
	cells     map[cellKey]*cellMemo
	nextCells map[cellKey]*cellMemo
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

// begin prepares the memo for a run on day today: what the last run kept
// is used only on the same day (publication and staleness depend on it).
func (m *Memo) begin(today time.Time) {
	if m == nil {
		return
	}
	if !m.today.Equal(today) {
		m.today, m.cells = today, nil
	}
	m.nextCells = map[cellKey]*cellMemo{}
}

// end keeps this run's results for the next run.
func (m *Memo) end() {
	if m == nil {
		return
	}
	m.cells, m.nextCells = m.nextCells, nil
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
