package content

import (
	"bytes"
	"testing"

	"github.com/adrg/frontmatter"
)

// TestSplitMatchesWholeFileParse checks that giving the front-matter parser
// only the head of a file (up to the first possible closing line) splits
// every file exactly as giving it the whole file does.
func TestSplitMatchesWholeFileParse(t *testing.T) {
	files := []string{
		"---\ntitle: A\n---\nBody\n",
		"---\ntitle: A\n---",
		"---\ntitle: A\n---\n\n---\nmore\n",
		"---\r\ntitle: A\r\n---\r\nBody\r\n",
		"+++\ntitle = \"A\"\n+++\nBody\n",
		"---\ntitle: A\n+++\nnot closed by this\n---\nBody\n",
		"---\ntitle: A\nno close\n",
		"\n\n---\ntitle: A\n---\nBody\n",
		"\ufeff---\ntitle: A\n---\nBody\n",
		"Body only\n---\n",
		"---  \ntitle: A\n---  \nBody\n",
		"",
		"---",
	}
	for _, f := range files {
		checkSplit(t, []byte(f))
	}
}

// FuzzSplit is TestSplitMatchesWholeFileParse on any input.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("---\ntitle: A\n---\nBody\n"))
	f.Add([]byte("+++\ntitle = 1\n+++\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) { checkSplit(t, src) })
}

// checkSplit compares splitFrontMatter with a parse of the whole file.
func checkSplit(t *testing.T, src []byte) {
	t.Helper()
	f := string(src)
	raw, format, fmLine, body, bodyLine, err := splitFrontMatter(src)

	var whole []byte
	var wholeFormat string
	capture := func(name string) func([]byte, any) error {
		return func(b []byte, _ any) error { whole, wholeFormat = append([]byte{}, b...), name; return nil }
	}
	var sink struct{}
	rest, werr := frontmatter.Parse(bytes.NewReader(src), &sink,
		frontmatter.NewFormat("---", "---", capture("yaml")), frontmatter.NewFormat("+++", "+++", capture("toml")))
	if werr != nil || wholeFormat == "" {
		if format != "" {
			t.Errorf("%q: found %s front matter, the whole-file parse none", f, format)
		}
		return // no front matter, or not closed: reported as before
	}
	if err != nil {
		t.Errorf("%q: %v, but the whole-file parse split it", f, err)
		return
	}
	if format != wholeFormat || !bytes.Equal(raw, whole) || !bytes.Equal(body, rest) {
		t.Errorf("%q: got %s %q body %q, whole-file parse %s %q body %q", f, format, raw, body, wholeFormat, whole, rest)
	}
	if fmLine < 1 || bodyLine < fmLine {
		t.Errorf("%q: front matter line %d, body line %d", f, fmLine, bodyLine)
	}
}
