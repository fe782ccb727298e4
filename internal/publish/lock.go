package publish

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/haven-cms/haven/internal/beneath"
)

// lockPath is the lock file of the output folder out: .<name>.lock beside
// it. It is never removed: removing a lock file lets a third build lock a
// new file while a second still waits on the old one.
func lockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// lockOutput takes the lock of the output folder out, so that two builds
// into one output never run their swaps and clean-ups at once. When
// another build holds it, it writes a line to log (when not nil) and
// waits until that build ends or ctx is cancelled. The lock is held until
// the returned file is closed, or the process ends, however it ends.
func lockOutput(ctx context.Context, out string, log io.Writer) (*os.File, error) {
	name := lockPath(out)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("create lock file %s: %w", name, err)
	}
	ok, err := beneath.TryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if !ok {
		if err := waitLock(ctx, f, out, log); err != nil {
			return nil, err
		}
	}
	// The holder's process id, for the message of a build that waits.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// waitLock waits for the lock on f, which another build holds. On
// cancellation f is closed once the wait ends, without waiting for it.
func waitLock(ctx context.Context, f *os.File, out string, log io.Writer) error {
	if log != nil {
		holder := "another process"
		if b, err := os.ReadFile(f.Name()); err == nil && strings.TrimSpace(string(b)) != "" {
			holder = "process " + strings.TrimSpace(string(b))
		}
		fmt.Fprintf(log, "haven build: waiting for the build into %s by %s to finish (it holds %s)\n", out, holder, f.Name())
	}
	done := make(chan error, 1)
	go func() { done <- beneath.Lock(f) }()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return fmt.Errorf("lock %s: %w", f.Name(), err)
		}
		return nil
	case <-ctx.Done():
		go func() { <-done; f.Close() }()
		return fmt.Errorf("stopped while waiting for another build into %s to finish: %w", out, ctx.Err())
	}
}
