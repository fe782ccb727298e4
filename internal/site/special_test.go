package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

// withDeadline runs f with a context and fails the test if f has not
// returned when the context ends: on a regression f waits on a FIFO or
// reads a device forever, and the test must end anyway. A passing run
// never waits for the deadline.
func withDeadline(t *testing.T, f func(ctx context.Context)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(ctx)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("still running at the deadline: it waits on a special file")
	}
}

// mkfifo makes a named pipe at path.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}

// TestBuildRefusesSpecialFiles checks that a FIFO or a device in content/,
// as a page or as an asset, is reported at its position and never opened:
// opening a FIFO waits for a writer forever, and reading /dev/zero never
// ends.
func TestBuildRefusesSpecialFiles(t *testing.T) {
	dir := copySite(t, "testdata/site")
	mkfifo(t, filepath.Join(dir, "content/et/toru.md"))
	mkfifo(t, filepath.Join(dir, "content/et/toru.png"))
	want := []string{
		"content/et/toru.md:1:1: error: toru.md is a named pipe (FIFO), not a regular file; haven reads only regular files; replace it with a regular file, or delete it",
		"content/et/toru.png:1:1: error: toru.png is a named pipe (FIFO), not a regular file",
	}
	// A device needs root to make; /dev/null reads as empty, so the old
	// code copied it instead of hanging.
	if syscall.Mknod(filepath.Join(dir, "content/et/null.png"), syscall.S_IFCHR|0o644, 1<<8|3) == nil {
		want = append(want, "content/et/null.png:1:1: error: null.png is a character device, not a regular file")
	}
	var diags diag.List
	withDeadline(t, func(ctx context.Context) {
		_, err := Build(ctx, Options{Source: dir, Today: fixtureDay}, publish.NewMemory(nil), &diags)
		if err != nil {
			t.Errorf("Build: %v", err)
		}
	})
	got := diags.Items()
	for _, w := range want {
		if !hasDiag(got, w) {
			t.Errorf("no diagnostic %q in\n%v", w, got)
		}
	}
}

// hasDiag reports whether a diagnostic starts with want.
func hasDiag(ds []diag.Diagnostic, want string) bool {
	for _, d := range ds {
		if strings.HasPrefix(d.String(), want) {
			return true
		}
	}
	return false
}

// TestCacheKeySkipsSpecialFiles checks that the cache key is computed
// without opening a FIFO in content/ or reading a device a symbolic link
// leads to; the build reports both.
func TestCacheKeySkipsSpecialFiles(t *testing.T) {
	dir := copySite(t, "testdata/site")
	mkfifo(t, filepath.Join(dir, "content/et/toru.md"))
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "content/et/null.png")); err != nil {
		t.Fatal(err)
	}
	withDeadline(t, func(ctx context.Context) {
		if _, err := CacheKey(ctx, Options{Source: dir, Today: fixtureDay}); err != nil {
			t.Errorf("CacheKey: %v", err)
		}
	})
}

// TestCacheKeyStopsWhenCancelled checks that the cache key gives up with
// the context's error.
func TestCacheKeyStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CacheKey(ctx, Options{Source: copySite(t, "testdata/site")}); err != context.Canceled {
		t.Errorf("CacheKey with a cancelled context = %v, want context.Canceled", err)
	}
}
