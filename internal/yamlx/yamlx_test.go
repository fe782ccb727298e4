package yamlx

import (
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

// read parses src as t.yaml, starting on file line first, and returns the
// root, whether it parsed, and the diagnostics as strings.
func read(t *testing.T, src string, first int) (*Node, bool, []string, *Reader) {
	t.Helper()
	var diags diag.List
	r := &Reader{File: "t.yaml", FirstLine: first, Codes: CodesFor("t"), Diags: &diags}
	root, ok := r.Read([]byte(src))
	return root, ok, lines(&diags), r
}

func lines(diags *diag.List) []string {
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return out
}

// check fails unless got has one string per want, each containing it.
func check(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("diagnostic %d = %q, want it to contain %q", i, got[i], w)
		}
	}
}

// TestSyntaxErrors checks that a document that does not parse is reported
// once, at the line and column that cause it.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"unclosed double quote", "title: \"Abi\nweight: 1\ndescription: x\n", `t.yaml:1:8: error: invalid YAML: the quoted text that starts here is never closed`},
		{"unclosed single quote", "a: 1\ntitle: 'Abi\n", `t.yaml:2:8: error: invalid YAML: the quoted text`},
		{"unclosed list over lines", "title: Abi\nweight: [1, 2\ndescription: x\n", `t.yaml:2:9: error: invalid YAML: did not find expected ',' or ']' to close the list that opens here`},
		{"unclosed mapping", "a: {b: 1\nc: 2\n", `t.yaml:1:4: error: invalid YAML: did not find expected ',' or '}'`},
		{"unclosed list at the end", "title: Abi\nlanguages: [\n", "t.yaml:2:13: error: invalid YAML"},
		{"colon in value", "title: Abi\nowner: a: b\n", "t.yaml:2:9: error: invalid YAML: mapping values are not allowed in this context; quote a value"},
		{"tab", "title: Abi\n\tweight: 1\n", "t.yaml:2:1: error: invalid YAML: found a tab character that violates indentation; indent with spaces"},
		{"key indented wrong", "title: Abi\nowner:\n  a: 1\n b: 2\n", "t.yaml:4:2: error: invalid YAML: did not find expected key"},
		{"bad escape", `title: "x\q"` + "\n", `t.yaml:1:10: error: invalid YAML: found unknown escape character`},
		{"unknown anchor", "a: 1\nb: *nope\n", "t.yaml:2:4: error: invalid YAML: unknown anchor 'nope' referenced"},
		{"two documents", "a: 1\n---\nb: 2\n", "t.yaml:2:1: error: a second document starts here; YAML holds one"},
		{"too deep", "a: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", "t.yaml:1:36: error: invalid YAML: lists and mappings nest too deeply"},
		{"too large", "a: " + strings.Repeat("x", DefaultMaxBytes) + "\n", "t.yaml:1: error: YAML is 1 MiB; the limit is 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok, got, _ := read(t, tt.src, 1)
			if ok {
				t.Error("Read reported success")
			}
			check(t, got, []string{tt.want})
		})
	}
}

// TestFirstLine checks that positions are file lines when the document
// starts below the top of the file, as front matter does.
func TestFirstLine(t *testing.T) {
	_, _, got, _ := read(t, "title: Abi\nowner: \"x\n", 2)
	check(t, got, []string{"t.yaml:3:8: error: invalid YAML: the quoted text"})
	root, _, _, _ := read(t, "title: Abi\ncovers:\n  - a\n  - b\n", 2)
	if it := root.Get("covers").Items[1]; it.Line != 5 || it.Col != 5 {
		t.Errorf("second item at %d:%d, want 5:5", it.Line, it.Col)
	}
}

// TestAliasBomb checks that nested aliases cannot expand a small document
// into millions of values.
func TestAliasBomb(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g"} {
		src += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	_, ok, got, _ := read(t, src, 1)
	if ok {
		t.Error("Read accepted the alias bomb")
	}
	check(t, got, []string{"error: aliases expand the document past 200000 values"})
}

// TestAliasesResolve checks that a small alias reads as its anchor.
func TestAliasesResolve(t *testing.T) {
	root, ok, got, _ := read(t, "a: &x hello\nb: *x\n", 1)
	check(t, got, nil)
	if s, _ := root.Get("b").Str("b"); !ok || s != "hello" {
		t.Errorf("b = %q", s)
	}
}

// TestEveryProblem checks that one document reports all of its problems,
// each at its key or value: duplicates, unknown keys, wrong types.
func TestEveryProblem(t *testing.T) {
	src := "title: Abi\ntitel: x\ndraft: maybe\nreviewed: 2026-02-30\nweight: heavy\ntitle: Teine\npublish: 30.01.2026\ncovers: [a, {b: c}, d]\nname: [x]\n"
	root, ok, _, r := read(t, src, 1)
	if !ok {
		t.Fatal("did not parse")
	}
	known := []string{"title", "draft", "reviewed", "weight", "publish", "covers", "name"}
	root.Map("", known, func(k, v *Node) {
		switch k.Text {
		case "title", "name":
			v.Str(k.Text)
		case "draft":
			v.Bool(k.Text)
		case "reviewed", "publish":
			v.Date(k.Text)
		case "weight":
			v.Int(k.Text)
		case "covers":
			v.Strings(k.Text, true)
		}
	})
	check(t, lines(r.Diags), []string{
		`t.yaml:2:1: error: unknown key "titel"; did you mean title?`,
		`t.yaml:3:8: error: draft: expected true or false, found "maybe"; write draft: true or draft: false`,
		`t.yaml:4:11: error: reviewed: expected date (YYYY-MM-DD), "2026-02-30" is not a real calendar date; write the day as YYYY-MM-DD`,
		`t.yaml:5:9: error: weight: expected whole number, found "heavy"`,
		`t.yaml:6:1: error: title is set twice, on line 1 and on this line; keep one of the two`,
		`t.yaml:7:10: error: publish: expected date (YYYY-MM-DD), found "30.01.2026"`,
		`t.yaml:8:13: error: covers: expected list of strings, found a mapping`,
		`t.yaml:9:7: error: name: expected string, found a list`,
	})
}

// TestTypedValues checks the values the accessors return.
func TestTypedValues(t *testing.T) {
	src := "s: 'Küsi abi: kohe'\nn: ~\nb: Yes\ni: 12\nd: 2026-03-01\nts: 2026-03-01T10:00:00\nl: one\nm: {et: Abi, en: Help}\n"
	root, _, got, r := read(t, src, 1)
	check(t, got, nil)
	s, _ := root.Get("s").Str("s")
	n, _ := root.Get("n").Str("n")
	b, _ := root.Get("b").Bool("b")
	i, _ := root.Get("i").Int("i")
	d, _ := root.Get("d").Date("d")
	ts, _ := root.Get("ts").Date("ts")
	l := root.Get("l").Strings("l", true)
	m, _ := root.Get("m").StringMap("m")
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if s != "Küsi abi: kohe" || n != "" || !b || i != 12 || !d.Equal(day) || !ts.Equal(day) || len(l) != 1 || l[0] != "one" || m["en"] != "Help" {
		t.Errorf("got %q %q %v %d %v %v %v %v", s, n, b, i, d, ts, l, m)
	}
	if root.Get("l").Strings("l", false); len(lines(r.Diags)) != 1 {
		t.Errorf("a scalar where a strict list is expected was not reported: %v", lines(r.Diags))
	}
}

// TestReadStrings checks the theme-strings helper: a flat mapping, and
// the first problem as a positioned error.
func TestReadStrings(t *testing.T) {
	m, err := ReadStrings("i18n/et.yaml", []byte("skip: Otse sisu juurde\nexit: Lahku kiiresti\n"))
	if err != nil || m["exit"] != "Lahku kiiresti" {
		t.Errorf("got %v, %v", m, err)
	}
	_, err = ReadStrings("i18n/et.yaml", []byte("skip: x\nexit: [a]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "i18n/et.yaml:2:7: error: exit: expected string") {
		t.Errorf("err = %v", err)
	}
}

// FuzzRead checks that no input makes Read panic or return nil, and that
// every diagnostic has a line.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"a: 1\n", "a: [\n", "a: \"x\n", "&a [*a]", "a: &a {b: *a}\n", "- - - x\n", "? [a]\n: b\n", "a: b\n---\nc\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		r := &Reader{File: "f.yaml", Codes: CodesFor("f"), Diags: &diags}
		root, _ := r.Read([]byte(src))
		if root == nil {
			t.Fatal("nil root")
		}
		for _, d := range diags.Items() {
			if d.Line == 0 {
				t.Errorf("diagnostic without a line: %v", d)
			}
		}
	})
}
