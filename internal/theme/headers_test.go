package theme

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCSP(t *testing.T) {
	cases := []struct {
		name    string
		allowed []string
		want    []string
		notWant []string
	}{
		{"strict", nil,
			[]string{"default-src 'none'", "script-src 'self';", "style-src 'self';", "frame-src 'none'", "base-uri 'none'", "object-src 'none'", "form-action 'self'"},
			[]string{"unsafe-inline", "unsafe-eval", "*", "frame-ancestors"}},
		{"allowlist", []string{"https://Chat.example.ee/", "https://chat.example.ee"},
			[]string{"script-src 'self' https://chat.example.ee;", "frame-src https://chat.example.ee;"},
			[]string{"Chat", "ee/"}},
		{"injection ignored", []string{"https://x.ee; script-src *", "javascript:alert(1)", "'unsafe-inline'", "data:", "https://"},
			[]string{"script-src 'self';"},
			[]string{"x.ee", "javascript", "unsafe-inline", "*"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CSP(c.allowed)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("CSP lacks %q:\n%s", w, got)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(got, w) {
					t.Errorf("CSP has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	h := SecurityHeaders(nil)
	for k, want := range map[string]string{
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Content-Security-Policy": CSP(nil) + "; frame-ancestors 'none'",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if !strings.Contains(h.Get("Permissions-Policy"), "geolocation=()") {
		t.Error("Permissions-Policy does not switch off geolocation")
	}
	file := string(Headers(nil))
	if !strings.HasPrefix(file, "/*\n  ") || !strings.Contains(file, "\n  Referrer-Policy: no-referrer\n") ||
		!strings.Contains(file, "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n") {
		t.Errorf("_headers file:\n%s", file)
	}
	if string(Headers(nil)) != file {
		t.Error("Headers is not deterministic")
	}
}

func TestContactJSONLD(t *testing.T) {
	js := ContactJSONLD(OrganizationID("https://example.org"), "Ohvriabi </script>", "https://example.org/et/", []Contact{
		{ID: "ohvriabi", Name: "Ohvriabi kriisitelefon", Number: "116 006", Tel: "116006", Hours: "24/7"},
		{ID: "chat", URL: "https://www.palunabi.ee/"},
	})
	if strings.Contains(string(js), "</script") {
		t.Fatal("JSON-LD can close its script element")
	}
	var doc struct {
		Context string `json:"@context"`
		Type    string `json:"@type"`
		ID      string `json:"@id"`
		Points  []struct {
			Type, Telephone, ContactType, URL string
			Description                       *string
			HoursAvailable                    *struct {
				Type        string `json:"@type"`
				Description string
			}
		} `json:"contactPoint"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context != "https://schema.org" || doc.Type != "Organization" || len(doc.Points) != 2 ||
		doc.Points[0].Telephone != "116006" || doc.Points[1].ContactType != "chat" || doc.Points[1].URL == "" {
		t.Errorf("JSON-LD %s", js)
	}
	if doc.ID != "https://example.org/#organization" {
		t.Errorf("@id = %q, want https://example.org/#organization", doc.ID)
	}
	// Hours are when the contact point answers (hoursAvailable, an
	// OpeningHoursSpecification), not a description of the contact point.
	if h := doc.Points[0].HoursAvailable; h == nil || h.Type != "OpeningHoursSpecification" || h.Description != "24/7" || doc.Points[0].Description != nil {
		t.Errorf("hours not in hoursAvailable: %s", js)
	}
	if doc.Points[1].HoursAvailable != nil {
		t.Errorf("a contact without hours has hoursAvailable: %s", js)
	}
	if OrganizationID("") != "" {
		t.Error("OrganizationID of no base URL is not empty")
	}
}
