package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestFactReferences(t *testing.T) {
	facts := func(lang, id, form string) (string, bool) {
		if id != "cap" {
			return "", false
		}
		if form == "number" {
			return "946", true
		}
		return map[string]string{"et": "946\u00a0eurot", "en": "€946"}[lang], true
	}
	r := New(NoHTML).WithFacts(facts)
	src := "Kuni {{fact cap}} aastas.\n\nKuni {{fact cap number}} euroni, `{{fact cap}}` ja {{fact nope}}.\n"
	res, err := r.RenderIn([]byte(src), "et")
	if err != nil {
		t.Fatal(err)
	}
	wantHTML := "<p>Kuni 946\u00a0eurot aastas.</p>\n<p>Kuni 946 euroni, <code>{{fact cap}}</code> ja {{fact nope}}.</p>\n"
	if string(res.HTML) != wantHTML {
		t.Errorf("HTML:\n got %q\nwant %q", res.HTML, wantHTML)
	}
	if !strings.Contains(res.Text, "Kuni 946\u00a0eurot aastas.") {
		t.Errorf("text lacks the inserted figure: %q", res.Text)
	}
	want := []FactRef{
		{ID: "cap", Text: "946\u00a0eurot", Full: "946\u00a0eurot", Known: true, Line: 1, Column: 6, offset: 5},
		{ID: "cap", Form: "number", Text: "946", Full: "946\u00a0eurot", Known: true, Line: 3, Column: 6, offset: 32},
		{ID: "nope", Line: 3, Column: 52, offset: 78},
	}
	if !reflect.DeepEqual(res.Facts, want) {
		t.Errorf("refs:\n got %+v\nwant %+v", res.Facts, want)
	}
	en, _ := r.RenderIn([]byte("Up to {{fact cap}}.\n"), "en")
	if string(en.HTML) != "<p>Up to €946.</p>\n" {
		t.Errorf("en: %q", en.HTML)
	}
	plain, _ := New(NoHTML).Render([]byte("Up to {{fact cap}}.\n"))
	if string(plain.HTML) != "<p>Up to {{fact cap}}.</p>\n" || len(plain.Facts) != 1 || plain.Facts[0].Known {
		t.Errorf("without facts: %q %+v", plain.HTML, plain.Facts)
	}
}
