package edit_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestEditorScriptBudget: the editor's JavaScript, as served, stays
// within 150 KB gzipped (issue 14's budget), so no bundle grows into it
// unnoticed.
func TestEditorScriptBudget(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	code, js := e.get("/_haven/edit/edit.js")
	if code != http.StatusOK || !strings.Contains(js, "insertText") {
		t.Fatalf("edit.js: %d", code)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = io.WriteString(w, js)
	_ = w.Close()
	t.Logf("editor JavaScript: %d bytes, %d gzipped (budget 150 KB)", len(js), gz.Len())
	if gz.Len() > 150<<10 {
		t.Errorf("editor JavaScript is %d bytes gzipped, over the 150 KB budget", gz.Len())
	}
}

// TestBodyToolbarInBrowser: by keyboard alone, the toolbar makes a line a
// heading and a list, inserts a help contact as a tel: link and a
// decorative image, Ctrl+Z undoes
// its change as it undoes typing, and the outline moves the cursor to a
// heading. Without script there is neither (the template is inert).
func TestBodyToolbarInBrowser(t *testing.T) {
	b := newBrowser(t)
	dir := copySampleSite(t)
	if err := os.WriteFile(filepath.Join(dir, "content/et/muster.png"), smallPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	e := startEditor(t, dir)
	_, page := e.get("/_haven/edit/page?file=content/et/abi-kohe.md&ui=et")
	if strings.Count(page, `class="toolbar"`) != 1 || !strings.Contains(page, `<template id="body-tools"`) {
		t.Fatal("the toolbar is not in an inert <template> once")
	}
	b.waitLoad(chromedp.Navigate(e.web.URL + "/_haven/edit/page?file=content/et/abi-kohe.md&ui=et"))
	value := func() string { return evalIn[string](b, `document.getElementById('body').value`) }
	if n := evalIn[int](b, `document.querySelectorAll('.outline li').length`); n < 2 {
		t.Fatalf("outline lists %d headings", n)
	}
	b.tabTo("#body")
	b.do(chromedp.KeyEvent("\n"))
	b.typeText("Oluline rida")
	b.tabTo(`.toolbar button[data-md="h2"]`)
	b.do(chromedp.KeyEvent("\n"))
	if !strings.Contains(value(), "\n## Oluline rida") {
		t.Fatalf("Section heading did not make the line a heading:\n%s", value())
	}
	b.tabTo(`.toolbar button[data-md="ul"]`)
	b.do(chromedp.KeyEvent("\n"))
	if !strings.Contains(value(), "\n- Oluline rida") {
		t.Fatalf("Bulleted list did not replace the heading mark:\n%s", value())
	}
	b.tabTo("#body")
	b.do(chromedp.KeyEvent("z", chromedp.KeyModifiers(2))) // Ctrl+Z
	if !strings.Contains(value(), "\n## Oluline rida") {
		t.Fatalf("Ctrl+Z did not undo the list:\n%s", value())
	}
	b.tabTo("#insert")
	b.tabTo(`.toolbar button[data-md="insert"]`)
	b.do(chromedp.KeyEvent("\n"))
	if !strings.Contains(value(), "](tel:") {
		t.Fatalf("Insert did not add a tel: link:\n%s", value())
	}
	// Decorative image: the image line with no description and the mark,
	// its address selected to type over.
	b.tabTo(`.toolbar button[data-md="decorative"]`)
	b.do(chromedp.KeyEvent("\n"))
	b.typeText("/et/muster.png")
	if !strings.Contains(value(), "![](/et/muster.png)<!-- decorative -->") {
		t.Fatalf("Decorative image did not add a marked image line:\n%s", value())
	}
	b.tabTo(".outline li button")
	first := evalIn[string](b, `document.activeElement.textContent`)
	b.do(chromedp.KeyEvent("\n"))
	if got := evalIn[string](b, `(() => { const a = document.activeElement; return a.id + ':' + a.value.slice(a.selectionStart, a.selectionEnd) })()`); got != "body:## "+first && got != "body:### "+first {
		t.Errorf("outline entry %q put the cursor at %q", first, got)
	}
	b.screenshotOf("toolbar-et-1280", ".field:has(#body)")
	if offsite, problems := b.take(); len(offsite)+len(unexpected(problems)) > 0 {
		t.Errorf("off-site requests %v, console problems %v", offsite, unexpected(problems))
	}
}

// TestDashboardLinksIntoTheEditor: under haven edit the preview dashboard
// links to the page list, and each problem in a page to that page's edit
// screen; under haven serve (no editor) there are no such links.
func TestDashboardLinksIntoTheEditor(t *testing.T) {
	dir := copySampleSite(t)
	e := startEditor(t, dir)
	const file = "content/en/kontaktid.md"
	e.write(file, e.read(file)+"\nMore [here](/en/abi-kohe/).\n")
	e.rebuild()
	_, dash := e.get("/_haven/")
	if !strings.Contains(dash, `<a href="/_haven/edit/">`) {
		t.Error("the dashboard does not link to the editor's page list")
	}
	if !strings.Contains(dash, `<a href="/_haven/edit/page?file=content%2Fen%2Fkontaktid.md">`) {
		t.Errorf("the link-text warning of %s does not link to its edit screen", file)
	}
}

// TestLivePreviewInBrowser: typing updates the preview frame with the
// draft page (no button pressed), and the width buttons show it at 320
// and 1280 px without the screen scrolling sideways.
func TestLivePreviewInBrowser(t *testing.T) {
	b := newBrowser(t)
	e := startEditor(t, copySampleSite(t))
	b.waitLoad(chromedp.Navigate(e.web.URL + "/_haven/edit/page?file=content/et/kaitse.md&ui=et"))
	b.tabTo("#body")
	b.do(chromedp.KeyEvent("\n"))
	b.typeText("Elav eelvaade tootab")
	// Wait in the page, on its own events (the frame's attribute and its
	// load), for the frame to show the typed text.
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(resolve => {
		const f = document.querySelector('.preview-frame iframe');
		const check = () => f.hasAttribute('data-live') && !!f.contentDocument && f.contentDocument.body.textContent.includes('Elav eelvaade tootab') && resolve(true);
		new MutationObserver(check).observe(f, {attributes: true});
		f.addEventListener('load', check);
		check();
	})`, chromedp.EvalAwaitPromise))
	if err != nil || !shown {
		t.Fatalf("the preview never showed the typed text: %v", err)
	}
	for _, w := range []int{320, 1280} {
		b.tabTo(fmt.Sprintf(`.preview-width button[data-width="%d"]`, w))
		b.do(chromedp.KeyEvent("\n"))
		if got := evalIn[int](b, `Math.round(document.querySelector('.preview-frame iframe').getBoundingClientRect().width)`); got != w {
			t.Errorf("preview at %d px is %d px wide", w, got)
		}
		if sw := evalIn[int](b, `document.documentElement.scrollWidth - window.innerWidth`); sw > 0 {
			t.Errorf("with the preview at %d px the screen scrolls %d px sideways", w, sw)
		}
	}
	if offsite, problems := b.take(); len(offsite)+len(unexpected(problems)) > 0 {
		t.Errorf("off-site requests %v, console problems %v", offsite, unexpected(problems))
	}
}
