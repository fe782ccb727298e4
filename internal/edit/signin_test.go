package edit_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
	"github.com/haven-cms/haven/internal/signin"
	"github.com/haven-cms/haven/internal/signin/signintest"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// teamUsers are the people the test provider knows, by user name: the
// roles file's three, and one it does not list.
var teamUsers = []signintest.User{
	{Username: "maria", Email: maria.Email, First: "Maria", Last: "Tamm"},
	{Username: "jaan", Email: jaan.Email, First: "Jaan", Last: "Kask"},
	{Username: "liis", Email: liis.Email, First: "Liis", Last: "Mets"},
	{Username: "mari", Email: "mari@example.com", First: "Mari", Last: "Võõras"},
}

// signedIn is haven edit on a team repository behind OpenID Connect
// sign-in, with a real provider, over real HTTP.
type signedIn struct {
	url string
	// issuer is the provider's.
	issuer string
	bare   string
	ts     *edit.TeamSite
	srv    *serve.Server
	// later is how far ahead of now the sign-in's clock is (to expire
	// sessions).
	later atomic.Int64
}

// startSignedIn serves the team site bare as haven edit does off
// loopback: everything behind sign-in, the person from the session.
func startSignedIn(t *testing.T, bare string) *signedIn {
	t.Helper()
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := signintest.Start(t, base+signin.CallbackPath, teamUsers...)
	ts, err := edit.OpenTeam(ctx, bare, "main")
	if err != nil {
		t.Fatal(err)
	}
	sd := &signedIn{url: base, issuer: op.Issuer, bare: bare, ts: ts}
	si, err := signin.New(ctx, signin.Config{Issuer: op.Issuer, ClientID: signintest.ClientID, ClientSecret: signintest.ClientSecret, BaseURL: base,
		Now: func() time.Time { return time.Now().Add(time.Duration(sd.later.Load())) },
		Log: func(r *http.Request, ev signin.Event) { // as haven edit wires it
			en := edit.AuditEntry{Person: ev.Email, Name: ev.Name, Action: ev.Action, Outcome: edit.AuditOK, Reason: ev.Reason}
			if ev.Refused {
				en.Outcome = edit.AuditRefused
			}
			_ = ts.Team.Audit.RecordRequest(r, en)
		}})
	if err != nil {
		t.Fatal(err)
	}
	ts.Team.Person = func(r *http.Request) (havenstore.Person, bool) {
		p, ok := signin.FromContext(r.Context())
		return havenstore.Person{Name: p.Name, Email: p.Email}, ok
	}
	s, err := serve.New(serve.Options{Source: ts.Preview, Today: today, Wrap: si.Wrap, Editor: func(s *serve.Server) http.Handler {
		return edit.New(edit.Options{Source: ts.Preview, State: ts.State, Team: ts.Team, Site: s.Site, CSRF: signin.CSRF})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	web := httptest.NewUnstartedServer(s)
	web.Listener.Close()
	web.Listener = ln
	web.Start()
	t.Cleanup(web.Close)
	sd.srv = s
	return sd
}

// audit returns the audit log's entries, failing the test when it does
// not read or its chain is broken.
func (si *signedIn) audit(t *testing.T) []edit.AuditEntry {
	t.Helper()
	entries, err := si.ts.Team.Audit.Entries()
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// auditHas fails the test unless entries hold one by person whose action
// has action, with outcome and a reason that has reason.
func auditHas(t *testing.T, entries []edit.AuditEntry, person, action, outcome, reason string) {
	t.Helper()
	for _, e := range entries {
		if e.Person == person && strings.Contains(e.Action, action) && e.Outcome == outcome && strings.Contains(e.Reason, reason) && e.Remote != "" && !e.At.IsZero() {
			return
		}
	}
	var lines []string
	for _, e := range entries {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %q", e.Person, e.Remote, e.Action, e.Proposal, e.Outcome, e.Reason))
	}
	t.Errorf("the audit log has no %s entry by %s for %q with reason %q:\n%s", outcome, person, action, reason, strings.Join(lines, "\n"))
}

// refusedWithoutASession sends the editor requests with no session and
// with a forged one: sent to sign in, or refused.
func refusedWithoutASession(t *testing.T, si *signedIn) {
	t.Helper()
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, _ := anon.Get(si.url + "/_haven/edit/"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), signin.LoginPath) {
		t.Fatalf("an unauthenticated editor page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := anon.Get(si.url + "/et/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the preview without signing in: %d; want a redirect to sign in", resp.StatusCode)
	}
	if resp, _ := anon.PostForm(si.url+"/_haven/edit/proposal", url.Values{"action": {"publish"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an unauthenticated publish: %d; want 401", resp.StatusCode)
	}
	forgedReq, _ := http.NewRequest(http.MethodPost, si.url+"/_haven/edit/proposal", strings.NewReader("action=publish"))
	forgedReq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	forgedReq.AddCookie(&http.Cookie{Name: "haven_session", Value: "eyJlbWFpbCI6ImxpaXNAZXhhbXBsZS5lZSJ9.c2lnbmF0dXJl"})
	if resp, err := anon.Do(forgedReq); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a forged session: %v %v; want 401", resp, err)
	}
}

// ownProposalRefused: j, a reviewer, writes and submits a proposal and
// cannot approve it.
func ownProposalRefused(t *testing.T, j *person) {
	t.Helper()
	jform := formOf(t, func() string {
		_, p := j.get("/_haven/edit/page?file=" + url.QueryEscape("content/en/abi-kohe.md"))
		return p
	}())
	jform.Set("body", jform.Get("body")+"\r\nOne more line.\r\n")
	jform.Set("note", "One more line")
	jform.Set("action", "save")
	own := proposalOf(t, j.post("/_haven/edit/page", jform))
	for _, a := range []struct {
		action string
		want   int
	}{{"submit", http.StatusSeeOther}, {"approve", http.StatusForbidden}} {
		if resp := j.post("/_haven/edit/proposal", url.Values{"id": {own}, "action": {a.action}, "csrf": {j.csrf()}}); resp.StatusCode != a.want {
			t.Fatalf("Jaan's %s of his own proposal: %d; want %d", a.action, resp.StatusCode, a.want)
		}
	}
}

// auditHasEveryStep checks that each refusal and each step of
// TestSignedInTeamProposeReviewPublish is in the audit log.
func auditHasEveryStep(t *testing.T, entries []edit.AuditEntry) {
	t.Helper()
	for _, w := range []struct{ person, action, outcome, reason string }{
		{edit.AuditUnknown, "GET /_haven/edit/", edit.AuditRefused, "not signed in"},
		{edit.AuditUnknown, "POST /_haven/edit/proposal", edit.AuditRefused, "not signed in"},
		{edit.AuditUnknown, "POST /_haven/edit/proposal", edit.AuditRefused, "forged session"},
		{maria.Email, "GET /_haven/edit/proposals", edit.AuditRefused, "expired session"},
		{maria.Email, "POST /_haven/edit/page", edit.AuditRefused, "CSRF"},
		{liis.Email, "POST /_haven/edit/proposal", edit.AuditRefused, "another origin"},
		{jaan.Email, "approve", edit.AuditRefused, "nobody reviews their own work"},
		{maria.Email, "approve", edit.AuditRefused, "reviewer role"},
		{maria.Email, "publish", edit.AuditRefused, "publisher role"},
		{"mari@example.com", "approve", edit.AuditRefused, "is not in " + havenstore.RolesFile},
		{maria.Email, "sign-in", edit.AuditOK, ""},
		{maria.Email, "save", edit.AuditOK, ""},
		{maria.Email, "submit", edit.AuditOK, ""},
		{jaan.Email, "approve", edit.AuditOK, ""},
		{liis.Email, "publish", edit.AuditOK, ""},
	} {
		auditHas(t, entries, w.person, w.action, w.outcome, w.reason)
	}
}

// person is one signed-in browser: its own cookies.
type person struct {
	t   *testing.T
	si  *signedIn
	c   *http.Client
	url string
}

// signIn signs username in through the provider's login form.
func (si *signedIn) signIn(t *testing.T, username string) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	signintest.SignIn(t, c, si.url+"/_haven/edit/", username)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &person{t: t, si: si, c: c, url: si.url}
}

func (p *person) get(path string) (int, string) {
	p.t.Helper()
	resp, err := p.c.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	return readAll(p.t, resp)
}

// post submits form as the editor's own page does (same origin).
func (p *person) post(path string, form url.Values) *http.Response {
	p.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, p.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", p.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := p.c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	readAll(p.t, resp)
	return resp
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the token the person's pages carry.
func (p *person) csrf() string {
	p.t.Helper()
	_, page := p.get("/_haven/edit/proposals")
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		p.t.Fatalf("the proposals screen carries no CSRF token:\n%s", page)
	}
	return m[1]
}

func TestSignedInTeamProposeReviewPublish(t *testing.T) {
	si := startSignedIn(t, teamRepo(t))
	refusedWithoutASession(t, si)
	m := si.signIn(t, "maria")
	code, page := m.get("/_haven/edit/page?file=" + url.QueryEscape(helpline))
	if code != http.StatusOK || !strings.Contains(page, "Maria Tamm") {
		t.Fatalf("Maria's edit screen: %d, shows her name: %v", code, strings.Contains(page, "Maria Tamm"))
	}
	si.later.Store(int64(signin.SessionLifetime + time.Minute))
	if code, _ := m.get("/_haven/edit/proposals"); code != http.StatusSeeOther {
		t.Fatalf("a session past its lifetime: %d; want a redirect to sign in again", code)
	}
	si.later.Store(0)
	form := formOf(t, page)
	if form.Get("csrf") == "" {
		t.Fatal("the edit form carries no CSRF token")
	}
	form.Set("body", newNumber(form.Get("body")))
	form.Set("note", "Uus kriisitelefon")
	form.Set("action", "save")
	forged := url.Values{}
	for k, v := range form {
		forged[k] = v
	}
	forged.Del("csrf")
	if resp := m.post("/_haven/edit/page", forged); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a save without the CSRF token: %d; want 403", resp.StatusCode)
	}
	resp := m.post("/_haven/edit/page", form)
	id := proposalOf(t, resp)
	if log := gitIn(t, si.bare, "log", "-1", "--format=%an <%ae>", havenstore.ProposalRefs+id); log != "Maria Tamm <maria@example.ee>" {
		t.Fatalf("the proposal's commit is by %q; want the signed-in person", log)
	}
	act := func(p *person, action string, want int) {
		t.Helper()
		resp := p.post("/_haven/edit/proposal", url.Values{"id": {id}, "action": {action}, "kind": {"minor"}, "csrf": {p.csrf()}})
		if resp.StatusCode != want {
			t.Fatalf("%s: %d; want %d", action, resp.StatusCode, want)
		}
	}
	act(m, "submit", http.StatusSeeOther)
	act(m, "approve", http.StatusForbidden)
	stranger := si.signIn(t, "mari")
	act(stranger, "approve", http.StatusForbidden) // signed in, but not in the roles file
	j := si.signIn(t, "jaan")
	ownProposalRefused(t, j)
	act(j, "approve", http.StatusSeeOther)
	act(m, "publish", http.StatusForbidden)
	l := si.signIn(t, "liis")
	// Another origin cannot make Liis publish.
	req, _ := http.NewRequest(http.MethodPost, si.url+"/_haven/edit/proposal", strings.NewReader(url.Values{"id": {id}, "action": {"publish"}, "kind": {"minor"}, "csrf": {l.csrf()}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, err := l.c.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a cross-origin publish: %v %v; want 403", resp, err)
	}
	act(l, "publish", http.StatusSeeOther)
	if got := gitIn(t, si.bare, "show", "main:"+helpline); !strings.Contains(got, "tel:116007") {
		t.Fatal("main lacks the published number")
	}
	log := gitIn(t, si.bare, "log", "--format=%an|%s", havenstore.ProposalRefs+id)
	for _, want := range []string{"Maria Tamm|submit proposal", "Jaan Kask|approve proposal", "Liis Mets|publish proposal"} {
		if !strings.Contains(log, want) {
			t.Errorf("the proposal's log lacks %q:\n%s", want, log)
		}
	}
	if got := gitIn(t, si.bare, "log", "-1", "--format=%an|%cn|%(trailers:key=Haven-Approved-By,valueonly)", "main"); got != "Maria Tamm|Liis Mets|jaan@example.ee" {
		t.Errorf("the publish commit is %q; want Maria as author, Liis as committer, approved by Jaan", got)
	}

	auditHasEveryStep(t, si.audit(t))
	if code, page := l.get("/_haven/edit/audit?refused=1"); code != http.StatusOK || !strings.Contains(page, "nobody reviews their own work") {
		t.Errorf("Liis, a publisher, on the audit screen: %d, shows the four-eyes refusal: %v", code, strings.Contains(page, "nobody reviews their own work"))
	}
	if code, _ := m.get("/_haven/edit/audit"); code != http.StatusForbidden {
		t.Errorf("Maria, an editor, on the audit screen: %d; want 403", code)
	}
}
