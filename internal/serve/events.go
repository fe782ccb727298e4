package serve

import "sync"

// broker fans build numbers out to the open event streams. A slow client
// never blocks a build: each subscriber holds only the newest number.
type broker struct {
	mu   sync.Mutex
	subs map[chan uint64]bool
}

func newBroker() *broker { return &broker{subs: map[chan uint64]bool{}} }

// subscribe returns a channel receiving the number of each later build, and
// a function to stop.
func (b *broker) subscribe() (<-chan uint64, func()) {
	ch := make(chan uint64, 1)
	b.mu.Lock()
	b.subs[ch] = true
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// publish tells every subscriber about build n, replacing a number the
// subscriber has not read yet.
func (b *broker) publish(n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case <-ch:
		default:
		}
		ch <- n
	}
}
