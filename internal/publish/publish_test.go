package publish

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStagingCommitAndAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "old.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, Marker), nil, 0o644); err != nil { // written by an earlier build
		t.Fatal(err)
	}

	// An aborted build leaves the output as it was and no staging behind.
	s, err := Begin(context.Background(), out, NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("et/index.html", []byte("<p>uus</p>")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "old.html")); string(b) != "old" {
		t.Error("abort changed the output")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 2 { // public and its lock file
		t.Errorf("left behind: %v", entries)
	}

	// A committed build replaces it whole.
	s, err = Begin(context.Background(), out, NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../escape.html", "/abs.html", "a/../../b", ""} {
		if s.WriteFile(bad, []byte("x")) == nil {
			t.Errorf("WriteFile(%q) accepted", bad)
		}
	}
	if err := s.WriteFile("et/abi/index.html", []byte("<!doctype html>\n<html lang=\"et\">\n<head><title>Abi</title></head>\n<body>\n<p>  Abi  </p>\n</body>\n</html>\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("et/abi/index.html", []byte("again")); err == nil {
		t.Error("the same file written twice was accepted")
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); err == nil {
		t.Error("old file survived the swap")
	}
	b, err := os.ReadFile(filepath.Join(out, "et/abi/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<html lang="et">`) || strings.Contains(string(b), "  Abi  ") {
		t.Errorf("minified page = %q: want <html lang> kept and spaces collapsed", b)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "escape.html")); err == nil {
		t.Error("a write escaped the output folder")
	}
}

func TestMemory(t *testing.T) {
	m := NewMemory(nil)
	data := []byte("x")
	if err := m.WriteFile("a/b.txt", data); err != nil {
		t.Fatal(err)
	}
	data[0] = 'y' // the caller may reuse its buffer
	if got, _ := m.Get("a/b.txt"); string(got) != "x" {
		t.Errorf("Memory kept the caller's slice: %q", got)
	}
	if m.WriteFile("a/b.txt", data) == nil || m.WriteFile("../c", data) == nil {
		t.Error("duplicate or escaping path accepted")
	}
}

// TestNoWriteThroughSymlinks plants a symbolic link inside the staging
// folder, as an attacker with access to it might, and checks that no
// write follows it out, with the openat2 fast path and with os.Root.
func TestNoWriteThroughSymlinks(t *testing.T) {
	for _, fast := range []bool{true, false} {
		outside := t.TempDir()
		s, err := Begin(context.Background(), filepath.Join(t.TempDir(), "public"), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !fast {
			s.fast = nil
		} else if s.fast == nil {
			t.Log("openat2 is not available here: only os.Root is tested")
		}
		if err := os.Symlink(outside, filepath.Join(s.dir, "evil")); err != nil {
			t.Fatal(err)
		}
		done := &folder{}
		done.once.Do(func() {})
		s.made.Store("evil", done) // as if haven had made it
		if err := s.WriteFile("evil/index.html", []byte("x")); err == nil {
			t.Errorf("fast=%v: a write followed a symlink out of the staging folder", fast)
		}
		if err := s.WriteFile("evil/sub/index.html", []byte("x")); err == nil {
			t.Errorf("fast=%v: a mkdir followed a symlink out of the staging folder", fast)
		}
		if entries, _ := os.ReadDir(outside); len(entries) != 0 {
			t.Errorf("fast=%v: files appeared outside: %v", fast, entries)
		}
		s.Abort()
	}
}

// TestMemoryKeepsOrCopies checks that WriteFile copies (callers reuse
// their buffers) and KeepFile does not (the preview's cached pages).
func TestMemoryKeepsOrCopies(t *testing.T) {
	m := NewMemory(nil)
	buf := []byte("<p>a</p>")
	if err := m.WriteFile("a.html", buf); err != nil {
		t.Fatal(err)
	}
	if err := Keep(m, "b.html", buf); err != nil {
		t.Fatal(err)
	}
	buf[3] = 'b'
	if got := string(m.Files["a.html"]); got != "<p>a</p>" {
		t.Errorf("WriteFile kept the caller's buffer: %q", got)
	}
	if got := string(m.Files["b.html"]); got != "<p>b</p>" {
		t.Errorf("KeepFile copied: %q", got)
	}
}
