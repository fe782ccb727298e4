package edit_test

import (
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// setKey sets a top-level front-matter line "key: ..." of a file's text.
func setKey(t *testing.T, src, key, value string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + key + `:.*$`)
	if !re.MatchString(src) {
		return strings.Replace(src, "\n---\n", "\n"+key+": "+value+"\n---\n", 1)
	}
	return re.ReplaceAllLiteralString(src, key+": "+value)
}

// otherHelpline changes the helpline number in a page's text: a fact
// that now differs from the translations.
func otherHelpline(s string) string {
	return strings.NewReplacer("116 006", "116 007", "116006", "116007").Replace(s)
}

var cellRe = regexp.MustCompile(`<td data-file="([^"]+)" data-status="([^"]*)">`)

// statuses returns the status keys of each file's cell in the page list.
func statuses(page string) map[string][]string {
	out := map[string][]string{}
	for _, m := range cellRe.FindAllStringSubmatch(page, -1) {
		out[m[1]] = strings.Fields(m[2])
	}
	return out
}

func TestListShowsStatuses(t *testing.T) {
	dir := copySampleSite(t)
	e := &editor{t: t, dir: dir}
	if err := os.Remove(filepath.Join(dir, "content/ru/tolk.md")); err != nil {
		t.Fatal(err)
	}
	e.write("content/en/lepitus.md", setKey(t, e.read("content/en/lepitus.md"), "publish", "2099-01-01"))
	e.write("content/en/abi-kohe.md", otherHelpline(e.read("content/en/abi-kohe.md")))
	e.write("content/et/kaitse.md", setKey(t, e.read("content/et/kaitse.md"), "reviewed", "2019-01-01"))
	e.write("content/ru/lapsed.md", setKey(t, e.read("content/ru/lapsed.md"), "reviewed", "2026-01-02"))
	e.write("content/en/lahku-kiiresti.md", setKey(t, e.read("content/en/lahku-kiiresti.md"), "reviewed", "2025-12-10"))
	e.write("content/en/huvitis.md", setKey(t, e.read("content/en/huvitis.md"), "reviewed", ""))
	e = startEditor(t, dir)

	code, page := e.get("/_haven/edit/")
	if code != http.StatusOK {
		t.Fatalf("page list: %d\n%s", code, page)
	}
	got := statuses(page)
	want := map[string]string{
		"content/et/uudised-mustand.md": "draft",
		"content/ru/tolk.md":            "untranslated",
		"content/en/lepitus.md":         "scheduled",
		"content/en/abi-kohe.md":        "drift",
		"content/et/kaitse.md":          "overdue",
		"content/ru/lapsed.md":          "outdated",
		"content/en/lahku-kiiresti.md":  "due",
		"content/en/huvitis.md":         "noreview",
	}
	for file, status := range want {
		if !slices.Contains(got[file], status) {
			t.Errorf("%s: statuses %v, want %s among them", file, got[file], status)
		}
	}
	if s := got["content/et/oigusabi.md"]; slices.Contains(s, "draft") || slices.Contains(s, "overdue") {
		t.Errorf("an untouched page shows %v", s)
	}
	if !strings.Contains(page, `href="/_haven/edit/page?file=content%2Fru%2Ftolk.md&amp;from=content%2Fet%2Ftolk.md&amp;ui=en"`) {
		t.Error("the missing translation does not link to a new page at its path")
	}
}

func TestListFiltersByOwner(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	_, page := e.get("/_haven/edit/?owner=" + url.QueryEscape("Legal Department"))
	got := statuses(page)
	if _, ok := got["content/en/privaatsus.md"]; !ok {
		t.Error("the Legal Department's page is not listed")
	}
	if _, ok := got["content/en/abi-kohe.md"]; ok {
		t.Error("a page of another owner is listed")
	}
	if !strings.Contains(page, `<option value="Legal Department" selected>`) {
		t.Error("the owner filter does not show the chosen owner")
	}
}

// A page with comments, an unknown key, block lists and odd spacing:
// the form must keep every line it does not change.
const handWritten = `---
# Kept: a comment at the top.
title:   Abi kohe   # a comment after the value
covers:
  - helpline-116006
x_note: "kept verbatim"   # a key the form does not know
reviewed: 2026-11-02
owner: Ohvriabi osakond

menu: main
---

## Kui oled ohus

Helista [112](tel:112).
`

func TestFormRoundTripKeepsUnknownKeysAndBytes(t *testing.T) {
	for name, nl := range map[string]string{"LF": "\n", "CRLF": "\r\n"} {
		t.Run(name, func(t *testing.T) {
			dir := copySampleSite(t)
			file := "content/et/abi-kohe.md"
			orig := strings.ReplaceAll(handWritten, "\n", nl)
			if err := os.WriteFile(filepath.Join(dir, file), []byte(orig), 0o644); err != nil {
				t.Fatal(err)
			}
			e := startEditor(t, dir)
			form := e.editPage(file)
			if got := strings.ReplaceAll(form.Get("extra"), "\r\n", "\n"); got != `x_note: "kept verbatim"   # a key the form does not know` {
				t.Errorf("unknown keys shown as %q", got)
			}
			form.Set("action", "save")
			resp, body := e.post("/_haven/edit/page", form, nil)
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "saved=same") {
				t.Fatalf("saving the unchanged form: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
			}
			if got := e.read(file); got != orig {
				t.Fatalf("an unchanged form changed the file:\n%q", got)
			}
			form = e.editPage(file)
			form.Set("f-owner", "Kommunikatsiooniosakond")
			form.Set("f-weight", "3")
			form.Set("action", "save")
			if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", resp.StatusCode, body)
			}
			want := strings.Replace(handWritten, "owner: Ohvriabi osakond\n", "owner: Kommunikatsiooniosakond\n", 1)
			want = strings.ReplaceAll(strings.Replace(want, "menu: main\n", "menu: main\nweight: 3\n", 1), "\n", nl)
			if got := e.read(file); got != want {
				t.Errorf("after changing owner and adding weight the file is\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestTOMLPageIsEditedAsText(t *testing.T) {
	dir := copySampleSite(t)
	file := "content/en/tolk.md"
	toml := "+++\ntitle = \"Interpreters\"\nowner = \"Victim Support Department\"\n+++\n\nAsk for an interpreter.\n"
	if err := os.WriteFile(filepath.Join(dir, file), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	e := startEditor(t, dir)
	form := e.editPage(file)
	if form.Get("source") == "" || form.Has("f-title") {
		t.Fatalf("a TOML page is not edited as text: %v", form)
	}
	form.Set("source", strings.Replace(form.Get("source"), "Ask for", "Always ask for", 1))
	form.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	if got, want := e.read(file), strings.Replace(toml, "Ask for", "Always ask for", 1); got != want {
		t.Errorf("saved %q, want %q", got, want)
	}
}

func TestFormWritesValuesTheBuildReadsBack(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/en/kaitse.md"
	form := e.editPage(file)
	form.Set("f-title", `Protection: "orders" & #safety`)
	form.Set("f-aliases", "/en/old-protection/\r\n/en/orders/")
	form.Add("f-covers", "restorative-justice")
	form.Set("f-draft", "true")
	form.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	got := e.read(file)
	for _, line := range []string{`title: "Protection: \"orders\" & #safety"`, "aliases: [/en/old-protection/, /en/orders/]",
		"covers: [protection-measures, restorative-justice]", "draft: true"} {
		if !strings.Contains(got, "\n"+line+"\n") {
			t.Errorf("saved file lacks the line %s:\n%s", line, got)
		}
	}
	e.rebuild()
	form = e.editPage(file)
	if form.Get("f-title") != `Protection: "orders" & #safety` || form.Get("f-draft") != "true" {
		t.Errorf("the form reads back title %q, draft %q", form.Get("f-title"), form.Get("f-draft"))
	}
}

var diagRe = regexp.MustCompile(`data-diag="([^"]*)"`)

func TestPreviewShowsTheDraftAPIsDiagnostics(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/en/abi-kohe.md"
	tests := []struct {
		name  string
		edit  func(url.Values)
		codes []string // the edit must produce these, or the test proves little
		frags []string // on the screen
	}{
		{"covers, links and drift", func(f url.Values) {
			f.Add("f-covers", "helplin")
			f.Set("body", otherHelpline(f.Get("body"))+"\r\nSee [this](/en/no-such-page/).\r\n")
		}, []string{"check.unknown-covers", "check.link-missing", "translation.drift"},
			[]string{`href="#f-covers"`, `id="f-covers-msg"`, `href="#body"`, `id="body-msg"`, `<ul class="fixes">`,
				`<iframe sandbox="allow-same-origin" srcdoc="`, "116 007"}},
		{"a day that does not exist", func(f url.Values) { f.Set("f-reviewed", "2026-02-30") },
			[]string{"frontmatter.type"}, []string{`href="#f-reviewed"`, `id="f-reviewed-msg"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := e.editPage(file)
			tt.edit(form)
			form.Set("action", "preview")
			before := e.read(file)
			resp, page := e.post("/_haven/edit/page", form, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
			}
			if e.read(file) != before {
				t.Fatal("preview wrote the file")
			}
			// The same text, judged by the draft API directly.
			form.Set("action", "save")
			d, err := e.srv.Site().Draft(file, []byte(draftText(t, e, form)))
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			codes := map[string]bool{}
			for _, x := range d.Diagnostics {
				want = append(want, x.String())
				codes[x.Code] = true
			}
			for _, m := range diagRe.FindAllStringSubmatch(page, -1) {
				got = append(got, html.UnescapeString(m[1]))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("preview shows\n%s\nthe draft API says\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, c := range tt.codes {
				if !codes[c] {
					t.Errorf("the edit did not produce a %s diagnostic: %v", c, want)
				}
			}
			for _, frag := range append(tt.frags, `role="alert"`) {
				if !strings.Contains(page, frag) {
					t.Errorf("the preview screen lacks %s", frag)
				}
			}
		})
	}
}

// draftText is the file text the editor saves for form: it saves it to
// a copy and reads it back, so the test does not reimplement the form.
func draftText(t *testing.T, e *editor, form url.Values) string {
	t.Helper()
	dir := copySampleSite(t)
	file := form.Get("file")
	if err := os.WriteFile(filepath.Join(dir, file), []byte(e.read(file)), 0o644); err != nil {
		t.Fatal(err)
	}
	other := startEditor(t, dir)
	if resp, body := other.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save to a copy: %d\n%s", resp.StatusCode, body)
	}
	return other.read(file)
}

func TestStaleSaveShowsMergeViewAndKeepsTheFile(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/et/kaitse.md"
	form := e.editPage(file)
	theirs := strings.Replace(e.read(file), "\n## ", "\nSee lõik lisati vahepeal.\n\n## ", 1)
	e.write(file, theirs) // another editor saves first
	form.Set("body", form.Get("body")+"\r\nMinu uus lõik.\r\n")
	form.Set("action", "save")
	resp, page := e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", resp.StatusCode, page)
	}
	if e.read(file) != theirs {
		t.Fatal("a stale save changed the file")
	}
	for _, frag := range []string{`id="theirs"`, `id="yours"`, "See lõik lisati vahepeal.", "Minu uus lõik.", `name="source"`} {
		if !strings.Contains(page, frag) {
			t.Errorf("the merge view lacks %s", frag)
		}
	}
	// Resolving: the merge form carries the new version's hash and saves.
	merge := formOf(t, page)
	if !strings.Contains(merge.Get("source"), "Minu uus lõik.") {
		t.Fatalf("the text to resolve is not the editor's: %q", merge.Get("source"))
	}
	resolved := strings.Replace(merge.Get("source"), "\r\nMinu uus lõik.", "\r\nSee lõik lisati vahepeal.\r\nMinu uus lõik.", 1)
	merge.Set("source", resolved)
	merge.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", merge, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the resolved version: %d\n%s", resp.StatusCode, body)
	}
	if got := e.read(file); got != strings.ReplaceAll(resolved, "\r\n", "\n") {
		t.Errorf("the resolved version was saved as\n%s", got)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/et/kaitse.md"
	before := e.read(file)
	form := e.editPage(file)
	form.Set("body", "Overwritten by another site.\n")
	form.Set("action", "save")
	for name, h := range map[string]http.Header{
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}},
		"Origin only":               {"Sec-Fetch-Site": nil, "Origin": {"https://evil.example"}},
	} {
		resp, body := e.post("/_haven/edit/page", form, h)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: cross-origin POST answered %d, want 403\n%s", name, resp.StatusCode, body)
		}
	}
	if e.read(file) != before {
		t.Fatal("a cross-origin POST wrote the file")
	}
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the same POST from the editor's own page: %d\n%s", resp.StatusCode, body)
	}
}

func TestHostCheckCoversTheEditor(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	req, _ := http.NewRequest(http.MethodGet, e.web.URL+"/_haven/edit/", nil)
	req.Host = "attacker.example"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a request for Host attacker.example got %d, want 403", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("the editor is served without the preview's CSP: %q", csp)
	}
}

func TestPathOutsideContentIsRefused(t *testing.T) {
	dir := copySampleSite(t)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content/et/link")); err != nil {
		t.Fatal(err)
	}
	e := startEditor(t, dir)
	files := []string{"haven.yaml", "../haven.yaml", "content/../haven.yaml", "content/et/../../haven.yaml",
		"/etc/passwd", "content/_data/contacts.yaml", "content/et/.hidden.md", "content/xx/page.md",
		"content/et/link/secret.md", `content\et\abi.md`, "content/et/abi-kohe.md.swp"}
	for _, f := range files {
		code, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(f))
		if code != http.StatusBadRequest || strings.Contains(page, "title: secret") {
			t.Errorf("GET %s: %d, want 400", f, code)
		}
		form := url.Values{"file": {f}, "hash": {"absent"}, "base": {""}, "source": {"---\ntitle: x\n---\n"}, "action": {"save"}}
		if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("POST %s: %d, want 400", f, resp.StatusCode)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "secret.md")); string(b) != "---\ntitle: secret\n---\n" {
		t.Error("a write reached outside content/ through a symbolic link")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/xx")); err == nil {
		t.Error("a refused save made a folder")
	}
}

func TestNewPageFromArchetype(t *testing.T) {
	dir := copySampleSite(t)
	e := startEditor(t, dir)
	file := "content/ru/novaya.md"
	form := e.editPage(file)
	if form.Get("hash") != "absent" || form.Get("f-draft") != "true" {
		t.Fatalf("a new page's form: hash %q, draft %q", form.Get("hash"), form.Get("f-draft"))
	}
	form.Set("f-title", "Новая страница")
	form.Set("action", "save")
	if resp, body := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	if got := e.read(file); !strings.Contains(got, "title: Новая страница\n") {
		t.Errorf("new page:\n%s", got)
	}
	form.Set("body", "Second try.\n")
	if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("saving a new page over one that now exists: %d, want 409", resp.StatusCode)
	}
}

func TestSavedWithErrorsSaysTheBuildFails(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/et/kaitse.md"
	form := e.editPage(file)
	form.Set("f-title", "")
	form.Set("action", "save")
	resp, _ := e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if strings.Contains(e.read(file), "\ntitle:") {
		t.Fatal("the emptied title was not removed")
	}
	_, page := e.get(resp.Header.Get("Location"))
	if !strings.Contains(page, "Saved, but the site will not build") || !strings.Contains(page, `href="#f-title"`) {
		t.Errorf("saving a page with errors does not say so:\n%s", page)
	}
}

func TestUILanguage(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	req, _ := http.NewRequest(http.MethodGet, e.web.URL+"/_haven/edit/page?file=content/ru/kaitse.md", nil)
	req.Header.Set("Accept-Language", "fi;q=0.9, et;q=0.8, en;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, page := readAll(t, resp)
	for _, frag := range []string{`<html lang="et">`, ">Pealkiri</label>", `<textarea id="body" name="body" rows="24" lang="ru"`} {
		if !strings.Contains(page, frag) {
			t.Errorf("Estonian UI for a Russian page lacks %s", frag)
		}
	}
	_, page = e.get("/_haven/edit/?ui=en")
	if !strings.Contains(page, `<html lang="en">`) {
		t.Error("?ui=en is not English")
	}
	req.Header.Set("Accept-Language", "ru-RU, et;q=0.8")
	if resp, err = client.Do(req); err != nil {
		t.Fatal(err)
	}
	_, page = readAll(t, resp)
	for _, frag := range []string{`<html lang="ru">`, ">Название</label>", `<textarea id="body" name="body" rows="24" lang="ru"`} {
		if !strings.Contains(page, frag) {
			t.Errorf("Russian UI lacks %s", frag)
		}
	}
}
