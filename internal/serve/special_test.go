package serve

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSourceLinesSkipsSpecialFiles checks that the overlay's source
// excerpt of a diagnostic about a FIFO or a device does not open it in a
// way that waits for a writer or reads without end.
func TestSourceLinesSkipsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content/et"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "content/et/toru.md"), 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	s := &Server{opts: Options{Source: dir}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan []srcLine, 1)
	go func() { done <- s.sourceLines("content/et/toru.md", 1) }()
	select {
	case lines := <-done:
		if len(lines) != 0 {
			t.Errorf("source lines of a FIFO: %v", lines)
		}
	case <-ctx.Done():
		t.Fatal("still reading a FIFO at the deadline")
	}
}
