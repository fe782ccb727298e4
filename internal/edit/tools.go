package edit

import (
	"github.com/haven-cms/haven/internal/site"
)

// insert is one entry of the body toolbar's "insert" list: a help
// contact as a tel: (or web) link, or a figure of facts.yaml as its
// {{fact ID}} reference, so that neither is retyped by hand.
type insert struct {
	Label, Text string
}

// inserts lists what the body toolbar offers to insert into a page in
// lang: the site's contacts, then its facts, labelled in lang.
func inserts(l *site.Loaded, lang string) []insert {
	def := l.Config.DefaultLanguage
	var out []insert
	for _, c := range l.Contacts {
		name := c.Label(lang, def)
		switch {
		case c.Tel != "":
			number := c.Number
			if number == "" {
				number = c.Tel
			}
			out = append(out, insert{Label: name + " " + number, Text: "[" + number + "](tel:" + c.Tel + ")"})
		case c.URL != "":
			out = append(out, insert{Label: name, Text: "[" + name + "](" + c.URL + ")"})
		}
	}
	for _, f := range l.Facts {
		label := f.Label[lang]
		if label == "" {
			label = f.Label[def]
		}
		if label == "" {
			label = f.ID
		}
		out = append(out, insert{Label: label + " ({{fact " + f.ID + "}})", Text: "{{fact " + f.ID + "}}"})
	}
	return out
}
