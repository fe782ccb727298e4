package content

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gosimple/slug"
)

// TestSlugifyIsSlugMake checks that Slugify's shortcut for names that
// are already URL segments changes nothing: on fixed and random names
// over letters, digits, dashes, underscores, spaces, marks and Cyrillic,
// it gives what slug.Make gives, and the shortcut is taken for plain
// names.
func TestSlugifyIsSlugMake(t *testing.T) {
	names := []string{"", "abi", "abi-ja-tugi", "a_b", "_a", "a_", "-a", "a-", "a--b", "A", "abi ja tugi", " abi ", "õigus", "помощь", "a&b", "2024", "x-1_y"}
	alphabet := []rune("abz09-_ AZõšп&@.")
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		n := make([]rune, 1+r.IntN(8))
		for i := range n {
			n[i] = alphabet[r.IntN(len(alphabet))]
		}
		names = append(names, string(n))
	}
	for _, name := range names {
		if got, want := Slugify(name), slug.Make(strings.TrimSpace(name)); got != want {
			t.Errorf("Slugify(%q) = %q, slug.Make gives %q", name, got, want)
		}
	}
	for _, name := range []string{"abi", "abi-ja-tugi", "a_b", "2024"} {
		if !isSegment(name) {
			t.Errorf("isSegment(%q) = false: the plain name goes through slug.Make", name)
		}
	}
}
