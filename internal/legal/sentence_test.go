package legal

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSentenceMatch checks the matcher's rules one by one: inflection,
// word fragments, negation, order, link and e-mail addresses, lists
// read with their lead-in, and numbers with the calling code.
func TestSentenceMatch(t *testing.T) {
	tests := []struct {
		name, lang, phrase, text string
		want                     bool
	}{
		{"inflected Russian", "ru", "сексуальн* насил*", "Помощь при сексуальном насилии", true},
		{"stem, not fragment", "ru", "кому", "Никому не рассказывайте.", false},
		{"stem, not fragment 2", "ru", "труд", "Вам трудно говорить.", false},
		{"order-free", "en", "night day", "You can call day and night.", true},
		{"negated word", "et", "=tasuta", "Kõne ei ole tasuta.", false},
		{"negation required", "en", "~ name give", "You do not have to give your name.", true},
		{"negation required, absent", "en", "~ name give", "Please give your name.", false},
		{"negated modal after the word", "ru", "~ имя", "Называть своё имя не обязательно.", true},
		{"negation in another clause", "et", "=tasuta", "Parkimine ei ole lubatud, kõne on tasuta.", true},
		{"any polarity", "en", "? polic report compens", "If the crime was not reported to the police, no compensation is paid.", true},
		{"without a word", "en", "free -feel", "Feel free to call us.", false},
		{"URL is no word", "en", "victim support", "See https://victim.support.example/ for more.", false},
		{"www address is no word", "en", "victim", "See WWW.Victim.example for more.", false},
		{"a word before www. is", "en", "victim", "Victim support: www.example.ee", true},
		{"phone atom", "et", "#phone", "Helista 5555 0000.", true},
		{"phone atom with the calling code", "et", "#phone", "Helista +372 612 1360.", true},
		{"phone atom needs seven digits", "et", "#phone", "Helista 555 000.", false},
		{"e-mail is no word", "et", "ohvriabi", "Kirjuta aadressil ohvriabi@sotsiaalkindlustusamet.ee", false},
		{"e-mail atom", "et", "@email", "Kirjuta aadressil ohvriabi@sotsiaalkindlustusamet.ee", true},
		{"number with spaces", "en", "#116006", "Call 116 006.", true},
		{"number with calling code", "en", "#116006", "From abroad, dial +372 116 006.", true},
		{"number is not a part", "en", "#112", "The case number is 2-24-1120.", false},
		{"list read with its lead-in", "et", "hüvitist taotle* ülalpeetav*", "Hüvitist võid taotleda, kui:\noled hukkunud inimese ülalpeetav;", true},
		{"a long line ends the list", "et", "hüvitist taotle* ülalpeetav*", "Hüvitist võid taotleda, kui:\n" +
			"see lause on pikem kui viisteist sõna ja seega ei ole see loetelu osa vaid tavaline lõik tekstis.\noled ülalpeetav.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parsePhrase(tt.lang, tt.phrase)
			if err != nil {
				t.Fatal(err)
			}
			got := FindSentence(Sentences(tt.lang, tt.text), []*Phrase{p}) != nil
			if got != tt.want {
				t.Errorf("%q in %q: got %v, want %v", tt.phrase, tt.text, got, tt.want)
			}
		})
	}
}

// TestTitleIsNoEvidence checks that a page's title (the first line of
// its evidence text) is not among the sentences an item is matched on.
func TestTitleIsNoEvidence(t *testing.T) {
	text := NewText("Tasuta abi\nHelista meile.")
	for _, s := range text.Sentences("et", nil) {
		if s.Text == "Tasuta abi" {
			t.Errorf("the title is a sentence of the body: %+v", s)
		}
	}
}

// TestSentenceEndIsTheRegexp checks the hand-written end of a sentence
// against the regexp it stands for, on lines with every case of it:
// runs of stops, quotes on either side, other spaces, Cyrillic and
// accented capitals, a stop at the end of the line, invalid UTF-8.
func TestSentenceEndIsTheRegexp(t *testing.T) {
	re := regexp.MustCompile(`[.!?…]+["»”“]?\s+["«„“]?[\p{Lu}]`)
	for _, line := range []string{
		"Tere. Kes", "a.. B", "x.» B", "Tere. «Kes", "Mis? „Jah", "Oota… Siin", "Hi!\tThere", "Это. Р", "ÀÉ. Ñ",
		"a. b. C", "a.b C", "a . B", "a.\u00a0B", "a.”  “B", "lõpp.", "lõpp. ", "x.\"", "x.\" ", "1. 2. Kolm",
		"\xff. \xfe", "e.g. Mr. X.\nY", "no stop here", "", ".", ". A", "?!… Ё",
	} {
		if got, want := sentenceEnd(line), re.FindStringIndex(line); !slices.Equal(got, want) {
			t.Errorf("%q: sentenceEnd %v, regexp %v", line, got, want)
		}
	}
}

// TestIsWordRune holds isWordRune's shortcuts to Unicode's letters and
// nonspacing marks, for every rune.
func TestIsWordRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := unicode.IsLetter(r) || unicode.Is(unicode.Mn, r); isWordRune(r) != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, !want, want)
		}
	}
}

// TestDecode holds decode's shortcuts to utf8.DecodeRuneInString for
// every one- and two-byte input, and a few longer ones.
func TestDecode(t *testing.T) {
	var inputs []string
	for a := range 256 {
		inputs = append(inputs, string([]byte{byte(a)}))
		for b := range 256 {
			inputs = append(inputs, string([]byte{byte(a), byte(b)}))
		}
	}
	inputs = append(inputs, "ж", "õ", "€", "😀", "\xe2\x80", "\xf0\x9f\x98")
	for _, s := range inputs {
		r, size := decode(s, 0)
		if wr, wsize := utf8.DecodeRuneInString(s); r != wr || size != wsize {
			t.Fatalf("decode(%q) = %U, %d; want %U, %d", s, r, size, wr, wsize)
		}
	}
}

// BenchmarkSentences splits and tokenizes a page of Russian and Estonian
// text, the bulk of the coverage and drift checks' work a page.
func BenchmarkSentences(b *testing.B) {
	text := strings.Repeat("Жертва преступления имеет право на бесплатную помощь: позвоните 116 006. Kannatanul on õigus tasuta abile, helista 116 006.\n", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences("ru", text)
	}
}
