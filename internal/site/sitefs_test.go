package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/haven-cms/haven/internal/beneath"
)

// TestSiteFSReadDir checks the listing with the build key's stamps
// against the root's: the same entries with the same types, and for
// each regular file the key knows the size and modification time of a
// status read; a folder reached through a symbolic link is listed
// through the root, and a file the key does not know is read there too.
func TestSiteFSReadDir(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	et := filepath.Join(dir, "content", "et")
	must(os.MkdirAll(filepath.Join(et, "abi"), 0o755))
	must(os.WriteFile(filepath.Join(et, "abi", "a.md"), []byte("---\ntitle: A\n---\n"), 0o644))
	must(os.WriteFile(filepath.Join(et, "abi", "new.md"), []byte("not in the key"), 0o644))
	must(os.WriteFile(filepath.Join(et, "pilt.png"), []byte("png"), 0o644))
	must(os.Symlink("abi", filepath.Join(et, "link")))
	must(os.Symlink("abi/a.md", filepath.Join(et, "b.md")))
	must(syscall.Mkfifo(filepath.Join(et, "fifo"), 0o644))
	known := map[string]beneath.Stamp{}
	for _, name := range []string{"content/et/abi/a.md", "content/et/pilt.png"} {
		info, err := os.Lstat(filepath.Join(dir, name))
		must(err)
		known[name] = beneath.StampOf(info)
	}
	fast, err := openSiteFS(dir)
	must(err)
	defer fast.Close()
	if fast.fast == nil {
		t.Skip("no openat2 here")
	}
	fast.known = func(name string) (beneath.Stamp, bool) { st, ok := known[name]; return st, ok }
	slow, err := openSiteFS(dir)
	must(err)
	defer slow.Close()
	for _, name := range []string{"content/et", "content/et/abi", "content/et/link"} {
		got, err := fast.ReadDir(name)
		must(err)
		want, err := slow.ReadDir(name)
		must(err)
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, the root lists %d", name, len(got), len(want))
		}
		for i, g := range got {
			w := want[i]
			if g.Name() != w.Name() || g.Type() != w.Type() || g.IsDir() != w.IsDir() {
				t.Errorf("%s: entry %d is %s %v, the root's %s %v", name, i, g.Name(), g.Type(), w.Name(), w.Type())
				continue
			}
			gi, err := g.Info()
			must(err)
			wi, err := w.Info()
			must(err)
			if gi.Size() != wi.Size() || !gi.ModTime().Equal(wi.ModTime()) || gi.Mode().Type() != wi.Mode().Type() {
				t.Errorf("%s/%s: info %d %v %v, the root's %d %v %v", name, g.Name(), gi.Size(), gi.ModTime(), gi.Mode(), wi.Size(), wi.ModTime(), wi.Mode())
			}
			_, fromKey := gi.(stampInfo)
			if wantKey := known[name+"/"+g.Name()] != (beneath.Stamp{}) && name != "content/et/link"; fromKey != wantKey {
				t.Errorf("%s/%s: info from the key %v, want %v", name, g.Name(), fromKey, wantKey)
			}
		}
	}
	if _, err := fast.ReadDir("content/nowhere"); err == nil {
		t.Error("a missing folder was listed")
	}
	var _ fs.ReadDirFS = fast
}
