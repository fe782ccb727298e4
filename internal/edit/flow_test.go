package edit_test

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
)

// tabTo presses Tab until the focus is on the element sel, as a
// keyboard user moves through the screen.
func (b *browser) tabTo(sel string) {
	b.t.Helper()
	for range 400 {
		if evalIn[bool](b, fmt.Sprintf(`document.activeElement.matches(%q)`, sel)) {
			return
		}
		b.do(chromedp.KeyEvent("\t"))
	}
	b.t.Fatalf("Tab never reaches %s", sel)
}

// selectText selects the first occurrence of text in the focused
// textarea, where a keyboard user would put the caret with the arrow
// keys and Shift (which the test cannot aim at a place in wrapped text).
func (b *browser) selectText(text string) {
	b.t.Helper()
	if !evalIn[bool](b, fmt.Sprintf(`(() => { const a = document.activeElement, i = a.value.indexOf(%q);
		if (i < 0) return false; a.setSelectionRange(i, i + %d); return true })()`, text, len([]rune(text)))) {
		b.t.Fatalf("the focused field has no %q", text)
	}
}

// typeText types s into the focused field: ASCII as key presses, other
// letters as a keyboard layout or input method delivers them (chromedp
// sends those as keys the browser cannot identify, and Chrome takes such
// a key in a text input for Enter).
func (b *browser) typeText(s string) {
	b.t.Helper()
	for _, r := range s {
		if r < 0x80 {
			b.do(chromedp.KeyEvent(string(r)))
		} else if _, err := chromedp.Call(b.ctx, input.InsertText, input.InsertTextParams{Text: string(r)}); err != nil {
			b.t.Fatal(err)
		}
	}
}

// TestKeyboardOnlyFlow is the helpline change an editor makes with the
// keyboard alone, in real Chromium: open the Estonian helpline page from
// the list, change a phone number, preview (drift warnings for en and
// ru), empty the title by mistake, preview (an error), follow the error
// summary to the title, fix it, save; then carry the number into the English and
// the Russian translation from the Estonian page's buttons and save each.
// The files are exactly what was typed, and the site builds.
func TestKeyboardOnlyFlow(t *testing.T) {
	b := newBrowser(t)
	dir := copySampleSite(t)
	e := startEditor(t, dir)
	orig := map[string]string{}
	for _, l := range []string{"et", "en", "ru"} {
		orig[l] = e.read("content/" + l + "/abi-kohe.md")
	}
	b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/?ui=et"))
	b.tabTo(`td[data-file="content/et/abi-kohe.md"] a`)
	b.waitLoad(chromedp.KeyEvent("\r"))

	b.tabTo("#body")
	b.selectText("[116 123](tel:116123)")
	b.do(chromedp.KeyEvent("[116 124](tel:116124)"))
	b.tabTo(`button[value="preview"]`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	for _, l := range []string{"en", "ru"} {
		if !evalIn[bool](b, fmt.Sprintf(`[...document.querySelectorAll('.fix-group code')].some(c => c.textContent === 'content/%s/abi-kohe.md')`, l)) {
			t.Errorf("the preview shows no drift warnings for %s", l)
		}
	}
	// A mistake in the front matter: the title emptied.
	b.tabTo("#f-title")
	evalIn[bool](b, `document.activeElement.select();true`) // as Ctrl+A does
	b.do(chromedp.KeyEvent("\b"))
	b.waitLoad(chromedp.KeyEvent("\r")) // Enter previews
	b.tabTo(`.error-summary a[href="#f-title"]`)
	b.do(chromedp.KeyEvent("\r"))
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.activeElement.id === 'f-title'`)); err != nil {
		t.Fatalf("the error summary link does not move to the title: %v", err)
	}
	b.typeText("Küsi abi kohe")
	b.tabTo(`button[value="save"]`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	want := strings.Replace(orig["et"], "[116 123](tel:116123)", "[116 124](tel:116124)", 1)
	if got := e.read("content/et/abi-kohe.md"); got != want {
		t.Fatalf("the Estonian page on disk is not what was typed:\n%s", got)
	}
	for _, l := range []string{"en", "ru"} {
		e.rebuild() // as the preview's watcher does after a save
		file := "content/" + l + "/abi-kohe.md"
		b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/page?ui=et&file=" + url.QueryEscape("content/et/abi-kohe.md")))
		b.tabTo(fmt.Sprintf(`form:has(input[value=%q]) button[name="carry"]`, file))
		b.waitLoad(chromedp.KeyEvent("\r"))
		if !evalIn[bool](b, `document.querySelector('#body').value.includes('[116 124](tel:116124)')`) {
			t.Fatalf("%s: the carried number is not in the form", l)
		}
		if e.read(file) != orig[l] {
			t.Fatalf("%s was written before save", file)
		}
		b.tabTo(`button[value="save"]`)
		b.waitLoad(chromedp.KeyEvent("\r"))
		want := strings.Replace(orig[l], "[116 123](tel:116123)", "[116 124](tel:116124)", 1)
		if got := e.read(file); got != want {
			t.Errorf("%s on disk is not the carried text:\n%s", file, got)
		}
	}
	if offsite, problems := b.take(); len(offsite) > 0 || len(unexpected(problems)) > 0 {
		t.Errorf("requests to other hosts: %q; console problems: %q", offsite, unexpected(problems))
	}
	var diags diag.List
	out := filepath.Join(t.TempDir(), "public")
	staging, err := publish.Begin(context.Background(), out, publish.NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(context.Background(), site.Options{Source: dir, Today: today}, staging, &diags); err != nil || diags.HasErrors() {
		staging.Abort()
		t.Fatalf("haven build after the edits: %v %v", err, diags.Items())
	}
	if err := staging.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestRecoveryAfterTabClosed types into a page, lets the script keep
// the text, closes the tab without saving, and gets the text back in a
// new tab with Restore.
func TestRecoveryAfterTabClosed(t *testing.T) {
	b := newBrowser(t)
	e := startEditor(t, copySampleSite(t))
	file := "content/ru/kaitse.md"
	orig := e.read(file)
	page := e.web.URL + "/_haven/edit/page?ui=ru&file=" + url.QueryEscape(file)
	b.do(chromedp.Navigate(page))
	b.tabTo("#body")
	b.typeText("Текст, который никто не сохранил. ")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.getElementById('form').hasAttribute('data-autosaved')`)); err != nil {
		t.Fatalf("the script never kept the text: %v", err)
	}
	b.closeTab()
	if e.read(file) != orig {
		t.Fatal("the page was written without a save")
	}
	b.openTab()
	// This test is of the server's copy: the browser's is forgotten (as
	// another browser, or a cleared one, would have none).
	b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/"))
	evalIn[bool](b, `localStorage.clear(), true`)
	b.do(chromedp.Navigate(page))
	if !evalIn[bool](b, `!!document.getElementById('recovery-title')`) {
		t.Fatal("the reopened page does not offer the unsaved text")
	}
	b.tabTo(`.recovery button.primary`)
	b.waitLoad(chromedp.KeyEvent("\r"))
	if !evalIn[bool](b, `document.getElementById('body').value.startsWith('Текст, который никто не сохранил. ')`) {
		t.Errorf("restored body: %q", evalIn[string](b, `document.getElementById('body').value.slice(0, 80)`))
	}
}
