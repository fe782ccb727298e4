package browsertest

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/theme"
	"github.com/haven-cms/haven/themes"
)

// renderFixture writes a small three-language site with the default theme
// into out, standing in for the sample site while `haven build` does not
// work: what the site package would pass to the theme, written by hand.
func renderFixture(out string) error {
	th, err := theme.Load(themes.Default())
	if err != nil {
		return err
	}
	write := func(name string, b []byte) error {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, b, 0o644)
	}
	assets := map[string]string{}
	for name, hashed := range th.Hashed {
		assets[name] = "/assets/" + hashed
		if err := write("assets/"+hashed, th.Static[name]); err != nil {
			return err
		}
	}
	type text struct{ title, home, section, page, body, exit, a11y, privacy, search, name string }
	langs := []string{"et", "en", "ru"}
	texts := map[string]text{
		"et": {"Ohvriabi", "Abi on olemas", "Abi", "Kriisiabi ööpäev läbi", "Õigusabi ja nõustamine. Ära jää üksi: helista või kirjuta. Šokk ja žürii.", "Lahku kiiresti", "Ligipääsetavus", "Privaatsus", "Otsing", "Eesti keeles"},
		"en": {"Victim Support", "Help is here", "Help", "Crisis help day and night", "Legal aid and counselling. You are not alone: call or write.", "Leave this site quickly", "Accessibility", "Privacy", "Search", "In English"},
		"ru": {"Помощь жертвам", "Помощь рядом", "Помощь", "Кризисная помощь круглосуточно", "Юридическая помощь и консультации. Ёжик: вы не одни, позвоните или напишите.", "Как быстро покинуть сайт", "Доступность", "Конфиденциальность", "Поиск", "На русском"},
	}
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, lang := range langs {
		tx := texts[lang]
		site := &theme.Site{Title: tx.title, BaseURL: "https://example.org", DefaultLanguage: "et", Generator: "haven fixture", Assets: assets}
		base := func(kind, key, title string, content string) *theme.Page {
			url := "/" + lang + "/" + key
			if key != "" {
				url += "/"
			}
			p := &theme.Page{
				Site: site, Kind: kind, Lang: lang, LangName: tx.name, Dir: "ltr", Title: title,
				URL: url, Permalink: site.BaseURL + url, Content: template.HTML(content),
				Published: day, Updated: day.AddDate(0, 1, 0),
				Menu:             []theme.Link{{Title: tx.section, URL: "/" + lang + "/abi/", Current: key == "abi"}},
				Footer:           []theme.Link{{Title: tx.a11y, URL: "/" + lang + "/ligipaasetavus/"}, {Title: tx.privacy, URL: "/" + lang + "/privaatsus/"}},
				Contacts:         []theme.Contact{{ID: "ohvriabi", Name: "116 006", Number: "116 006", Tel: "116006", Hours: "24/7"}, {ID: "112", Name: "112", Number: "112", Tel: "112", Hours: "24/7"}},
				QuickExitURL:     "https://www.ilmateenistus.ee/",
				QuickExitHelpURL: "/" + lang + "/lahku-kiiresti/",
				SearchURL:        "/" + lang + "/search/",
				T:                th.Strings(lang),
			}
			for _, l := range langs {
				exists := l != "ru" || key != "abi/kriisiabi"
				u := "/" + l + "/" + key
				if key != "" {
					u += "/"
				}
				if !exists {
					u = "/" + l + "/"
				}
				p.Translations = append(p.Translations, theme.Translation{Lang: l, Name: texts[l].name, URL: u, Exists: exists, Current: l == lang})
			}
			return p
		}
		body := "<p>" + tx.body + "</p>\n<h2 id=\"a\">" + tx.section + "</h2>\n<p>" + strings.Repeat(tx.body+" ", 6) + "</p>\n<h2 id=\"b\">" + tx.exit + "</h2>\n<p>" + tx.body + "</p>"
		pages := map[string]*theme.Page{
			"":               base("home", "", tx.home, "<p>"+tx.body+"</p>"),
			"abi":            base("section", "abi", tx.section, "<p>"+tx.body+"</p>"),
			"lahku-kiiresti": base("page", "lahku-kiiresti", tx.exit, body),
			"ligipaasetavus": base("page", "ligipaasetavus", tx.a11y, "<p>"+tx.body+"</p>"),
			"privaatsus":     base("page", "privaatsus", tx.privacy, "<p>"+tx.body+"</p>"),
			"search":         base("search", "search", tx.search, ""),
		}
		if lang != "ru" {
			pages["abi/kriisiabi"] = base("page", "abi/kriisiabi", tx.page, body)
			pages["abi/kriisiabi"].Headings = []theme.Link{{Title: tx.section, URL: "#a"}, {Title: tx.exit, URL: "#b"}}
			pages["abi/kriisiabi"].Breadcrumbs = []theme.Link{{Title: tx.title, URL: "/" + lang + "/"}, {Title: tx.section, URL: "/" + lang + "/abi/"}}
			pages["abi"].Children = []theme.Link{{Title: tx.page, URL: "/" + lang + "/abi/kriisiabi/", Description: tx.body}}
		}
		pages[""].Children = []theme.Link{{Title: tx.section, URL: "/" + lang + "/abi/"}, {Title: tx.exit, URL: "/" + lang + "/lahku-kiiresti/"}}
		var entries []theme.SearchEntry
		for key, p := range pages {
			if key != "search" {
				pages["search"].Children = append(pages["search"].Children, theme.Link{Title: p.Title, URL: p.URL})
				entries = append(entries, theme.NewSearchEntry(p.Title, p.URL, p.Description, "", string(p.Content)))
			}
		}
		notFound := base("404", "404", "404", "")
		pages["404"] = notFound
		for key, p := range pages {
			var b bytes.Buffer
			if err := th.Render(&b, p); err != nil {
				return err
			}
			name := lang + "/" + key + "/index.html"
			if key == "" {
				name = lang + "/index.html"
			} else if key == "404" {
				name = lang + "/404.html"
			}
			if err := write(name, b.Bytes()); err != nil {
				return err
			}
		}
		if err := write(theme.SearchIndexPath(lang), theme.BuildSearchIndex(entries)); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	err = th.RenderRedirect(&b, &theme.Redirect{Site: &theme.Site{BaseURL: "https://example.org"}, Lang: "et", Target: "/et/", Title: "Ohvriabi"})
	if err != nil {
		return err
	}
	if err := write("index.html", b.Bytes()); err != nil {
		return err
	}
	return write(theme.HeadersFile, theme.Headers(nil))
}
