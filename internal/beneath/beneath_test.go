package beneath

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFileStaysBeneath checks that reads return a file's bytes and
// refuse every way out of the folder: "..", absolute paths and symbolic
// links (even ones that point inside it; callers retry those through
// os.Root, which follows links that stay inside).
func TestReadFileStaysBeneath(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "secret"), []byte("no"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "content", "et"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "content", "et", "abi.md"), []byte("---\ntitle: Abi\n---\n"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "out")))
	must(os.Symlink("content/et/abi.md", filepath.Join(dir, "in")))

	d := Open(dir)
	if d == nil {
		t.Skip("no openat2 here")
	}
	defer d.Close()
	got, err := d.ReadFile("content/et/abi.md")
	if err != nil || string(got) != "---\ntitle: Abi\n---\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	for _, name := range []string{"../" + filepath.Base(outside) + "/secret", filepath.Join(outside, "secret"), "out", "in", "content"} {
		if data, err := d.ReadFile(name); err == nil {
			t.Errorf("ReadFile(%q) = %q, want an error", name, data)
		}
	}
}

// TestList checks a folder's listing against os.ReadDir and Lstat: every
// entry once with its type, regular files with their stamps (and none
// from Names), also when the folder takes many getdents64 calls into a
// small buffer; and a path out of the folder refused.
func TestList(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(filepath.Join(sub, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("page-with-a-long-name-%03d.html", i)), []byte(strings.Repeat("x", i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("folder", filepath.Join(sub, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(sub, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := Open(dir)
	if d == nil {
		t.Skip("no openat2 here")
	}
	defer d.Close()
	got, err := d.List("a/b", make([]byte, 1024))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadDir(sub)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("List gave %d entries, os.ReadDir %d", len(got), len(want))
	}
	byName := map[string]Entry{}
	for _, e := range got {
		byName[e.Name] = e
	}
	for _, w := range want {
		e, ok := byName[w.Name()]
		info, err := w.Info()
		if !ok || err != nil {
			t.Fatalf("%s: listed %v, %v", w.Name(), ok, err)
		}
		switch {
		case w.IsDir():
			if e.Type != fs.ModeDir {
				t.Errorf("%s: type %v, want a folder", e.Name, e.Type)
			}
		case w.Type().IsRegular():
			if e.Type != 0 || e.Stamp != StampOf(info) {
				t.Errorf("%s: type %v stamp %+v, want a regular file with %+v", e.Name, e.Type, e.Stamp, StampOf(info))
			}
		default:
			if e.Type != w.Type() {
				t.Errorf("%s: type %v, want %v", e.Name, e.Type, w.Type())
			}
		}
	}
	names, err := d.Names("a/b", make([]byte, 1024))
	if err != nil || len(names) != len(got) {
		t.Fatalf("Names gave %d entries (%v), List %d", len(names), err, len(got))
	}
	for _, e := range names {
		if l := byName[e.Name]; e.Type != l.Type || e.Stamp != (Stamp{}) {
			t.Errorf("Names: %s is %v %+v, List says %v", e.Name, e.Type, e.Stamp, l.Type)
		}
	}
	if _, err := d.List("..", make([]byte, 1024)); err == nil {
		t.Error("List(..) read outside the folder")
	}
}
