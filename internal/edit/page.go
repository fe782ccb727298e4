package edit

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/site"
)

// request is what every edit request names: the UI language, the site
// and the page file.
type request struct {
	t    tr
	l    *site.Loaded
	file string // content/<lang>/....md
	rel  string // below content/
}

// begin checks the page named in r; on failure it has answered.
func (e *Handler) begin(w http.ResponseWriter, r *http.Request) (*request, bool) {
	t := tr{Lang: uiLanguage(r)}
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
	return &request{t: t, l: l, file: file, rel: rel}, true
}

// serveEdit answers GET page?file=... with the edit screen of the file as
// it is on disk, or of a new page from the archetype when there is none.
func (e *Handler) serveEdit(w http.ResponseWriter, r *http.Request) {
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	data, exists, err := e.store.read(q.rel)
	if err != nil {
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return
	}
	text := string(data)
	if !exists {
		text = e.newPage(q)
	}
	s := e.newScreen(q, text, versionHash(data, exists))
	d := parseDoc(text)
	if s.Raw {
		s.Source = text
	} else {
		s.fillForm(q.l, valuesOf(d), d.extra(), d.body)
	}
	switch r.FormValue("saved") {
	case "1":
		s.Notice = q.t.T("edit.saved")
	case "same":
		s.Notice = q.t.T("edit.unchanged")
	}
	e.respond(w, q, s, text, http.StatusOK)
}

// newPage is the text of a new page at q.file, as haven new writes it.
func (e *Handler) newPage(q *request) string {
	root, err := os.OpenRoot(e.opts.Source)
	if err != nil {
		return string(content.NewPage(nil, q.file, q.l.Options.Today))
	}
	defer root.Close()
	return string(content.NewPage(root.FS(), q.file, q.l.Options.Today))
}

// newScreen starts the edit screen of q's page loaded as base, whose
// version hash is hash.
func (e *Handler) newScreen(q *request, base, hash string) *screen {
	lang, _, _ := strings.Cut(q.rel, "/")
	s := &screen{UI: q.t, File: q.file, Lang: lang, LangName: q.l.Config.LanguageName(lang), Hash: hash, Base: base,
		New: hash == absentHash}
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
}

// respond adds the draft of text to s and writes the screen.
func (e *Handler) respond(w http.ResponseWriter, q *request, s *screen, text string, code int) {
	e.draftMu.Lock()
	dr, err := q.l.Draft(q.file, []byte(text))
	e.draftMu.Unlock()
	if err != nil {
		s.Notice, s.NoticeBad = err.Error(), true
	} else {
		s.addDraft(dr, text)
	}
	e.render(w, code, "edit", s)
}

// servePost answers the edit form: action=preview shows the draft,
// action=save writes it unless the file changed since the form was
// loaded.
func (e *Handler) servePost(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		code := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			code = http.StatusRequestEntityTooLarge
		}
		http.Error(w, "cannot read the form: "+err.Error(), code)
		return
	}
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	form := r.PostForm
	hash := form.Get("hash")
	base, verified := restore(form.Get("base"), hash)
	if !verified { // a damaged form: judge the text against the file
		cur, exists, _ := e.store.read(q.rel)
		base, hash = string(cur), versionHash(cur, exists)
		if !exists {
			base = e.newPage(q)
		}
	}
	text := compose(base, form)
	if form.Get("action") == "save" {
		e.save(w, r, q, text, hash)
		return
	}
	s := e.newScreen(q, base, hash)
	if s.Raw || form.Has(sourceField) {
		s.Raw, s.Source = true, text
	} else {
		d := parseDoc(base)
		s.fillForm(q.l, valuesFrom(form, valuesOf(d)), normalize(form.Get(extraField)), normalize(form.Get(bodyField)))
	}
	e.respond(w, q, s, text, http.StatusOK)
}

// save writes text over q's file if the file is still the version hash
// names; otherwise it writes nothing and answers 409 with both versions.
func (e *Handler) save(w http.ResponseWriter, r *http.Request, q *request, text, hash string) {
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	cur, exists, err := e.store.read(q.rel)
	if err != nil {
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return
	}
	if versionHash(cur, exists) != hash {
		s := e.newScreen(q, string(cur), versionHash(cur, exists))
		s.Raw, s.Source = true, text
		s.Conflict = &conflict{Theirs: string(cur), Yours: text}
		e.respond(w, q, s, text, http.StatusConflict)
		return
	}
	saved := "1"
	if exists && string(cur) == text {
		saved = "same"
	} else if err := e.store.write(q.rel, []byte(text)); err != nil {
		s := e.newScreen(q, string(cur), hash)
		s.Raw, s.Source = true, text
		s.Notice, s.NoticeBad = err.Error(), true
		e.respond(w, q, s, text, http.StatusInternalServerError)
		return
	}
	href := editPath + "?" + url.Values{"file": {q.file}, "ui": {q.t.Lang}, "saved": {saved}}.Encode()
	http.Redirect(w, r, href, http.StatusSeeOther)
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
