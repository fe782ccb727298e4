package edit

import (
	"cmp"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/content"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// Paths of the page actions.
const (
	movePath   = Prefix + "move"
	deletePath = Prefix + "delete"
)

// TrashDir is where a single editor's deleted and moved-away page files
// are kept, below the site root, each under the time it left content/:
// .haven/trash/20261202-141530/content/et/abi.md. Copy one back to
// restore it.
const TrashDir = ".haven/trash"

// fileChange is one file a page action writes or removes, below
// content/.
type fileChange struct {
	rel    string
	data   []byte
	delete bool
	base   havenstore.Version
}

// change makes the changes as one: for a team one commit in q's proposal
// (started when there is none), for a single editor the writes and then
// the removals, each removed file kept in the trash first.
func (e *Handler) change(q *request, note string, changes ...fileChange) error {
	if e.opts.Team != nil {
		edits := make([]havenstore.Edit, len(changes))
		for i, c := range changes {
			edits[i] = havenstore.Edit{Path: storePath(c.rel), Data: c.data, Delete: c.delete, Base: c.base}
		}
		return e.proposalEdit(q, note, edits...)
	}
	for _, c := range changes {
		if !c.delete {
			if err := e.store.write(c.rel, c.data); err != nil {
				return err
			}
		}
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	for _, c := range changes {
		if c.delete {
			if err := e.trash(stamp, c.rel); err != nil {
				return err
			}
		}
	}
	return nil
}

// trash moves the file rel below content/ to the trash, under stamp.
func (e *Handler) trash(stamp, rel string) error {
	data, exists, err := e.store.read(rel)
	if err != nil || !exists {
		return err
	}
	root, err := os.OpenRoot(e.opts.Source)
	if err != nil {
		return err
	}
	defer root.Close()
	keep := path.Join(TrashDir, stamp, content.Dir, rel)
	if err := root.MkdirAll(path.Dir(keep), 0o755); err != nil {
		return err
	}
	if _, err := root.Stat(path.Join(TrashDir, ".gitignore")); errors.Is(err, fs.ErrNotExist) {
		_ = root.WriteFile(path.Join(TrashDir, ".gitignore"), []byte("# haven edit's deleted pages, kept to be restored: never commit them\n*\n"), 0o644)
	}
	if err := havenstore.ReplaceFile(root, keep, data); err != nil {
		return err
	}
	return e.store.remove(rel)
}

// versionsOf returns the language versions of q's page that move with
// it: every language's file at the same path, which is how translations
// pair, unless the page pairs by translation_key, which a move keeps.
func (e *Handler) versionsOf(q *request) []string {
	d := parseDoc(e.mustRead(q, q.rel))
	if d.ok && valuesOf(d)["translation_key"] != "" {
		return []string{q.rel}
	}
	_, rest, _ := strings.Cut(q.rel, "/")
	var out []string
	for _, lang := range q.l.Config.LanguageCodes() {
		rel := lang + "/" + rest
		if _, exists, _, err := e.read(q, rel); err == nil && exists {
			out = append(out, rel)
		}
	}
	return out
}

func (e *Handler) mustRead(q *request, rel string) string {
	data, _, _, _ := e.read(q, rel)
	return string(data)
}

// serveMove answers "Move or rename": the page, and its translations at
// the same path, go to the new path in their language folders, each with
// its old address added to aliases so links and bookmarks keep working.
// The edit screen of the moved page follows; nothing moves when any
// target exists.
func (e *Handler) serveMove(w http.ResponseWriter, r *http.Request) {
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	lang, _, _ := strings.Cut(q.rel, "/")
	to := strings.TrimSpace(r.PostFormValue("to"))
	if !strings.HasSuffix(to, ".md") {
		to += ".md"
	}
	toRel, err := pageFile(to, q.l.Config.LanguageCodes())
	switch {
	case err != nil:
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return
	case !strings.HasPrefix(toRel, lang+"/"):
		e.fail(w, q.t, http.StatusBadRequest, q.t.T("move.language", content.Dir+"/"+lang+"/"))
		return
	case toRel == q.rel:
		http.Redirect(w, r, pageHref(q, q.file, nil), http.StatusSeeOther)
		return
	}
	_, toRest, _ := strings.Cut(toRel, "/")
	var changes []fileChange
	for _, rel := range e.versionsOf(q) {
		l, _, _ := strings.Cut(rel, "/")
		target := l + "/" + toRest
		if rel == q.rel {
			target = toRel
		}
		if taken, err := e.exists(q, target); err != nil || taken {
			e.fail(w, q.t, http.StatusConflict, q.t.T("move.taken", content.Dir+"/"+target))
			return
		}
		data, exists, version, err := e.read(q, rel)
		if err != nil || !exists {
			continue
		}
		text := string(data)
		if p := q.l.Page(storePath(rel)); p != nil && p.URL != "" {
			text = withAlias(text, p.URL)
		}
		changes = append(changes, fileChange{rel: target, data: []byte(text), base: havenstore.Absent},
			fileChange{rel: rel, delete: true, base: version})
	}
	note := cmp.Or(strings.TrimSpace(r.PostFormValue(noteField)), q.t.T("move.note", q.file, storePath(toRel)))
	if err := e.change(q, note, changes...); err != nil {
		e.fail(w, q.t, http.StatusInternalServerError, err.Error())
		return
	}
	for _, c := range changes {
		if c.delete {
			e.recovery.drop(c.rel)
		}
	}
	http.Redirect(w, r, pageHref(q, storePath(toRel), url.Values{"moved": {q.file}}), http.StatusSeeOther)
}

// keepOldAddress returns text, the page's new version, with the page's
// current address added to its aliases when the new version changes its
// slug, so that links and bookmarks to the old address keep working (as a
// move does).
func (e *Handler) keepOldAddress(q *request, cur, text string) string {
	p := q.l.Page(q.file)
	was, now := parseDoc(cur), parseDoc(text)
	if p == nil || p.URL == "" || !was.ok || !now.ok || valuesOf(was)["slug"] == valuesOf(now)["slug"] {
		return text
	}
	return withAlias(text, p.URL)
}

// withAlias returns the page text with old added to its aliases (the
// form's way of changing one key, so the rest stays byte for byte). A
// page the form cannot edit is returned unchanged.
func withAlias(text, old string) string {
	d := parseDoc(text)
	if !d.ok {
		return text
	}
	orig := valuesOf(d)
	aliases := strings.Fields(orig["aliases"])
	if slices.Contains(aliases, old) {
		return text
	}
	next := values{}
	for k, v := range orig {
		next[k] = v
	}
	next["aliases"] = strings.Join(append(aliases, old), "\n")
	return d.render(edits(orig, next), nil, d.body)
}

// deleteView is the screen that asks before a page is deleted.
type deleteView struct {
	UI             tr
	File, Proposal string
	Translations   []string
	Team           bool
	TrashDir       string
	Back           string // the page's edit screen
}

// PageTitle is the question's title in the browser tab.
func (v deleteView) PageTitle() string {
	return v.UI.T("delete.confirmTitle", v.File) + " · " + v.UI.T("app")
}

// serveDelete answers "Delete page" (and GET, which only ever asks):
// without confirm=1 a screen that
// says what happens (the translations stay; a single editor's file goes
// to the trash, a team's deletion is a change proposal) and asks; with
// it the page is deleted and the page list follows.
func (e *Handler) serveDelete(w http.ResponseWriter, r *http.Request) {
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	_, exists, version, err := e.read(q, q.rel)
	if err != nil || !exists {
		e.fail(w, q.t, http.StatusNotFound, cmpErr(err, q.t.T("delete.gone", q.file)))
		return
	}
	if r.Method != http.MethodPost || r.PostFormValue("confirm") != "1" {
		var others []string
		for _, rel := range e.versionsOf(q) {
			if rel != q.rel {
				others = append(others, storePath(rel))
			}
		}
		e.render(w, http.StatusOK, "delete", deleteView{UI: q.t, File: q.file, Proposal: q.proposal, Translations: others,
			Team: e.opts.Team != nil, TrashDir: TrashDir, Back: pageHref(q, q.file, nil)})
		return
	}
	note := cmp.Or(strings.TrimSpace(r.PostFormValue(noteField)), q.t.T("delete.note", q.file))
	if err := e.change(q, note, fileChange{rel: q.rel, delete: true, base: version}); err != nil {
		e.fail(w, q.t, http.StatusInternalServerError, err.Error())
		return
	}
	e.recovery.drop(q.rel)
	href := listPath + "?" + url.Values{"ui": {q.t.Lang}, "deleted": {q.file}}.Encode()
	if q.proposal != "" {
		href += "&" + url.Values{"proposal": {q.proposal}}.Encode()
	}
	http.Redirect(w, r, href, http.StatusSeeOther)
}

func cmpErr(err error, def string) string {
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err.Error()
	}
	return def
}
