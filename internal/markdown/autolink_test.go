package markdown

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
)

// sameWithoutLinkify fails t unless src renders the same with and without
// goldmark's Linkify, in both raw HTML modes.
func sameWithoutLinkify(t testing.TB, src []byte) {
	t.Helper()
	for _, mode := range []RawHTML{NoHTML, SafeHTML} {
		r := New(mode)
		with, err1 := render(r.md, src, nil)
		without, err2 := render(r.plain, src, nil)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v / %v", err1, err2)
		}
		if !reflect.DeepEqual(with, without) {
			t.Fatalf("%q renders differently without Linkify:\n%s\n%s", src, with.HTML, without.HTML)
		}
	}
}

// TestAutolinkSkip checks the premise of mayAutolink: a page without
// "://", "www." or "@" renders exactly the same without Linkify, for every
// such page of the sample site and for text that comes close to a link.
func TestAutolinkSkip(t *testing.T) {
	srcs := [][]byte{
		[]byte("Vaata example.com või (ohvriabi.ee) ja http: või ftp:/x, https:/y.\n\n*www* _wwwx.ee_ ~~mailto:x~~\n"),
		[]byte("| a | b |\n|---|---|\n| http:x | (www) |\n\n- http\n- [link](/et/) *x*_y_(z)\n"),
	}
	err := fs.WalkDir(os.DirFS("../../content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := fs.ReadFile(os.DirFS("../../content"), p)
		srcs = append(srcs, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, src := range srcs {
		if mayAutolink(src) {
			continue
		}
		skipped++
		sameWithoutLinkify(t, src)
	}
	if skipped < 10 {
		t.Errorf("only %d pages without autolink candidates checked", skipped)
	}
	for _, s := range []string{"a http://x.ee b", "www.ohvriabi.ee", "info@ohvriabi.ee"} {
		if !mayAutolink([]byte(s)) {
			t.Errorf("mayAutolink(%q) = false", s)
		}
	}
}

func FuzzAutolinkSkip(f *testing.F) {
	for _, s := range []string{"http:x (www) a_b*c~d", "# Pealkiri\n\nTekst *rõhk* ja [link](/et/).\n", "| a |\n|---|\n| ftp:/ |\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if mayAutolink(src) || checkNesting(src) != nil {
			return
		}
		sameWithoutLinkify(t, src)
	})
}
