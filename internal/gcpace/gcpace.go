// Package gcpace paces Go's garbage collector for a batch job whose live
// heap starts small and grows: it collects when the heap has grown past
// what the last collection found live by the larger of a fixed headroom
// and a percentage of it.
//
// GOGC alone sets only the percentage, so a job that keeps its peak near
// 1.4 times its live heap (GOGC=40) collects, while that heap is small,
// every few megabytes: a 10,000-page build that holds 30 MB while it
// loads its pages starts a cycle every 12 MB. A fixed headroom keeps the
// cycles as few as a larger heap would have, without its peak.
//
// After each cycle the pacer sets GOGC to what makes the next goal
// live + max(headroom, live × percent/100); it learns that a cycle ended
// from a cleanup (runtime.AddCleanup) on an object it let go of, the way
// the GC tuners of Uber's and CockroachDB's services do.
package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Start paces the collector by headroom (bytes) and percent (GOGC once
// the live heap is more than headroom×100/percent) until the returned
// stop is called, which puts GOGC back as it was. Only one pacer should
// run at a time; the memory limit is left alone.
func Start(headroom uint64, percent int) (stop func()) { return start(headroom, percent, nil) }

// start is Start, calling paced (when not nil) after each cycle's
// adjustment.
func start(headroom uint64, percent int, paced func()) (stop func()) {
	p := &pacer{headroom: headroom, percent: percent, paced: paced, sample: []metrics.Sample{
		{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}}
	p.before = debug.SetGCPercent(p.next())
	p.arm()
	return p.stop
}

type pacer struct {
	headroom uint64
	percent  int
	before   int // GOGC before Start
	sample   []metrics.Sample
	paced    func() // see start

	mu      sync.Mutex
	stopped bool
}

// minHeap is Go's smallest heap goal at GOGC=100 (4 MB): at GOGC=g the
// goal is never below minHeap×g/100, so the pacer's GOGC is held to what
// keeps that minimum at its own goal, or a tiny live heap would put the
// goal far above it.
const minHeap = 4 << 20

// next returns the GOGC that puts the next heap goal at the heap the last
// cycle found live (before the first cycle: what is allocated) plus the
// larger of the headroom and percent of it. Go's goal is live + (live +
// stacks + globals) × GOGC/100, and at least minHeap × GOGC/100.
func (p *pacer) next() int {
	metrics.Read(p.sample)
	live, roots := p.sample[0].Value.Uint64(), p.sample[1].Value.Uint64()+p.sample[2].Value.Uint64()
	if live == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		live = ms.HeapAlloc
	}
	grow := max(p.headroom, live*uint64(p.percent)/100)
	return int(max(1, min(grow*100/(live+roots), (live+grow)*100/minHeap)))
}

// ticket is what the pacer lets go of to hear of the next cycle: large
// enough not to share a tiny allocation block, whose cleanups may never
// run.
type ticket struct{ _ [32]byte }

// arm lets go of a new ticket whose cleanup, run after the cycle that
// finds it unreachable, sets GOGC for the next cycle and arms again.
func (p *pacer) arm() {
	runtime.AddCleanup(new(ticket), func(p *pacer) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stopped {
			return
		}
		debug.SetGCPercent(p.next())
		p.arm()
		if p.paced != nil {
			p.paced()
		}
	}, p)
}

func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		debug.SetGCPercent(p.before)
	}
}
