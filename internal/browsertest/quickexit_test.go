package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestQuickExitShift presses Shift three times on a content page and
// checks the browser left for the neutral site, announcing its progress on
// the way, and that the page left is no longer in the tab's history: Back
// goes to the page before it.
func TestQuickExitShift(t *testing.T) {
	for _, lang := range []string{"et", "en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			p := contentPage(t, lang)
			neutral := neutralURL(t, p)
			tb := newTab(t, neutral)
			home := "/" + lang + "/"
			tb.open(home)
			tb.open(p.Path)
			before, _ := tb.history()

			tb.do(pressShift())
			if got, want := eval[string](tb, `document.querySelector('[data-qe-status]').textContent`),
				eval[string](tb, `document.querySelector('[data-qe-status]').dataset.press2`); got != want || got == "" {
				t.Errorf("after one Shift the status says %q, want %q", got, want)
			}
			tb.do(pressShift())
			if got := eval[string](tb, `document.querySelector('[data-qe-status]').textContent`); !strings.Contains(got, "1") {
				t.Errorf("after two Shifts the status says %q", got)
			}
			if !tb.navigatedBy(neutral, pressShift()) {
				_, urls := tb.history()
				t.Fatalf("did not leave for %s; history %q", neutral, urls)
			}
			i, urls := tb.history()
			if i != before {
				t.Errorf("history index %d after exit, want %d (location.replace, not a new entry): %q", i, before, urls)
			}
			for _, u := range urls {
				if strings.HasSuffix(u, p.Path) {
					t.Errorf("the page left is still in history: %q", urls)
				}
			}
			if !tb.navigatedBy(env.server.URL+home, tb.back()) {
				_, urls := tb.history()
				t.Errorf("Back did not go to the page before (%s): %q", home, urls)
			}
			if off := tb.offsiteRequests(); len(off) != 1 || off[0] != neutral {
				t.Errorf("off-site requests %q, want only the neutral site", off)
			}
		})
	}
}

// TestQuickExitResets checks that Shift used with another key does not
// count, and that another key starts the count over: after Shift, Shift,
// a, Shift the page is still there, counting one press, and exactly two
// more presses leave it.
func TestQuickExitResets(t *testing.T) {
	p := contentPage(t, "et")
	neutral := neutralURL(t, p)
	tb := newTab(t, neutral)
	tb.open(p.Path)
	tb.do(pressShift(), pressShift(), pressKey("a", "KeyA", 65), pressShift())
	// Each key event returns once the page has handled it, and leaving
	// blanks the page and clears its title before it navigates: a page
	// that had counted to three would show it here, or be gone.
	if got, want := qeStatus(tb, "textContent"), qeStatus(tb, "dataset.press2"); got != want {
		t.Fatalf("after Shift, Shift, a, Shift the status says %q, want the count started over: %q", got, want)
	}
	if eval[bool](tb, `document.documentElement.classList.contains('qe-blank') || document.title === ''`) {
		t.Fatal("left the page after Shift, Shift, a, Shift")
	}
	tb.do(pressShift())
	if got, want := qeStatus(tb, "textContent"), qeStatus(tb, "dataset.press1"); got != want {
		t.Errorf("after the second Shift of the new count the status says %q, want %q", got, want)
	}
	if !tb.navigatedBy(neutral, pressShift()) {
		t.Fatal("the third Shift of the new count did not leave")
	}
	if off := tb.offsiteRequests(); len(off) != 1 || off[0] != neutral {
		t.Errorf("off-site requests %q, want the neutral site once", off)
	}
}

// TestQuickExitButton clicks the button with JavaScript on: it leaves
// with location.replace, so the page is gone from history.
func TestQuickExitButton(t *testing.T) {
	p := contentPage(t, "ru")
	neutral := neutralURL(t, p)
	tb := newTab(t, neutral)
	tb.open(p.Path)
	if !tb.navigatedBy(neutral, chromedp.Click(chromedp.CSS(".qe-button"))) {
		t.Fatal("the button did not leave")
	}
	if _, urls := tb.history(); len(urls) != 2 || !strings.HasPrefix(urls[0], "about:") {
		t.Errorf("history %q: want the start page and the neutral site only", urls)
	}
}

// TestQuickExitWithoutJavaScript switches JavaScript off and follows the
// exit link: a plain link must still get the reader out.
func TestQuickExitWithoutJavaScript(t *testing.T) {
	p := contentPage(t, "en")
	neutral := neutralURL(t, p)
	tb := newTab(t, neutral)
	tb.do(noScript())
	tb.open(p.Path)
	rel, err := chromedp.Run(tb.ctx, chromedp.AttributeValue(chromedp.CSS(".qe-button"), "rel", chromedp.NodeReady))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rel.Value, "noreferrer") || !strings.Contains(rel.Value, "nofollow") {
		t.Errorf(`exit link rel=%q, want "nofollow noreferrer"`, rel.Value)
	}
	if !tb.navigatedBy(neutral, chromedp.Click(chromedp.CSS(".qe-button"), chromedp.NodeReady)) {
		_, urls := tb.history()
		t.Fatalf("the exit link did not lead to %s without JavaScript: %q", neutral, urls)
	}
}

// TestQuickExitStaysInView scrolls to the end of a long page at 320 and
// 1280 pixels: the button must still be on screen and on top.
func TestQuickExitStaysInView(t *testing.T) {
	p := contentPage(t, "et")
	tb := newTab(t, "")
	for _, w := range []int64{320, 1280} {
		tb.do(emulateWidth(w))
		tb.open(p.Path)
		ok := eval[bool](tb, `(() => {
			window.scrollTo(0, document.documentElement.scrollHeight);
			const b = document.querySelector('.qe-button').getBoundingClientRect();
			const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
			return b.top >= 0 && b.bottom <= window.innerHeight && top !== null && top.closest('.qe-button') !== null;
		})()`)
		if !ok {
			t.Errorf("at %d px the exit button is off screen or covered after scrolling", w)
		}
	}
	// Hidden in print: a printout must not advertise the escape route.
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if d := eval[string](tb, `getComputedStyle(document.querySelector('.qe')).display`); d != "none" {
		t.Errorf("quick exit shows in print (display %s)", d)
	}
}

// qeStatus reads a property of the page's quick-exit status region, or
// says the page is gone.
func qeStatus(tb *tab, prop string) string {
	tb.t.Helper()
	return eval[string](tb, `(() => {
		const s = document.querySelector('[data-qe-status]');
		return s ? s.`+prop+` : '(no quick-exit status: the page was left)';
	})()`)
}
