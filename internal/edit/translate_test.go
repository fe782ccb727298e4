package edit_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// bodyOf is the text after a page file's front matter.
func bodyOf(t *testing.T, src string) (front, body string) {
	t.Helper()
	i := strings.Index(src[4:], "\n---\n")
	if !strings.HasPrefix(src, "---\n") || i < 0 {
		t.Fatalf("no front matter:\n%s", src)
	}
	return src[:4+i+5], src[4+i+5:]
}

var buttonRe = regexp.MustCompile(`<button type="submit"(?: form="form")? name="(carry|ack)" value="([^"]*)">([^<]*)</button>`)

// buttons returns the fix buttons of a screen: name, value and label.
func buttons(page string) [][3]string {
	var out [][3]string
	for _, m := range buttonRe.FindAllStringSubmatch(page, -1) {
		out = append(out, [3]string{m[1], html.UnescapeString(m[2]), html.UnescapeString(m[3])})
	}
	return out
}

// helplineChanged is the sample site with the Estonian helpline page's
// number changed (a fact the translations now lack), served.
func helplineChanged(t *testing.T) *editor {
	t.Helper()
	dir := copySampleSite(t)
	e := &editor{t: t, dir: dir}
	e.write("content/et/abi-kohe.md", otherHelpline(e.read("content/et/abi-kohe.md")))
	return startEditor(t, dir)
}

// A translation's screen shows the Estonian page beside it, section by
// section, with the changed number marked in both panes; one button
// carries the Estonian number into the text, which is previewed and
// written only on save, exactly.
func TestTranslationModeCarriesAFact(t *testing.T) {
	e := helplineChanged(t)
	file := "content/en/abi-kohe.md"
	orig := e.read(file)
	code, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	if code != http.StatusOK {
		t.Fatalf("%d\n%s", code, page)
	}
	for _, frag := range []string{`<table class="aligned">`, `<td lang="et">`, `<td lang="en">`, "<mark>116 007</mark>", "<mark>116 006</mark>",
		"Side by side with the Estonian version"} {
		if !strings.Contains(page, frag) {
			t.Errorf("translation mode lacks %s", frag)
		}
	}
	// Sections align by heading: the row with the Estonian helpline
	// heading holds the English one.
	row := regexp.MustCompile(`(?s)<tr>\s*<td lang="et"><div class="line">## Ohvriabi kriisitelefon[^<]*(?:<mark>[^<]*</mark>)?</div>.*?</td>\s*<td lang="en">(.*?)</td>`).FindStringSubmatch(page)
	if row == nil || !strings.HasPrefix(row[1], `<div class="line">## Victim support helpline`) {
		t.Errorf("the helpline sections are not side by side: %q", row)
	}
	var spec string
	for _, b := range buttons(page) {
		if b[0] == "carry" && strings.Contains(b[2], "Use 116 007") {
			spec = b[1]
		}
	}
	if spec == "" {
		t.Fatalf("no button carries 116 007 into the translation: %q", buttons(page))
	}
	form := formOf(t, page)
	form.Set("carry", spec)
	resp, page := e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("carry: %d\n%s", resp.StatusCode, page)
	}
	if e.read(file) != orig {
		t.Fatal("carrying a fact wrote the file before save")
	}
	front, body := bodyOf(t, orig)
	form = formOf(t, page)
	if got := normalizeCRLF(form.Get("body")); got != otherHelpline(body) {
		t.Errorf("the carried body is\n%s\nwant\n%s", got, otherHelpline(body))
	}
	if !strings.Contains(page, "116 007") || !strings.Contains(page, `role="status"`) {
		t.Error("the carried number is not shown in the preview with a notice")
	}
	for _, b := range buttons(page) {
		if b[0] == "carry" && strings.Contains(b[2], "116 007") {
			t.Errorf("after carrying, the screen still offers %q", b[2])
		}
	}
	form.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	if got := e.read(file); got != front+otherHelpline(body) {
		t.Errorf("saved\n%s\nwant\n%s", got, front+otherHelpline(body))
	}
}

func normalizeCRLF(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// A deliberate difference is acknowledged with one button: the entry
// the drift warning names goes into acknowledge, and once saved the
// warning is gone.
func TestTranslationModeAcknowledges(t *testing.T) {
	e := helplineChanged(t)
	file := "content/ru/abi-kohe.md"
	form := e.editPage(file)
	_, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	var entry string
	for _, b := range buttons(page) {
		if b[0] == "ack" && strings.Contains(b[1], "116 006") {
			entry = b[1]
		}
	}
	if entry != "116 006 @2026-11-02" {
		t.Fatalf("acknowledge button %q, want the entry 116 006 @2026-11-02 (buttons %q)", entry, buttons(page))
	}
	form.Set("ack", entry)
	_, page = e.post("/_haven/edit/page", form, nil)
	form = formOf(t, page)
	if got := form.Get("f-acknowledge"); got != entry {
		t.Errorf("acknowledge field %q, want %q", got, entry)
	}
	form.Set("action", "save")
	if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if got := e.read(file); !strings.Contains(got, "\nacknowledge: [\"116 006 @2026-11-02\"]\n---\n") {
		t.Errorf("saved front matter:\n%s", got)
	}
	e.rebuild()
	_, page = e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	for _, b := range buttons(page) {
		if strings.Contains(b[1], "116 006") {
			t.Errorf("after acknowledging, the screen still offers %q", b)
		}
	}
}

// The default-language page, once saved, offers to carry its changed
// number into each translation; the button opens the translation's
// screen with the number replaced, not saved.
func TestSourceScreenCarriesIntoTranslations(t *testing.T) {
	e := helplineChanged(t)
	_, page := e.get("/_haven/edit/page?file=" + url.QueryEscape("content/et/abi-kohe.md"))
	for _, lang := range []string{"en", "ru"} {
		file := "content/" + lang + "/abi-kohe.md"
		re := regexp.MustCompile(`<form method="get" action="/_haven/edit/page"><input type="hidden" name="file" value="` + regexp.QuoteMeta(file) +
			`"><input type="hidden" name="ui" value="en"><button type="submit" name="carry" value="([^"]*)">`)
		m := re.FindStringSubmatch(page)
		if m == nil {
			t.Errorf("the Estonian page offers no carry into %s", file)
			continue
		}
		orig := e.read(file)
		code, tp := e.get("/_haven/edit/page?" + url.Values{"file": {file}, "carry": {html.UnescapeString(m[1])}}.Encode())
		if code != http.StatusOK || e.read(file) != orig {
			t.Fatalf("carry into %s: %d, file changed %v", file, code, e.read(file) != orig)
		}
		_, body := bodyOf(t, orig)
		if got := normalizeCRLF(formOf(t, tp).Get("body")); got != otherHelpline(body) {
			t.Errorf("%s: carried body\n%s", file, got)
		}
	}
	// With unsaved changes the source screen says to save first.
	form := e.editPage("content/et/abi-kohe.md")
	form.Set("body", form.Get("body")+"\r\nUus lõik.\r\n")
	form.Set("action", "preview")
	_, page = e.post("/_haven/edit/page", form, nil)
	if !strings.Contains(page, "Save this page first") || strings.Contains(page, `name="carry"`) {
		t.Error("a source with unsaved changes offers to carry them")
	}
}

// "Create" on a missing translation opens a new page prefilled from the
// default-language page's front matter and body, marked draft, without
// the keys of one language version; nothing is written until save.
func TestCreateTranslationPrefilled(t *testing.T) {
	dir := copySampleSite(t)
	file := "content/ru/tolk.md"
	if err := os.Remove(filepath.Join(dir, file)); err != nil {
		t.Fatal(err)
	}
	e := startEditor(t, dir)
	_, list := e.get("/_haven/edit/")
	href := regexp.MustCompile(`<td data-file="content/ru/tolk.md" data-status="untranslated">\s*<a href="([^"]+)">`).FindStringSubmatch(list)
	if href == nil {
		t.Fatal("no create link for the missing translation")
	}
	code, page := e.get(html.UnescapeString(href[1]))
	if code != http.StatusOK {
		t.Fatalf("%d\n%s", code, page)
	}
	if _, err := os.Stat(filepath.Join(dir, file)); err == nil {
		t.Fatal("opening a new translation wrote the file")
	}
	form := formOf(t, page)
	src := e.read("content/et/tolk.md")
	_, srcBody := bodyOf(t, src)
	want := map[string]string{"hash": "absent", "f-title": "Tõlk ja abi teise riigi ohvrile", "f-covers": "interpretation-and-cross-border",
		"f-owner": "Ohvriabi osakond", "f-weight": "13", "f-draft": "true", "f-reviewed": "", "f-publish": "2025-09-08"}
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if normalizeCRLF(form.Get("body")) != srcBody {
		t.Error("the body is not the default-language page's")
	}
	if !strings.Contains(page, `<td lang="et">`) {
		t.Error("the new translation is not shown beside its source")
	}
	form.Set("f-title", "Переводчик")
	form.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	got := e.read(file)
	if !strings.HasPrefix(got, "---\ntitle: Переводчик\n") || !strings.Contains(got, "\ndraft: true\n") || strings.Contains(got, "reviewed:") {
		t.Errorf("saved translation:\n%s", got)
	}
}
