package markdown

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var handlerInTag = regexp.MustCompile(`<[a-z][^>]*\son[a-z]+=`)

func TestRawHTMLNeutralised(t *testing.T) {
	src := "Tere <script>alert(1)</script> <iframe src=\"https://x\"></iframe> <img src=x onerror=alert(1)>\n\n" +
		"<div onclick=\"x\">plokk</div>\n\n[link](javascript:alert(1)) [b]( JaVaScRiPt:alert(2)) [d](data:text/html,x) ![i](vbscript:x)\n"
	for _, mode := range []RawHTML{NoHTML, SafeHTML} {
		res, err := New(mode).Render([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		html := strings.ToLower(string(res.HTML))
		for _, bad := range []string{"<script", "<iframe", "javascript:", "vbscript:", "data:text"} {
			if strings.Contains(html, bad) {
				t.Errorf("mode %d: output contains %q:\n%s", mode, bad, res.HTML)
			}
		}
		if m := handlerInTag.FindString(html); m != "" {
			t.Errorf("mode %d: event handler in a tag: %s", mode, m)
		}
	}
}

func TestSafeHTMLKeepsSubset(t *testing.T) {
	res, err := New(SafeHTML).Render([]byte(`<abbr title="Ohvriabi seadus" onclick="x">OAS</abbr> ja <span lang="ru" style="x">помощь</span> <b>x</b>` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `<p><abbr title="Ohvriabi seadus">OAS</abbr> ja <span lang="ru">помощь</span> <b>x</b></p>`
	if got := strings.TrimSpace(string(res.HTML)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	res, _ = New(NoHTML).Render([]byte("<abbr>OAS</abbr>\n"))
	if strings.Contains(string(res.HTML), "<abbr") {
		t.Errorf("raw HTML must be off by default: %s", res.HTML)
	}
}

func TestCollects(t *testing.T) {
	src := "# Abi\n\nHelista [116 006](tel:116006) või loe [seda](/et/abi/#kontakt).\nVaata https://www.politsei.ee ka.\n\n## Õigus abile\n\n## Õigus abile\n\n| Maakond | Telefon |\n|---|---|\n| Harjumaa | 5555 5555 |\n"
	res, err := New(NoHTML).Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "abi õigus-abile õigus-abile-1" {
		t.Errorf("heading ids = %s", got)
	}
	if len(res.Links) != 3 || res.Links[1].Dest != "/et/abi/#kontakt" || res.Links[1].Line != 3 || res.Links[2].Line != 4 {
		t.Errorf("links = %+v", res.Links)
	}
	for _, want := range []string{"Helista 116 006 või loe seda.", "Harjumaa | 5555 5555", "https://www.politsei.ee"} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, res.Text)
		}
	}
	if !strings.Contains(string(res.HTML), `href="https://www.politsei.ee" rel="noreferrer"`) {
		t.Errorf("off-site links need rel=noreferrer: %s", res.HTML)
	}
}

func TestDeepNestingRefused(t *testing.T) {
	for _, src := range []string{strings.Repeat(">", 100000) + " x\n", "ok\n\n" + strings.Repeat("- ", 100000) + "x\n", strings.Repeat("1. ", 70) + "x\n"} {
		_, err := New(NoHTML).Render([]byte(src))
		var ne *NestingError
		if !errors.As(err, &ne) {
			t.Errorf("err = %v, want a NestingError", err)
		}
	}
	if _, err := New(NoHTML).Render([]byte(strings.Repeat("> ", 10) + "x\n" + strings.Repeat("[", 100000))); err != nil {
		t.Errorf("moderate nesting and many brackets must render: %v", err)
	}
}

// FuzzRender checks that no Markdown makes the renderer panic or emit a
// script tag, a style attribute or a dangerous URL in an attribute.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"# x\n", "<script>x</script>", "[a](javascript:x)", "> > - 1. x", "| a |\n|---|\n| b |", "<abbr title='x'>y</abbr>"} {
		f.Add(s)
	}
	r, safe := New(NoHTML), New(SafeHTML)
	f.Fuzz(func(t *testing.T, src string) {
		for _, m := range []*Renderer{r, safe} {
			res, err := m.Render([]byte(src))
			if err != nil {
				continue
			}
			if strings.Contains(strings.ToLower(string(res.HTML)), "<script") {
				t.Errorf("script tag in output of %q", src)
			}
			if bad := dangerousAttrs(res.HTML); len(bad) > 0 {
				t.Errorf("%q renders with %q", src, bad)
			}
		}
	})
}

// TestAnalyzeMatchesRender checks that the text-only pass of haven check
// collects exactly what a full render does.
func TestAnalyzeMatchesRender(t *testing.T) {
	src := []byte("# Abi\n\nHelista [116 006](tel:116006) või vaata <https://example.org>.\n\n## Abi lastele\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[x](javascript:alert(1)) ![p](/p.png)\n")
	r := New(NoHTML)
	full, err := r.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	text, err := r.Analyze(src)
	if err != nil {
		t.Fatal(err)
	}
	if text.HTML != nil {
		t.Errorf("Analyze made HTML: %q", text.HTML)
	}
	full.HTML = nil
	if !reflect.DeepEqual(full, text) {
		t.Errorf("Analyze = %+v\nRender  = %+v", text, full)
	}
}

// TestSanitize runs the cases of testdata/sanitize.txt.
func TestSanitize(t *testing.T) {
	cases := readCases(t, "sanitize.txt")
	if len(cases)%2 != 0 {
		t.Fatalf("sanitize.txt has %d lines, want pairs", len(cases))
	}
	for i := 0; i < len(cases); i += 2 {
		if got := Sanitize(cases[i]); got != cases[i+1] {
			t.Errorf("Sanitize(%q)\n got  %q\n want %q", cases[i], got, cases[i+1])
		}
	}
}

// TestTables: every GFM table is collected with its header row's line, and
// a header of empty cells is told apart.
func TestTables(t *testing.T) {
	src := "Intro\n\n| Teenus | Telefon |\n|---|---|\n| Ohvriabi | 116 006 |\n\ntext\n\n|  |  |\n|---|---|\n| a | b |\n"
	res, err := New(NoHTML).Render([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Table{{Line: 3}, {Line: 9, HeaderEmpty: true}}
	if !reflect.DeepEqual(res.Tables, want) {
		t.Errorf("tables = %+v, want %+v", res.Tables, want)
	}
}
