package edit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitFor waits, on the page's own changes (a MutationObserver, no
// polling by the clock), until the JavaScript expression cond is true.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	expr := fmt.Sprintf(`new Promise(resolve => {
		const ok = () => { if (%s) { obs.disconnect(); resolve(true); } };
		const obs = new MutationObserver(ok);
		obs.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
		ok();
	})`, cond)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise)); err != nil {
		b.t.Fatalf("%s never happened: %v", what, err)
	}
}

// TestLiveDiagnosticsInBrowser: as the editor types, without pressing
// Preview, the error summary, the message at the field and the legal
// panel follow the text: emptying the title shows the error (announced
// as a count, not as an alert), typing a title clears it, ticking
// a requirement adds it to the legal panel's claimed list. The
// focus stays in the field throughout, nothing is saved, and the
// updated screen passes axe.
func TestLiveDiagnosticsInBrowser(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	e := startEditor(t, copySampleSite(t))
	file := "content/en/abi-kohe.md"
	orig := e.read(file)
	b.waitLoad(chromedp.Navigate(e.web.URL + "/_haven/edit/page?ui=en&file=" + file))
	if evalIn[bool](b, `!!document.querySelector('.error-summary')`) {
		t.Fatal("the sample page has errors before any change")
	}
	b.tabTo("#f-title")
	evalIn[bool](b, `document.getElementById('f-title').select(), true`)
	b.do(chromedp.KeyEvent("\b"))
	b.waitFor("the error for the empty title", `!!document.querySelector('#summaries .error-summary a[href="#f-title"]')`)
	for what, cond := range map[string]string{
		"the focus stays in the title":      `document.activeElement.id === 'f-title'`,
		"the field says what is wrong":      `!!document.getElementById('f-title-msg') && document.getElementById('f-title').getAttribute('aria-invalid') === 'true' && document.getElementById('f-title').getAttribute('aria-describedby').includes('f-title-msg')`,
		"the field is marked":               `document.getElementById('f-title-msg').closest('.field').classList.contains('has-msg')`,
		"the count is said politely":        `document.getElementById('live-count').textContent.startsWith('Problems to fix: 1.') && document.getElementById('live-count').getAttribute('aria-live') === 'polite'`,
		"the summary is not an alert":       `!document.querySelector('#summaries [role=alert]')`,
		"the tab's title says there is one": `document.title.startsWith('Error:')`,
	} {
		if !evalIn[bool](b, cond) {
			t.Errorf("after emptying the title: not so that %s", what)
		}
	}
	for _, width := range []int64{320, 1280} {
		b.do(chromedp.EmulateViewport(width, 900))
		b.axe(axe, fmt.Sprintf("live error summary en-%d", width))
		b.screenshotOf(fmt.Sprintf("live-summary-en-%d", width), "#summaries")
		b.screenshotOf(fmt.Sprintf("live-field-en-%d", width), ".field:has(#f-title)")
	}
	b.typeText("Help now")
	b.waitFor("the error to go", `!document.querySelector('.error-summary a[href="#f-title"]') && !document.getElementById('f-title-msg')`)
	if !evalIn[bool](b, `document.activeElement.id === 'f-title' && document.activeElement.value === 'Help now' && !document.activeElement.hasAttribute('aria-invalid')`) {
		t.Error("after typing a title the focus or the field is not as typed")
	}
	if !evalIn[bool](b, `!document.getElementById('live-count').textContent.startsWith('Problems to fix: 1.')`) {
		t.Error("the count still says there is a problem")
	}
	claimed := `[...document.querySelectorAll('#legal .requirement')].some(r => r.querySelector('code').textContent === 'restorative-justice' &&
		['Covered', 'Partly covered', 'Review overdue', 'Not covered'].includes(r.querySelector('.status').textContent))`
	if evalIn[bool](b, claimed) {
		t.Fatal("the legal panel shows restorative-justice as claimed before the change")
	}
	b.tabTo(`input[name="f-covers"][value="restorative-justice"]`)
	b.do(chromedp.KeyEvent(" "))
	b.waitFor("the legal panel to follow the covers checklist", claimed)
	if !evalIn[bool](b, `document.activeElement.matches('input[value="restorative-justice"]') && document.activeElement.checked`) {
		t.Error("the focus left the checkbox")
	}
	if e.read(file) != orig {
		t.Error("typing saved the page")
	}
	if offsite, problems := b.take(); len(offsite)+len(unexpected(problems)) > 0 {
		t.Errorf("off-site requests %v, console problems %v", offsite, unexpected(problems))
	}
}
