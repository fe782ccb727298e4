package edit_test

import (
	"context"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
)

// today is the build day of every test, so review dates do not age.
var today = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// copySampleSite copies the repository's sample site (content/ and
// haven.yaml) to a temporary site root.
func copySampleSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../haven.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "haven.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// editor is haven edit on a site: the preview server with the editor
// mounted, built once, served over real HTTP on a loopback port.
type editor struct {
	t   *testing.T
	dir string
	srv *serve.Server
	web *httptest.Server
}

// startEditor builds the site at dir and serves it with the editor.
func startEditor(t *testing.T, dir string) *editor {
	t.Helper()
	return startEditorWith(t, edit.Options{Source: dir})
}

// startEditorWith builds the site at opts.Source and serves it with the
// editor of opts.
func startEditorWith(t *testing.T, opts edit.Options) *editor {
	t.Helper()
	return startEditorAt(t, opts, "127.0.0.1:0")
}

// startEditorAt is startEditorWith on the loopback address addr, so that
// an editor started again after another stopped has the same origin (and
// so the browser's storage of the first).
func startEditorAt(t *testing.T, opts edit.Options, addr string) *editor {
	t.Helper()
	dir := opts.Source
	s, err := serve.New(serve.Options{Source: dir, Today: today,
		Editor: func(s *serve.Server) http.Handler { opts.Site = s.Site; return edit.New(opts) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	web := &httptest.Server{Listener: ln, Config: &http.Server{Handler: s}}
	web.Start()
	t.Cleanup(web.Close)
	return &editor{t: t, dir: dir, srv: s, web: web}
}

// rebuild builds the site again, as the watcher would after a save.
func (e *editor) rebuild() {
	e.t.Helper()
	if err := e.srv.Rebuild(context.Background(), nil); err != nil {
		e.t.Fatal(err)
	}
}

// client does not follow redirects, so tests see the 303 after a save.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches path and returns the status and body.
func (e *editor) get(path string) (int, string) {
	e.t.Helper()
	resp, err := client.Get(e.web.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	return readAll(e.t, resp)
}

// post submits form to path as a browser on the editor's own page does.
func (e *editor) post(path string, form url.Values, header http.Header) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.web.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.web.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	_, body := readAll(e.t, resp)
	return resp, body
}

func readAll(t *testing.T, resp *http.Response) (int, string) {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// read returns a site file.
func (e *editor) read(file string) string {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, file))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// write changes a site file, as another editor or git would.
func (e *editor) write(file, text string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, file), []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

var (
	formRe     = regexp.MustCompile(`(?s)<form method="post" action="/_haven/edit/page" id="form"[^>]*>(.*?)</form>`)
	inputRe    = regexp.MustCompile(`(?s)<input ([^>]*)>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea ([^>]*)>\n?(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select ([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option value="([^"]*)"( selected)?>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)(?:="([^"]*)")?`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	return m
}

// formOf returns what a browser would submit from the edit form in page:
// every named field, checkboxes only when ticked, and line breaks turned
// into CRLF as browsers do.
func formOf(t testing.TB, page string) url.Values {
	t.Helper()
	m := formRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no edit form in the page:\n%s", page)
	}
	crlf := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n") }
	v := url.Values{}
	for _, in := range inputRe.FindAllStringSubmatch(m[1], -1) {
		a := attrs(in[1])
		_, checked := a["checked"]
		if a["name"] == "" || a["type"] == "checkbox" && !checked {
			continue
		}
		v.Add(a["name"], crlf(a["value"]))
	}
	for _, ta := range textareaRe.FindAllStringSubmatch(m[1], -1) {
		if a := attrs(ta[1]); a["name"] != "" {
			v.Add(a["name"], crlf(html.UnescapeString(ta[2])))
		}
	}
	for _, sel := range selectRe.FindAllStringSubmatch(m[1], -1) {
		for _, o := range optionRe.FindAllStringSubmatch(sel[2], -1) {
			if o[2] != "" {
				v.Add(attrs(sel[1])["name"], html.UnescapeString(o[1]))
			}
		}
	}
	return v
}

// editPage opens the edit screen of file and returns its form.
func (e *editor) editPage(file string) url.Values {
	e.t.Helper()
	code, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	if code != http.StatusOK {
		e.t.Fatalf("edit screen of %s: %d\n%s", file, code, page)
	}
	return formOf(e.t, page)
}

// removeFile deletes a site file, as git or another editor would.
func removeFile(e *editor, file string) error { return os.Remove(filepath.Join(e.dir, file)) }
