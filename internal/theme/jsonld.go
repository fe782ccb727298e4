package theme

import (
	"encoding/json"
	"html/template"
)

// ContactJSONLD returns schema.org data naming the site as an
// Organization with one ContactPoint per help contact, for a
// <script type="application/ld+json"> element (which a Content Security
// Policy without inline scripts allows, since browsers never run it).
// siteURL is the absolute URL of the site or page. encoding/json escapes
// <, > and &, so the result cannot close the script element.
func ContactJSONLD(siteTitle, siteURL string, contacts []Contact) template.JS {
	type point struct {
		Type        string `json:"@type"`
		Name        string `json:"name,omitempty"`
		ContactType string `json:"contactType"`
		Telephone   string `json:"telephone,omitempty"`
		URL         string `json:"url,omitempty"`
		Hours       string `json:"description,omitempty"`
	}
	doc := struct {
		Context string  `json:"@context"`
		Type    string  `json:"@type"`
		Name    string  `json:"name"`
		URL     string  `json:"url,omitempty"`
		Points  []point `json:"contactPoint,omitempty"`
	}{Context: "https://schema.org", Type: "Organization", Name: siteTitle, URL: siteURL}
	for _, c := range contacts {
		p := point{Type: "ContactPoint", Name: c.Name, ContactType: c.Name, Telephone: c.Tel, URL: c.URL, Hours: c.Hours}
		if p.ContactType == "" {
			p.ContactType = c.ID
		}
		doc.Points = append(doc.Points, p)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "{}" // cannot happen: only strings
	}
	return template.JS(b)
}
