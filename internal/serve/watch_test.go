package serve

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func TestDebounce(t *testing.T) {
	const quiet, max = 50 * time.Millisecond, 500 * time.Millisecond
	type batch struct {
		at    time.Duration // since the start
		paths []string
	}
	for _, tc := range []struct {
		name   string
		events map[time.Duration][]string // send times -> paths
		want   []batch
	}{
		{"one event", map[time.Duration][]string{0: {"a"}}, []batch{{50 * time.Millisecond, []string{"a"}}}},
		{"burst is one batch, each path once", map[time.Duration][]string{
			0: {"a", "b"}, 10 * time.Millisecond: {"a"}, 40 * time.Millisecond: {"c"},
		}, []batch{{90 * time.Millisecond, []string{"a", "b", "c"}}}},
		{"quiet gap splits", map[time.Duration][]string{
			0: {"a"}, 100 * time.Millisecond: {"b"},
		}, []batch{{50 * time.Millisecond, []string{"a"}}, {150 * time.Millisecond, []string{"b"}}}},
		{"endless burst flushes at max", func() map[time.Duration][]string {
			m := map[time.Duration][]string{}
			for d := time.Duration(0); d < 700*time.Millisecond; d += 30 * time.Millisecond {
				m[d] = []string{"a"}
			}
			return m
		}(), []batch{{500 * time.Millisecond, []string{"a"}}, {740 * time.Millisecond, []string{"a"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				in := make(chan string)
				out := make(chan []string)
				go debounce(ctx, in, quiet, max, out)
				start := time.Now()
				var got []batch
				done := make(chan struct{})
				go func() {
					defer close(done)
					for b := range out {
						got = append(got, batch{time.Since(start), b})
						if len(got) == len(tc.want) {
							return
						}
					}
				}()
				times := make([]time.Duration, 0, len(tc.events))
				for d := range tc.events {
					times = append(times, d)
				}
				slices.Sort(times)
				for _, d := range times {
					time.Sleep(d - time.Since(start)) // fake time inside the bubble
					for _, p := range tc.events[d] {
						in <- p
					}
				}
				<-done
				if len(got) != len(tc.want) {
					t.Fatalf("got %d batches %v, want %v", len(got), got, tc.want)
				}
				for i := range got {
					if got[i].at != tc.want[i].at || !slices.Equal(got[i].paths, tc.want[i].paths) {
						t.Errorf("batch %d = %v at %v, want %v at %v", i, got[i].paths, got[i].at, tc.want[i].paths, tc.want[i].at)
					}
				}
			})
		})
	}
}
