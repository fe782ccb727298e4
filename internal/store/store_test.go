package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stores returns each implementation on a site holding content/et/abi.md.
func stores(t *testing.T) map[string]Store {
	dir := t.TempDir()
	writeFile(t, dir, "content/et/abi.md", "---\ntitle: Abi\n---\nHelista 116 006.\n")
	return map[string]Store{
		"files": NewFiles(dir),
		"git":   newSite(t, map[string]string{"content/et/abi.md": "---\ntitle: Abi\n---\nHelista 116 006.\n"}).g,
	}
}

func TestStoreContract(t *testing.T) {
	ctx := context.Background()
	for name, st := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if data, v := read(t, st, "content/et/uus.md"); data != "" || v != Absent {
				t.Fatalf("a missing file reads as %q, %q; want nothing and Absent", data, v)
			}
			old, v0 := read(t, st, "content/et/abi.md")
			if !strings.Contains(old, "116 006") || v0 == Absent || v0 == "" {
				t.Fatalf("read abi.md = %q, %q", old, v0)
			}
			v1, err := st.Write(ctx, "content/et/abi.md", []byte("---\ntitle: Abi\n---\nHelista 116 006 või 112.\n"), v0, change(maria, "Add 112"))
			if err != nil {
				t.Fatal(err)
			}
			if now, v := read(t, st, "content/et/abi.md"); !strings.Contains(now, "112") || v != v1 || v1 == v0 {
				t.Fatalf("after the write: %q, version %q (write said %q, before %q)", now, v, v1, v0)
			}
			_, err = st.Write(ctx, "content/et/abi.md", []byte("stale text"), v0, change(jaan, "Stale"))
			var c *Conflict
			if !errors.As(err, &c) || c.TheirVersion != v1 || !strings.Contains(string(c.Theirs), "112") || c.Base != v0 {
				t.Fatalf("a write on a stale version: %v (%+v); want a *Conflict carrying the saved text", err, c)
			}
			if now, _ := read(t, st, "content/et/abi.md"); strings.Contains(now, "stale") {
				t.Fatal("the stale write changed the file")
			}
			if _, err := st.Write(ctx, "content/en/help.md", []byte("new\n"), Absent, change(maria, "")); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Write(ctx, "content/en/help.md", []byte("again\n"), Absent, change(jaan, "")); !errors.As(err, &c) {
				t.Fatalf("creating a file that exists: %v; want a *Conflict", err)
			}
			list, err := st.List(ctx, "content")
			if want := []string{"content/en/help.md", "content/et/abi.md"}; err != nil || !slices.Equal(list, want) {
				t.Fatalf("List(content) = %q, %v; want %q", list, err, want)
			}
		})
	}
}

func TestStoreRefusesBadPaths(t *testing.T) {
	ctx := context.Background()
	for name, st := range stores(t) {
		for _, p := range []string{"", "../x.md", "/etc/passwd", "content/../../x", "content\\et\\a.md", ".git/config", "content/et/a\n.md"} {
			if _, err := st.Write(ctx, p, []byte("x"), Absent, change(maria, "")); err == nil || !strings.Contains(err.Error(), "path") {
				t.Errorf("%s: Write(%q) = %v; want a path error", name, p, err)
			}
			if _, _, err := st.Read(ctx, p); err == nil {
				t.Errorf("%s: Read(%q) succeeded", name, p)
			}
		}
		if _, err := st.Write(ctx, "content/et/abi.md", []byte("x"), "", change(maria, "")); err == nil || !strings.Contains(err.Error(), "no base version") {
			t.Errorf("%s: a write without a base version: %v", name, err)
		}
	}
}

func TestFilesStaysInsideTheSiteAndLeavesNoTemporaryFile(t *testing.T) {
	ctx := context.Background()
	outside := t.TempDir()
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	f := NewFiles(dir)
	if _, err := f.Write(ctx, "content/et/abi.md", []byte("x"), Absent, change(maria, "")); err == nil {
		t.Fatal("a write through a symbolic link out of the site succeeded")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("the write reached outside the site: %v", entries)
	}
	site := t.TempDir()
	writeFile(t, site, "content/et/abi.md", "old\n")
	if err := os.Chmod(filepath.Join(site, "content/et/abi.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	f = NewFiles(site)
	_, v := read(t, f, "content/et/abi.md")
	if v != hashVersion([]byte("old\n")) {
		t.Fatalf("version %q is not the SHA-256 of the bytes", v)
	}
	if _, err := f.Write(ctx, "content/et/abi.md", []byte("new\n"), v, change(maria, "")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(site, "content/et"))
	if len(entries) != 1 {
		t.Fatalf("content/et holds %v after a save; want only abi.md", entries)
	}
	if fi, _ := os.Stat(filepath.Join(site, "content/et/abi.md")); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the save changed the file's mode to %v", fi.Mode())
	}
	if _, err := f.History(ctx, "content/et/abi.md"); !errors.Is(err, ErrNoHistory) {
		t.Fatalf("Files.History = %v; want ErrNoHistory", err)
	}
}
