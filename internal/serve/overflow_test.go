package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestWatcherOverflow makes the kernel's inotify queue overflow for real
// (the watcher is not read while more events happen than the queue
// holds, then a folder is made whose event is lost) and checks that the
// watcher says so with a change of all files, and watches the folder
// made meanwhile.
func TestWatcherOverflow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the queue overflow is inotify's")
	}
	dir := t.TempDir()
	flood := filepath.Join(dir, "content", "et")
	if err := os.MkdirAll(flood, 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan change) // not read until the flood is over
	errs := make(chan error, 100)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		w.run(ctx, out, func(err error) { errs <- err })
	}()
	defer func() { cancel(); <-ended }()
	// Each new file is at least a create and a close-write event: more
	// than the default 16,384 queued events, and fsnotify's own buffer.
	for i := range 20000 {
		if err := os.WriteFile(filepath.Join(flood, fmt.Sprintf("p%d.md", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	late := filepath.Join(dir, "content", "en")
	if err := os.Mkdir(late, 0o755); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(deadline)
	for all := false; !all; {
		select {
		case c := <-out:
			all = c.all
		case <-timeout:
			t.Fatal("no change of all files after the queue overflowed")
		}
	}
	select {
	case err := <-errs:
		if !errors.Is(err, fsnotify.ErrEventOverflow) {
			t.Errorf("reported %v, want the overflow", err)
		}
	default:
		t.Error("the overflow was not reported")
	}
	// content/en was made while events were lost: it is watched now.
	if err := os.WriteFile(filepath.Join(late, "abi.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case c := <-out:
			if c.path == "content/en/abi.md" {
				return
			}
		case <-timeout:
			t.Fatal("a page saved in a folder made while events were lost was not seen")
		}
	}
}

// TestOverflowRebuildsAll checks that a change of all files (events were
// lost) makes the build loop read every file: a page edited without an
// event is built.
func TestOverflowRebuildsAll(t *testing.T) {
	dir := copySite(t)
	s, err := New(Options{Source: dir, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	const page = "content/et/abi/kriisitelefon.md"
	src, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, page), []byte(strings.Replace(string(src), "Helista numbril", "Kadunud sündmus: helista numbril", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	batches := make(chan []change)
	ended := make(chan struct{})
	go func() { defer close(ended); s.buildLoop(ctx, batches) }()
	defer func() { cancel(); <-ended }()
	batches <- []change{{path: "content/et/abi/noustamine.md", meta: true}, {all: true}}
	waitFiles(t, s, "et/abi/kriisitelefon/index.html", "Kadunud sündmus: helista numbril")
}
