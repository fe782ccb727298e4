package content

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"gopkg.in/yaml.v3"
)

// ContactsFile is the help-contacts registry, relative to the site root.
const ContactsFile = Dir + "/" + DataDir + "/contacts.yaml"

// Contact is one way to get help, shown on every page.
type Contact struct {
	ID       string            `yaml:"id" json:"id"`
	Number   string            `yaml:"number" json:"number,omitempty"` // as readers write it: 116 006
	Tel      string            `yaml:"tel" json:"tel,omitempty"`       // digits for tel: links: 116006
	URL      string            `yaml:"url" json:"url,omitempty"`       // for chat and web contacts
	Name     map[string]string `yaml:"name" json:"name"`               // per language
	Hours    map[string]string `yaml:"hours" json:"hours,omitempty"`   // per language
	Verified time.Time         `yaml:"-" json:"verified"`              // when someone last checked it
	Line     int               `yaml:"-" json:"-"`
}

// Label returns the contact's name in lang, falling back to fallback.
func (c Contact) Label(lang, fallback string) string {
	return pick(c.Name, lang, fallback)
}

// HoursIn returns the opening hours in lang, falling back to fallback.
func (c Contact) HoursIn(lang, fallback string) string {
	return pick(c.Hours, lang, fallback)
}

func pick(m map[string]string, lang, fallback string) string {
	if s := m[lang]; s != "" {
		return s
	}
	return m[fallback]
}

var telDigits = regexp.MustCompile(`^\+?[0-9]{3,15}$`)

// LoadContacts reads content/_data/contacts.yaml, checking each entry. A
// missing file yields no contacts and no error; the theme then shows none
// and haven check reports the missing helpline.
func LoadContacts(fsys fs.FS, languages []string, diags *diag.List) []Contact {
	src, err := fs.ReadFile(fsys, ContactsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		diags.Errorf(ContactsFile, 0, 0, "data.read", "cannot read: %v", err)
		return nil
	}
	return ParseContacts(src, languages, diags)
}

// ParseContacts reads the contacts registry from src.
func ParseContacts(src []byte, languages []string, diags *diag.List) []Contact {
	file := ContactsFile
	var doc struct {
		Contacts []yaml.Node `yaml:"contacts"`
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		line, msg := diag.SplitYAMLError(err, src)
		diags.Add(diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Code: "data.syntax", Message: "invalid YAML: " + msg})
		return nil
	}
	if err := root.Decode(&doc); err != nil {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Severity: diag.Error, Code: "data.type", Message: "expected contacts: followed by a list of contacts", Hint: "see README.md, Help contacts"})
		return nil
	}
	known := []string{"id", "number", "tel", "url", "name", "hours", "verified"}
	var out []Contact
	ids := map[string]int{}
	for _, n := range doc.Contacts {
		c := Contact{Line: n.Line}
		bad := func(line, col int, field, msg, hint string) {
			diags.Add(diag.Diagnostic{File: file, Line: line, Column: col, Severity: diag.Error, Code: "data.contact", Field: field, Message: msg, Hint: hint})
		}
		if n.Kind != yaml.MappingNode {
			bad(n.Line, n.Column, "", "expected a contact with id, number, name and verified", "")
			continue
		}
		ok := true
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !slices.Contains(known, k.Value) {
				bad(k.Line, k.Column, k.Value, fmt.Sprintf("unknown key %q", k.Value), diag.DidYouMean(k.Value, known))
				ok = false
				continue
			}
			var err error
			switch k.Value {
			case "id":
				err = v.Decode(&c.ID)
			case "number":
				err = v.Decode(&c.Number)
			case "tel":
				err = v.Decode(&c.Tel)
			case "url":
				err = v.Decode(&c.URL)
			case "name":
				err = v.Decode(&c.Name)
			case "hours":
				err = v.Decode(&c.Hours)
			case "verified":
				c.Verified, err = time.Parse(DateLayout, v.Value)
			}
			if err != nil {
				bad(v.Line, v.Column, k.Value, fmt.Sprintf("%s: wrong value %q", k.Value, v.Value), "see README.md, Help contacts")
				ok = false
			}
		}
		switch {
		case c.ID == "":
			bad(n.Line, n.Column, "id", "contact has no id", "add id: a short name such as victim-helpline")
			ok = false
		case ids[c.ID] > 0:
			bad(n.Line, n.Column, "id", fmt.Sprintf("contact id %q is also used on line %d", c.ID, ids[c.ID]), "give each contact its own id")
			ok = false
		}
		ids[c.ID] = n.Line
		if c.Tel == "" && c.URL == "" {
			bad(n.Line, n.Column, "tel", "contact has neither tel nor url", "add tel: digits only, e.g. tel: \"116006\"")
			ok = false
		}
		if c.Tel != "" && !telDigits.MatchString(c.Tel) {
			bad(n.Line, n.Column, "tel", fmt.Sprintf("tel %q must be digits only (an optional leading +)", c.Tel), `e.g. tel: "116006"`)
			ok = false
		}
		if c.URL != "" && !strings.HasPrefix(c.URL, "https://") {
			bad(n.Line, n.Column, "url", fmt.Sprintf("url %q must start with https://", c.URL), "")
			ok = false
		}
		if c.Verified.IsZero() {
			bad(n.Line, n.Column, "verified", "contact has no verified date", "add verified: YYYY-MM-DD, the day someone last checked the number")
			ok = false
		}
		for _, l := range languages {
			if c.Name[l] == "" {
				bad(n.Line, n.Column, "name", fmt.Sprintf("contact %q has no name in %s", c.ID, l), "add name: {"+l+": ...}")
				ok = false
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	return out
}
