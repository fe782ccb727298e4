package edit_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/edit"
)

// localKey is the name of the browser's copy of file's unsaved text.
func localKey(file string) string { return "haven-unsaved:" + strings.TrimPrefix(file, "content/") }

// waitLocal waits until the browser's copy of file's form holds text in
// its body.
func (b *browser) waitLocal(file, text string) {
	b.t.Helper()
	expr := fmt.Sprintf(`(() => { const g = JSON.parse(localStorage.getItem(%q) || 'null');
		return !!g && (new URLSearchParams(g.fields).get('body') || '').includes(%q) })()`, localKey(file), text)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr)); err != nil {
		b.t.Fatalf("the browser never kept the typed text: %v", err)
	}
}

// bodyStart is where a page's body starts in its file text.
func bodyStart(t *testing.T, text string) int {
	t.Helper()
	i := strings.Index(text[4:], "\n---\n")
	if !strings.HasPrefix(text, "---\n") || i < 0 {
		t.Fatalf("no front matter in %q", text[:min(len(text), 80)])
	}
	return i + 4 + len("\n---\n")
}

// TestRecoveryFromBrowserStorage: text typed is kept in the browser's
// localStorage as it is typed; with the tab closed and the server
// restarted without its recovery folder, the reopened page offers it
// (axe-clean in en, et and ru at 1280 and 320 px), Restore and Save
// write exactly what was typed, and the saved page drops the copy. Text
// typed on a version the file no longer has comes back in the merge
// view, the file as the other editor left it.
func TestRecoveryFromBrowserStorage(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	dir := copySampleSite(t)
	e := startEditorWith(t, edit.Options{Source: dir, State: t.TempDir()})
	file := "content/ru/kaitse.md"
	orig := e.read(file)
	page := func(e *editor, ui string) string {
		return e.web.URL + "/_haven/edit/page?ui=" + ui + "&file=" + url.QueryEscape(file)
	}
	typed := "Текст только в браузере. "
	b.do(chromedp.Navigate(page(e, "ru")))
	b.tabTo("#body")
	b.typeText(typed)
	b.waitLocal(file, typed)
	b.closeTab()
	e = restartWithoutRecovery(t, e)
	if e.read(file) != orig {
		t.Fatal("the page was written without a save")
	}
	b.openTab()
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			name := fmt.Sprintf("browser recovery %s-%d", ui, width)
			b.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate(page(e, ui)))
			if !evalIn[bool](b, `!!document.getElementById('local-recovery-title') && !document.getElementById('server-recovery')`) {
				t.Fatalf("%s: the reopened page does not offer the browser's copy", name)
			}
			if evalIn[bool](b, `!document.querySelector('.recovery [data-older]').hidden`) {
				t.Errorf("%s: the copy of the file's own version is called older", name)
			}
			b.axe(axe, name)
			if ui != "et" {
				b.screenshotOf(fmt.Sprintf("local-recovery-%s-%d", ui, width), ".recovery")
			}
		}
	}
	b.tabTo(`.recovery button[data-restore]`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	if got := evalIn[string](b, `document.getElementById('body').value`); !strings.HasPrefix(got, typed) {
		t.Fatalf("restored body: %q", got[:min(len(got), 80)])
	}
	b.tabTo(`button[value="save"]`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	i := bodyStart(t, orig)
	if want, got := orig[:i]+typed+orig[i:], e.read(file); got != want {
		t.Fatalf("saved file:\n%s\nwant:\n%s", got, want)
	}
	if evalIn[bool](b, fmt.Sprintf(`localStorage.getItem(%q) !== null`, localKey(file))) {
		t.Error("the browser's copy outlived the save")
	}
	staleCopyGoesToMergeView(t, b, e, file, page(e, "en"))
}

// restartWithoutRecovery stops e's server and starts the editor again on
// its address (the same origin, so the browser's storage is the same),
// with an empty folder for its own recovery copies.
func restartWithoutRecovery(t *testing.T, e *editor) *editor {
	t.Helper()
	addr := e.web.Listener.Addr().String()
	e.web.Close()
	return startEditorAt(t, edit.Options{Source: e.dir, State: t.TempDir()}, addr)
}

// staleCopyGoesToMergeView types on the page, closes the tab, lets
// another editor change the file, and restores the browser's copy: the
// merge view shows both, and the file is the other editor's.
func staleCopyGoesToMergeView(t *testing.T, b *browser, e *editor, file, page string) {
	b.do(chromedp.Navigate(page))
	b.tabTo("#body")
	b.typeText("Typed on the old version. ")
	b.waitLocal(file, "Typed on the old version. ")
	b.closeTab()
	theirs := strings.Replace(e.read(file), "## План безопасности", "## План безопасности (изменён)", 1)
	e.write(file, theirs)
	e = restartWithoutRecovery(t, e)
	b.openTab()
	b.do(chromedp.Navigate(page))
	if !evalIn[bool](b, `!!document.getElementById('local-recovery-title') && !document.querySelector('.recovery [data-older]').hidden`) {
		t.Fatal("a copy typed on an older version is not offered as one")
	}
	b.tabTo(`.recovery button[data-restore]`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	if !evalIn[bool](b, `!!document.getElementById('conflict-title') && document.getElementById('yours').value.includes('Typed on the old version. ') && document.getElementById('theirs').value.includes('(изменён)')`) {
		t.Error("restoring a copy of an older version does not show the merge view of both")
	}
	if e.read(file) != theirs {
		t.Error("restoring a copy of an older version changed the file")
	}
}
