package stem

import (
	"strconv"
	"strings"
	"testing"
)

// TestWord checks inflected forms share a stem and word fragments do not.
func TestWord(t *testing.T) {
	same := []struct{ lang, a, b string }{
		{"et", "ohvriabitöötajale", "ohvriabitöötaja"},
		{"et", "tasuta", "tasuta"},
		{"et", "politseisse", "politseile"},
		{"ru", "бесплатная", "бесплатно"},
		{"ru", "сексуальном", "сексуальное"},
		{"ru", "ходатайство", "ходатайства"},
		{"en", "costs", "cost"},
		{"en", "reporting", "reported"},
	}
	for _, c := range same {
		if x, y := Word(c.lang, c.a), Word(c.lang, c.b); x != y {
			t.Errorf("%s: %q -> %q, %q -> %q; want one stem", c.lang, c.a, x, c.b, y)
		}
	}
	differ := []struct{ lang, a, b string }{
		{"ru", "никому", "кому"},
		{"ru", "трудно", "труд"},
		{"en", "freedom", "free"},
	}
	for _, c := range differ {
		if x, y := Word(c.lang, c.a), Word(c.lang, c.b); x == y {
			t.Errorf("%s: %q and %q share stem %q", c.lang, c.a, c.b, x)
		}
	}
	if got := Word("de", "Häuser"); got != "häuser" {
		t.Errorf("no stemmer: got %q, want the word lower-cased", got)
	}
}

// TestWordCached: a remembered stem is the stem, whatever the case of
// the word as written, and the cache starts over past its size.
func TestWordCached(t *testing.T) {
	for range 2 {
		if got := Word("ru", "Бесплатная"); got != Word("ru", "бесплатная") || got == "бесплатная" {
			t.Errorf("Бесплатная → %q", got)
		}
	}
	for i := range cacheSize + 10 {
		Word("en", "w"+strconv.Itoa(i))
	}
	if n := len(caches["en"].m); n > cacheSize {
		t.Errorf("English cache holds %d words, over %d", n, cacheSize)
	}
	if got := Word("en", "costs"); got != "cost" {
		t.Errorf("costs → %q after the cache started over", got)
	}
}

func BenchmarkWord(b *testing.B) {
	words := strings.Fields("Ohvriabi kriisitelefon vastab ööpäev läbi ja kõne on tasuta. Sa võid jääda anonüümseks ning oma nime ei pea ütlema. Nõustajad räägivad eesti, vene ja inglise keeles.")
	for b.Loop() {
		for _, w := range words {
			Word("et", w)
		}
	}
}
