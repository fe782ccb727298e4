package edit_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMovePage: moving a page moves its translations at the same path,
// each with its old address as an alias, keeps every other byte, and
// refuses a target that exists or lies in another language's folder.
func TestMovePage(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	before := map[string]string{}
	for _, l := range []string{"et", "en", "ru"} {
		before[l] = e.read("content/" + l + "/lepitus.md")
	}
	move := func(to string) (int, string, string) {
		resp, body := e.post("/_haven/edit/move", url.Values{"file": {"content/et/lepitus.md"}, "to": {to}}, nil)
		return resp.StatusCode, resp.Header.Get("Location"), body
	}
	if code, _, body := move("content/en/lepitus-uus.md"); code != http.StatusBadRequest || !strings.Contains(body, "language folder") {
		t.Errorf("a move into another language's folder: %d", code)
	}
	if code, _, body := move("content/et/kaitse.md"); code != http.StatusConflict || !strings.Contains(body, "already exists") {
		t.Errorf("a move onto an existing page: %d", code)
	}
	code, loc, _ := move("content/et/oigus/lepitamine")
	if code != http.StatusSeeOther || !strings.Contains(loc, url.QueryEscape("content/et/oigus/lepitamine.md")) {
		t.Fatalf("move: %d to %s", code, loc)
	}
	for lang, old := range map[string]string{"et": "/et/lepitus/", "en": "/en/lepitus/", "ru": "/ru/lepitus/"} {
		if _, err := os.Stat(filepath.Join(e.dir, "content", lang, "lepitus.md")); err == nil {
			t.Errorf("content/%s/lepitus.md is still there", lang)
		}
		got := e.read("content/" + lang + "/oigus/lepitamine.md")
		if !strings.Contains(got, old) {
			t.Errorf("%s: the moved page has no alias %s:\n%s", lang, old, got)
		}
		// Only the aliases key changed.
		if strings.Count(got, "\n")-strings.Count(before[lang], "\n") > 1 || !strings.Contains(got, strings.SplitN(before[lang], "\n---\n", 2)[1]) {
			t.Errorf("%s: the move changed more than the aliases", lang)
		}
		trashed, _ := filepath.Glob(filepath.Join(e.dir, ".haven/trash/*/content", lang, "lepitus.md"))
		if len(trashed) != 1 {
			t.Errorf("%s: the moved-away file is not kept in the trash (%v)", lang, trashed)
		}
	}
	e.rebuild()
	if code, _ := e.get("/et/oigus/lepitamine/"); code != http.StatusOK {
		t.Errorf("the moved page is not at its new address: %d", code)
	}
	if code, body := e.get("/et/lepitus/"); code != http.StatusOK || !strings.Contains(body, "/et/oigus/lepitamine/") {
		t.Errorf("the old address does not lead to the moved page: %d", code)
	}
}

// TestDeletePage: Delete asks first, names the translations that stay,
// then keeps the file in the trash and removes it from content/.
func TestDeletePage(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	const file = "content/ru/tolk.md"
	orig := e.read(file)
	resp, body := e.post("/_haven/edit/delete", url.Values{"file": {file}}, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `name="confirm" value="1"`) || !strings.Contains(body, "content/et/tolk.md") {
		t.Fatalf("delete without confirm: %d; want the question naming the translations", resp.StatusCode)
	}
	if e.read(file) != orig {
		t.Fatal("asking deleted the page")
	}
	resp, _ = e.post("/_haven/edit/delete", url.Values{"file": {file}, "confirm": {"1"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(e.dir, file)); err == nil {
		t.Error("the page is still in content/")
	}
	kept, _ := filepath.Glob(filepath.Join(e.dir, ".haven/trash/*", file))
	if len(kept) != 1 {
		t.Fatalf("no copy in the trash: %v", kept)
	}
	if b, _ := os.ReadFile(kept[0]); string(b) != orig {
		t.Error("the trash copy differs from the page")
	}
	if _, err := os.Stat(filepath.Join(e.dir, "content/et/tolk.md")); err != nil {
		t.Error("deleting the Russian page removed the Estonian one")
	}
}

// TestSlugChangeKeepsOldAddress: saving a page with a new slug adds its
// old address to aliases, so the old address still leads to it.
func TestSlugChangeKeepsOldAddress(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	const file = "content/en/kaitse.md"
	form := e.editPage(file)
	form.Set("f-slug", "protection-orders")
	form.Set("action", "save")
	if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	got := e.read(file)
	if !strings.Contains(got, "slug: protection-orders") || !strings.Contains(got, "/en/kaitse/") {
		t.Fatalf("the saved page lacks the new slug or the old address as an alias:\n%s", got)
	}
	e.rebuild()
	if code, _ := e.get("/en/protection-orders/"); code != http.StatusOK {
		t.Errorf("the page is not at its new address: %d", code)
	}
	if code, body := e.get("/en/kaitse/"); code != http.StatusOK || !strings.Contains(body, "/en/protection-orders/") {
		t.Errorf("the old address does not lead to the page: %d", code)
	}
	// A save that keeps the slug adds nothing.
	form = e.editPage(file)
	form.Set("action", "save")
	e.post("/_haven/edit/page", form, nil)
	if strings.Count(e.read(file), "/en/") != strings.Count(got, "/en/") {
		t.Error("a save without a slug change added an alias")
	}
}
