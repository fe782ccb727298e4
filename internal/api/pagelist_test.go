package api

import "testing"

// TestPageListIsEncodingJSON holds the hand-written page list to the
// bytes encode (encoding/json) writes, with every field set and unset,
// nil and empty lists and maps, and strings that need escaping.
func TestPageListIsEncodingJSON(t *testing.T) {
	odd := "a \"quote\", a \\ and <b>&</b>, \n\t\x01, \u2028, bad \xff UTF-8, Ä ж"
	for _, d := range []pagesDoc{
		{Schema: "/api/v1/schema/pages.json", Version: 1, Language: "et", Pages: []pageSummary{}},
		{Schema: "s", Version: 7, Language: odd},
		{Schema: "s", Version: 1, Language: "ru", Pages: []pageSummary{
			{ID: "abi", Lang: "ru", Kind: "section", URL: "/ru/abi/", Document: "/api/v1/ru/pages/abi.json", Title: odd, Description: odd, Section: "abi",
				Published: "2026-01-01", Updated: "2026-02-02", Reviewed: "2026-03-03", Expires: "2027-01-01", Owner: odd,
				Covers: []string{"helpline-116006", odd}, EasyRead: true, Weight: -3, Translations: map[string]string{"ru": "/ru/abi/", "et": "/et/abi/", odd: odd}},
			{ID: "x", Covers: []string{}, Translations: map[string]string{}},
			{},
		}},
	} {
		want, err := encode(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendPagesDoc(nil, d); string(got) != string(want) {
			t.Errorf("page list\n%s\nwant\n%s", got, want)
		}
	}
}

// TestPageDocIsEncodingJSON holds the hand-written page document to the
// bytes encoding/json's Encoder writes.
func TestPageDocIsEncodingJSON(t *testing.T) {
	odd := "a \"quote\", a \\ and <b>&</b>, \n\t\x01, \u2028\u2029, bad \xff UTF-8, Ä ж"
	for _, d := range []pageDoc{
		{},
		{Schema: "/api/v1/schema/page.json", Version: 1, pageSummary: pageSummary{ID: "abi", Lang: "et", Covers: []string{"a", odd},
			Owner: odd, EasyRead: true, Translations: map[string]string{"et": "/et/abi/"}}, HTML: "<p>" + odd + "</p>\n", Text: odd},
	} {
		want, err := encode(d)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendPageDoc(nil, d); string(got) != string(want) {
			t.Errorf("page document\n%s\nwant\n%s", got, want)
		}
	}
}
