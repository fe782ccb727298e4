package theme

import (
	"encoding/json"
	"html/template"
)

// OrganizationID is the JSON-LD @id of the organisation behind the site
// at baseURL (baseURL + "/#organization"), or "" without a base URL. Every
// page in every language names the organisation with this one id, so
// that search engines and other consumers see one organisation, not one
// per page or language.
func OrganizationID(baseURL string) string {
	if baseURL == "" {
		return ""
	}
	return baseURL + "/#organization"
}

// ContactJSONLD returns schema.org data naming the site as an
// Organization (with the JSON-LD @id id, see [OrganizationID]) with one
// ContactPoint per help contact, for a <script type="application/ld+json">
// element (which a Content Security Policy without inline scripts allows,
// since browsers never run it). siteURL is the absolute URL of the site or
// page. encoding/json escapes <, > and &, so the result cannot close the
// script element.
//
// A contact's hours are free text in the page language ("24/7",
// "ööpäev läbi"), not days and times, so they go into the ContactPoint's
// hoursAvailable as an OpeningHoursSpecification with only a description
// (a property every schema.org Thing has): valid schema.org, and the
// property consumers look in for when a contact answers, where a
// description of the ContactPoint itself would say something else.
func ContactJSONLD(id, siteTitle, siteURL string, contacts []Contact) template.JS {
	type hours struct {
		Type        string `json:"@type"`
		Description string `json:"description"`
	}
	type point struct {
		Type        string `json:"@type"`
		Name        string `json:"name,omitempty"`
		ContactType string `json:"contactType"`
		Telephone   string `json:"telephone,omitempty"`
		URL         string `json:"url,omitempty"`
		Hours       *hours `json:"hoursAvailable,omitempty"`
	}
	doc := struct {
		Context string  `json:"@context"`
		Type    string  `json:"@type"`
		ID      string  `json:"@id,omitempty"`
		Name    string  `json:"name"`
		URL     string  `json:"url,omitempty"`
		Points  []point `json:"contactPoint,omitempty"`
	}{Context: "https://schema.org", Type: "Organization", ID: id, Name: siteTitle, URL: siteURL}
	for _, c := range contacts {
		p := point{Type: "ContactPoint", Name: c.Name, ContactType: c.Name, Telephone: c.Tel, URL: c.URL}
		if p.ContactType == "" {
			p.ContactType = c.ID
		}
		if c.Hours != "" {
			p.Hours = &hours{Type: "OpeningHoursSpecification", Description: c.Hours}
		}
		doc.Points = append(doc.Points, p)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "{}" // cannot happen: only strings
	}
	return template.JS(b)
}
