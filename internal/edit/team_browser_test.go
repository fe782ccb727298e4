package edit_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
	havenstore "github.com/haven-cms/haven/internal/store"

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

// carry presses the button on the Estonian page's screen that carries
// the difference whose new value has want into the translation file.
func (b *browser) carry(file, want string) {
	b.t.Helper()
	if !evalIn[bool](b, fmt.Sprintf(`(() => { const btn = [...document.querySelectorAll('form:has(input[value=%q]) button[name="carry"]')].find(b => b.value.includes(%q));
		if (!btn) return false; btn.id = 'carry-target'; return true })()`, file, want)) {
		b.t.Fatalf("the screen has no button carrying %s into %s", want, file)
	}
	b.click("#carry-target")
}

// TestTeamFlowInBrowser is the done-when, in real Chromium against
// a real OpenID provider and a real git repository, with three people:
// Maria (editor) changes the helpline number in the Estonian page and
// carries it into the English and Russian pages in one proposal, and
// submits it; Liis (publisher) cannot publish it before review (the
// screen says so, and a publish forced through the form is refused on
// screen); Jaan (reviewer) sees the number marked and requests a change;
// Maria makes it and submits again; Jaan approves; Liis publishes it as
// a major change. git log shows each step with its author and note, the
// audit log shows the refusal, and haven build of the published branch
// carries the new number and the new "last updated" date in all three
// languages. The team screens (edit, proposals, review, audit, history)
// have no axe-core WCAG 2.1 A/AA violation in en, et and ru at 1280 and
// 320 px. Nothing but the provider is asked on another origin.
func TestTeamFlowInBrowser(t *testing.T) {
	axe := axeScript(t)
	b := newBrowser(t)
	si := startSignedIn(t, teamRepo(t))
	si.ts.Team.Git.Now = func() time.Time { return today.Add(9 * time.Hour) }
	start := gitIn(t, si.bare, "rev-parse", "main")
	pages := map[string]string{"et": helpline, "en": "content/en/abi-kohe.md", "ru": "content/ru/abi-kohe.md"}

	b.signInAs(si.url, "maria")
	id := proposeInThreeLanguages(t, b, axe, si.url, pages)
	review := si.url + "/_haven/edit/proposal?id=" + id
	b.signOut()

	b.signInAs(si.url, "liis")
	publishWaitsForReview(t, b, axe, review)
	if now := gitIn(t, si.bare, "rev-parse", "main"); now != start {
		t.Fatal("a publish before review moved main")
	}
	b.signOut()

	b.signInAs(si.url, "jaan")
	b.do(chromedp.Navigate(review + "&ui=et"))
	if !evalIn[bool](b, `[...document.querySelectorAll('.file-diff.critical mark')].some(m => m.textContent === '116 007')`) {
		t.Fatal("the review screen does not mark the changed number")
	}
	if n := evalIn[int](b, `document.querySelectorAll('.file-diff').length`); n != 3 {
		t.Fatalf("the proposal changes %d files; want the page in et, en and ru", n)
	}
	teamScreensAxe(t, b, axe, si.url, review)
	b.review(review, "Lisa, et kõne on tasuta ka välismaalt", "request-changes")
	b.signOut()

	b.signInAs(si.url, "maria")
	b.do(chromedp.Navigate(review + "&ui=et"))
	b.click(`a[href*="file=content%2Fet%2Fabi-kohe.md"]`)
	b.do(chromedp.Focus(chromedp.CSS("#body"), chromedp.NodeReady))
	b.selectText("- Kõne on tasuta.")
	b.typeText("- Kõne on tasuta, ka välismaalt.")
	b.do(chromedp.SendKeys(chromedp.CSS("#note"), "Kõne on tasuta ka välismaalt"))
	b.click(`button[value="save"]`)
	b.review(review, "", "submit")
	b.signOut()

	b.signInAs(si.url, "jaan")
	b.review(review, "Number kontrollitud", "approve")
	b.signOut()

	b.signInAs(si.url, "liis")
	b.do(chromedp.Navigate(review + "&ui=et"))
	b.do(chromedp.Click(chromedp.CSS("#kind-major"), chromedp.NodeVisible))
	b.review(review, "Ohvriabi kriisitelefoni number on nüüd 116 007", "publish")
	if got := gitIn(t, si.bare, "show", "main:"+helpline); !strings.Contains(got, "[116 007](tel:116007)") || !strings.Contains(got, "ka välismaalt") {
		t.Fatalf("main lacks the published change:\n%s", got)
	}
	auditScreen(t, b, axe, si.url)
	historyAxe(t, b, axe, si)
	offsite, problems := b.take()
	problems = slices.DeleteFunc(unexpected(problems), func(p string) bool { // the provider's login page has no icon; the forced publish is refused
		return strings.Contains(p, si.issuer+"favicon.ico") || strings.Contains(p, "/_haven/edit/proposal: Failed to load resource: the server responded with a status of 409")
	})
	if len(offsite) > 0 || len(problems) > 0 {
		t.Errorf("requests to other hosts: %q; console problems: %q", offsite, problems)
	}
	gitLogShowsEachStep(t, si.bare, start, id)
	builtCarries(t, si, pages, "2026-11-25")
}

// review opens the review screen (in Estonian), writes note (if any) and
// presses the button of action.
func (b *browser) review(review, note, action string) {
	b.t.Helper()
	if action != "publish" { // the publisher has chosen the kind on the open screen
		b.do(chromedp.Navigate(review + "&ui=et"))
	}
	if note != "" {
		b.do(chromedp.SendKeys(chromedp.CSS("#note"), note))
	}
	b.click(fmt.Sprintf(`button[value=%q]`, action))
}

// proposeInThreeLanguages is Maria's part: the number changed in the
// Estonian page, saved with a note (which starts the proposal), then
// carried into en and ru from the Estonian page's buttons, each saved in
// the same proposal, which she submits. It returns the proposal.
func proposeInThreeLanguages(t *testing.T, b *browser, axe, base string, pages map[string]string) string {
	t.Helper()
	etPage := func(id string) string {
		return base + "/_haven/edit/page?" + url.Values{"ui": {"et"}, "file": {helpline}, "proposal": {id}}.Encode()
	}
	b.do(chromedp.Navigate(etPage("")))
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
	for _, lang := range []string{"en", "ru"} {
		b.do(chromedp.Navigate(etPage(id)))
		b.carry(pages[lang], "007")
		if !evalIn[bool](b, `document.querySelector('#body').value.includes('(tel:116007)')`) {
			t.Fatalf("%s: the carried number is not in the form", lang)
		}
		b.do(chromedp.SendKeys(chromedp.CSS("#note"), "Uus number ka keeles "+lang))
		b.click(`button[value="save"]`)
		if got := evalIn[string](b, `new URLSearchParams(location.search).get('proposal')`); got != id {
			t.Fatalf("%s was saved into proposal %q; want %s, the same", lang, got, id)
		}
	}
	b.review(base+"/_haven/edit/proposal?id="+id, "", "submit")
	return id
}

// publishWaitsForReview is Liis's first visit: the screen of the
// proposal in review offers no Publish and says it waits for a
// reviewer, and a publish forced through the form is refused on screen.
func publishWaitsForReview(t *testing.T, b *browser, axe, review string) {
	t.Helper()
	b.do(chromedp.Navigate(review + "&ui=en"))
	if evalIn[bool](b, `!!document.querySelector('button[value="publish"]')`) || !evalIn[bool](b, `!!document.querySelector('.waits')`) {
		t.Fatal("the review screen of a proposal in review offers Publish, or does not say that publishing waits for approval")
	}
	evalIn[bool](b, `(() => { const f = document.querySelector('form.review-actions'), k = document.createElement('input');
		k.type = 'hidden'; k.name = 'kind'; k.value = 'minor'; f.append(k);
		f.querySelector('button[value="approve"]').value = 'publish'; return true })()`)
	b.click(`form.review-actions button[value="publish"]`)
	if !evalIn[bool](b, `document.querySelector('.notice.bad').textContent.includes('cannot publish')`) {
		t.Fatalf("a publish before review is not refused on screen: %s", evalIn[string](b, `document.body.innerText`))
	}
	b.axe(axe, "refused publish")
	b.screenshot("publish-refused")
}

// auditScreen checks that the publisher's audit screen shows the refused
// publish, and runs axe on it in en, et and ru at 1280 and 320 px.
func auditScreen(t *testing.T, b *browser, axe, base string) {
	t.Helper()
	b.do(chromedp.Navigate(base + "/_haven/edit/audit?refused=1&ui=et"))
	if !evalIn[bool](b, `[...document.querySelectorAll('table.audit tbody tr')].some(r => r.textContent.includes('liis@example.ee') && r.textContent.includes('publish') && r.textContent.includes('cannot publish'))`) {
		t.Errorf("the audit screen does not show Liis's refused publish: %s", evalIn[string](b, `document.body.innerText`))
	}
	for _, width := range []int64{1280, 320} {
		b.do(chromedp.EmulateViewport(width, 900))
		for _, ui := range []string{"en", "et", "ru"} {
			b.do(chromedp.Navigate(base + "/_haven/edit/audit?ui=" + ui))
			b.axe(axe, fmt.Sprintf("audit %s-%d", ui, width))
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))
	b.screenshot("audit-ru-1280")
}

// gitLogShowsEachStep checks the proposal's commits since start, each
// step with its author and note, and the publish commit on main.
func gitLogShowsEachStep(t *testing.T, bare, start, id string) {
	t.Helper()
	steps := gitIn(t, bare, "log", "--reverse", "--format=%an|%s", start+".."+havenstore.ProposalRefs+id)
	want := strings.Join([]string{
		"Maria Tamm|Start proposal: Uus kriisitelefoni number",
		"Maria Tamm|Uus kriisitelefoni number",
		"Maria Tamm|Uus number ka keeles en",
		"Maria Tamm|Uus number ka keeles ru",
		"Maria Tamm|submit proposal " + id,
		"Jaan Kask|Lisa, et kõne on tasuta ka välismaalt",
		"Maria Tamm|Kõne on tasuta ka välismaalt",
		"Maria Tamm|submit proposal " + id,
		"Jaan Kask|Number kontrollitud",
		"Liis Mets|Ohvriabi kriisitelefoni number on nüüd 116 007",
	}, "\n")
	if steps != want {
		t.Errorf("the proposal's git log:\n%s\nwant\n%s", steps, want)
	}
	if got := gitIn(t, bare, "log", "-1", "--format=%an|%cn|%s|%(trailers:key=Haven-Kind,valueonly,separator=)|%(trailers:key=Haven-Approved-By,valueonly,separator=)", "main"); got != "Maria Tamm|Liis Mets|Uus kriisitelefoni number|major|jaan@example.ee" {
		t.Errorf("the publish commit on main is %q", got)
	}
}

// teamScreensAxe runs axe on the proposals and review screens in en, et
// and ru at 1280 and 320 px, and checks the review does not scroll
// sideways.
func teamScreensAxe(t *testing.T, b *browser, axe, base, review string) {
	t.Helper()
	for _, ui := range []string{"en", "et", "ru"} {
		for _, width := range []int64{1280, 320} {
			b.do(chromedp.EmulateViewport(width, 900))
			name := fmt.Sprintf("%s-%d", ui, width)
			b.do(chromedp.Navigate(base + "/_haven/edit/proposals?ui=" + ui))
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
	b.do(chromedp.Navigate(base + "/_haven/edit/proposals?ui=ru"))
	b.screenshot("proposals-ru-1280")
}

// historyAxe runs axe on the helpline's history screen, comparing its
// first version with now, in en, et and ru at 1280 and 320 px.
func historyAxe(t *testing.T, b *browser, axe string, si *signedIn) {
	t.Helper()
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
}

// updatedLabel is the default theme's "last updated" label by language.
var updatedLabel = map[string]string{"et": "Viimati uuendatud", "en": "Last updated", "ru": "Обновлено"}

// builtCarries builds the site branch as haven build would and checks
// that each language's page carries the new number and says it was last
// updated on day.
func builtCarries(t *testing.T, si *signedIn, pages map[string]string, day string) {
	t.Helper()
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "site")
	if err := si.ts.Team.Git.Export(ctx, "main", src); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	staging, err := publish.Begin(ctx, out, publish.NewMinifier(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	if _, err := site.Build(ctx, site.Options{Source: src, Today: today}, staging, &diags); err != nil || diags.HasErrors() {
		staging.Abort()
		t.Fatalf("haven build of the published site: %v %v", err, diags.Items())
	}
	if err := staging.Commit(); err != nil {
		t.Fatal(err)
	}
	for lang := range pages {
		dated := regexp.MustCompile(regexp.QuoteMeta(updatedLabel[lang]) + `\s*<time datetime="?` + day)
		found := false
		_ = filepath.WalkDir(filepath.Join(out, lang), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
				return err
			}
			html, err := os.ReadFile(p)
			if err == nil && strings.Contains(string(html), "tel:116007") {
				found = true
				if !dated.Match(html) {
					t.Errorf("%s carries the new number but not %s %s", p, updatedLabel[lang], day)
				}
			}
			return err
		})
		if !found {
			t.Errorf("no %s page of the built site carries the new number", lang)
		}
	}
}
