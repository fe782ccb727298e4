package edit

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"time"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// RecoveryDir is where the editor keeps the text of forms not yet saved,
// below the site root: outside content/, so the build and the preview's
// watcher never see it, and git-ignored by the .gitignore it holds.
const RecoveryDir = ".haven/recovery"

// timeLayout is how the editor shows when text was kept.
const timeLayout = "2006-01-02 15:04:05"

// autosavePath answers the editor's script, which posts the form there
// every few seconds while it changes.
const autosavePath = Prefix + "autosave"

// recovered is the unsaved text of one page: what the form held, the
// file version it was loaded from, and when.
type recovered struct {
	File string    `json:"file"`
	Hash string    `json:"hash"` // of Base, the version the form was loaded from
	Base string    `json:"base"`
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// recovery stores one recovered text per page below a site root.
type recovery struct {
	source string // the site root
}

func (r recovery) name(rel string) string { return path.Join(RecoveryDir, rel+".json") }

// put keeps rc, replacing the page's earlier one, atomically.
func (r recovery) put(rel string, rc recovered) error {
	root, err := os.OpenRoot(r.source)
	if err != nil {
		return err
	}
	defer root.Close()
	name := r.name(rel)
	if err := root.MkdirAll(path.Dir(name), 0o700); err != nil {
		return err
	}
	if _, err := root.Stat(path.Join(RecoveryDir, ".gitignore")); errors.Is(err, fs.ErrNotExist) {
		_ = root.WriteFile(path.Join(RecoveryDir, ".gitignore"), []byte("# haven edit's unsaved texts: never commit them\n*\n"), 0o644)
	}
	data, err := json.Marshal(rc)
	if err != nil {
		return err
	}
	tmp := name + "." + rand.Text()[:12] + ".tmp"
	if err := havenstore.WriteSynced(root, tmp, data, 0o600); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	if err := root.Rename(tmp, name); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}

// get returns the page's recovered text, if any.
func (r recovery) get(rel string) (recovered, bool) {
	root, err := os.OpenRoot(r.source)
	if err != nil {
		return recovered{}, false
	}
	defer root.Close()
	data, err := root.ReadFile(r.name(rel))
	var rc recovered
	if err != nil || json.Unmarshal(data, &rc) != nil {
		return recovered{}, false
	}
	return rc, true
}

// drop forgets the page's recovered text.
func (r recovery) drop(rel string) {
	if root, err := os.OpenRoot(r.source); err == nil {
		_ = root.Remove(r.name(rel))
		root.Close()
	}
}

// keep stores the text a form holds for q's page, unless it is the file
// version the form was loaded from.
func (e *Handler) keep(q *request, base, hash, text string) {
	if text == base {
		return
	}
	_ = e.recovery.put(e.recoveryKey(q), recovered{File: q.file, Hash: hash, Base: base, Text: text, At: time.Now()})
}

// serveAutosave answers the script's POST of the form: the text is kept
// for recovery and nothing else happens (204).
func (e *Handler) serveAutosave(w http.ResponseWriter, r *http.Request) {
	q, ok := e.beginForm(w, r, r.ParseForm)
	if !ok {
		return
	}
	base, hash, text := e.formText(q, r.PostForm)
	e.keep(q, base, hash, text)
	w.WriteHeader(http.StatusNoContent)
}

// serveDiscard answers the Discard button: the recovered text is
// forgotten and the page opened as the file has it.
func (e *Handler) serveDiscard(w http.ResponseWriter, r *http.Request, q *request) {
	e.recovery.drop(e.recoveryKey(q))
	http.Redirect(w, r, pageHref(q, q.file, nil), http.StatusSeeOther)
}

// recoveryNotice is the offer to restore unsaved text.
type recoveryNotice struct {
	At, RestoreURL string
	// AtMillis is when the text was kept, in milliseconds since 1970, for
	// the script to compare with the browser's copy.
	AtMillis int64
}

// offerRecovery adds the offer to restore the page's unsaved text to s
// when there is one that differs from the file (text); a recovered copy
// equal to the file is forgotten.
func (e *Handler) offerRecovery(q *request, s *screen, text string) {
	key := e.recoveryKey(q)
	rc, ok := e.recovery.get(key)
	switch {
	case !ok:
	case rc.Text == text:
		e.recovery.drop(key)
	default:
		s.Recovery = &recoveryNotice{At: rc.At.Local().Format(timeLayout), AtMillis: rc.At.UnixMilli(),
			RestoreURL: pageHref(q, q.file, url.Values{"restore": {"1"}})}
	}
}

// localKeyPrefix starts the name under which the editor's script keeps
// a copy of the form's unsaved text in the browser's localStorage.
const localKeyPrefix = "haven-unsaved:"

// restoreStale answers the script's Restore of the browser's copy of a
// form (action=restore, the stored fields as they were) when that copy
// was typed on another version of the page than the file is now, or its
// version cannot be verified: the merge view, as for a stale save, so
// that newer text in the file is never replaced unseen. It reports
// whether it answered; otherwise the form is the file's version and is
// shown as a preview.
func (e *Handler) restoreStale(w http.ResponseWriter, q *request, form url.Values) bool {
	hash := form.Get("hash")
	cur, exists, _, err := e.read(q, q.rel)
	if err != nil {
		e.fail(w, q.t, http.StatusBadRequest, err.Error())
		return true
	}
	base, verified := restore(form.Get("base"), hash)
	if verified && versionHash(cur, exists) == hash {
		return false
	}
	if !verified {
		base, hash = string(cur), versionHash(cur, exists)
	}
	e.showConflict(w, q, base, hash, compose(base, form), string(cur), exists)
	return true
}
