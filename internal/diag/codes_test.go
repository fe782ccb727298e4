package diag

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/diagnostics.md from the table")

// TestCodesTable checks the table itself: sorted, each code once, well
// formed, with a summary and a fix that are one line each.
func TestCodesTable(t *testing.T) {
	if !slices.IsSortedFunc(Codes, func(a, b CodeInfo) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Codes is not sorted by code")
	}
	seen := map[string]bool{}
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("%s is listed twice", c.Code)
		}
		seen[c.Code] = true
		if !codeRE.MatchString(c.Code) {
			t.Errorf("%q does not look like a code (namespace.kind-words)", c.Code)
		}
		for what, s := range map[string]string{"Summary": c.Summary, "Fix": c.Fix} {
			if s == "" || strings.ContainsAny(s, "\n|") || !strings.HasSuffix(s, ".") {
				t.Errorf("%s: %s %q must be one sentence (or two) ending in a full stop, without | or newlines", c.Code, what, s)
			}
		}
		if _, ok := namespaces[namespace(c.Code)]; !ok {
			t.Errorf("%s: namespace %s has no description in codes_test.go's namespaces", c.Code, namespace(c.Code))
		}
	}
}

// TestCodesEmitted walks the module's Go sources: every code emitted must
// be in the table, and every code in the table must be emitted somewhere.
func TestCodesEmitted(t *testing.T) {
	fset, files := parseModule(t)
	table := map[string]bool{}
	inTable := map[string]bool{}
	for _, c := range Codes {
		table[c.Code] = true
		inTable[namespace(c.Code)] = true
	}
	used := map[string]bool{}
	for _, e := range emitted(fset, files) {
		used[e.code] = true
		if !table[e.code] {
			t.Errorf("%s: emits %s, which diag.Codes lacks: add it to internal/diag/codes.go and run go test ./internal/diag -update", e.pos, e.code)
		}
	}
	for _, e := range lookalikes(fset, files, inTable) {
		if !used[e.code] {
			t.Errorf("%s: %q looks like a diagnostic code but is not passed as one the test recognises (a Code field, a code variable or a code parameter); if it is a code, pass it that way", e.pos, e.code)
		}
	}
	for _, c := range Codes {
		if !used[c.Code] {
			t.Errorf("diag.Codes lists %s, which nothing emits: remove it", c.Code)
		}
	}
	if len(used) < 70 {
		t.Errorf("found only %d emitted codes; the source walk misses some", len(used))
	}
}

// TestCodesFinder checks on a small source that the walk finds codes in
// each way they are passed, and nothing else.
func TestCodesFinder(t *testing.T) {
	const src = `package p
const CodeX = "p.const"
func errorf(line int, code, msg string) {}
func f(l *List) {
	l.Add(Diagnostic{Code: "p.field"})
	errorf(1, "p.param", "p.not-a-code")
	code := "p.var"
	_ = code
	_ = CodesFor("q")
	_ = CodesFor("yaml")
	open("haven.yaml")
}`
	fset, files := parseSource(t, src)
	var got []string
	for _, e := range emitted(fset, files) {
		got = append(got, e.code)
	}
	slices.Sort(got)
	want := []string{"p.const", "p.field", "p.param", "p.var", "q.duplicate-key", "q.syntax", "q.type", "q.unknown-key"}
	if !slices.Equal(got, want) {
		t.Errorf("emitted = %q, want %q", got, want)
	}
	var looks []string
	for _, e := range lookalikes(fset, files, map[string]bool{"p": true, "haven": true}) {
		looks = append(looks, e.code)
	}
	if !slices.Contains(looks, "p.not-a-code") || slices.Contains(looks, "haven.yaml") {
		t.Errorf("lookalikes = %q, want p.not-a-code and no file name", looks)
	}
}

// TestDiagnosticsDoc checks that docs/diagnostics.md is what the table
// generates; -update rewrites it.
func TestDiagnosticsDoc(t *testing.T) {
	var b bytes.Buffer
	writeDoc(&b)
	file := filepath.Join(moduleRoot(t), "docs", "diagnostics.md")
	if *update {
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/diag -run TestDiagnosticsDoc -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("docs/diagnostics.md is not what internal/diag/codes.go generates; run go test ./internal/diag -run TestDiagnosticsDoc -update")
	}
	for _, c := range Codes {
		if !bytes.Contains(got, []byte("`"+c.Code+"`")) {
			t.Errorf("docs/diagnostics.md lacks %s", c.Code)
		}
	}
}

// namespaces describe each code namespace for docs/diagnostics.md.
var namespaces = map[string]string{
	"authoring":   "Authoring checks: what keeps a page's body from being accessible that its author can fix (ATAG 2.0 part B).",
	"build":       "The preview server (`haven serve`).",
	"check":       "The checks of the site's pages against the rulebook, links and translations (`haven build`, `haven check`).",
	"config":      "`haven.yaml`, the site's settings.",
	"content":     "The files under `content/`.",
	"data":        "`content/_data/contacts.yaml`, the help contacts.",
	"facts":       "Figures a site repeats: `content/_data/facts.yaml`, the pages that insert or restate them, and pages of one language that disagree.",
	"frontmatter": "A page's front matter.",
	"markdown":    "A page's Markdown.",
	"origin":      "The rendered pages: nothing loads from another origin.",
	"roles":       "`.haven/roles.yaml`, who may edit, review and publish.",
	"rules":       "`rules.yaml`, the site's rulebook.",
	"signoff":     "`signoff.yaml`, a reviewer's decisions on coverage cells.",
	"theme":       "The site's theme under `themes/`.",
	"translation": "Translation drift: facts that differ from the default-language page.",
	"url":         "The URLs pages and aliases claim.",
}

// namespace is the part of a code before the dot.
func namespace(code string) string {
	ns, _, _ := strings.Cut(code, ".")
	return ns
}

// writeDoc writes docs/diagnostics.md from the table.
func writeDoc(b *bytes.Buffer) {
	b.WriteString(`# Diagnostic codes

<!-- Generated from internal/diag/codes.go by
     go test ./internal/diag -run TestDiagnosticsDoc -update
     Do not edit by hand. -->

Every diagnostic haven reports carries a stable code, ` + "`namespace.kind`" + `. The
terminal shows the message and the hint; the JSON and JUnit reports of
` + "`haven check`" + ` and the preview's dashboard show the code too, so scripts and
CI can match on it. Codes are a public contract: a code is never renamed or
reused for something else.

Severity **error** fails ` + "`haven build`" + ` and ` + "`haven check`" + ` (exit status 1);
**warning** is reported and the run succeeds.
`)
	var last string
	for _, c := range Codes {
		if ns := namespace(c.Code); ns != last {
			last = ns
			fmt.Fprintf(b, "\n## %s\n\n%s\n\n| code | severity | meaning | what to do |\n|---|---|---|---|\n", ns, namespaces[ns])
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", c.Code, c.Severity, c.Summary, c.Fix)
	}
}
