// Package edit is haven's web editor, served by `haven edit` inside the
// preview server under /_haven/edit/: a page list with each page's status,
// and an edit screen with a front-matter form, the Markdown body and a
// server-side preview. It works without JavaScript: every action is a
// form, and the preview is the draft's theme page as the site would
// render it.
//
// # One source of truth
//
// The form is made from [content.Fields], the keys the build knows, with
// their types; `covers` is a checklist of the rulebook's requirements.
// What the preview says about a draft is [site.Loaded.Draft]: the
// diagnostics `haven build` would report on the file once saved, the
// translation drift and the coverage cells. Nothing is checked twice.
//
// # Never losing text
//
// The form edits the file's YAML text, not a decoded copy of it: a key
// whose value the editor did not change keeps its lines byte for byte,
// comments included, and keys the form does not know are shown verbatim
// and kept. Each form carries the hash of the file version it was loaded
// from (and that version); a save over a file that changed since then
// writes nothing and shows both versions for the editor to combine.
// Writes go through an os.Root on content/ to a temporary file in the
// page's folder, synced, then renamed over the page.
//
// Text not yet saved is kept twice: by the server in [RecoveryDir] (on
// every preview and the script's autosave), and by the script in the
// browser's localStorage a moment after each keystroke, under the page
// (and, for a team, the person and proposal), with the version the form
// was loaded from. localStorage, not sessionStorage, because the copy
// must outlive the tab. Either copy is offered back when the page opens
// with other text; the browser's works when the server's is gone, and
// one typed on a version the file no longer has comes back in the merge
// view. A save or a discard drops both.
//
// Saving a page with errors is allowed, as in GOV.UK's publishing tools
// a draft may be incomplete: text typed is never refused. The screen then
// says loudly that the site will not build until the errors are fixed,
// and the Draft box keeps an unfinished page out of the published site.
// Publishing is the build's business, not the editor's.
//
// # A team
//
// With [Options.Team] (see [OpenTeam]: a git repository whose site branch
// holds the roles file) nothing is written into content/: a save is a
// commit on the page's change proposal, started with the change note as
// its title; the preview builds an export of the site branch. The
// proposals list, the review screen (a line diff per file, the changed
// phone numbers, amounts and dates marked and listed first, the actions
// the state allows) and the history screen (a page in all its languages,
// any version against now, restore as a new proposal) are the team's.
// The store enforces the roles file; a publish first runs haven build's
// checks on the site it would make ([CheckSite]). Who the person is comes
// from [Team.Person]: git's user on loopback, else the signed-in session,
// whose CSRF token ([Options.CSRF]) every form carries. Every step and
// every refused request goes into the append-only [Audit] log, which
// publishers and admins read on the audit screen.
//
// # Safe by default
//
// The editor inherits the preview server's Host check, loopback address
// and security headers (no inline script, nothing from another origin),
// and refuses cross-origin POSTs ([http.CrossOriginProtection]), so no
// web page the editor visits can make it write.
package edit

import (
	"bytes"
	"cmp"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/haven-cms/haven/internal/site"
)

// Prefix is the URL path the editor is served under.
const Prefix = "/_haven/edit/"

// Paths below [Prefix].
const (
	listPath   = Prefix
	editPath   = Prefix + "page"
	stylePath  = Prefix + "edit.css"
	scriptPath = Prefix + "edit.js"
)

// DefaultAutosave is how often the editor's script posts a changed form
// for recovery.
const DefaultAutosave = 3 * time.Second

// maxForm caps a submitted form: a page (at most content.MaxPageSize),
// the version it was loaded from, and the fields.
const maxForm = 20 << 20

//go:embed templates/*.html static/edit.css static/edit.js
var files embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{"args": args, "diffArgs": diffArgs, "has": slices.Contains[[]string]}).
	ParseFS(files, "templates/*.html"))

// itemArgs carries the screen into a sub-template with one of its items.
type itemArgs struct {
	S  any
	It any
}

func args(s, it any) itemArgs { return itemArgs{S: s, It: it} }

// diffView is what the diff template shows of one file.
type diffView struct {
	UI    tr
	Lang  string
	Hunks []diffHunk
}

func diffArgs(t tr, fd fileDiff) diffView { return diffView{UI: t, Lang: fd.Lang, Hunks: fd.Hunks} }

var (
	styleCSS = func() []byte { b, _ := fs.ReadFile(files, "static/edit.css"); return b }()
	editJS   = func() []byte { b, _ := fs.ReadFile(files, "static/edit.js"); return b }()
)

// Options configures an editor.
type Options struct {
	// Source is the site root, holding content/.
	Source string
	// Site returns the newest checked site, as the preview server has it
	// (serve.Server.Site), or nil while there is none.
	Site func() *site.Loaded
	// Autosave is how often the script posts a changed form for
	// recovery; 0 means [DefaultAutosave].
	Autosave time.Duration
	// Team, when set, sends saves to change proposals for review.
	Team *Team
	// CSRF, when set, returns the signed-in session's CSRF token, which
	// every form of the editor then carries.
	CSRF func(*http.Request) string
	// State is the folder below which the editor keeps its own files
	// (the recovery copies of [RecoveryDir]); "" means Source.
	State string
}

// Handler serves the editor. Mount it at [Prefix] behind the preview
// server's Host check and security headers.
type Handler struct {
	opts     Options
	store    store
	recovery recovery
	h        http.Handler

	saveMu  sync.Mutex // a save reads, compares and writes at once
	draftMu sync.Mutex // one draft at a time on a loaded site
}

// New returns the editor of the site at opts.Source.
func New(opts Options) *Handler {
	if opts.Autosave <= 0 {
		opts.Autosave = DefaultAutosave
	}
	e := &Handler{opts: opts, store: store{dir: contentDir(opts.Source)}, recovery: recovery{source: cmp.Or(opts.State, opts.Source)}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+listPath+"{$}", e.serveList)
	mux.HandleFunc("GET "+editPath, e.serveEdit)
	mux.HandleFunc("POST "+editPath, e.servePost)
	mux.HandleFunc("POST "+autosavePath, e.serveAutosave)
	mux.HandleFunc("POST "+imagePath, e.serveImage)
	mux.HandleFunc("POST "+livePath, e.serveLive)
	mux.HandleFunc("POST "+movePath, e.serveMove)
	mux.HandleFunc("POST "+deletePath, e.serveDelete)
	mux.HandleFunc("GET "+deletePath, e.serveDelete)
	mux.HandleFunc("GET "+proposalsPath, e.serveProposals)
	mux.HandleFunc("GET "+proposalPath, e.serveProposal)
	mux.HandleFunc("POST "+proposalPath, e.serveProposalPost)
	mux.HandleFunc("GET "+historyPath, e.serveHistory)
	mux.HandleFunc("POST "+historyPath, e.serveRestore)
	mux.HandleFunc("GET "+stylePath, asset("text/css; charset=utf-8", styleCSS))
	mux.HandleFunc("GET "+scriptPath, asset("text/javascript; charset=utf-8", editJS))
	mux.HandleFunc("GET "+auditPath, e.serveAudit)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(e.refuseCrossOrigin))
	e.h = withRemote(cop.Handler(mux))
	return e
}

// asset serves an embedded file.
func asset(ctype string, data []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(data)
	}
}

// ServeHTTP answers the editor's requests.
func (e *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	}
	e.h.ServeHTTP(w, r)
}

// loaded returns the current site, or answers 503 and returns nil.
func (e *Handler) loaded(w http.ResponseWriter, t tr) *site.Loaded {
	l := e.opts.Site()
	if l == nil || l.Report == nil {
		w.Header().Set("Retry-After", "1")
		e.fail(w, t, http.StatusServiceUnavailable, t.T("error.busy"))
		return nil
	}
	return l
}

// errorView is the page that explains a refused request.
type errorView struct {
	UI      tr
	Message string
}

// fail answers with an error page saying what is wrong and what to do.
func (e *Handler) fail(w http.ResponseWriter, t tr, code int, msg string) {
	e.render(w, code, "error", errorView{UI: t, Message: msg})
}

// render writes one of the editor's pages.
func (e *Handler) render(w http.ResponseWriter, code int, name string, data any) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "editor template "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}
