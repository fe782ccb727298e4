package theme

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestNormalizeSearchText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"estonian letters", "Õigusabi ÄRA ööbik Üle Šokk Žürii", "oigusabi ara oobik ule sokk zurii"},
		{"russian yo and case", "ЁЖИК Ёлка", "ежик елка"},
		{"russian short i", "Мой край", "мои краи"},
		{"punctuation runs", "116 006 — tasuta, 24/7!", "116 006 tasuta 24 7"},
		{"decomposed input", "o\u0303igus", "oigus"},
		{"other latin", "Café Łódź straße", "cafe łodz straße"},
		{"empty", " \t ", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NormalizeSearchText(c.in); got != c.want {
				t.Errorf("NormalizeSearchText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestNewSearchEntry(t *testing.T) {
	text := strings.Repeat("Vägivald vägivald abi ", 50) + strings.Repeat("sõna", 1) + " " + strings.Repeat("pikksõna ", 10)
	e := NewSearchEntry("Abi kohe", "/et/abi/", "Helista 116 006", "Abi", text)
	if e.Text != "vagivald sona pikksona" {
		t.Errorf("Text = %q: want words once, folded, without title/description words", e.Text)
	}
	var long strings.Builder
	for i := range 3000 {
		long.WriteString(strings.Repeat("x", i%7+2))
		long.WriteString(string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + " ")
	}
	e = NewSearchEntry("T", "/u/", "", "", long.String())
	if len(e.Text) > MaxSearchText || len(e.Text) < MaxSearchText-20 {
		t.Errorf("text cut to %d bytes, want close to %d", len(e.Text), MaxSearchText)
	}
	if strings.HasSuffix(e.Text, " ") {
		t.Error("trailing space")
	}
}

func TestBuildSearchIndex(t *testing.T) {
	b := BuildSearchIndex(nil)
	if string(b) != `{"$schema":"/api/v1/schema/search.json","version":1,"pages":[]}` {
		t.Errorf("empty index = %s", b)
	}
	b = BuildSearchIndex([]SearchEntry{NewSearchEntry("Õ <b>", "/et/", "", "", "")})
	var doc struct {
		Pages []map[string]string `json:"pages"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.Pages[0]["t"] != "Õ <b>" || doc.Pages[0]["u"] != "/et/" {
		t.Errorf("index %s: %v", b, err)
	}
	entries := []SearchEntry{NewSearchEntry("Õ <b> & \"x\"", "/et/a/", "Kirjeldus\u2028", "abi", "tekst mida otsida"), {Title: "t", URL: "/u/"}}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		Schema  string        `json:"$schema"`
		Version int           `json:"version"`
		Pages   []SearchEntry `json:"pages"`
	}{SearchSchemaURL, 1, entries})
	if b = BuildSearchIndex(entries); string(b) != strings.TrimSuffix(want.String(), "\n") {
		t.Errorf("index\n%s\nwant encoding/json's\n%s", b, want.String())
	}
	if got := SearchIndexPath("ru"); got != "api/v1/search/ru.json" {
		t.Errorf("SearchIndexPath = %s", got)
	}
}
