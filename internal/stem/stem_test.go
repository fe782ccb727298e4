package stem

import "testing"

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
