package edit

import (
	"net/http"
)

// livePath answers the edit screen's script while the editor types: the
// form, posted as it is, comes back as the edit screen the Preview
// button would show (without script the button is the only way), from
// which the script takes the preview, the error and warning summaries,
// the messages at the fields, the drift and the legal panel, leaving
// the fields and the focus as they are.
const livePath = Prefix + "live"

// serveLive answers livePath with the screen of the posted form as a
// preview; it never saves, whatever the form's action. The text is kept
// for recovery, as a preview and the autosave do.
func (e *Handler) serveLive(w http.ResponseWriter, r *http.Request) {
	q, ok := e.beginForm(w, r, r.ParseForm)
	if !ok {
		return
	}
	r.PostForm.Set("action", "live")
	e.previewWith(w, r, q, "", false)
}

// LiveCount says how many problems the screen shows, for the script to
// announce when it changes.
func (s *screen) LiveCount() string {
	if len(s.Errors)+len(s.Warnings) == 0 {
		return s.UI.T("live.none")
	}
	return s.UI.T("live.count", len(s.Errors), len(s.Warnings))
}
