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
