package edit

import (
	"errors"
	"net/http"
	"slices"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// auditPath is the audit log's screen, for publishers and admins.
const auditPath = Prefix + "audit"

// auditLimit is how many entries the screen shows, newest first.
const auditLimit = 500

// auditView is the audit screen.
type auditView struct {
	UI      tr
	Rows    []auditRow
	Refused bool // only refusals shown
	More    int  // entries left out
	Broken  string
	File    string
}

// auditRow is one entry as the screen shows it.
type auditRow struct {
	AuditEntry
	When string
}

// PageTitle is the audit screen's title.
func (v auditView) PageTitle() string { return v.UI.T("audit.title") + " · " + v.UI.T("app") }

// serveAudit answers GET audit with the audit log, newest first; with
// refused=1 only the refusals. Only publishers and admins see it; anyone
// else is refused, and that is recorded too.
func (e *Handler) serveAudit(w http.ResponseWriter, r *http.Request) {
	t, who, ok := e.team(w, r)
	if !ok {
		return
	}
	if e.opts.Team.Audit == nil {
		e.fail(w, t, http.StatusNotFound, t.T("audit.none"))
		return
	}
	roles, err := e.opts.Team.proposals().Roles(r.Context())
	if err != nil {
		e.fail(w, t, http.StatusInternalServerError, err.Error())
		return
	}
	if !roles.Has(who.Email, havenstore.Publisher) && !roles.Has(who.Email, havenstore.Admin) {
		e.audit(r.Context(), who, "read audit log", "", "", errors.New("the audit log is for publishers and admins; that role is not "+who.Email+"'s in "+havenstore.RolesFile))
		e.fail(w, t, http.StatusForbidden, t.T("audit.forbidden"))
		return
	}
	v := auditView{UI: t, Refused: r.FormValue("refused") != "", File: e.opts.Team.Audit.path}
	all, err := e.opts.Team.Audit.Entries()
	if err != nil {
		v.Broken = err.Error()
	}
	for _, en := range slices.Backward(all) {
		if v.Refused && en.Outcome == AuditOK {
			continue
		}
		if len(v.Rows) == auditLimit {
			v.More++
			continue
		}
		v.Rows = append(v.Rows, auditRow{AuditEntry: en, When: en.At.Local().Format(timeLayout)})
	}
	e.render(w, http.StatusOK, "audit", v)
}
