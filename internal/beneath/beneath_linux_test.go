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

// TestModeType checks that a status read's file type gives the type a
// listing gives (the listing's type is the mode's shifted down).
func TestModeType(t *testing.T) {
	for _, c := range []struct {
		mode uint32
		dt   uint8
		want fs.FileMode
	}{
		{syscall.S_IFREG, syscall.DT_REG, 0},
		{syscall.S_IFDIR, syscall.DT_DIR, fs.ModeDir},
		{syscall.S_IFLNK, syscall.DT_LNK, fs.ModeSymlink},
		{syscall.S_IFIFO, syscall.DT_FIFO, fs.ModeNamedPipe},
		{syscall.S_IFSOCK, syscall.DT_SOCK, fs.ModeSocket},
		{syscall.S_IFCHR, syscall.DT_CHR, fs.ModeDevice | fs.ModeCharDevice},
		{syscall.S_IFBLK, syscall.DT_BLK, fs.ModeDevice},
	} {
		if got, dt := modeType(c.mode|0o644), direntType(c.dt); got != c.want || dt != c.want {
			t.Errorf("mode %o: %v, listing type %d: %v; want %v", c.mode, got, c.dt, dt, c.want)
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
	got, err := d.list("a/b", make([]byte, 1024), true) // a small buffer: many getdents64 calls
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
	names, err := d.list("a/b", make([]byte, 1024), false)
	if err != nil || len(names) != len(got) {
		t.Fatalf("Names gave %d entries (%v), List %d", len(names), err, len(got))
	}
	for _, e := range names {
		if l := byName[e.Name]; e.Type != l.Type || e.Stamp != (Stamp{}) {
			t.Errorf("Names: %s is %v %+v, List says %v", e.Name, e.Type, e.Stamp, l.Type)
		}
	}
	if _, err := d.List(".."); err == nil {
		t.Error("List(..) read outside the folder")
	}
}
