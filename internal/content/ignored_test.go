package content

import (
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
)

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"page.md": false, "_index.md": false, "photo.jpg": false, "#": false, "a#b.md": false,
		"4913": true, ".page.md.swp": true, "page.md.swp": true, "page.md~": true, ".#page.md": true,
		"#page.md#": true, ".DS_Store": true, ".page.md.tmp123": true, "page.swx": true, "page.swo": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestLoadSkipsEditorFiles is the bug the watcher and the loader had when
// each kept its own list: haven build published Emacs autosaves and vim's
// probe file into public/.
func TestLoadSkipsEditorFiles(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("---\ntitle: Abi\n---\nText.\n")}
	junk := []string{"#abi.md#", ".#abi.md", "4913", "abi.md.swp", ".abi.md.swp", "abi.md~", ".DS_Store", "abi.md.swx", "abi.md.swo"}
	fsys := fstest.MapFS{"content/et/abi.md": page}
	for _, name := range junk {
		fsys["content/et/"+name] = page
		fsys["content/et/pildid/"+name] = page
	}
	var diags diag.List
	s := Load(fsys, Options{Languages: []string{"et"}}, &diags)
	if len(s.Pages) != 1 || s.Pages[0].File != "content/et/abi.md" {
		var files []string
		for _, p := range s.Pages {
			files = append(files, p.File)
		}
		t.Errorf("pages = %q, want only content/et/abi.md", files)
	}
	if len(s.Assets) != 0 {
		t.Errorf("assets = %q, want none: editor files are never published", s.Assets)
	}
}
