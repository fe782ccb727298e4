package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestHeadroomThenPercent checks the heap goal after collections: the
// headroom over the live heap while that is small, percent over it once
// it is large, and GOGC put back by stop.
func TestHeadroomThenPercent(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const headroom = 16 << 20
	paced := make(chan struct{}, 1)
	stop := start(headroom, 40, func() {
		select {
		case paced <- struct{}{}:
		default:
		}
	})
	// cycle collects and waits for the pacer's adjustment after it: the
	// cleanup of the ticket that cycle found unreachable.
	cycle := func() (goal, live uint64) {
		t.Helper()
		runtime.GC()
		select {
		case <-paced:
		case <-time.After(time.Minute): // a deadline, not a wait for the pacer
			t.Fatal("the pacer did not hear of the cycle")
		}
		s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		t.Logf("live %d MB, goal %d MB", s[1].Value.Uint64()>>20, s[0].Value.Uint64()>>20)
		return s[0].Value.Uint64(), s[1].Value.Uint64()
	}
	if goal, live := cycle(); goal < live+headroom*9/10 || goal > live+headroom*11/10 {
		t.Errorf("small live heap (%d MB): goal %d MB, want the headroom, %d MB, over it", live>>20, goal>>20, headroom>>20)
	}
	keep := make([]byte, 128<<20)
	keep[len(keep)-1] = 1
	goal, _ := cycle()
	if lo, hi := uint64(len(keep))*135/100, uint64(len(keep))*150/100; goal < lo || goal > hi {
		t.Errorf("live heap of %d MB: goal %d MB, want 1.4 times it", len(keep)>>20, goal>>20)
	}
	runtime.KeepAlive(keep)
	stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after stop GOGC is %d, want 100 as before", got)
	}
}
