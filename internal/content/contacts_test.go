package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
)

// TestParseContacts checks a valid registry and that each problem sits at
// the key or value that causes it, not at the start of its entry.
func TestParseContacts(t *testing.T) {
	const ok = "contacts:\n" +
		"  - id: victim-helpline\n" +
		"    number: 116 006\n" +
		"    tel: \"116006\"\n" +
		"    name: {et: Ohvriabi, en: Victim support}\n" +
		"    verified: 2026-11-01\n"
	tests := []struct {
		name string
		src  string
		want []string // one substring per diagnostic, in order
		n    int      // contacts returned
	}{
		{"valid", ok, nil, 1},
		{"bad tel at tel", strings.Replace(ok, `tel: "116006"`, `tel: "116 006"`, 1), []string{`contacts.yaml:4:10: error: tel "116 006" must be digits only`}, 0},
		{"unknown key at the key", ok + "    hourz: 24/7\n", []string{`contacts.yaml:7:5: error: unknown key "hourz" in contacts; did you mean hours?`}, 0},
		{"impossible date at the date", strings.Replace(ok, "2026-11-01", "2026-11-31", 1), []string{`contacts.yaml:6:15: error: verified: expected date (YYYY-MM-DD), "2026-11-31" is not a real calendar date`}, 0},
		{"missing name at name", strings.Replace(ok, "en: Victim support", "fi: Uhri", 1), []string{`contacts.yaml:5:11: error: contact "victim-helpline" has no name in en`}, 0},
		{"missing verified at the entry", strings.Replace(ok, "    verified: 2026-11-01\n", "", 1), []string{"contacts.yaml:2:5: error: contact has no verified date"}, 0},
		{"duplicate id at the id", ok + strings.TrimPrefix(ok, "contacts:\n"), []string{`contacts.yaml:7:9: error: contact id "victim-helpline" is also used on line 2`}, 1},
		{"duplicate key", ok + "    tel: \"116007\"\n", []string{"contacts.yaml:7:5: error: tel is set twice, on line 4 and on this line"}, 1},
		{"syntax at the quote", strings.Replace(ok, `tel: "116006"`, `tel: "116006`, 1), []string{"contacts.yaml:4:10: error: invalid YAML: the quoted text that starts here is never closed"}, 0},
		{"unknown top key", "contact:\n  - id: x\n", []string{`contacts.yaml:1:1: error: unknown key "contact"; did you mean contacts?`}, 0},
		{"not a list", "contacts: victim-helpline\n", []string{"contacts.yaml:1:11: error: expected contacts: followed by a list of contacts"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			got := ParseContacts([]byte(tt.src), []string{"et", "en"}, &diags)
			var msgs []string
			for _, d := range diags.Items() {
				msgs = append(msgs, d.String())
			}
			if len(got) != tt.n {
				t.Errorf("got %d contacts, want %d", len(got), tt.n)
			}
			if len(msgs) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(msgs), len(tt.want), strings.Join(msgs, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(msgs[i], w) {
					t.Errorf("diagnostic %d = %q, want it to contain %q", i, msgs[i], w)
				}
			}
		})
	}
}

// TestNoContacts checks that a site without content/_data/contacts.yaml,
// or with one that lists no contacts, gets a data.contacts-missing warning on
// that file whose hint is a minimal registry haven reads without a
// problem once the day is filled in.
func TestNoContacts(t *testing.T) {
	langs := []string{"et", "en", "ru"}
	for name, fsys := range map[string]fstest.MapFS{
		"no file":    {},
		"empty list": {ContactsFile: {Data: []byte("contacts: []\n")}},
		"no list":    {ContactsFile: {Data: []byte("contacts:\n")}},
		"empty file": {ContactsFile: {Data: []byte("# nothing yet\n")}},
	} {
		t.Run(name, func(t *testing.T) {
			var diags diag.List
			if got := LoadContacts(fsys, langs, &diags); len(got) != 0 {
				t.Fatalf("%d contacts", len(got))
			}
			items := diags.Items()
			if len(items) != 1 {
				t.Fatalf("want one diagnostic, got %v", items)
			}
			d := items[0]
			if d.Code != CodeContactsMissing || d.Severity != diag.Warning || d.File != ContactsFile {
				t.Errorf("got %s %s %s, want a %s warning on %s", d.File, d.Severity, d.Code, CodeContactsMissing, ContactsFile)
			}
			i := strings.Index(d.Hint, "contacts: [")
			if i < 0 {
				t.Fatalf("hint shows no minimal file: %q", d.Hint)
			}
			minimal := strings.Replace(d.Hint[i:], "YYYY-MM-DD", "2026-11-25", 1)
			var again diag.List
			if got := ParseContacts([]byte(minimal+"\n"), langs, &again); len(got) != 1 || again.Len() != 0 {
				t.Errorf("the hint's file %q gives %d contacts and %v", minimal, len(got), again.Items())
			}
		})
	}
}
