package serve

import "sync"

// event is one message of the event stream: a build's number and what
// happened.
type event struct {
	n uint64
	// checked marks the end of the checks of a build whose pages were
	// shown early (see Server.Rebuild): the pages stay, and only the
	// preview's own pages, which show the problems, reload. Otherwise
	// every page reloads.
	checked bool
}

// broker fans events out to the open event streams. A slow client never
// blocks a build: each subscriber holds only the newest event, except that
// a reload it has not read yet is never replaced by a checks event (the
// reload shows the newer state anyway).
type broker struct {
	mu   sync.Mutex
	subs map[chan event]bool
}

func newBroker() *broker { return &broker{subs: map[chan event]bool{}} }

// subscribe returns a channel receiving each later event, and a function
// to stop.
func (b *broker) subscribe() (<-chan event, func()) {
	ch := make(chan event, 1)
	b.mu.Lock()
	b.subs[ch] = true
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// publish sends e to every subscriber.
func (b *broker) publish(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case old := <-ch:
			if e.checked && !old.checked {
				e = old
			}
		default:
		}
		ch <- e
	}
}
