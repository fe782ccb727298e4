// Package signin puts OpenID Connect sign-in in front of haven edit when
// it is shared by a team: the authorization code flow with PKCE (S256),
// a state and a nonce, against the agency's identity provider (Estonia's
// TARA speaks it), with github.com/coreos/go-oidc/v3 verifying the ID
// token and golang.org/x/oauth2 doing the exchange.
//
// A signed-in person's session is a cookie signed with HMAC-SHA256 under
// a key of the process (so a restart signs everyone out), HttpOnly,
// SameSite=Strict, Secure when the editor's address is https, valid for
// [SessionLifetime]. It carries the person's subject, e-mail and name and
// a CSRF token: every request other than GET and HEAD must send that
// token as the form field [CSRFField], else it is refused (403), on top
// of the editor's own cross-origin protection.
//
// The short-lived cookie of a sign-in in progress (state, nonce, PKCE
// verifier, where to go back to) is SameSite=Lax, because the provider's
// redirect back is a cross-site navigation that a Strict cookie would not
// be sent with; for the same reason the callback answers with a page that
// moves on by itself, so that the first request with the Strict session
// cookie is same-site.
//
// Each remote address may make [Config.LoginLimit] sign-in requests in
// [LoginWindow]; more are answered 429 with Retry-After. [Config.Log] is
// told of every sign-in and sign-out and of every request refused (no
// session, a forged or expired one, a wrong CSRF token, a failed or
// limited sign-in), for the editor's audit log; the provider's subject,
// which TARA sets to a personal identification code, is never given to
// it.
package signin

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Paths the sign-in answers, in front of every other handler.
const (
	Prefix       = "/_haven/auth/"
	LoginPath    = Prefix + "login"
	CallbackPath = Prefix + "callback"
	LogoutPath   = Prefix + "logout"
)

// CSRFField is the form field that carries the session's CSRF token.
const CSRFField = "csrf"

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 8 * time.Hour

// flowLifetime is how long a sign-in may take at the provider.
const flowLifetime = 10 * time.Minute

const (
	sessionCookie = "haven_session"
	flowCookie    = "haven_signin"
)

// Config says which provider to use and how the editor is reached.
type Config struct {
	// Issuer is the provider's issuer URL (its discovery document is at
	// Issuer/.well-known/openid-configuration).
	Issuer string
	// ClientID and ClientSecret are the editor's registration there.
	ClientID, ClientSecret string
	// BaseURL is the editor's address as browsers reach it, e.g.
	// https://toimeti.ohvriabi.ee; the redirect URL is BaseURL+CallbackPath.
	BaseURL string
	// Now returns the time; nil means time.Now.
	Now func() time.Time
	// Log, when set, is told every sign-in and sign-out and every request
	// refused (the editor's audit log).
	Log func(r *http.Request, ev Event)
	// LoginLimit is how many sign-in requests (starts and callbacks) one
	// remote address may make in [LoginWindow]; 0 means
	// [DefaultLoginLimit], a negative number no limit (behind a reverse
	// proxy every request comes from the proxy's address).
	LoginLimit int
}

// DefaultLoginLimit is [Config.LoginLimit]'s default: enough for a team
// behind one office address to sign in again after a restart, few enough
// that nobody floods the provider through the editor.
const DefaultLoginLimit = 60

// LoginWindow is the span [Config.LoginLimit] counts in.
const LoginWindow = 10 * time.Minute

// maxAddresses bounds the addresses the login limit remembers; beyond
// it, windows that have ended are forgotten first.
const maxAddresses = 10000

// limiter counts sign-in requests per remote address in fixed windows.
type limiter struct {
	mu sync.Mutex
	m  map[string]window
}

// window is one address's count since start.
type window struct {
	start time.Time
	n     int
}

// allow counts a request from addr at now and reports whether it is
// within limit, and else when the address may try again.
func (l *limiter) allow(addr string, now time.Time, limit int) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]window{}
	}
	w, ok := l.m[addr]
	if !ok || now.Sub(w.start) >= LoginWindow {
		if len(l.m) >= maxAddresses {
			for a, o := range l.m {
				if now.Sub(o.start) >= LoginWindow {
					delete(l.m, a)
				}
			}
		}
		w = window{start: now}
	}
	w.n++
	l.m[addr] = w
	if w.n > limit {
		return false, w.start.Add(LoginWindow).Sub(now)
	}
	return true, 0
}

// limited answers 429 and returns true when r is a sign-in request over
// the limit of its remote address.
func (s *SignIn) limited(w http.ResponseWriter, r *http.Request) bool {
	limit := cmp.Or(s.cfg.LoginLimit, DefaultLoginLimit)
	if limit < 0 {
		return false
	}
	addr, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		addr = r.RemoteAddr
	}
	ok, wait := s.limit.allow(addr, s.now(), limit)
	if ok {
		return false
	}
	s.refuse(r, Person{}, fmt.Sprintf("too many sign-in requests from %s (over %d in %v)", addr, limit, LoginWindow))
	w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
	http.Error(w, fmt.Sprintf("too many sign-in attempts from your address; try again in %d minutes", int(wait.Minutes())+1), http.StatusTooManyRequests)
	return true
}

// Event is something the sign-in did or refused.
type Event struct {
	// Email and Name are the person's, "" when nobody is known.
	Email, Name string
	// Action is "sign-in", "sign-out" or the request's method and path.
	Action string
	// Refused is set for a refusal, with Reason saying why.
	Refused bool
	Reason  string
}

// log tells Config.Log about ev.
func (s *SignIn) log(r *http.Request, ev Event) {
	if s.cfg.Log != nil {
		s.cfg.Log(r, ev)
	}
}

// refuse logs a refusal of r by (possibly) p.
func (s *SignIn) refuse(r *http.Request, p Person, reason string) {
	s.log(r, Event{Email: p.Email, Name: p.Name, Action: r.Method + " " + r.URL.Path, Refused: true, Reason: reason})
}

// Person is who is signed in: the provider's subject, their e-mail (the
// name the roles file knows them by) and their name.
type Person struct {
	Subject string `json:"sub"`
	Email   string `json:"email"`
	Name    string `json:"name"`
}

// session is the signed content of the session cookie.
type session struct {
	Person
	CSRF    string    `json:"csrf"`
	Expires time.Time `json:"exp"`
}

// flow is the signed content of a sign-in in progress.
type flow struct {
	State, Nonce, Verifier, Return string
	Expires                        time.Time
}

// SignIn is the sign-in of one editor.
type SignIn struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	provider *oidc.Provider
	key      []byte
	secure   bool
	limit    limiter
}

// New discovers the provider and returns the sign-in. It fails when the
// provider cannot be reached or its discovery document names another
// issuer.
func New(ctx context.Context, cfg Config) (*SignIn, error) {
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" || (base.Scheme != "https" && base.Scheme != "http") {
		return nil, fmt.Errorf("sign-in: the editor's address %q is not a URL such as https://toimeti.example.ee; give the address people open", cfg.BaseURL)
	}
	if cfg.ClientID == "" {
		return nil, errors.New("sign-in: no client id; register the editor at the identity provider and give its client id")
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sign-in: the identity provider %s: %w; check the issuer URL and that this machine reaches it", cfg.Issuer, err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	s := &SignIn{cfg: cfg, provider: p, key: key, secure: base.Scheme == "https",
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: strings.TrimSuffix(base.String(), "/") + CallbackPath, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}}
	return s, nil
}

func (s *SignIn) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

type ctxKey struct{}

// FromContext returns the person signed in for a request's context.
func FromContext(ctx context.Context) (Person, bool) {
	ss, ok := ctx.Value(ctxKey{}).(*session)
	if !ok {
		return Person{}, false
	}
	return ss.Person, true
}

// CSRF returns the CSRF token of the request's session, for the forms of
// the page it is answered with.
func CSRF(r *http.Request) string {
	if ss, ok := r.Context().Value(ctxKey{}).(*session); ok {
		return ss.CSRF
	}
	return ""
}

// Wrap answers the sign-in's paths and lets through to next only
// requests with a valid session: a GET without one is sent to sign in,
// anything else refused (401). A request other than GET and HEAD must
// carry the session's CSRF token (403 otherwise).
func (s *SignIn) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case LoginPath, CallbackPath:
			if s.limited(w, r) {
				return
			}
			if r.URL.Path == LoginPath {
				s.login(w, r)
			} else {
				s.callback(w, r)
			}
			return
		}
		ss, who, why := s.session(r)
		if ss == nil {
			s.refuse(r, who, why)
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, LoginPath+"?"+url.Values{"return": {r.URL.RequestURI()}}.Encode(), http.StatusSeeOther)
				return
			}
			http.Error(w, "sign in first: this editor is shared by a team, and every change names the person who made it", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			got := r.PostFormValue(CSRFField)
			if got == "" {
				got = r.Header.Get("X-Haven-CSRF")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(ss.CSRF)) != 1 {
				s.refuse(r, ss.Person, "the CSRF token is missing or wrong (a form not from this session)")
				http.Error(w, "this form is not from your session (its CSRF token is missing or wrong); reload the page and try again", http.StatusForbidden)
				return
			}
		}
		if r.URL.Path == LogoutPath && r.Method == http.MethodPost {
			s.log(r, Event{Email: ss.Email, Name: ss.Name, Action: "sign-out"})
			s.logout(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, ss)))
	})
}

// login starts the authorization code flow: a new state, nonce and PKCE
// verifier in the flow cookie, and a redirect to the provider.
func (s *SignIn) login(w http.ResponseWriter, r *http.Request) {
	f := flow{State: token(), Nonce: token(), Verifier: oauth2.GenerateVerifier(), Return: safeReturn(r.FormValue("return")),
		Expires: s.now().Add(flowLifetime)}
	s.setCookie(w, flowCookie, f, CallbackPath, flowLifetime, http.SameSiteLaxMode)
	http.Redirect(w, r, s.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), http.StatusSeeOther)
}

// callback finishes the flow: checks the state, exchanges the code with
// the verifier, verifies the ID token and its nonce, reads the e-mail,
// and starts the session.
func (s *SignIn) callback(w http.ResponseWriter, r *http.Request) {
	var f flow
	if !s.readCookie(r, flowCookie, &f) || s.now().After(f.Expires) {
		s.refuse(r, Person{}, "sign-in: the sign-in in progress is unknown, forged or took too long")
		http.Error(w, "this sign-in is unknown or took too long; start again at "+LoginPath, http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: flowCookie, Path: CallbackPath, MaxAge: -1, HttpOnly: true, Secure: s.secure})
	if e := r.FormValue("error"); e != "" {
		s.refuse(r, Person{}, "sign-in: the identity provider refused: "+e)
		http.Error(w, "the identity provider refused the sign-in: "+e+" "+r.FormValue("error_description"), http.StatusForbidden)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.FormValue("state")), []byte(f.State)) != 1 {
		s.refuse(r, Person{}, "sign-in: the state does not match (a forged or replayed callback)")
		http.Error(w, "the sign-in's state does not match (a forged or replayed callback); start again at "+LoginPath, http.StatusBadRequest)
		return
	}
	p, err := s.finish(r.Context(), r.FormValue("code"), f)
	if err != nil {
		s.refuse(r, p, "sign-in failed: "+err.Error())
		http.Error(w, "sign-in failed: "+err.Error(), http.StatusForbidden)
		return
	}
	s.log(r, Event{Email: p.Email, Name: p.Name, Action: "sign-in"})
	ss := session{Person: p, CSRF: token(), Expires: s.now().Add(SessionLifetime)}
	s.setCookie(w, sessionCookie, ss, "/", SessionLifetime, http.SameSiteStrictMode)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = onward.Execute(w, f.Return)
}

// onward moves on from the callback by a same-site navigation, so the
// browser sends the Strict session cookie with it.
var onward = template.Must(template.New("").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url={{.}}"><link rel="icon" href="data:,"><title>Signed in</title></head>
<body><main><p>Signed in. <a href="{{.}}">Continue</a></p></main></body></html>`))

// finish exchanges code and returns the person of its verified ID token.
func (s *SignIn) finish(ctx context.Context, code string, f flow) (Person, error) {
	tok, err := s.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return Person{}, fmt.Errorf("exchanging the code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return Person{}, errors.New("the provider sent no ID token")
	}
	idt, err := s.verifier.Verify(ctx, raw)
	if err != nil {
		return Person{}, fmt.Errorf("the ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return Person{}, errors.New("the ID token's nonce does not match this sign-in")
	}
	var c struct {
		Email    string `json:"email"`
		Verified *bool  `json:"email_verified"`
		Name     string `json:"name"`
	}
	_ = idt.Claims(&c)
	if c.Email == "" {
		ui, err := s.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return Person{}, fmt.Errorf("reading the e-mail address: %w", err)
		}
		if err := ui.Claims(&c); err != nil {
			return Person{}, err
		}
	}
	if c.Email == "" || c.Verified != nil && !*c.Verified {
		return Person{}, errors.New("the provider gave no verified e-mail address, which the roles file needs to know who you are")
	}
	if c.Name == "" {
		c.Name = c.Email
	}
	return Person{Subject: idt.Subject, Email: strings.ToLower(c.Email), Name: c.Name}, nil
}

// logout ends the session.
func (s *SignIn) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = signedOut.Execute(w, nil)
}

// signedOut is the page after signing out.
var signedOut = template.Must(template.New("").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Signed out</title></head>
<body><main><h1>Signed out</h1><p><a href="/_haven/edit/">Sign in again</a></p></main></body></html>`))

// session returns the request's valid session, or nil and why there is
// none: no cookie, a forged one, or an expired one (whose person is
// known).
func (s *SignIn) session(r *http.Request) (*session, Person, string) {
	var ss session
	if _, err := r.Cookie(sessionCookie); err != nil {
		return nil, Person{}, "not signed in (no session)"
	}
	if !s.readCookie(r, sessionCookie, &ss) || ss.Email == "" || ss.CSRF == "" {
		return nil, Person{}, "a forged session (its signature is wrong)"
	}
	if !s.now().Before(ss.Expires) {
		return nil, ss.Person, "an expired session (it ended at " + ss.Expires.UTC().Format(time.RFC3339) + ")"
	}
	return &ss, ss.Person, ""
}

// setCookie signs v into cookie name.
func (s *SignIn) setCookie(w http.ResponseWriter, name string, v any, path string, age time.Duration, same http.SameSite) {
	data, _ := json.Marshal(v)
	val := base64.RawURLEncoding.EncodeToString(data) + "." + base64.RawURLEncoding.EncodeToString(s.mac(name, data))
	http.SetCookie(w, &http.Cookie{Name: name, Value: val, Path: path, MaxAge: int(age.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: same})
}

// readCookie reads a cookie setCookie signed into v; false when it is
// missing or its signature is wrong.
func (s *SignIn) readCookie(r *http.Request, name string, v any) bool {
	c, err := r.Cookie(name)
	if err != nil {
		return false
	}
	b64, sig64, ok := strings.Cut(c.Value, ".")
	data, err1 := base64.RawURLEncoding.DecodeString(b64)
	sig, err2 := base64.RawURLEncoding.DecodeString(sig64)
	if !ok || err1 != nil || err2 != nil || !hmac.Equal(sig, s.mac(name, data)) {
		return false
	}
	return json.Unmarshal(data, v) == nil
}

// mac is the signature of a cookie's content, bound to its name.
func (s *SignIn) mac(name string, data []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(name + "\x00"))
	m.Write(data)
	return m.Sum(nil)
}

// token is 32 random bytes, base64url.
func token() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// safeReturn keeps a return path on this site: a path, not a URL of
// another host (//evil.example or /\evil.example included).
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/_haven/edit/"
	}
	return p
}
