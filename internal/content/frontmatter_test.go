package content

import (
	"runtime"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
)

// TestCoversItemPositions checks that each covers id has its own place,
// so haven check can point at the unknown one rather than at covers:.
func TestCoversItemPositions(t *testing.T) {
	p, diags := parse(t, "---\ntitle: Abi\ncovers:\n  - helpline-116006\n  - no-such-id\n---\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := p.ItemPosition("covers", 1); got != (Pos{5, 5}) {
		t.Errorf("second covers item at %v, want 5:5", got)
	}
	p, _ = parse(t, "---\ntitle: Abi\ncovers: [a, b]\n---\n")
	if got := p.ItemPosition("covers", 1); got != (Pos{3, 13}) {
		t.Errorf("flow covers item at %v, want 3:13", got)
	}
	p, _ = parse(t, "---\ntitle: Abi\ncovers: a\n---\n")
	if got := p.ItemPosition("covers", 0); got != (Pos{3, 1}) {
		t.Errorf("single covers value at %v, want the key 3:1", got)
	}
	p, _ = parse(t, "+++\ntitle = 'Abi'\ncovers = ['a', 'b']\n+++\n")
	if got := p.ItemPosition("covers", 1); got.Line != 3 {
		t.Errorf("TOML covers item at %v, want line 3", got)
	}
	if got := p.ItemPosition("aliases", 0); got.Line != 1 {
		t.Errorf("absent key at %v, want line 1", got)
	}
}

// TestHostileTOML feeds front matter that used to take gigabytes in the
// TOML parser (nesting 30 KiB deep) and checks that each is refused
// before parsing, with a positioned error and little memory.
func TestHostileTOML(t *testing.T) {
	const n = 30 << 10 / 6
	inputs := map[string]string{
		"inline tables": "a = " + strings.Repeat("{a = ", n) + "1" + strings.Repeat("}", n),
		"dotted keys":   strings.Repeat("a.", 30<<10/2) + "a = 1",
		"arrays":        "a = " + strings.Repeat("[", 30<<10) + strings.Repeat("]", 30<<10),
		"table header":  "[" + strings.Repeat("a.", 30<<10/2) + "a]",
		"dotted tables": "a = {" + strings.Repeat("b.", 8) + "c = {" + strings.Repeat("d.", 8) + "e = 1}}",
	}
	for name, fm := range inputs {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var diags diag.List
			Parse("content/et/abi/leht.md", []byte("+++\ntitle = 'Abi'\n"+fm+"\n+++\n"), &diags)
			runtime.ReadMemStats(&after)
			items := diags.Items()
			if len(items) != 1 || items[0].Line != 3 || items[0].Column == 0 || items[0].Code != "frontmatter.syntax" ||
				!strings.Contains(items[0].Message, "nest more than 16 levels deep") {
				t.Fatalf("got %v", items)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("refusing it allocated %d MiB", alloc>>20)
			}
		})
	}
}

// TestTOMLDepthAllowsRealFrontMatter checks that the bound leaves
// ordinary TOML alone: strings with dots and brackets, floats, arrays.
func TestTOMLDepthAllowsRealFrontMatter(t *testing.T) {
	src := "+++\ntitle = 'Abi [1.2.3] {x}'\ndescription = \"\"\"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\n[[[[[[[[[[[[[[[[[[\"\"\"\n" +
		"covers = ['a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r', \"[[[[[[[[[[[[[[[[[[\"] # a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q\nweight = 1\n+++\n"
	if _, diags := parse(t, src); len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
}
