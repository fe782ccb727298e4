package edit

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/site"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// request is what every edit request names: the UI language, the site
// and the page file.
type request struct {
	t    tr
	l    *site.Loaded
	file string // content/<lang>/....md
	rel  string // below content/
	ctx  context.Context
	// who is the person, and proposal the change proposal the page is
	// edited in ("" for the site branch's version), of a team's editor.
	who      havenstore.Person
	proposal string
}

// begin checks the page named in r; on failure it has answered.
func (e *Handler) begin(w http.ResponseWriter, r *http.Request) (*request, bool) {
	t := e.tr(r)
	l := e.loaded(w, t)
	if l == nil {
		return nil, false
	}
	file := r.FormValue("file")
	rel, err := pageFile(file, l.Config.LanguageCodes())
	if err != nil {
		e.fail(w, t, http.StatusBadRequest, err.Error())
		return nil, false
	}
	q := &request{t: t, l: l, file: file, rel: rel, ctx: r.Context(), proposal: r.FormValue("proposal")}
	if e.opts.Team != nil {
		who, ok := e.opts.Team.Person(r)
		if !ok {
			e.fail(w, t, http.StatusUnauthorized, t.T("team.signIn"))
			return nil, false
		}
		q.who = who
		q.l = e.siteOf(q)
	}
	return q, true
}

// serveEdit answers GET page?file=... with the edit screen of the file as
// it is on disk, or of a new page when there is none: a translation
// prefilled from its default-language page (from=, else the same path in
// the default language), else the archetype. carry= or ack= show the
// file with that fix applied, not saved.
func (e *Handler) serveEdit(w http.ResponseWriter, r *http.Request) {
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	data, exists, _, err := e.read(q, q.rel)
	if err != nil {
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return
	}
	base := string(data)
	if !exists {
		base = e.newPage(q, r.FormValue("from"))
	}
	s := e.newScreen(q, base, versionHash(data, exists))
	text := base
	switch rc, ok := e.recovery.get(e.recoveryKey(q)); {
	case r.FormValue("restore") != "" && ok:
		s = e.newScreen(q, rc.Base, rc.Hash)
		text, s.Notice = rc.Text, q.t.T("recovery.restored", rc.At.Local().Format(timeLayout))
	case wantsFix(r.Form):
		text, s.Notice = e.fix(q, base, r.Form)
	default:
		e.offerRecovery(q, s, text)
	}
	s.show(q.l, text)
	s.Saved = r.FormValue("saved") != ""
	switch r.FormValue("saved") {
	case "1":
		s.Notice = q.t.T("edit.saved")
	case "proposal":
		s.Notice = q.t.T("team.saved")
	case "same":
		s.Notice = q.t.T("edit.unchanged")
	}
	e.respond(w, q, s, text, http.StatusOK)
}

// show fills the screen's form with text: the fields and body, or the
// whole file in raw mode.
func (s *screen) show(l *site.Loaded, text string) {
	d := parseDoc(text)
	if s.Raw || !d.ok {
		s.Raw, s.Source = true, text
		return
	}
	s.fillForm(l, valuesOf(d), d.extra(), d.body)
}

// newPage is the text of a new page at q.file: a translation of the page
// from names (or of the default-language page at the same path) when
// there is one, else the page haven new writes.
func (e *Handler) newPage(q *request, from string) string {
	if text, ok := e.translationOf(q, from); ok {
		return text
	}
	root, err := os.OpenRoot(e.opts.Source)
	if err != nil {
		return string(content.NewPage(nil, q.file, q.l.Options.Today))
	}
	defer root.Close()
	return string(content.NewPage(root.FS(), q.file, q.l.Options.Today))
}

// translationOf returns a new translation at q.file prefilled from the
// page from (else the default-language page at the same path): its
// front matter without the keys that belong to one language version
// (address, review, acknowledgements), marked draft, and its body, so
// that facts and structure are copied, not retyped.
func (e *Handler) translationOf(q *request, from string) (string, bool) {
	langs := q.l.Config.LanguageCodes()
	lang, rest, _ := strings.Cut(q.rel, "/")
	if from == "" {
		from = content.Dir + "/" + q.l.Config.DefaultLanguage + "/" + rest
	}
	rel, err := pageFile(from, langs)
	if err != nil || strings.HasPrefix(rel, lang+"/") {
		return "", false
	}
	data, exists, _, err := e.read(q, rel)
	d := parseDoc(string(data))
	if err != nil || !exists || !d.ok {
		return "", false
	}
	orig := valuesOf(d)
	next := values{}
	for k, v := range orig {
		if !slices.Contains(perLanguage, k) {
			next[k] = v
		}
	}
	next["draft"] = "true"
	return d.render(edits(orig, next), nil, d.body), true
}

// perLanguage are the front-matter keys a new translation does not copy.
var perLanguage = []string{"slug", "aliases", "reviewed", "acknowledge", "draft"}

// newScreen starts the edit screen of q's page loaded as base, whose
// version hash is hash.
func (e *Handler) newScreen(q *request, base, hash string) *screen {
	lang, _, _ := strings.Cut(q.rel, "/")
	s := &screen{UI: q.t, File: q.file, Lang: lang, LangName: q.l.Config.LanguageName(lang), Hash: hash, Base: base,
		New: hash == absentHash, Autosave: e.opts.Autosave.Milliseconds(), Team: e.opts.Team != nil, Proposal: q.proposal,
		LocalKey: localKeyPrefix + e.recoveryKey(q)}
	s.Heading = q.t.T("edit.title", q.file)
	if s.New {
		s.Heading = q.t.T("edit.new", q.file)
	}
	if d := parseDoc(base); !d.ok {
		s.Raw, s.RawWhy = true, q.t.T(d.why)
	}
	return s
}

// fillForm sets the form's fields.
func (s *screen) fillForm(l *site.Loaded, v values, extra, body string) {
	s.Fields, s.Advanced = formFields(l, s.UI, v, s.Lang)
	s.Extra, s.Body = extra, body
	s.Inserts = inserts(l, s.Lang)
}

// respond adds the draft of text to s and writes the screen.
func (e *Handler) respond(w http.ResponseWriter, q *request, s *screen, text string, code int) {
	s.Unsaved = text != s.Base
	dr, err := e.draft(q, text)
	if err != nil {
		s.Notice, s.NoticeBad = err.Error(), true
	} else {
		s.addDraft(dr, text)
		s.addFixes(q.l, dr, text == s.Base && !s.New)
		if dr.Page != nil {
			e.addLegal(q, s, dr, text)
		}
	}
	e.render(w, code, "edit", s)
}

// draft returns the draft of q's page holding text.
func (e *Handler) draft(q *request, text string) (*site.Draft, error) {
	e.draftMu.Lock()
	defer e.draftMu.Unlock()
	return q.l.Draft(q.file, []byte(text))
}

// servePost answers the edit form: action=preview shows the draft,
// action=save writes it unless the file changed since the form was
// loaded.
func (e *Handler) servePost(w http.ResponseWriter, r *http.Request) {
	q, ok := e.beginForm(w, r, r.ParseForm)
	if !ok {
		return
	}
	e.previewWith(w, r, q, "", false)
}

// beginForm reads the posted form with read (r.ParseForm, or a multipart
// read) and begins the request for its page (see begin). A form that
// cannot be read is answered 400, or 413 when it is over the size limit.
func (e *Handler) beginForm(w http.ResponseWriter, r *http.Request, read func() error) (*request, bool) {
	if err := read(); err != nil {
		code := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			code = http.StatusRequestEntityTooLarge
		}
		http.Error(w, "cannot read the form: "+err.Error(), code)
		return nil, false
	}
	return e.begin(w, r)
}

// previewWith answers a posted edit form of q's page: its action, else a
// preview, with notice (an error when bad) on the screen.
func (e *Handler) previewWith(w http.ResponseWriter, r *http.Request, q *request, notice string, bad bool) {
	form := r.PostForm
	switch form.Get("action") {
	case "discard":
		e.serveDiscard(w, r, q)
		return
	case "restore":
		if e.restoreStale(w, q, form) {
			return
		}
		form.Set("action", "preview")
		notice, bad = q.t.T("recovery.localBack"), false
	}
	base, hash, text := e.formText(q, form)
	if form.Get("action") == "save" {
		e.save(w, r, q, base, text, hash)
		return
	}
	s := e.newScreen(q, base, hash)
	switch {
	case wantsFix(form):
		text, s.Notice = e.fix(q, text, form)
		s.Raw = s.Raw || form.Has(sourceField)
		s.show(q.l, text)
	case s.Raw || form.Has(sourceField):
		s.Raw, s.Source = true, text
	default:
		d := parseDoc(base)
		s.fillForm(q.l, valuesFrom(form, valuesOf(d)), normalize(form.Get(extraField)), normalize(form.Get(bodyField)))
	}
	if notice != "" {
		s.Notice, s.NoticeBad = notice, bad
	}
	e.keep(q, base, hash, text)
	e.respond(w, q, s, text, http.StatusOK)
}

// formText returns the file version a submitted form was loaded from,
// its hash, and the file text the form describes.
func (e *Handler) formText(q *request, form url.Values) (base, hash, text string) {
	hash = form.Get("hash")
	base, verified := restore(form.Get("base"), hash)
	if !verified { // a damaged form: judge the text against the file
		cur, exists, _, _ := e.read(q, q.rel)
		base, hash = string(cur), versionHash(cur, exists)
		if !exists {
			base = e.newPage(q, form.Get("from"))
		}
	}
	return base, hash, compose(base, form)
}

// save writes text as q's page (over the file, or into its proposal)
// if the page is still the version hash names; otherwise it writes
// nothing and answers 409 with both versions.
func (e *Handler) save(w http.ResponseWriter, r *http.Request, q *request, base, text, hash string) {
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	cur, exists, version, err := e.read(q, q.rel)
	if err != nil {
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return
	}
	if versionHash(cur, exists) != hash {
		e.showConflict(w, q, base, hash, text, string(cur), exists)
		return
	}
	key := e.recoveryKey(q)
	saved := "1"
	if e.opts.Team != nil {
		saved = "proposal"
	}
	text = e.keepOldAddress(q, string(cur), text)
	if exists && string(cur) == text {
		saved = "same"
	} else if err := e.write(q, version, text, r.PostForm.Get(noteField)); err != nil {
		if c, ok := errors.AsType[*havenstore.Conflict](err); ok {
			e.showConflict(w, q, base, hash, text, string(c.Theirs), c.TheirVersion != havenstore.Absent)
			return
		}
		e.keep(q, base, hash, text)
		s := e.newScreen(q, string(cur), hash)
		s.Raw, s.Source = true, text
		s.Notice, s.NoticeBad = err.Error(), true
		e.respond(w, q, s, text, http.StatusInternalServerError)
		return
	}
	e.recovery.drop(key)
	http.Redirect(w, r, pageHref(q, q.file, url.Values{"saved": {saved}}), http.StatusSeeOther)
}

// showConflict keeps the editor's text and answers 409 with the merge
// view of their text over the page's text now (theirs).
func (e *Handler) showConflict(w http.ResponseWriter, q *request, base, hash, text, theirs string, exists bool) {
	e.keep(q, base, hash, text)
	s := e.newScreen(q, theirs, versionHash([]byte(theirs), exists))
	s.Raw, s.Source = true, text
	s.Conflict = &conflict{Theirs: theirs, Yours: text}
	e.respond(w, q, s, text, http.StatusConflict)
}

// restore returns the file version a form carries, as it was before the
// browser turned its line endings into CRLF, and whether it is the
// version hash names.
func restore(base, hash string) (string, bool) {
	if hash == absentHash {
		return normalize(base), true
	}
	for _, c := range []string{base, normalize(base)} {
		if versionHash([]byte(c), true) == hash {
			return c, true
		}
	}
	return "", false
}

// compose returns the file text a form describes: the whole file in raw
// mode, else base with the form's changes.
func compose(base string, form url.Values) string {
	d := parseDoc(base)
	if !d.ok || form.Has(sourceField) {
		return lineEndings(normalize(form.Get(sourceField)), strings.Contains(base, "\r\n"))
	}
	extra := normalize(form.Get(extraField))
	var keep *string
	if extra != d.extra() {
		keep = &extra
	}
	body := lineEndings(normalize(form.Get(bodyField)), d.nl == "\r\n")
	return d.render(edits(valuesOf(d), valuesFrom(form, valuesOf(d))), keep, body)
}

// lineEndings turns s's LF line endings into CRLF when the file has them.
func lineEndings(s string, crlf bool) string {
	if !crlf {
		return s
	}
	return strings.ReplaceAll(s, "\n", "\r\n")
}
