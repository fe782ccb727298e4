package edit

import (
	"net/http"
)

// livePath answers the edit screen's script while the editor types: the
// form, posted as it is, comes back as the draft's theme page alone, for
// the preview frame (the Preview button gives the whole screen, with the
// diagnostics, as it does without script).
const livePath = Prefix + "live"

// serveLive answers livePath with the draft page of the posted form, or
// 204 when the draft has no page to show (not a page, not in the build).
// The text is kept for recovery, as the autosave does.
func (e *Handler) serveLive(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "cannot read the form: "+err.Error(), http.StatusBadRequest)
		return
	}
	q, ok := e.begin(w, r)
	if !ok {
		return
	}
	base, hash, text := e.formText(q, r.PostForm)
	e.keep(q, base, hash, text)
	dr, err := e.draft(q, text)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	if dr.HTML == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(dr.HTML)
}
