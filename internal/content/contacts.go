package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
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

// CodeContactsMissing is the code of the warning that a site has no help
// contacts: content/_data/contacts.yaml is missing or lists none, so no
// page shows a help number. haven check --strict treats it as an error.
const CodeContactsMissing = "data.contacts-missing"

// LoadContacts reads content/_data/contacts.yaml, checking each entry. A
// missing file yields no contacts and a [CodeContactsMissing] warning:
// the site builds, but no page shows a help number.
func LoadContacts(fsys fs.FS, languages []string, diags *diag.List) []Contact {
	src, err := fs.ReadFile(fsys, ContactsFile)
	if errors.Is(err, fs.ErrNotExist) {
		noContacts(diags, "does not exist", languages)
		return nil
	}
	if err != nil {
		diags.Errorf(ContactsFile, 0, 0, "data.read", "cannot read: %v", err)
		return nil
	}
	return ParseContacts(src, languages, diags)
}

// noContacts reports that the site has no help contacts, with a minimal
// registry for languages as the hint.
func noContacts(diags *diag.List, why string, languages []string) {
	names := map[string]string{"et": "Ohvriabi kriisitelefon", "en": "Victim support helpline", "ru": "Кризисный телефон помощи жертвам"}
	var name []string
	for _, l := range languages {
		name = append(name, l+": "+cmp.Or(names[l], names["en"]))
	}
	diags.Add(diag.Diagnostic{File: ContactsFile, Severity: diag.Warning, Code: CodeContactsMissing,
		Message: "no help contacts: the file " + why + ", so no page shows a help number",
		Hint: "list at least the victim support helpline (see README.md, Help contacts; verified is the day you last checked the number), e.g. " +
			`contacts: [{id: victim-helpline, number: "116 006", tel: "116006", name: {` + strings.Join(name, ", ") + `}, verified: YYYY-MM-DD}]`})
}

// ParseContacts reads the contacts registry from src. Each problem sits at
// the key or value that causes it; a contact with a problem is left out. A
// registry that lists no contacts at all gets a [CodeContactsMissing]
// warning.
func ParseContacts(src []byte, languages []string, diags *diag.List) []Contact {
	r := &yamlx.Reader{File: ContactsFile, Diags: diags,
		Codes: yamlx.Codes{Syntax: "data.syntax", Type: "data.contact", UnknownKey: "data.contact", DuplicateKey: "data.contact"}}
	root, ok := r.Read(src)
	if !ok {
		return nil
	}
	if root.Kind == yamlx.Null {
		noContacts(diags, "is empty", languages)
		return nil
	}
	list := root.Get("contacts")
	if root.Kind != yamlx.Map || (list != nil && list.Kind != yamlx.List && list.Kind != yamlx.Null) {
		at := root
		if list != nil {
			at = list
		}
		at.Errorf("data.type", "contacts", "see README.md, Help contacts", "expected contacts: followed by a list of contacts")
		return nil
	}
	root.Map("", []string{"contacts"}, func(_, _ *yamlx.Node) {}) // reports unknown top-level keys
	if list == nil {
		if len(root.Pairs) == 0 {
			noContacts(diags, "is empty", languages)
		}
		return nil // an unknown key instead, reported
	}
	if len(list.Items) == 0 {
		noContacts(diags, "lists no contacts", languages)
		return nil
	}
	var out []Contact
	ids := map[string]int{}
	for _, n := range list.Items {
		if c, ok := parseContact(n, languages, ids); ok {
			out = append(out, c)
		}
	}
	return out
}

var contactKeys = []string{"id", "number", "tel", "url", "name", "hours", "verified"}

// parseContact reads one entry; false when it has a problem (reported).
func parseContact(n *yamlx.Node, languages []string, ids map[string]int) (Contact, bool) {
	c := Contact{Line: n.Line}
	if n.Kind != yamlx.Map {
		n.Errorf("data.contact", "", "write id:, number:, tel:, name: and verified: indented below the '- '", "expected a contact with id, number, name and verified, found %s", kindOf(n))
		return c, false
	}
	ok := len(n.Pairs) > 0
	n.Map("contacts", contactKeys, func(k, v *yamlx.Node) {
		ok = contactValue(&c, k.Text, v) && ok
	})
	for _, p := range n.Pairs {
		ok = ok && slices.Contains(contactKeys, p.Key.Text) // unknown keys were reported
	}
	return c, checkContact(&c, n, languages, ids) && ok
}

// contactValue stores the value v of key k in c; false when it is wrong.
func contactValue(c *Contact, k string, v *yamlx.Node) bool {
	var ok bool
	switch k {
	case "id":
		c.ID, ok = v.Str(k)
	case "number":
		c.Number, ok = v.Str(k)
	case "tel":
		c.Tel, ok = v.Str(k)
	case "url":
		c.URL, ok = v.Str(k)
	case "name":
		c.Name, ok = v.StringMap(k)
	case "hours":
		c.Hours, ok = v.StringMap(k)
	case "verified":
		c.Verified, ok = v.Date(k)
	}
	return ok
}

// checkContact reports what a contact lacks or has wrong, each at the
// value involved, or at the entry when the key is missing.
func checkContact(c *Contact, n *yamlx.Node, languages []string, ids map[string]int) bool {
	ok := true
	bad := func(key, field, msg, hint string) {
		n.Where(key).Errorf("data.contact", field, hint, "%s", msg)
		ok = false
	}
	switch {
	case c.ID == "":
		bad("", "id", "contact has no id", "add id: a short name such as victim-helpline")
	case ids[c.ID] > 0:
		bad("id", "id", fmt.Sprintf("contact id %q is also used on line %d", c.ID, ids[c.ID]), "give each contact its own id")
	default:
		ids[c.ID] = n.Line
	}
	if c.Tel == "" && c.URL == "" {
		bad("", "tel", "contact has neither tel nor url", "add tel: digits only, e.g. tel: \"116006\"")
	}
	if c.Tel != "" && !telDigits.MatchString(c.Tel) {
		bad("tel", "tel", fmt.Sprintf("tel %q must be digits only (an optional leading +)", c.Tel), `e.g. tel: "116006"`)
	}
	if c.URL != "" && !strings.HasPrefix(c.URL, "https://") {
		bad("url", "url", fmt.Sprintf("url %q must start with https://", c.URL), "")
	}
	if v := n.Get("verified"); c.Verified.IsZero() && (v == nil || v.Kind == yamlx.Null) {
		bad("", "verified", "contact has no verified date", "add verified: YYYY-MM-DD, the day someone last checked the number")
	}
	for _, l := range languages {
		if c.Name[l] == "" {
			bad("name", "name", fmt.Sprintf("contact %q has no name in %s", c.ID, l), "add name: {"+l+": ...}")
		}
	}
	return ok
}

func kindOf(n *yamlx.Node) string {
	switch n.Kind {
	case yamlx.List:
		return "a list"
	case yamlx.Null:
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Text)
}
