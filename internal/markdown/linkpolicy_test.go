package markdown

import (
	"bufio"
	"bytes"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// readCases returns the Go-quoted strings of a testdata file, one a line,
// skipping blank lines and # comments.
func readCases(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		cases = append(cases, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// runsCode reports whether v, an attribute value as a browser has decoded
// it, has one of the schemes the policy forbids once the whitespace and
// control characters browsers skip are gone. It is the test's own oracle,
// written apart from IsDangerousURL.
func runsCode(v string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	return strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") || strings.HasPrefix(s, "data:") || strings.HasPrefix(s, "file:")
}

// dangerousAttrs returns the attributes of out, read the way a browser
// reads them, that carry a forbidden URL or CSS.
func dangerousAttrs(out []byte) []string {
	var bad []string
	z := html.NewTokenizer(bytes.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return bad
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "style" || (a.Key != "title" && runsCode(a.Val)) {
					bad = append(bad, a.Key+"="+a.Val)
				}
			}
		}
	}
}

// TestDangerousURLsRemoved checks that no page of
// testdata/dangerous-urls.txt puts a javascript:, vbscript:, data: or
// file: URL into an attribute of the HTML or into the plain text, in
// either raw HTML mode.
func TestDangerousURLsRemoved(t *testing.T) {
	for _, src := range readCases(t, "dangerous-urls.txt") {
		for _, mode := range []RawHTML{NoHTML, SafeHTML} {
			res, err := New(mode).Render([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if bad := dangerousAttrs(res.HTML); len(bad) > 0 {
				t.Errorf("mode %d, %q: HTML has %q:\n%s", mode, src, bad, res.HTML)
			}
			if runsCode(res.Text) || strings.Contains(strings.ToLower(res.Text), "script:") {
				t.Errorf("mode %d, %q: text has the URL: %q", mode, src, res.Text)
			}
			for _, l := range res.Links {
				if IsDangerousURL(l.Dest) {
					t.Errorf("mode %d, %q: %q listed among the page's links", mode, src, l.Dest)
				}
			}
		}
	}
}

// TestOffSiteLinksNoReferrer checks that links leaving the site get
// rel="noreferrer" however their scheme is written, and others do not.
func TestOffSiteLinksNoReferrer(t *testing.T) {
	for _, tt := range []struct {
		src string
		rel bool
	}{
		{"[x](https://politsei.ee)", true},
		{"[x](//politsei.ee)", true},
		{"[x](HTTPS://politsei.ee)", true},
		{"[x](&#104;ttps://politsei.ee)", true},
		{"[x](http:politsei.ee)", true},
		{"<https://politsei.ee>", true},
		{"[x](/et/abi/)", false},
		{"[x](tel:116006)", false},
		{"[x](abi.md)", false},
	} {
		res, err := New(NoHTML).Render([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(res.HTML, []byte(`rel="noreferrer"`)); got != tt.rel {
			t.Errorf("%q: rel=noreferrer %v, want %v: %s", tt.src, got, tt.rel, res.HTML)
		}
	}
}

// TestBlockedListed checks that the links the policy removes are listed
// with their lines, for a check to tell the editor.
func TestBlockedListed(t *testing.T) {
	src := "Tere.\n\nVaata [seda](javascript:alert(1)) ja <data:text/html,x>.\n\n![pilt](&#102;ile:///x) [ok](/et/)\n"
	res, err := New(NoHTML).Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Link{
		{Dest: "javascript:alert(1)", Text: "seda", Line: 3, Column: 14},
		{Dest: "data:text/html,x", Text: "data:text/html,x", Line: 3, Column: 39},
		{Dest: "&#102;ile:///x", Text: "pilt", Image: true, Line: 5, Column: 9},
	}
	if !reflect.DeepEqual(res.Blocked, want) {
		t.Errorf("Blocked = %+v\nwant      %+v", res.Blocked, want)
	}
	if len(res.Links) != 1 || res.Links[0].Dest != "/et/" {
		t.Errorf("Links = %+v", res.Links)
	}
}
