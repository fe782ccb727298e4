package edit

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// apply rebuilds both texts from a diff's full line list.
func TestLineDiffRebuildsBothTextsAndMarksFacts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "Helista 116 006", "d", ""}
	for n := range 300 {
		gen := func() string {
			var lines []string
			for range rng.IntN(12) {
				lines = append(lines, words[rng.IntN(len(words))])
			}
			return strings.Join(lines, "\n")
		}
		old, nu := gen(), gen()
		a, b := textLines(old), textLines(nu)
		ops := diffOps(a, b)
		var ra, rb []string
		i, j := 0, 0
		for _, op := range ops {
			switch op {
			case ' ':
				if a[i] != b[j] {
					t.Fatalf("case %d: kept lines differ: %q %q", n, a[i], b[j])
				}
				ra, rb, i, j = append(ra, a[i]), append(rb, b[j]), i+1, j+1
			case '-':
				ra, i = append(ra, a[i]), i+1
			case '+':
				rb, j = append(rb, b[j]), j+1
			}
		}
		if strings.Join(ra, "\n") != strings.Join(a, "\n") || strings.Join(rb, "\n") != strings.Join(b, "\n") {
			t.Fatalf("case %d: the diff of %q → %q does not rebuild them", n, old, nu)
		}
	}
	h := lineDiff("x\nHelista 116 006.\ny\n", "x\nHelista 116 007.\ny\n", []string{"116 006", "116 007"})
	if len(h) != 1 || len(h[0].Lines) != 4 {
		t.Fatalf("hunks %+v", h)
	}
	del, add := h[0].Lines[1], h[0].Lines[2]
	if del.Op != "-" || add.Op != "+" || !del.Parts[1].Mark || del.Parts[1].Text != "116 006" || add.Parts[1].Text != "116 007" {
		t.Fatalf("the changed number is not marked: %+v %+v", del, add)
	}
}
