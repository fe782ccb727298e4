package edit_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Without JavaScript, Preview keeps the form's text in .haven/recovery/
// (outside content/, git-ignored); opening the page again offers it, and
// Restore puts it back in the form against the version it was typed on.
func TestPreviewKeepsTextForRecovery(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/et/kaitse.md"
	orig := e.read(file)
	form := e.editPage(file)
	typed := form.Get("body") + "\r\nLõik, mida keegi ei salvestanud.\r\n"
	form.Set("body", typed)
	form.Set("action", "preview")
	if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	if e.read(file) != orig {
		t.Fatal("preview wrote the page")
	}
	if ig := e.read(".haven/recovery/.gitignore"); !strings.Contains(ig, "\n*\n") {
		t.Errorf("the recovery folder is not git-ignored: %q", ig)
	}
	if _, err := os.Stat(filepath.Join(e.dir, ".haven/recovery/et/kaitse.md.json")); err != nil {
		t.Fatalf("no recovery copy: %v", err)
	}
	_, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	if !strings.Contains(page, "You have unsaved text from ") || !strings.Contains(page, ">Restore my text</button>") {
		t.Fatal("reopening the page does not offer the unsaved text")
	}
	if formOf(t, page).Get("body") == typed {
		t.Fatal("the form holds the unsaved text before Restore")
	}
	_, page = e.get("/_haven/edit/page?restore=1&file=" + url.QueryEscape(file))
	restored := formOf(t, page)
	if normalizeCRLF(restored.Get("body")) != normalizeCRLF(typed) || restored.Get("hash") != form.Get("hash") {
		t.Fatalf("restored body %q, hash %q", restored.Get("body"), restored.Get("hash"))
	}
	restored.Set("action", "save")
	if resp, _ := e.post("/_haven/edit/page", restored, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if !strings.Contains(e.read(file), "Lõik, mida keegi ei salvestanud.") {
		t.Error("the restored text was not saved")
	}
	if _, err := os.Stat(filepath.Join(e.dir, ".haven/recovery/et/kaitse.md.json")); err == nil {
		t.Error("the recovery copy outlived the save")
	}
	if _, page = e.get("/_haven/edit/page?file=" + url.QueryEscape(file)); strings.Contains(page, "You have unsaved text") {
		t.Error("a saved page still offers recovery")
	}
}

// The script's autosave keeps the text (204, nothing else), a stale save
// keeps it too, and Discard forgets it. Another origin cannot autosave.
func TestAutosaveAndDiscard(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/en/kaitse.md"
	form := e.editPage(file)
	form.Set("f-title", "Typed but never saved")
	form.Set("action", "autosave")
	if resp, body := e.post("/_haven/edit/autosave", form, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("autosave: %d\n%s", resp.StatusCode, body)
	}
	_, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	if !strings.Contains(page, "You have unsaved text from ") {
		t.Fatal("autosaved text is not offered")
	}
	if resp, _ := e.post("/_haven/edit/page", url.Values{"file": {file}, "action": {"discard"}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", resp.StatusCode)
	}
	if _, page = e.get("/_haven/edit/page?file=" + url.QueryEscape(file)); strings.Contains(page, "You have unsaved text") {
		t.Error("discarded text is still offered")
	}
	// Someone else saves first: the refused save keeps this editor's text.
	e.write(file, e.read(file)+"\nTheirs.\n")
	form.Set("action", "save")
	if resp, _ := e.post("/_haven/edit/page", form, nil); resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d", resp.StatusCode)
	}
	_, page = e.get("/_haven/edit/page?restore=1&file=" + url.QueryEscape(file))
	if formOf(t, page).Get("f-title") != "Typed but never saved" {
		t.Error("the text of a refused save cannot be restored")
	}
	evil := http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	form.Set("f-title", "From elsewhere")
	form.Set("action", "autosave")
	if resp, _ := e.post("/_haven/edit/autosave", form, evil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin autosave: %d, want 403", resp.StatusCode)
	}
	if _, page = e.get("/_haven/edit/page?restore=1&file=" + url.QueryEscape(file)); strings.Contains(page, "From elsewhere") {
		t.Error("another origin's autosave was kept")
	}
}

// The script's Restore of the browser's copy (action=restore, the form as
// it was) shows the form again when the file is still the version it
// was typed on, and the merge view (409, the file untouched) when the
// file changed since or the version it names is damaged.
func TestRestoreBrowserCopy(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/en/kaitse.md"
	form := e.editPage(file)
	form.Set("body", form.Get("body")+"\r\nKept in the browser.\r\n")
	form.Set("action", "restore")
	resp, page := e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(formOf(t, page).Get("body"), "Kept in the browser.") ||
		!strings.Contains(page, "kept in this browser is back in the form") {
		t.Fatalf("restore on the same version: %d", resp.StatusCode)
	}
	damaged := url.Values{}
	for k, v := range form {
		damaged[k] = v
	}
	damaged.Set("base", "not the version")
	if resp, _ := e.post("/_haven/edit/page", damaged, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("restore with a damaged version: %d, want 409", resp.StatusCode)
	}
	theirs := e.read(file) + "\nTheirs.\n"
	e.write(file, theirs)
	resp, page = e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, `id="yours"`) || !strings.Contains(page, "Kept in the browser.") {
		t.Errorf("restore over a changed file: %d, want the merge view", resp.StatusCode)
	}
	if e.read(file) != theirs {
		t.Error("restoring an old version's copy changed the file")
	}
}
