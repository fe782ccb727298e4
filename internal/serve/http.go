package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/theme"
)

// Paths of the preview's own files, all under /_haven/ (never a page URL:
// content folders starting with _ are not published).
const (
	dashboardPath = "/_haven/"
	reportPath    = "/_haven/report.html"
	stylePath     = "/_haven/preview.css"
)

//go:embed preview.css
var previewCSS []byte

//go:embed pages.html
var pagesHTML string

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"ms": func(d time.Duration) string { return d.Round(time.Millisecond).String() },
}).Parse(pagesHTML))

// securityHeaders sets the headers production sends (see
// theme.SecurityHeaders), plus no caching: the preview changes all the
// time.
func securityHeaders(h http.Header, allowedOrigins []string) {
	for k, v := range theme.SecurityHeaders(allowedOrigins) {
		h[k] = v
	}
	h.Set("Cache-Control", "no-store")
}

// ServeHTTP answers GET and HEAD requests from loopback hosts with the
// newest build, the live-reload script and events, and the dashboard.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st := s.state.Load()
	securityHeaders(w.Header(), st.origins)
	if !s.allowedHost(r.Host) {
		http.Error(w, "haven serve answers only requests for localhost, 127.0.0.1 or [::1] (Host "+strconv.Quote(r.Host)+" refused)", http.StatusForbidden)
		return
	}
	s.routes.ServeHTTP(w, r)
}

// route answers a request that passed the Host check.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	st := s.state.Load()
	if s.editor != nil && strings.HasPrefix(r.URL.Path, EditorPrefix) {
		s.editor.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !cleanURLPath(p) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if s.servePreviewFile(w, r, st) {
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if st.failed && path.Ext(name) == ".html" {
		s.renderPage(w, http.StatusInternalServerError, "overlay", s.overlay(st))
		return
	}
	if st.out != nil && s.serveBuilt(w, r, st, name) {
		return
	}
	if st.has(name + "/index.html") {
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	s.notFound(w, st, p, name)
}

// servePreviewFile answers for the preview's own files under /_haven/
// (live reload, its style sheet, events, dashboard, report), and for
// every file while nothing is built yet, and reports whether it did.
func (s *Server) servePreviewFile(w http.ResponseWriter, r *http.Request, st *state) bool {
	p := r.URL.Path
	switch {
	case p == LiveReloadPath:
		serveBytes(w, r, "text/javascript; charset=utf-8", LiveReloadJS)
	case p == stylePath:
		serveBytes(w, r, "text/css; charset=utf-8", previewCSS)
	case p == LiveEventsPath:
		s.serveEvents(w, r)
	case st.n == 0 || strings.HasPrefix(p, "/_haven/") && st.early:
		// Nothing is built yet, or the dashboard and report, which show
		// the checks, are asked for before the checks ran: wait.
		s.whenFinished(w, r, st)
	case p == dashboardPath:
		s.renderPage(w, http.StatusOK, "dashboard", s.dashboard(st))
	case p == reportPath && st.report != nil:
		var buf bytes.Buffer
		if err := st.report.WriteHTML(&buf); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return true
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(buf.Bytes())
	case strings.HasPrefix(p, "/_haven/"):
		http.NotFound(w, r)
	default:
		return false
	}
	return true
}

// serveBuilt answers with a file of st's build, the theme's assets and
// the pages and page API documents rendered on request, and reports
// whether it did. An early state's content assets come from the last
// build when only pages changed; its other files are waited for.
func (s *Server) serveBuilt(w http.ResponseWriter, r *http.Request, st *state, name string) bool {
	od := st.out.OnDemand()
	if data, ok := od.ThemeAsset(name); ok {
		serveBytes(w, r, contentType(name), data)
		return true
	}
	out := st.out
	if st.early && st.assetsFromLast && od.ContentAsset(name) && st.last.out != nil {
		out = st.last.out
	}
	data, ok, err := out.Lookup(name)
	switch {
	case ok && err == nil:
		serveFile(w, r, name, data)
	case st.early:
		// Not a page rendered on request (or one that fails to render):
		// answer from the finished build.
		s.whenFinished(w, r, st)
	case ok: // a finished good build's page always renders
		http.Error(w, err.Error(), http.StatusInternalServerError)
	default:
		return false
	}
	return true
}

// serveFile answers with a file of the site, adding the live-reload script
// to HTML.
func serveFile(w http.ResponseWriter, r *http.Request, name string, data []byte) {
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		data = injectLiveReload(data)
	}
	serveBytes(w, r, ctype, data)
}

// contentType is the Content-Type of the file name, by its extension.
func contentType(name string) string {
	if ctype := mime.TypeByExtension(path.Ext(name)); ctype != "" {
		return ctype
	}
	return "application/octet-stream"
}

// whenFinished answers r once the early state st is replaced, by the
// finished build or a newer one.
func (s *Server) whenFinished(w http.ResponseWriter, r *http.Request, st *state) {
	if f := s.waiting.Load(); f != nil {
		(*f)(r.URL.Path)
	}
	select {
	case <-st.superseded:
		s.ServeHTTP(w, r)
	case <-r.Context().Done():
	case <-s.closing:
		http.Error(w, "the preview is stopping", http.StatusServiceUnavailable)
	}
}

func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// cleanURLPath reports whether p is an absolute, clean URL path: no . or
// .. segments (also when they came percent-encoded), no backslashes, no
// NUL. Files are looked up in memory only, so this is defence in depth.
func cleanURLPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") || strings.Contains(p, "//") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// allowedHost reports whether a request's Host names this server by a
// loopback name or its listen address. Any other name may be a DNS
// rebinding attack: a web page on another site whose name resolves to
// 127.0.0.1, reading the preview (drafts included) from the editor's
// browser.
func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	switch host {
	case "localhost", "127.0.0.1", "::1":
		return true
	case "":
		return false
	}
	if slices.ContainsFunc(s.opts.Hosts, func(h string) bool { return strings.EqualFold(h, host) }) {
		return true
	}
	if a := s.addr.Load(); a != nil {
		if h, _, err := net.SplitHostPort(*a); err == nil && strings.EqualFold(h, host) {
			ip := net.ParseIP(h)
			return ip == nil || !ip.IsUnspecified()
		}
	}
	return false
}

// injectLiveReload adds the live-reload script to HTML that does not load
// it yet (the theme adds it to its pages in preview; redirect pages do not).
func injectLiveReload(data []byte) []byte {
	if bytes.Contains(data, []byte(LiveReloadPath)) {
		return data
	}
	tag := []byte(`<script src="` + LiveReloadPath + `" defer></script>`)
	i := bytes.LastIndex(bytes.ToLower(data), []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), data...), tag...)
	}
	out := make([]byte, 0, len(data)+len(tag))
	out = append(out, data[:i]...)
	out = append(out, tag...)
	return append(out, data[i:]...)
}

// serveEvents streams "reload" after every build. A reconnecting client
// whose Last-Event-ID is older than the newest build reloads at once, so
// a build finishing while it was disconnected is not missed.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, stop := s.events.subscribe()
	defer stop()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	n := s.state.Load().n
	fmt.Fprintf(w, "retry: 1000\n: build %d\n\n", n)
	if last, err := strconv.ParseUint(r.Header.Get("Last-Event-ID"), 10, 64); err == nil && last < n {
		fmt.Fprintf(w, "id: %d\ndata: reload\n\n", n)
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case n := <-ch:
			fmt.Fprintf(w, "id: %d\ndata: reload\n\n", n)
			flusher.Flush()
		}
	}
}

// renderPage writes one of the preview's own pages.
func (s *Server) renderPage(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// problem is a diagnostic as the preview's pages show it.
type problem struct {
	Where, Severity, Message, Code string
	Source                         []srcLine
	// Edit opens the page the problem is in in the editor, when the
	// server has one and the file is a page.
	Edit string
}

func (s *Server) problems(ds []diag.Diagnostic, onlyErrors bool) []problem {
	var out []problem
	for _, d := range ds {
		if onlyErrors && d.Severity != diag.Error {
			continue
		}
		pr := problem{Where: d.Position(), Severity: d.Severity.String(), Message: d.FullMessage(), Code: d.Code, Edit: s.editHref(d.File)}
		if d.Severity == diag.Error {
			pr.Source = s.sourceLines(d.File, d.Line)
		}
		out = append(out, pr)
	}
	return out
}

// editHref is the editor's address of page file, or "" without an editor
// or for a file that is not a page.
func (s *Server) editHref(file string) string {
	if s.editor == nil || !strings.HasPrefix(file, content.Dir+"/") || !strings.HasSuffix(file, ".md") {
		return ""
	}
	return EditorPrefix + "page?" + url.Values{"file": {file}}.Encode()
}

type overlayView struct {
	Build    uint64
	Problems []problem
}

func (s *Server) overlay(st *state) overlayView {
	return overlayView{Build: st.n, Problems: s.problems(st.diags, true)}
}

type dashboardView struct {
	Build                uint64
	At                   string
	Took                 time.Duration
	Pages, Errors, Warns int
	Failed, Drafts       bool
	Changed              int
	// Editor is set when haven edit serves the editor beside the preview.
	Editor   bool
	Problems []problem
	Source   string
	// Languages and Coverage are the legal-coverage matrix of haven check.
	Languages []string
	Coverage  []coverageRow
}

// coverageRow is one requirement of the dashboard's coverage matrix.
type coverageRow struct {
	ID, Level string
	Pending   bool
	Cells     []string // status per language, "" where it does not apply
}

func (s *Server) dashboard(st *state) dashboardView {
	v := dashboardView{Build: st.n, At: st.at.Format("15:04:05"), Took: st.took, Pages: st.pageCount, Failed: st.failed,
		Drafts: s.opts.Drafts, Changed: st.changed, Source: s.opts.Source, Editor: s.editor != nil}
	for _, d := range st.diags {
		if d.Severity == diag.Error {
			v.Errors++
		} else {
			v.Warns++
		}
	}
	v.Problems = s.problems(st.diags, false)
	if r := st.report; r != nil {
		v.Languages = r.Languages
		for _, c := range r.Coverage {
			row := coverageRow{ID: c.ID, Level: string(c.Level), Pending: c.Pending}
			for _, lang := range r.Languages {
				cell := ""
				if lc := c.Languages[lang]; lc != nil {
					cell = string(lc.Status)
				}
				row.Cells = append(row.Cells, cell)
			}
			v.Coverage = append(v.Coverage, row)
		}
	}
	return v
}

type notFoundView struct {
	URL, Section string
	Removed      bool
}

// notFound answers a missing page with a 404 that says whether the page
// existed earlier in this session and links to the nearest section.
func (s *Server) notFound(w http.ResponseWriter, st *state, urlPath, name string) {
	s.mu.Lock()
	removed := s.gone[name]
	s.mu.Unlock()
	s.renderPage(w, http.StatusNotFound, "notfound", notFoundView{URL: urlPath, Section: sectionOf(st, urlPath), Removed: removed})
}
