package theme

import (
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)
	cases := []struct {
		name, lang string
		t          time.Time
		want       string
	}{
		{"estonian", "et", d, "25.11.2026"},
		{"english", "en", d, "25 November 2026"},
		{"russian genitive", "ru", d, "25 ноября 2026"},
		{"russian may", "ru", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), "1 мая 2026"},
		{"unknown language", "fi", d, "25.11.2026"},
		{"zero", "et", time.Time{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FormatDate(c.lang, c.t); got != c.want {
				t.Errorf("FormatDate(%q) = %q, want %q", c.lang, got, c.want)
			}
		})
	}
}
