package content

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
)

// TestUnknownLanguagePages checks that every page file skipped with an
// unknown language folder is named at its line 1 (the first
// maxSkippedNamed of them), and the folder's warning counts them all.
func TestUnknownLanguagePages(t *testing.T) {
	fsys := fstest.MapFS{
		"content/et/_index.md":  {Data: []byte("---\ntitle: Avaleht\n---\n")},
		"content/ee/abi.md":     {Data: []byte("---\ntitle: Abi\n---\n")},
		"content/fr/aide.md":    {Data: []byte("---\ntitle: Aide\n---\n")},
		"content/fr/b/c.md":     {Data: []byte("---\ntitle: C\n---\n")},
		"content/fr/pilt.png":   {Data: []byte("PNG")},
		"content/fr/.aide.swp":  {Data: []byte("swap")},
		"content/fr/.git/x.md":  {Data: []byte("hidden")},
		"content/de/_index.md":  {Data: []byte("---\ntitle: Start\n---\n")},
		"content/xx/notes.txt":  {Data: []byte("no pages here")},
		"content/_data/x.yaml":  {Data: []byte("x: 1\n")},
		"content/fr/b/d.md.swp": {Data: []byte("swap")},
	}
	for i := range maxSkippedNamed + 2 {
		fsys[fmt.Sprintf("content/ru/p%02d.md", i)] = &fstest.MapFile{Data: []byte("---\ntitle: P\n---\n")}
	}
	var diags diag.List
	Load(fsys, Options{Languages: []string{"et", "en"}}, &diags)
	got := map[string]diag.Diagnostic{}
	for _, d := range diags.Items() {
		if d.Code == "content.unknown-language" {
			got[d.Position()] = d
		}
	}
	named := 0
	for pos := range got {
		if strings.HasPrefix(pos, "content/ru/p") {
			named++
		}
	}
	if named != maxSkippedNamed {
		t.Errorf("%d pages of content/ru named, want the first %d", named, maxSkippedNamed)
	}
	for pos, msg := range map[string]string{
		"content/fr":               `folder "fr" is not one of the site's languages (et, en); its 2 pages are skipped`,
		"content/fr/aide.md:1:1":   `page skipped: its folder content/fr is not one of the site's languages (et, en)`,
		"content/fr/b/c.md:1:1":    `page skipped: its folder content/fr is not one of the site's languages (et, en)`,
		"content/de":               `folder "de" is not one of the site's languages (et, en); its 1 page is skipped`,
		"content/de/_index.md:1:1": "page skipped",
		"content/xx":               `folder "xx" is not one of the site's languages (et, en); skipped`,
		"content/ru":               fmt.Sprintf("its %d pages are skipped (the first %d are named)", maxSkippedNamed+2, maxSkippedNamed),
		"content/ru/p00.md:1:1":    "page skipped",
		"content/ee":               "",
		"content/ee/abi.md:1:1":    "add ee to languages in haven.yaml, or move the page into content/et/",
		fmt.Sprintf("content/ru/p%02d.md:1:1", maxSkippedNamed-1): "page skipped",
	} {
		d, ok := got[pos]
		if !ok {
			t.Errorf("no content.unknown-language warning at %s", pos)
			continue
		}
		if !strings.Contains(d.Message+"; "+d.Hint, msg) || d.Severity != diag.Warning || d.Hint == "" {
			t.Errorf("%s: got %q (hint %q), want a warning containing %q with a hint", pos, d.Message, d.Hint, msg)
		}
		delete(got, pos)
	}
	for pos, d := range got {
		if !strings.HasPrefix(pos, "content/ru/p") || d.Line != 1 {
			t.Errorf("unexpected warning at %s: %s", pos, d)
		}
	}
}

// TestURLSegmentProblems checks that a page whose file name, slug or
// alias cannot make a URL segment (nothing left after slugging, or longer
// than a file name may be) is an error at the exact place.
func TestURLSegmentProblems(t *testing.T) {
	long := strings.Repeat("a", 5000)
	for _, tc := range []struct {
		file, src string
		want      string // "" for none
	}{
		{"content/et/!!!.md", "---\ntitle: Hüüd\n---\n", `content/et/!!!.md:1:1: error: the file name "!!!" has no letter or digit to make a URL segment from; rename the file, or set slug: with letters, digits and dashes, e.g. slug: abi`},
		{"content/et/😀.md", "---\ntitle: Nägu\n---\n", `content/et/😀.md:1:1: error: the file name "😀" has no letter or digit`},
		{"content/et/😀.md", "---\ntitle: Nägu\nslug: nagu\n---\n", ""},
		{"content/et/" + strings.Repeat("щ", 100) + ".md", "---\ntitle: Щ\n---\n", "1:1: error: the file name makes a URL segment of 400 bytes; the limit is 255"},
		{"content/et/pikk.md", "---\ntitle: Pikk\nslug: " + long + "\n---\n", "content/et/pikk.md:3:1: error: slug makes a URL segment of 5000 bytes; the limit is 255"},
		{"content/et/hyud.md", "---\ntitle: Hüüd\nslug: \"!!!\"\n---\n", `content/et/hyud.md:3:1: error: slug "!!!" has no letter or digit to make a URL segment from`},
		{"content/et/vana.md", "---\ntitle: Vana\naliases:\n  - /et/ok/\n  - /et/" + long + "/\n---\n", "content/et/vana.md:5:5: error: aliases: alias segment \"aaaa"},
		{"content/et/vana.md", "---\ntitle: Vana\naliases:\n  - /et/ok/\n  - vana/\n---\n", "content/et/vana.md:5:5: error: aliases: alias \"vana/\" is not a site-absolute path"},
		{"content/et/_index.md", "---\ntitle: Avaleht\n---\n", ""},
	} {
		var diags diag.List
		Parse(tc.file, []byte(tc.src), &diags)
		var got []string
		for _, d := range diags.Items() {
			got = append(got, d.String())
		}
		all := strings.Join(got, "\n")
		if tc.want == "" && all != "" || !strings.Contains(all, tc.want) || len(got) > 1 {
			t.Errorf("%s:\ngot  %s\nwant %q", tc.file, all, tc.want)
		}
	}
}

// TestFolderNameProblems checks that a folder whose name cannot make a URL
// segment is an error at the folder, once, whatever it holds.
func TestFolderNameProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"content/et/!!!/a.md":                              {Data: []byte("---\ntitle: A\n---\n")},
		"content/et/!!!/b.png":                             {Data: []byte("PNG")},
		"content/et/" + strings.Repeat("ж", 200) + "/c.md": {Data: []byte("---\ntitle: C\n---\n")},
	}
	var diags diag.List
	Load(fsys, Options{Languages: []string{"et"}}, &diags)
	var got []string
	for _, d := range diags.Items() {
		if d.Code == "content.file-name" {
			got = append(got, d.String())
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], `content/et/!!!: error: the folder name "!!!" has no letter or digit`) ||
		!strings.Contains(got[1], "error: the folder name makes a URL segment of 400 bytes; the limit is 255") {
		t.Errorf("got:\n%s", strings.Join(got, "\n"))
	}
}

// TestUnreadableAsset checks that a file under content/<lang>/ that cannot
// be read is an error at the file when the site is loaded, so a build
// reports it with every other error instead of stopping at the copy.
func TestUnreadableAsset(t *testing.T) {
	fsys := refuse{fstest.MapFS{
		"content/et/_index.md": {Data: []byte("---\ntitle: Avaleht\n---\n")},
		"content/et/pilt.png":  {Data: []byte("PNG")},
		"content/et/hea.png":   {Data: []byte("PNG")},
	}, "content/et/pilt.png"}
	var diags diag.List
	s := Load(fsys, Options{Languages: []string{"et"}}, &diags)
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.String())
	}
	want := "content/et/pilt.png: error: cannot read: open content/et/pilt.png: permission denied; check the file's permissions (haven must be able to read it to copy it), or delete it"
	if strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if strings.Join(s.Assets, " ") != "et/hea.png" {
		t.Errorf("assets = %v, want only the readable one", s.Assets)
	}
}

// refuse is a file system that cannot open the file name.
type refuse struct {
	fs.FS
	name string
}

func (r refuse) Open(name string) (fs.File, error) {
	if name == r.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("permission denied")}
	}
	return r.FS.Open(name)
}
