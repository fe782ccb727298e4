package edit_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNewScreensInBrowser runs axe-core on every screen of this slice in
// English, Estonian and Russian at 1280 and 320 px: a translation in
// translation mode (side by side, fix buttons), the default-language page
// with fixes for its translations, the legal panel with a candidate
// requirement, the offer to restore unsaved text, and the question
// before a page is deleted. Zero WCAG 2.1 A/AA
// violations, no horizontal scrolling, nothing from another host. It
// saves screenshots of the translation mode and the legal panel.
func TestNewScreensInBrowser(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	dir := copySampleSite(t)
	e := &editor{t: t, dir: dir}
	// A number changed that no rule requires, so the site still builds
	// (a site with errors has no stylesheet for the preview).
	e.write("content/et/abi-kohe.md", strings.Replace(e.read("content/et/abi-kohe.md"), "[116 123](tel:116123)", "[116 124](tel:116124)", 1))
	// A requirement (should) no Russian page covers: its page no longer
	// claims it, and its legal panel offers it.
	e.write("content/ru/kriisiabi.md", regexp.MustCompile(`(?m)^covers:.*\n`).ReplaceAllString(e.read("content/ru/kriisiabi.md"), ""))
	e = startEditor(t, dir)
	if errs := e.srv.Site().Report.Errors; errs > 0 {
		t.Fatalf("the site has %d errors; the preview would have no stylesheet", errs)
	}
	// Unsaved text for the recovery offer.
	form := e.editPage("content/en/kaitse.md")
	form.Set("body", form.Get("body")+"\r\nUnsaved.\r\n")
	form.Set("action", "autosave")
	e.post("/_haven/edit/autosave", form, nil)
	screens := []struct{ name, file, wait, at string }{
		{"translation", "content/ru/abi-kohe.md", "table.aligned mark", "page"},
		{"source", "content/et/abi-kohe.md", ".fix-group button[name=carry]", "page"},
		{"legal", "content/ru/kriisiabi.md", ".legal .requirement", "page"},
		{"recovery", "content/en/kaitse.md", "#recovery-title", "page"},
		{"delete", "content/ru/tolk.md", "input[name=confirm]", "delete"},
	}
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			b.do(chromedp.EmulateViewport(width, 900))
			for _, s := range screens {
				name := fmt.Sprintf("%s %s-%d", s.name, ui, width)
				b.do(chromedp.Navigate(e.web.URL + "/_haven/edit/" + s.at + "?ui=" + ui + "&file=" + url.QueryEscape(s.file)))
				if !evalIn[bool](b, fmt.Sprintf(`!!document.querySelector(%q)`, s.wait)) {
					t.Errorf("%s: no %s on the screen", name, s.wait)
				}
				b.axe(axe, name)
				if w := evalIn[int](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
					t.Errorf("%s: %d px of horizontal scrolling", name, w)
				}
				if ui == "en" || ui == "ru" && width == 320 {
					switch s.name {
					case "translation":
						b.screenshotOf(fmt.Sprintf("translation-%s-%d", ui, width), "section.translation")
						b.screenshotOf(fmt.Sprintf("translation-fixes-%s-%d", ui, width), "#drift-title + .fix-group")
					case "legal":
						b.screenshotOf(fmt.Sprintf("legal-%s-%d", ui, width), "section.legal")
					case "recovery":
						b.screenshotOf(fmt.Sprintf("recovery-%s-%d", ui, width), ".recovery")
					}
				}
			}
		}
	}
	if offsite, problems := b.take(); len(offsite) > 0 || len(unexpected(problems)) > 0 {
		t.Errorf("requests to other hosts: %q; console problems: %q", offsite, unexpected(problems))
	}
}
