package edit_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/signin/signintest"
)

// signInAs signs user in at the provider's login form, starting from the
// editor's page list, and waits for the editor to show again.
func (b *browser) signInAs(base, user string) {
	b.t.Helper()
	b.do(chromedp.Navigate(base + "/_haven/edit/?ui=et"))
	b.do(chromedp.WaitVisible(chromedp.CSS("#username")))
	b.do(chromedp.SendKeys(chromedp.CSS("#username"), user), chromedp.SendKeys(chromedp.CSS("#password"), signintest.Password))
	b.do(chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	// The page changes under the poll (provider, callback, editor): a
	// poll whose page went away is asked again on the next one.
	var err error
	for range 20 {
		if _, err = chromedp.Run(b.ctx, chromedp.Poll[bool](`location.pathname === '/_haven/edit/' && document.readyState === 'complete' && !!document.querySelector('.signout')`, chromedp.WithPollingTimeout(30*time.Second))); err == nil {
			return
		}
	}
	b.t.Fatalf("signing in %s never got back to the editor (%v); the browser shows %s:\n%s", user, err,
		evalIn[string](b, `location.href`), evalIn[string](b, `document.body.innerText`))
}

// signOut presses Sign out.
func (b *browser) signOut() {
	b.t.Helper()
	b.waitLoad(chromedp.Click(chromedp.CSS(".signout button"), chromedp.NodeVisible))
	if !evalIn[bool](b, `document.body.textContent.includes('Signed out')`) {
		b.t.Fatal("Sign out did not sign out")
	}
}

// click presses the element sel and waits for the page it loads.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.waitLoad(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// TestTeamFlowInBrowser is the team workflow in real Chromium against a
// real OpenID provider and a real git repository: Maria signs in, changes
// the helpline number, saves it into a proposal with a change note and
// submits it; Jaan signs in, sees the changed number marked on the review
// screen and approves; Liis publishes. Main then carries the number, the
// history shows the publish, and the proposals list, review and history
// screens have no axe-core WCAG 2.1 A/AA violation in en, et and ru at
// 1280 and 320 px. Nothing but the provider is asked on another origin.
func TestTeamFlowInBrowser(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	si := startSignedIn(t, teamRepo(t))

	b.signInAs(si.url, "maria")
	b.do(chromedp.Navigate(si.url + "/_haven/edit/page?ui=et&file=" + url.QueryEscape(helpline)))
	b.do(chromedp.Focus(chromedp.CSS("#body"), chromedp.NodeReady))
	b.selectText("[116 006](tel:116006)")
	b.do(chromedp.KeyEvent("[116 007](tel:116007)"))
	b.do(chromedp.SendKeys(chromedp.CSS("#note"), "Uus kriisitelefoni number"))
	b.axe(axe, "team edit screen")
	b.screenshot("team-edit")
	b.click(`button[value="save"]`)
	id := evalIn[string](b, `new URLSearchParams(location.search).get('proposal')`)
	if id == "" || !evalIn[bool](b, `document.querySelector('.notice').textContent.includes('muudatusettepanekusse')`) {
		t.Fatalf("the save did not land in a proposal: %s", evalIn[string](b, `location.href`))
	}
	b.click(`a[href*="/_haven/edit/proposal?id="]`)
	b.click(`button[value="submit"]`)
	b.signOut()

	b.signInAs(si.url, "jaan")
	review := si.url + "/_haven/edit/proposal?id=" + id
	b.do(chromedp.Navigate(review + "&ui=et"))
	if !evalIn[bool](b, `[...document.querySelectorAll('.file-diff.critical mark')].some(m => m.textContent === '116 007')`) {
		t.Fatal("the review screen does not mark the changed number")
	}
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			b.do(chromedp.EmulateViewport(width, 900))
			name := fmt.Sprintf("%s-%d", ui, width)
			b.do(chromedp.Navigate(si.url + "/_haven/edit/proposals?ui=" + ui))
			b.axe(axe, "proposals "+name)
			b.do(chromedp.Navigate(review + "&ui=" + ui))
			b.axe(axe, "review "+name)
			if w := evalIn[int](b, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
				t.Errorf("review %s: %d px of horizontal scrolling", name, w)
			}
			if ui == "en" {
				b.screenshot("review-" + name)
			}
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))
	b.do(chromedp.Navigate(si.url + "/_haven/edit/proposals?ui=ru"))
	b.screenshot("proposals-ru-1280")
	b.do(chromedp.Navigate(review + "&ui=et"))
	b.click(`button[value="approve"]`)
	b.signOut()

	b.signInAs(si.url, "liis")
	b.do(chromedp.Navigate(review + "&ui=et"))
	b.do(chromedp.Click(chromedp.CSS("#kind-major"), chromedp.NodeVisible))
	b.do(chromedp.SendKeys(chromedp.CSS("#note"), "Uus kriisitelefoni number"))
	b.click(`button[value="publish"]`)
	if got := gitIn(t, si.bare, "show", "main:"+helpline); !strings.Contains(got, "[116 007](tel:116007)") {
		t.Fatalf("main lacks the published number")
	}
	first := gitIn(t, si.bare, "rev-list", "--max-parents=0", "main")
	hist := si.url + "/_haven/edit/history?" + url.Values{"file": {helpline}, "commit": {first}, "path": {helpline}}.Encode()
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			b.do(chromedp.EmulateViewport(width, 900))
			b.do(chromedp.Navigate(hist + "&ui=" + ui))
			b.axe(axe, fmt.Sprintf("history %s-%d", ui, width))
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))
	b.do(chromedp.Navigate(hist + "&ui=en"))
	if n := evalIn[int](b, `document.querySelectorAll('table.history tbody tr').length`); n < 2 {
		t.Errorf("the history lists %d changes; want the start and the publish", n)
	}
	b.screenshot("history-en-1280")
	offsite, problems := b.take()
	problems = slices.DeleteFunc(unexpected(problems), func(p string) bool { // the provider's login page has no icon
		return strings.Contains(p, si.issuer+"favicon.ico")
	})
	if len(offsite) > 0 || len(problems) > 0 {
		t.Errorf("requests to other hosts: %q; console problems: %q", offsite, problems)
	}
}
