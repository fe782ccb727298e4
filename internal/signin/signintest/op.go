// Package signintest runs a real OpenID provider in a test: zitadel's
// example provider (github.com/zitadel/oidc/v3/pkg/op, an OpenID
// Foundation certified implementation) with its in-memory storage and
// username/password login page, on a loopback port.
package signintest

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

// ClientID and ClientSecret are the editor's registration at the
// provider.
const (
	ClientID     = "haven-editor"
	ClientSecret = "test-secret"
	// Password is every test user's password.
	Password = "Parool-1234"
)

// User is a person the provider knows.
type User struct {
	Username, Email, First, Last string
}

// OP is a running provider.
type OP struct {
	// Issuer is its issuer URL.
	Issuer string
}

// Start runs a provider that knows users and the editor as a client that
// may redirect to redirectURL, until the test ends.
func Start(t testing.TB, redirectURL string, users ...User) *OP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String() + "/"
	m := map[string]storage.User{}
	for i, u := range users {
		id := "u" + string(rune('1'+i))
		m[id] = storage.User{ID: id, Username: u.Username, Password: Password, FirstName: u.First, LastName: u.Last,
			Email: u.Email, EmailVerified: true}
	}
	data, _ := json.Marshal(m)
	file := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	us, err := storage.StoreFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	storage.RegisterClients(storage.WebClient(ClientID, ClientSecret, redirectURL))
	router := exampleop.SetupServer(issuer, storage.NewStorage(us), slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	srv := httptest.NewUnstartedServer(router)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &OP{Issuer: issuer}
}

var loginForm = regexp.MustCompile(`name="id" value="([^"]+)"`)

// SignIn signs username in with client (which must keep cookies and
// follow redirects), starting at the editor's page start, and returns the
// last response's body: the page the editor moves on to.
func SignIn(t testing.TB, client *http.Client, start, username string) string {
	t.Helper()
	resp, err := client.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := loginForm.FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s did not lead to the provider's login form (%d %s):\n%s", start, resp.StatusCode, resp.Request.URL, page)
	}
	login := resp.Request.URL.ResolveReference(&url.URL{Path: "/login/username"})
	resp, err = client.PostForm(login.String(), url.Values{"id": {string(m[1])}, "username": {username}, "password": {Password}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Signed in") {
		t.Fatalf("signing in %s ended at %s with %d:\n%s", username, resp.Request.URL, resp.StatusCode, body)
	}
	return string(body)
}
