package store

import (
	"context"
	"strings"
	"testing"
)

func page(body string) []byte { return []byte("---\ntitle: Abi\nreviewed: 2026-01-05\n---\n" + body) }

func TestAssessFindsCriticalChanges(t *testing.T) {
	const p = "content/et/abi.md"
	for _, tc := range []struct {
		name          string
		change        FileChange
		findings      int
		second        bool
		removal, what string
	}{
		{"typo fix", FileChange{Path: p, Old: page("Helista 116 006 tasuta.\n"), New: page("Helista 116 006, see on tasuta.\n"), OldExists: true, NewExists: true}, 0, false, "", ""},
		{"new phone", FileChange{Path: p, Old: page("Helista 116 006.\n"), New: page("Helista 116 007.\n"), OldExists: true, NewExists: true}, 1, true, "", "phone"},
		{"tel link changed", FileChange{Path: p, Old: page("[Helista](tel:116006)\n"), New: page("[Helista](tel:116007)\n"), OldExists: true, NewExists: true}, 1, true, "", "phone"},
		{"amount", FileChange{Path: p, Old: page("Toetus on 820 €.\n"), New: page("Toetus on 946 €.\n"), OldExists: true, NewExists: true}, 1, true, "", "amount"},
		{"deadline", FileChange{Path: p, Old: page("Taotle enne 25.11.2026.\n"), New: page("Taotle enne 30.11.2026.\n"), OldExists: true, NewExists: true}, 1, true, "", "date"},
		{"e-mail", FileChange{Path: p, Old: page("Kirjuta abi@example.ee\n"), New: page("Kirjuta info@example.ee\n"), OldExists: true, NewExists: true}, 1, true, "", "email"},
		{"only removes a number", FileChange{Path: p, Old: page("Helista 116 006 või 5555 1234.\n"), New: page("Helista 116 006.\n"), OldExists: true, NewExists: true}, 1, false, "removal", "removed"},
		{"new page with a number", FileChange{Path: p, New: page("Helista 5555 1234.\n"), NewExists: true}, 1, true, "", "added"},
		{"reviewed date in front matter", FileChange{Path: p, Old: page("x\n"), New: []byte("---\ntitle: Abi\nreviewed: 2026-03-01\n---\nx\n"), OldExists: true, NewExists: true}, 0, false, "", ""},
		{"contacts", FileChange{Path: "content/_data/contacts.yaml", Old: []byte("contacts: []\n"), New: []byte("contacts: [x]\n"), OldExists: true, NewExists: true}, 1, true, "", "help contacts"},
		{"roles", FileChange{Path: RolesFile, New: []byte("people: {}\n"), NewExists: true}, 1, true, "", "review"},
		{"quick exit", FileChange{Path: "haven.yaml", Old: []byte("title: A\nquick_exit: https://www.ilmateenistus.ee/\n"), New: []byte("title: A\nquick_exit: https://evil.example/\n"), OldExists: true, NewExists: true}, 1, true, "", "quick_exit"},
		{"quick exit rewritten, same value", FileChange{Path: "haven.yaml", Old: []byte("title: A\nquick_exit: {et: 'https://a.ee/', en: 'https://b.ee/'}\n"), New: []byte("title: B\nquick_exit:\n  en: https://b.ee/\n  et: https://a.ee/\n"), OldExists: true, NewExists: true}, 0, false, "", ""},
		{"other file", FileChange{Path: "themes/x/style.css", Old: []byte("a"), New: []byte("b 5555 1234"), OldExists: true, NewExists: true}, 0, false, "", ""},
	} {
		a := Assess([]FileChange{tc.change})
		if len(a.Findings) != tc.findings || a.NeedsSecondPerson() != tc.second {
			t.Errorf("%s: %+v, second person %v; want %d findings, second person %v", tc.name, a.Findings, a.NeedsSecondPerson(), tc.findings, tc.second)
			continue
		}
		if tc.findings > 0 {
			f := a.Findings[0]
			if f.RemovalOnly != (tc.removal != "") || !strings.Contains(f.What, tc.what) {
				t.Errorf("%s: finding %+v; want removal-only %v and %q in it", tc.name, f, tc.removal != "", tc.what)
			}
		}
	}
}

func TestParseRoles(t *testing.T) {
	r, err := ParseRoles([]byte("people:\n  Maria@Example.ee:\n    name: Maria Tamm\n    roles: [editor, reviewer]\n  jaan@example.ee:\n    roles: [publisher]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Has("maria@example.ee", Reviewer) || !r.Has("MARIA@example.ee", Editor) || r.Has("maria@example.ee", Publisher) || !r.Has("jaan@example.ee", Publisher) || r.Has("liis@example.ee", Editor) {
		t.Fatal("Has answers wrongly")
	}
	if err := r.require(liis, Editor, "edit"); err == nil || !strings.Contains(err.Error(), "not in "+RolesFile) {
		t.Errorf("unknown person: %v", err)
	}
	if err := r.require(maria, Publisher, "publish"); err == nil || !strings.Contains(err.Error(), "publisher role") {
		t.Errorf("missing role: %v", err)
	}
	for src, want := range map[string]string{
		"people:\n  maria@example.ee:\n    roles: [reviwer]\n":                                         "did you mean reviewer?",
		"people:\n  maria@example.ee:\n    roles: [boss]\n":                                            "the roles are editor",
		"people:\n  maria@example.ee:\n    roles: [editor]\n  MARIA@example.ee:\n    roles: [admin]\n": "listed twice",
		"people:\n  maria:\n    roles: [editor]\n":                                                     "not an e-mail address",
		"people:\n  maria@example.ee:\n    role: [editor]\n":                                           "unknown key",
		"peeple: {}\n":    "unknown key",
		"people: [oops\n": "roles.yaml",
	} {
		if _, err := ParseRoles([]byte(src)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRoles(%q) = %v; want an error with %q", src, err, want)
		}
	}
}

func TestMergeText(t *testing.T) {
	ctx := context.Background()
	base := "one\ntwo\nthree\nfour\nfive\n"
	merged, clean, err := MergeText(ctx, []byte(base), []byte("ONE\ntwo\nthree\nfour\nfive\n"), []byte("one\ntwo\nthree\nfour\nFIVE\n"))
	if err != nil || !clean || string(merged) != "ONE\ntwo\nthree\nfour\nFIVE\n" {
		t.Fatalf("changes to different lines: %q, clean %v, %v", merged, clean, err)
	}
	merged, clean, err = MergeText(ctx, []byte(base), []byte("one\nTWO\nthree\nfour\nfive\n"), []byte("one\n2\nthree\nfour\nfive\n"))
	if err != nil || clean || !strings.Contains(string(merged), "<<<<<<< mine\nTWO\n=======\n2\n>>>>>>> theirs") {
		t.Fatalf("changes to the same line: %q, clean %v, %v", merged, clean, err)
	}
}
