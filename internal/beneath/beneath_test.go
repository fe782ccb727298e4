package beneath

import (
	"os"
	"path/filepath"
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
