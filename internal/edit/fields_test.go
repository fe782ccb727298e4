package edit

import (
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
)

// Every value the form writes reads back, through the build's own front
// matter parser, as the text the editor typed.
func TestYAMLValuesReadBack(t *testing.T) {
	texts := []string{"Abi", "Küsi abi kohe", "Помощь жертвам", "Abi: kohe", "#1 abi", "- abi", "true", "no", "null", "~",
		"116006", "1e3", "0x1F", "2026-01-01", `"quoted"`, "it's", "a, b", "[abi]", "{abi}", "& anchor", "*alias", "!tag",
		"| block", "> folded", "% directive", "@at", "`tick`", `back\slash`, "tab\there", "50 %", "/et/abi/", "(ohvriabi)", "?"}
	for _, s := range texts {
		src := "---\ntitle: " + yamlValue(content.String, s) + "\nacknowledge: " + yamlValue(content.Strings, s+"\n/et/x/") + "\n---\n"
		var diags diag.List
		p := content.Parse("content/et/x.md", []byte(src), &diags)
		if diags.HasErrors() || p == nil {
			t.Errorf("%q written as %s does not parse: %v", s, yamlValue(content.String, s), diags.Items())
			continue
		}
		if p.Title != strings.TrimSpace(s) || !slices.Equal(p.Acknowledge, []string{s, "/et/x/"}) {
			t.Errorf("%q reads back as title %q, acknowledge %q", s, p.Title, p.Acknowledge)
		}
	}
	for typ, s := range map[content.FieldType]string{content.Date: "2026-11-02", content.Bool: "true", content.Int: "3"} {
		if got := yamlValue(typ, s); got != s {
			t.Errorf("a valid %s %q is written as %s", typ, s, got)
		}
	}
}

// The form only rewrites the keys whose values changed, and CRLF files
// keep their line endings.
func TestRenderKeepsUntouchedLines(t *testing.T) {
	src := "---\r\ntitle: Abi  # comment\r\n\r\n# about covers\r\ncovers:\r\n- a\r\n- b\r\nx_other: 1\r\n---\r\nBody\r\n"
	d := parseDoc(src)
	if !d.ok {
		t.Fatalf("not editable: %s", d.why)
	}
	orig := valuesOf(d)
	if orig["title"] != "Abi" || orig["covers"] != "a\nb" || d.extra() != "x_other: 1" {
		t.Fatalf("values %q, extra %q", orig, d.extra())
	}
	if got := d.render(edits(orig, orig), nil, d.body); got != src {
		t.Fatalf("no edits changed the file:\n%q", got)
	}
	next := values{"title": "Abi", "covers": "b", "weight": "2"}
	want := "---\r\ntitle: Abi  # comment\r\n\r\n# about covers\r\ncovers: [b]\r\nx_other: 1\r\nweight: 2\r\n---\r\nBody\r\n"
	if got := d.render(edits(orig, next), nil, d.body); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	extra := "x_other: 2\nx_new: 3"
	want = "---\r\ntitle: Abi  # comment\r\n\r\n# about covers\r\ncovers:\r\n- a\r\n- b\r\nx_other: 2\r\nx_new: 3\r\n---\r\nBody\r\n"
	if got := d.render(nil, &extra, d.body); got != want {
		t.Errorf("changed extra keys: got\n%q\nwant\n%q", got, want)
	}
}

func TestFilesTheFormCannotEdit(t *testing.T) {
	for src, why := range map[string]string{
		"+++\ntitle = \"Abi\"\n+++\nText\n": whyTOML,
		"Just text\n":                       whyNoFrontMatter,
		"---\ntitle: [unclosed\n---\n":      whyBroken,
		"---\ntitle: a\ntitle: b\n---\n":    whyBroken,
		"---\ntitle: never closed\n":        whyBroken,
	} {
		if d := parseDoc(src); d.ok || d.why != why {
			t.Errorf("%q: ok %v, why %q; want %q", src, d.ok, d.why, why)
		}
	}
}

// Every UI string exists in every UI language, and every front-matter
// key of the build has a label in each and help in each.
func TestUIStringsComplete(t *testing.T) {
	if !slices.Equal(uiLanguages, []string{"en", "et", "ru"}) {
		t.Fatalf("UI languages %q, want en, et and ru", uiLanguages)
	}
	for _, lang := range uiLanguages {
		for key := range messages["en"] {
			if _, ok := messages[lang][key]; !ok {
				t.Errorf("%s has no UI string %q", lang, key)
			}
		}
		for _, f := range content.Fields {
			if _, ok := messages[lang]["label."+f.Name]; !ok {
				t.Errorf("%s has no label for front-matter key %s", lang, f.Name)
			}
			if lang != "en" && messages[lang]["label."+f.Name] == messages["en"]["label."+f.Name] {
				t.Errorf("%s's label for %s is the English one", lang, f.Name)
			}
			if lang != "en" && messages[lang]["help."+f.Name] == "" {
				t.Errorf("%s has no help for front-matter key %s", lang, f.Name)
			}
		}
	}
	if (tr{Lang: "en"}).Help("title") != content.Fields[0].Doc {
		t.Error("the English help is not the build's own documentation")
	}
}

// Every requirement of the default rulebook has a title in each UI
// language, so the covers checklist and the legal panel never fall back
// to English in the Estonian or Russian editor.
func TestRequirementTitlesInEveryUILanguage(t *testing.T) {
	for _, q := range legal.Default().Requirements {
		for _, lang := range uiLanguages {
			if strings.TrimSpace(q.Title[lang]) == "" {
				t.Errorf("requirement %s has no title_%s in internal/legal/rules.yaml", q.ID, lang)
			}
		}
		checks := coversChecklist(legal.Default(), tr{Lang: "ru"}, "ru", []string{q.ID})
		if i := slices.IndexFunc(checks, func(c checkItem) bool { return c.ID == q.ID }); i < 0 || checks[i].Label != q.Title["ru"] {
			t.Errorf("the Russian covers checklist does not show %s's Russian title", q.ID)
		}
	}
}
