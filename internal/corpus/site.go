package corpus

import "fmt"

// specialPage is a page that is not one of the numbered ones.
type specialPage struct {
	file string // below content/<lang>/
	text string
}

// special returns a language's home page, section pages, accessibility
// statement and privacy notice.
func (g *generator) special(lang string) []specialPage {
	var out []specialPage
	add := func(file, title, extra string) {
		text := fmt.Sprintf("---\ntitle: %q\npublish: %s\nreviewed: %s\n%s---\n\n%s\n", title, day(start), day(start), extra, g.paragraph(lang, nil))
		out = append(out, specialPage{file, text})
	}
	add("_index.md", lang, "")
	for _, s := range Sections[:min(len(Sections), len(g.pages))] {
		add(s+"/_index.md", s, "")
	}
	add("ligipaasetavus.md", g.phrase(lang, 2), "covers: [accessibility-statement]\nmenu: footer\n")
	add("privaatsus.md", g.phrase(lang, 2), "covers: [privacy-notice]\nmenu: footer\n")
	return out
}

// contacts is content/_data/contacts.yaml of the corpus.
const contacts = `contacts:
  - id: victim-helpline
    number: "116 006"
    tel: "116006"
    hours: {et: "ööpäev läbi", en: "24/7", ru: "круглосуточно"}
    name: {et: "Ohvriabi kriisitelefon", en: "Victim support helpline", ru: "Кризисный телефон помощи жертвам"}
    verified: 2024-01-01
  - id: emergency
    number: "112"
    tel: "112"
    hours: {et: "ööpäev läbi", en: "24/7", ru: "круглосуточно"}
    name: {et: "Hädaabinumber", en: "Emergency number", ru: "Номер экстренной помощи"}
    verified: 2024-01-01
`

// config is the corpus's haven.yaml.
const config = `title: {et: "Ohvriabi", en: "Victim Support", ru: "Помощь жертвам"}
base_url: https://corpus.example.ee
default_language: et
languages:
  - {code: et, name: Eesti keeles}
  - {code: en, name: In English}
  - {code: ru, name: На русском}
`
