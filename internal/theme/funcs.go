package theme

import (
	"fmt"
	"html/template"
	"time"
)

// Funcs are the only functions templates may call.
var Funcs = template.FuncMap{
	// date formats a day for readers of lang: 25.11.2026 (et),
	// 25 November 2026 (en), 25 ноября 2026 (ru).
	"date": FormatDate,
	// iso formats a day as YYYY-MM-DD for <time datetime>.
	"iso": func(t time.Time) string { return t.Format("2006-01-02") },
	// asset returns the hashed URL of a theme static file.
	"asset": func(s *Site, name string) string {
		if u, ok := s.Assets[name]; ok {
			return u
		}
		return "/assets/" + name
	},
	// csp is the page's Content Security Policy for the meta tag.
	"csp": CSP,
	// contactsJSONLD is the schema.org Organization with the page's
	// contacts as ContactPoints; see ContactJSONLD. Its @id is the same
	// on every page of the site ([OrganizationID]).
	"contactsJSONLD": func(p *Page) template.JS {
		u, id, title := p.Permalink, "", ""
		if p.Site != nil && p.Site.BaseURL != "" {
			u = p.Site.BaseURL + "/" + p.Lang + "/"
			id = OrganizationID(p.Site.BaseURL)
		}
		if p.Site != nil {
			title = p.Site.Title
		}
		return ContactJSONLD(id, title, u, p.Contacts)
	},
	// searchIndex is the site-absolute URL of a language's search index.
	"searchIndex": func(lang string) string { return "/" + SearchIndexPath(lang) },
	// hasURL reports whether one of links leads to url, so a template
	// can skip a link the site's menu already has.
	"hasURL": func(links []Link, url string) bool {
		for _, l := range links {
			if l.URL == url {
				return true
			}
		}
		return false
	},
	// tr looks up an interface string in another language (for notes
	// written in the language a link leads to). Each Theme binds its own
	// strings; this placeholder only returns the key.
	"tr": func(lang, key string) string { return key },
}

var monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var monthsRU = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}

// FormatDate formats t the way readers of lang write dates.
func FormatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	switch lang {
	case "en":
		return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
	case "ru":
		return fmt.Sprintf("%d %s %d", t.Day(), monthsRU[t.Month()-1], t.Year())
	default: // et and most of Europe
		return t.Format("02.01.2006")
	}
}
