package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/api"
)

// deadline bounds every wait for a rebuild. It is not a timed assertion:
// a healthy run takes milliseconds; the deadline only turns a hang into a
// failure.
const deadline = 30 * time.Second

// today pins the build day so that runs are reproducible.
var today = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// copySite copies testdata/site to a temporary folder and returns it.
func copySite(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dst
}

// preview is a running preview server over real HTTP with one open event
// stream.
type preview struct {
	t      testing.TB
	dir    string
	srv    *Server
	ts     *httptest.Server
	events <-chan uint64
}

// startPreview builds the site in dir, starts watching it, serves it on a
// loopback port and connects to its event stream.
func startPreview(t testing.TB, dir string, drafts bool) *preview {
	t.Helper()
	s, err := New(Options{Source: dir, Drafts: drafts, Today: today, Quiet: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		cancel()
		s.Close() // ends the event streams, so ts.Close does not wait for them
		ts.Close()
	})
	p := &preview{t: t, dir: dir, srv: s, ts: ts}
	p.events = p.subscribe()
	return p
}

// subscribe opens /_haven/events and returns the build numbers of the
// reload events. It returns once the stream is connected, so no later
// build is missed.
func (p *preview) subscribe() <-chan uint64 {
	p.t.Helper()
	resp, err := http.Get(p.ts.URL + "/_haven/events")
	if err != nil {
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		p.t.Fatalf("events Content-Type = %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	if _, err := r.ReadString('\n'); err != nil { // retry: line, sent on connect
		p.t.Fatal(err)
	}
	ch := make(chan uint64, 64)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		var id uint64
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "id: "):
				id, _ = strconv.ParseUint(line[4:], 10, 64)
			case line == "data: reload":
				ch <- id
			}
		}
	}()
	return ch
}

// get fetches a path and returns the status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.ts.URL + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// waitFor waits for reload events until ok holds after one (an edit may
// take more than one build when the editor's writes straddle the debounce
// window) and fails at the deadline.
func (p *preview) waitFor(what string, ok func() bool) {
	p.t.Helper()
	timeout := time.After(deadline)
	for {
		select {
		case _, open := <-p.events:
			if !open {
				p.t.Fatalf("event stream closed while waiting for %s", what)
			}
			if ok() {
				return
			}
		case <-timeout:
			p.t.Fatalf("no reload event with %s within %v; last diagnostics: %v", what, deadline, p.srv.Diagnostics())
		}
	}
}

// write writes a site file (slash path relative to the site root).
func (p *preview) write(name, data string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// pageIs returns a condition: GET path answers code with a body holding
// every one of want.
func (p *preview) pageIs(path string, code int, want ...string) func() bool {
	return func() bool {
		got, body := p.get(path)
		if got != code {
			return false
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				return false
			}
		}
		return true
	}
}

func TestEditShowsNewHTML(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	if code, body := p.get("/et/abi/kriisitelefon/"); code != 200 || !strings.Contains(body, "Helista numbril 116 006") {
		t.Fatalf("before edit: %d %.200s", code, body)
	}
	p.write("content/et/abi/kriisitelefon.md", "---\ntitle: Kriisiabi telefon\ntranslation_key: crisis-line\nweight: 1\n---\nHelista kohe numbril 116 006.\n")
	p.waitFor("the edited page", p.pageIs("/et/abi/kriisitelefon/", 200, "Helista kohe numbril", "Kriisiabi telefon"))
	// The section lists the new title, and the translation links to it.
	if code, body := p.get("/et/abi/"); code != 200 || !strings.Contains(body, "Kriisiabi telefon") {
		t.Errorf("section after edit: %d, new title missing", code)
	}
	if code, body := p.get("/en/help/crisis-line/"); code != 200 || !strings.Contains(body, `/et/abi/kriisitelefon/`) {
		t.Errorf("translation after edit: %d, link to the Estonian page missing", code)
	}
}

func TestAtomicSaveAndEditorFiles(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	// Editor litter alone causes no rebuild and no page.
	p.write("content/et/abi/.kriisitelefon.md.swp", "swap")
	p.write("content/et/abi/kriisitelefon.md~", "---\ntitle: backup\n---\n")
	p.write("content/et/abi/.#kriisitelefon.md", "lock")
	// Save by rename, as vim, Emacs and VS Code do.
	tmp := filepath.Join(p.dir, "content/et/abi/.kriisitelefon.md.tmp123")
	if err := os.WriteFile(tmp, []byte("---\ntitle: Kriisitelefon\ntranslation_key: crisis-line\n---\nSalvestatud ümbernimetamisega.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(p.dir, "content/et/abi/kriisitelefon.md")); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the renamed-over page", p.pageIs("/et/abi/kriisitelefon/", 200, "Salvestatud ümbernimetamisega"))
	files, _ := p.srv.Files()
	for name := range files {
		if strings.Contains(name, "backup") || strings.Contains(name, "swp") {
			t.Errorf("editor file published as %s", name)
		}
	}
}

func TestNewFolderIsWatched(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	p.write("content/et/juhendid/_index.md", "---\ntitle: Juhendid\n---\nJuhendid.\n")
	p.waitFor("the new section", p.pageIs("/et/juhendid/", 200, "Juhendid"))
	// A file in the folder created after the watch was added.
	p.write("content/et/juhendid/turvaplaan.md", "---\ntitle: Turvaplaan\n---\nKuidas teha turvaplaani.\n")
	p.waitFor("the page in the new folder", p.pageIs("/et/juhendid/turvaplaan/", 200, "Kuidas teha turvaplaani"))
	// A folder moved in from elsewhere with files already inside.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "leht.md"), []byte("---\ntitle: Sisse toodud\n---\nToodud kaustaga.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(outside, filepath.Join(p.dir, "content/et/toodud")); err != nil {
		t.Skip("cannot move a folder across file systems here:", err)
	}
	p.waitFor("the page of the moved-in folder", p.pageIs("/et/toodud/leht/", 200, "Toodud kaustaga"))
}

func TestRenamePage(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	if err := os.Rename(filepath.Join(p.dir, "content/et/abi/noustamine.md"), filepath.Join(p.dir, "content/et/abi/toetus.md")); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the renamed page", p.pageIs("/et/abi/toetus/", 200, "Nõustamine on tasuta"))
	code, body := p.get("/et/abi/noustamine/")
	if code != http.StatusNotFound || !strings.Contains(body, `href="/et/abi/"`) || !strings.Contains(body, "earlier") {
		t.Errorf("old URL: %d, want a 404 linking to /et/abi/ that says the page was there earlier:\n%s", code, body)
	}
	if _, body := p.get("/et/abi/"); !strings.Contains(body, "/et/abi/toetus/") || strings.Contains(body, "/et/abi/noustamine/") {
		t.Errorf("section lists a stale link after the rename")
	}
}

func TestDraftToggle(t *testing.T) {
	const draft = "content/et/uudised/uus-teenus.md"
	t.Run("published only", func(t *testing.T) {
		p := startPreview(t, copySite(t), false)
		if code, _ := p.get("/et/uudised/uus-teenus/"); code != http.StatusNotFound {
			t.Fatalf("draft served: %d", code)
		}
		p.write(draft, "---\ntitle: Uus teenus\ndraft: false\n---\nNüüd avaldatud.\n")
		p.waitFor("the published page", p.pageIs("/et/uudised/uus-teenus/", 200, "Nüüd avaldatud"))
		if _, body := p.get("/et/uudised/"); !strings.Contains(body, "/et/uudised/uus-teenus/") {
			t.Errorf("section does not list the newly published page")
		}
		p.write(draft, "---\ntitle: Uus teenus\ndraft: true\n---\nNüüd avaldatud.\n")
		p.waitFor("the page gone again", p.pageIs("/et/uudised/uus-teenus/", http.StatusNotFound, `href="/et/uudised/"`))
		if _, body := p.get("/et/uudised/"); strings.Contains(body, "/et/uudised/uus-teenus/") {
			t.Errorf("section still lists the page made a draft")
		}
	})
	t.Run("drafts shown", func(t *testing.T) {
		p := startPreview(t, copySite(t), true)
		if code, body := p.get("/et/uudised/uus-teenus/"); code != 200 || !strings.Contains(body, `class="draft"`) {
			t.Fatalf("draft with --drafts: %d, banner missing", code)
		}
		p.write(draft, "---\ntitle: Uus teenus\n---\nValmis.\n")
		p.waitFor("the page without banner", func() bool {
			code, body := p.get("/et/uudised/uus-teenus/")
			return code == 200 && strings.Contains(body, "Valmis.") && !strings.Contains(body, `class="draft"`)
		})
	})
}

func TestBrokenFrontMatterOverlay(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	const page = "content/et/abi/kriisitelefon.md"
	good, err := os.ReadFile(filepath.Join(p.dir, page))
	if err != nil {
		t.Fatal(err)
	}
	p.write(page, "---\ntitle: Kriisitelefon\nweight: [1, 2\ndescription: x\n---\nKeha.\n")
	p.waitFor("the error overlay", p.pageIs("/et/abi/noustamine/", http.StatusInternalServerError, "content/et/abi/kriisitelefon.md:", "The site does not build", `class="bad"`, "weight: [1, 2"))
	// Assets keep coming from the last good build; the dashboard lists the error.
	if code, body := p.get("/_haven/"); code != 200 || !strings.Contains(body, "content/et/abi/kriisitelefon.md") {
		t.Errorf("dashboard: %d, error missing", code)
	}
	p.write(page, string(good))
	p.waitFor("the page back", p.pageIs("/et/abi/noustamine/", 200, "Nõustamine on tasuta"))
	if _, failed := p.srv.Files(); failed {
		t.Error("still failed after the fix")
	}
}

func TestHostRefused(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	_, port, _ := net.SplitHostPort(p.ts.Listener.Addr().String())
	for _, tc := range []struct {
		host string
		want int
	}{
		{"evil.example", http.StatusForbidden},
		{"evil.example:" + port, http.StatusForbidden},
		{"127.0.0.1.evil.example:" + port, http.StatusForbidden},
		{"localhost.evil.example", http.StatusForbidden},
		{"", http.StatusForbidden},
		{"localhost:" + port, http.StatusOK},
		{"127.0.0.1:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"LOCALHOST:" + port, http.StatusOK},
	} {
		t.Run(tc.host, func(t *testing.T) {
			req, _ := http.NewRequest("GET", p.ts.URL+"/et/", nil)
			req.Host = tc.host
			if tc.host == "" {
				req.Host = " " // an empty Host is filled from the URL by the client
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if tc.host == "" && resp.StatusCode == http.StatusBadRequest {
				return // refused by net/http already
			}
			if resp.StatusCode != tc.want {
				t.Errorf("Host %q: %d, want %d", tc.host, resp.StatusCode, tc.want)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no CSP on the response")
			}
		})
	}
}

// rawGet sends a request line exactly as written (no client-side path
// cleaning) and returns the status line and body.
func rawGet(t *testing.T, addr, target string) (string, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(c)
	status, body, _ := strings.Cut(string(b), "\r\n\r\n")
	status, _, _ = strings.Cut(status, "\r\n")
	return status, body
}

func TestPathTraversalRefused(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	addr := p.ts.Listener.Addr().String()
	for _, target := range []string{
		"/../../etc/passwd",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/et/..%2f..%2f..%2fetc/passwd",
		"/et/%2e%2e/%2e%2e/haven.yaml",
		"/./haven.yaml",
		"/..\\..\\etc\\passwd",
		"/haven.yaml",
		"/content/et/_index.md",
		"//etc/passwd",
	} {
		t.Run(target, func(t *testing.T) {
			status, body := rawGet(t, addr, target)
			if strings.Contains(status, " 200 ") || strings.Contains(body, "root:") || strings.Contains(body, "default_language") || strings.Contains(body, "title: Avaleht") {
				t.Errorf("%s: %s, want a refusal\n%.200s", target, status, body)
			}
		})
	}
}

func TestSecurityHeadersAndScript(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	for _, path := range []string{"/et/", "/", "/_haven/", "/nope/", "/_haven/live.js"} {
		resp, err := http.Get(p.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		h := resp.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: security headers missing: %v", path, h)
		}
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			if n := strings.Count(string(body), `src="/_haven/live.js"`); n != 1 {
				t.Errorf("%s: live-reload script included %d times", path, n)
			}
			if strings.Contains(string(body), "<script>") || strings.Contains(string(body), "style=") {
				t.Errorf("%s: inline script or style breaks the CSP", path)
			}
		}
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	_, err = Listen(addr)
	if err == nil || !strings.Contains(err.Error(), "address "+addr+" is in use; stop the other server or pass --addr 127.0.0.1:0") {
		t.Fatalf("second Listen: %v", err)
	}
}

func TestRunShutsDownOnCancel(t *testing.T) {
	dir := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logw := &lockedWriter{wrote: make(chan struct{}, 1)}
	go func() { done <- Run(ctx, Options{Source: dir, Addr: "127.0.0.1:0", Log: logw}) }()
	addr := waitAddr(t, logw)
	resp, err := http.Get("http://" + addr + "/_haven/events")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(deadline):
		t.Fatal("Run did not return after cancel with an event stream open")
	}
	resp.Body.Close()
}

func TestNotFoundLinksSection(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	code, body := p.get("/et/abi/puudub/")
	if code != http.StatusNotFound || !strings.Contains(body, `href="/et/abi/"`) {
		t.Errorf("404: %d\n%s", code, body)
	}
	if code, _ := p.get("/et/abi"); code != 200 { // redirected to /et/abi/
		t.Errorf("/et/abi without slash: %d", code)
	}
}

// lockedWriter is a log that signals each write.
type lockedWriter struct {
	mu    sync.Mutex
	b     strings.Builder
	wrote chan struct{}
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	n, err := l.b.Write(p)
	l.mu.Unlock()
	select {
	case l.wrote <- struct{}{}:
	default:
	}
	return n, err
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitAddr waits for Run's "serving ... at http://ADDR/" line.
func waitAddr(t *testing.T, l *lockedWriter) string {
	t.Helper()
	timeout := time.After(deadline)
	for {
		if _, rest, ok := strings.Cut(l.String(), " at http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			return addr
		}
		select {
		case <-l.wrote:
		case <-timeout:
			t.Fatalf("Run did not announce its address: %s", l.String())
		}
	}
}

// TestDashboardCoverage checks that the dashboard shows the coverage
// matrix of haven check and that it follows edits: a page that starts
// claiming a requirement turns its cell from missing to another status.
func TestDashboardCoverage(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	code, body := p.get("/_haven/")
	if code != 200 || !strings.Contains(body, `<th scope="row">helpline-116006</th>`) || !strings.Contains(body, `<td class="missing">missing</td>`) {
		t.Fatalf("dashboard without a coverage matrix: %d\n%s", code, body)
	}
	if strings.Contains(body, "/_haven/edit/") {
		t.Error("haven serve's dashboard links to an editor it does not have")
	}
	if code, body := p.get("/_haven/report.html"); code != 200 || !strings.Contains(body, "Sign-off") {
		t.Errorf("full report: %d", code)
	}
	const page = "content/et/abi/kriisitelefon.md"
	src, err := os.ReadFile(filepath.Join(p.dir, page))
	if err != nil {
		t.Fatal(err)
	}
	p.write(page, strings.Replace(string(src), "---\n", "---\ncovers: [helpline-116006]\n", 1))
	p.waitFor("the helpline cell to change", func() bool {
		_, body := p.get("/_haven/")
		i := strings.Index(body, `<th scope="row">helpline-116006</th>`)
		if i < 0 {
			return false
		}
		row := body[i:]
		row = row[:strings.Index(row, "</tr>")]
		return strings.Contains(row, `<td class="weak">weak</td>`) || strings.Contains(row, `<td class="stale">stale</td>`)
	})
}

// waits makes s report each request that starts waiting for a newer
// state, and returns their paths.
func waits(s *Server) <-chan string {
	ch := make(chan string, 64)
	f := func(path string) { ch <- path }
	s.waiting.Store(&f)
	return ch
}

// expectWaiting checks that a request for each of paths is waiting: the
// server says it waits before any of answers (the bodies of those
// requests) arrives. Nothing can answer them before the test lets the
// build go on.
func expectWaiting(t *testing.T, waiting <-chan string, answers <-chan string, paths ...string) {
	t.Helper()
	want := map[string]bool{}
	for _, p := range paths {
		want[p] = true
	}
	timeout := time.After(deadline)
	for len(want) > 0 {
		select {
		case p := <-waiting:
			delete(want, p)
		case body := <-answers:
			t.Fatalf("answered instead of waiting: %.100s", body)
		case <-timeout:
			t.Fatalf("requests for %v never waited", want)
		}
	}
}

// TestEarlyReload checks the early state of a page edit over real HTTP:
// open pages reload before the checks have run, the edited page and its
// API document are rendered on request with the new text, a file only the
// finished build makes (the sitemap) and the dashboard, which shows the
// checks, are answered once that build is done, and a good finished build
// does not reload the pages again.
func TestEarlyReload(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	release := make(chan struct{})
	var once sync.Once
	releaseChecks := func() { once.Do(func() { close(release) }) }
	t.Cleanup(releaseChecks) // a failing test must not leave the build waiting
	p.srv.buildMu.Lock()     // Rebuild reads afterEarly holding it
	p.srv.afterEarly = func() { <-release }
	p.srv.buildMu.Unlock()
	waiting := waits(p.srv)
	reloads, stop := p.srv.events.subscribe() // in process: publish is synchronous
	defer stop()
	const page = "content/et/abi/kriisitelefon.md"
	src, err := os.ReadFile(filepath.Join(p.dir, page))
	if err != nil {
		t.Fatal(err)
	}
	p.write(page, strings.Replace(string(src), "116 006", "116 006 (varakult)", 1))
	var early uint64
	select {
	case early = <-reloads:
	case <-time.After(deadline):
		t.Fatal("no reload event before the checks")
	}
	if code, body := p.get("/et/abi/kriisitelefon/"); code != 200 || !strings.Contains(body, "(varakult)") {
		t.Fatalf("early page: %d, new text missing", code)
	}
	if code, body := p.get("/" + api.PagePath("et", "/et/abi/kriisitelefon/")); code != 200 || !strings.Contains(body, "(varakult)") {
		t.Errorf("early API document: %d, new text missing", code)
	}
	sitemap, dash := make(chan string, 1), make(chan string, 1)
	answers := make(chan string, 2)
	go func() { _, body := p.get("/sitemap.xml"); sitemap <- body; answers <- body }()
	go func() { _, body := p.get("/_haven/"); dash <- body; answers <- body }()
	expectWaiting(t, waiting, answers, "/sitemap.xml", "/_haven/")
	releaseChecks()
	for _, c := range []struct {
		what, want string
		body       chan string
	}{{"sitemap", "/et/abi/kriisitelefon/", sitemap}, {"dashboard", "Build 2", dash}} {
		select {
		case body := <-c.body:
			if !strings.Contains(body, c.want) {
				t.Errorf("%s after the build lacks %q: %.300s", c.what, c.want, body)
			}
		case <-time.After(deadline):
			t.Fatalf("%s request still waiting after the build", c.what)
		}
	}
	p.srv.buildMu.Lock() // the finished build has published and returned
	p.srv.buildMu.Unlock()
	select {
	case n := <-reloads:
		if n == early {
			t.Errorf("a second reload (build %d) after a good build shown early", n)
		}
	default:
	}
}

// TestFirstBuildEarly checks the first build over real HTTP: a request made
// before anything is built waits for it, pages and the theme's assets are
// answered before the checks have run, and the dashboard after them.
func TestFirstBuildEarly(t *testing.T) {
	s, err := New(Options{Source: copySite(t), Today: today})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer func() { s.Close(); ts.Close() }()
	p := &preview{t: t, srv: s, ts: ts}
	release := make(chan struct{})
	var once sync.Once
	releaseChecks := func() { once.Do(func() { close(release) }) }
	t.Cleanup(releaseChecks) // a failing test must not leave the build waiting
	s.afterEarly = func() { <-release }
	waiting := waits(s)
	home, answers := make(chan string, 1), make(chan string, 2)
	go func() { _, body := p.get("/et/"); home <- body }()
	expectWaiting(t, waiting, home, "/et/")
	built := make(chan error, 1)
	go func() { built <- s.Rebuild(context.Background(), nil) }()
	var body string
	select {
	case body = <-home:
	case <-time.After(deadline):
		t.Fatal("the home page waited for the checks")
	}
	css := regexp.MustCompile(`/assets/haven\.[0-9a-f]+\.css`).FindString(body)
	if css == "" {
		t.Fatalf("home page without its style sheet:\n%.500s", body)
	}
	if code, sheet := p.get(css); code != 200 || !strings.Contains(sheet, "{") {
		t.Errorf("style sheet before the checks: %d", code)
	}
	dash := make(chan int, 1)
	go func() { code, body := p.get("/_haven/"); dash <- code; answers <- body }()
	expectWaiting(t, waiting, answers, "/_haven/")
	releaseChecks()
	if err := <-built; err != nil {
		t.Fatal(err)
	}
	if code := <-dash; code != 200 {
		t.Errorf("dashboard after the build: %d", code)
	}
}
