package beneath

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestExchange checks that Exchange swaps two folders whole, or says it
// cannot with errors.ErrUnsupported.
func TestExchange(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, filepath.Base(d)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := Exchange(a, b)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skip("no RENAME_EXCHANGE here")
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(a, "b")); err != nil {
		t.Errorf("a does not hold b's files: %v", err)
	}
	if _, err := os.Stat(filepath.Join(b, "a")); err != nil {
		t.Errorf("b does not hold a's files: %v", err)
	}
	if err := Exchange(a, filepath.Join(dir, "missing")); err == nil || errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Exchange with a missing folder = %v, want a plain error", err)
	}
}

// TestTryLock checks that a second open file cannot take a lock the first
// holds, and can once the first is closed.
func TestTryLock(t *testing.T) {
	name := filepath.Join(t.TempDir(), "lock")
	open := func() *os.File {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	first, second := open(), open()
	defer second.Close()
	if ok, err := TryLock(first); !ok || err != nil {
		t.Fatalf("first TryLock = %v, %v", ok, err)
	}
	if ok, err := TryLock(second); ok || err != nil {
		t.Fatalf("second TryLock while the first holds it = %v, %v; want false, nil", ok, err)
	}
	first.Close()
	if ok, err := TryLock(second); !ok || err != nil {
		t.Errorf("TryLock after the holder closed = %v, %v", ok, err)
	}
}
