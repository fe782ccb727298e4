package signin_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/signin"
	"github.com/haven-cms/haven/internal/signin/signintest"
)

// editor is a handler behind the sign-in, on real HTTP, with a real
// provider.
type editor struct {
	url string
	s   *signin.SignIn
}

func start(t *testing.T) *editor {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := signintest.Start(t, base+signin.CallbackPath, signintest.User{Username: "maria", Email: "Maria@Example.ee", First: "Maria", Last: "Tamm"})
	s, err := signin.New(context.Background(), signin.Config{Issuer: op.Issuer, ClientID: signintest.ClientID, ClientSecret: signintest.ClientSecret, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := signin.FromContext(r.Context())
		fmt.Fprintf(w, "%s %s|%s|csrf=%s", r.Method, p.Email, p.Subject, signin.CSRF(r))
	})
	srv := httptest.NewUnstartedServer(s.Wrap(app))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &editor{url: base, s: s}
}

func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

var noRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func TestSignInWithARealProviderCodeFlowAndPKCE(t *testing.T) {
	e := start(t)
	c := &http.Client{CheckRedirect: noRedirect}
	resp, err := c.Get(e.url + "/_haven/edit/page?file=x")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), signin.LoginPath+"?return=") {
		t.Fatalf("an unauthenticated GET: %d %s; want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = c.Get(e.url + signin.LoginPath)
	auth, _ := url.Parse(resp.Header.Get("Location"))
	q := auth.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" || q.Get("response_type") != "code" {
		t.Fatalf("the authorization request %s lacks PKCE S256, state, nonce or the code flow", auth)
	}
	flow := resp.Cookies()[0]
	if flow.SameSite != http.SameSiteLaxMode || !flow.HttpOnly {
		t.Fatalf("the sign-in cookie %+v; want HttpOnly, SameSite=Lax (the provider's redirect back is cross-site)", flow)
	}

	b := browserClient()
	signintest.SignIn(t, b, e.url+"/_haven/edit/", "maria")
	u, _ := url.Parse(e.url)
	var sess *http.Cookie
	for _, ck := range b.Jar.Cookies(u) {
		if ck.Name == "haven_session" {
			sess = ck
		}
	}
	if sess == nil {
		t.Fatal("no session cookie after signing in")
	}
	resp, err = b.Get(e.url + "/_haven/edit/")
	if err != nil {
		t.Fatal(err)
	}
	body := read(t, resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "GET maria@example.ee|") || strings.HasSuffix(body, "csrf=") {
		t.Fatalf("signed in: %d %q; want the person's e-mail (lower case), subject and a CSRF token", resp.StatusCode, body)
	}
	csrf := body[strings.Index(body, "csrf=")+5:]

	// POST needs the CSRF token.
	for _, tc := range []struct {
		form url.Values
		code int
	}{{url.Values{}, 403}, {url.Values{"csrf": {"wrong"}}, 403}, {url.Values{"csrf": {csrf}}, 200}} {
		resp, _ := b.PostForm(e.url+"/_haven/edit/page", tc.form)
		if read(t, resp); resp.StatusCode != tc.code {
			t.Errorf("POST with %v: %d; want %d", tc.form, resp.StatusCode, tc.code)
		}
	}
	// A forged or tampered session is no session.
	for _, v := range []string{sess.Value[:len(sess.Value)-2] + "AA", `eyJzdWIiOiJ4IiwiZW1haWwiOiJib3NzQGV4YW1wbGUuZWUiLCJjc3JmIjoieCIsImV4cCI6IjIwOTktMDEtMDFUMDA6MDA6MDBaIn0.AAAA`} {
		req, _ := http.NewRequest(http.MethodPost, e.url+"/_haven/edit/page", strings.NewReader("csrf=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "haven_session", Value: v})
		resp, _ := c.Do(req)
		if read(t, resp); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a forged session %q: %d; want 401", v, resp.StatusCode)
		}
	}
}

func TestSessionIsSetOnThePageAndCallbackChecksState(t *testing.T) {
	e := start(t)
	jar, _ := cookiejar.New(nil)
	var setCookies []*http.Cookie
	b := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		setCookies = append(setCookies, req.Response.Cookies()...)
		return nil
	}}
	signintest.SignIn(t, b, e.url+"/_haven/edit/", "maria")
	for _, ck := range setCookies {
		if ck.Name == "haven_session" {
			t.Errorf("the session cookie was set on a redirect, which a Strict cookie does not survive; want it on the callback's page")
		}
	}
	// The callback with a wrong state is refused.
	c := &http.Client{CheckRedirect: noRedirect}
	resp, _ := c.Get(e.url + signin.LoginPath)
	flow := resp.Cookies()[0]
	req, _ := http.NewRequest(http.MethodGet, e.url+signin.CallbackPath+"?code=abc&state=forged", nil)
	req.AddCookie(flow)
	resp, _ = c.Do(req)
	if body := read(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "state does not match") {
		t.Fatalf("a forged callback: %d %q", resp.StatusCode, body)
	}
}

func TestCallbackSetsAStrictHttpOnlySession(t *testing.T) {
	e := start(t)
	jar, _ := cookiejar.New(nil)
	tr := &recorder{rt: http.DefaultTransport}
	b := &http.Client{Jar: jar, Transport: tr}
	signintest.SignIn(t, b, e.url+"/_haven/edit/", "maria")
	if tr.session == nil {
		t.Fatal("no response set the session cookie")
	}
	if !tr.session.HttpOnly || tr.session.SameSite != http.SameSiteStrictMode || tr.session.Path != "/" {
		t.Fatalf("session cookie %+v; want HttpOnly, SameSite=Strict, Path=/", tr.session)
	}
}

// recorder keeps the session cookie a response set.
type recorder struct {
	rt      http.RoundTripper
	session *http.Cookie
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.rt.RoundTrip(req)
	if err == nil {
		for _, c := range resp.Cookies() {
			if c.Name == "haven_session" && c.MaxAge > 0 {
				r.session = c
			}
		}
	}
	return resp, err
}

func read(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLoginRateLimitPerAddress: an address gets LoginLimit sign-in
// requests per window, then 429 with Retry-After, each refusal told to
// the log; once the window has passed it may sign in again.
func TestLoginRateLimitPerAddress(t *testing.T) {
	op := signintest.Start(t, "http://127.0.0.1:1/_haven/auth/callback")
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var refused []string
	s, err := signin.New(context.Background(), signin.Config{Issuer: op.Issuer, ClientID: signintest.ClientID, BaseURL: "http://127.0.0.1:1",
		LoginLimit: 3, Now: func() time.Time { return now },
		Log: func(_ *http.Request, ev signin.Event) {
			if ev.Refused {
				refused = append(refused, ev.Reason)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Wrap(http.NotFoundHandler())
	login := func(addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, signin.LoginPath, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := login("192.0.2.7:4000"); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign-in %d: %d; want a redirect to the provider", i+1, rec.Code)
		}
	}
	rec := login("192.0.2.7:4001") // another port, the same address
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "601" {
		t.Fatalf("the fourth sign-in: %d, Retry-After %q; want 429 and 601", rec.Code, rec.Header().Get("Retry-After"))
	}
	if len(refused) != 1 || !strings.Contains(refused[0], "too many sign-in requests from 192.0.2.7") {
		t.Fatalf("the log was told %q", refused)
	}
	if rec := login("198.51.100.1:4000"); rec.Code != http.StatusSeeOther {
		t.Fatalf("another address: %d; want its own limit", rec.Code)
	}
	now = now.Add(signin.LoginWindow)
	if rec := login("192.0.2.7:4000"); rec.Code != http.StatusSeeOther {
		t.Fatalf("after the window: %d; want a redirect to the provider", rec.Code)
	}
}
