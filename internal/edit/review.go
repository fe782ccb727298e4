package edit

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// Paths of the team screens below [Prefix].
const (
	proposalsPath = Prefix + "proposals"
	proposalPath  = Prefix + "proposal"
)

// proposalsView is the list of change proposals.
type proposalsView struct {
	UI         tr
	Open, Done []proposalRow
	// Audit is set for those who may read the audit log.
	Audit bool
}

// proposalRow is one proposal in the list.
type proposalRow struct {
	ID, Title, Author, State, StateText, Href, When string
}

// PageTitle is the list's title.
func (v proposalsView) PageTitle() string { return v.UI.T("review.list") + " · " + v.UI.T("app") }

// team answers 404 when the editor has no team workflow, and otherwise
// returns the UI strings and the person; false when it has answered.
func (e *Handler) team(w http.ResponseWriter, r *http.Request) (tr, havenstore.Person, bool) {
	t := e.tr(r)
	if e.opts.Team == nil {
		e.fail(w, t, http.StatusNotFound, t.T("review.noTeam"))
		return t, havenstore.Person{}, false
	}
	who, ok := e.opts.Team.Person(r)
	if !ok {
		e.audit(r.Context(), who, r.Method+" "+r.URL.Path, r.FormValue("id"), "", errors.New("not signed in"))
		e.fail(w, t, http.StatusUnauthorized, t.T("team.signIn"))
	}
	return t, who, ok
}

// serveProposals answers GET proposals with the open proposals, then the
// published ones.
func (e *Handler) serveProposals(w http.ResponseWriter, r *http.Request) {
	t, who, ok := e.team(w, r)
	if !ok {
		return
	}
	list, err := e.opts.Team.proposals().List(r.Context())
	if err != nil {
		e.fail(w, t, http.StatusInternalServerError, err.Error())
		return
	}
	v := proposalsView{UI: t}
	if roles, err := e.opts.Team.proposals().Roles(r.Context()); err == nil && e.opts.Team.Audit != nil {
		v.Audit = roles.Has(who.Email, havenstore.Publisher) || roles.Has(who.Email, havenstore.Admin)
	}
	for _, pr := range slices.Backward(list) {
		row := proposalRow{ID: pr.ID, Title: pr.Title, Author: pr.Author.Name, State: string(pr.State),
			StateText: t.T("state." + string(pr.State)), Href: proposalHref(t, pr.ID),
			When: pr.Events[len(pr.Events)-1].At.Local().Format(timeLayout)}
		if pr.State == havenstore.Published {
			v.Done = append(v.Done, row)
		} else {
			v.Open = append(v.Open, row)
		}
	}
	e.render(w, http.StatusOK, "proposals", v)
}

// proposalHref is the review screen of proposal id.
func proposalHref(t tr, id string) string {
	return proposalPath + "?" + url.Values{"id": {id}, "ui": {t.Lang}}.Encode()
}

// proposalView is the review screen of one proposal.
type proposalView struct {
	UI        tr
	P         *havenstore.Proposal
	StateText string
	Findings  []havenstore.Finding
	Files     []fileDiff
	Events    []eventRow
	Actions   []string // the actions the proposal's state allows
	// Waits is set while the proposal is not yet approved: it cannot be
	// published.
	Waits     bool
	Notice    string
	NoticeBad bool
}

// PageTitle is the review screen's title.
func (v proposalView) PageTitle() string { return v.P.Title + " · " + v.UI.T("app") }

// fileDiff is one changed file of a proposal, or of a page's history.
type fileDiff struct {
	Path, Lang, EditHref string
	Added, Removed       bool
	Critical             bool
	Hunks                []diffHunk
}

// eventRow is one step of a proposal's history.
type eventRow struct {
	At, By, What, Note string
}

// serveProposal answers GET proposal?id= with the review screen.
func (e *Handler) serveProposal(w http.ResponseWriter, r *http.Request) {
	t, _, ok := e.team(w, r)
	if !ok {
		return
	}
	v, err := e.proposalView(r, t, r.FormValue("id"))
	if err != nil {
		e.fail(w, t, http.StatusNotFound, err.Error())
		return
	}
	if done := r.FormValue("done"); done != "" {
		v.Notice = t.T("review.done." + done)
	}
	e.render(w, http.StatusOK, "proposal", v)
}

// proposalView reads proposal id with its changes.
func (e *Handler) proposalView(r *http.Request, t tr, id string) (*proposalView, error) {
	ps := e.opts.Team.proposals()
	pr, err := ps.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	changes, err := ps.Changes(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &proposalView{UI: t, P: pr, StateText: t.T("state." + string(pr.State)), Findings: havenstore.Assess(changes).Findings,
		Waits: slices.Contains([]havenstore.State{havenstore.Draft, havenstore.InReview, havenstore.ChangesRequested}, pr.State)}
	for _, c := range changes {
		v.Files = append(v.Files, e.fileDiff(t, c, v.Findings, id))
	}
	slices.SortStableFunc(v.Files, func(a, b fileDiff) int { // changed facts first
		return cmpBool(b.Critical, a.Critical)
	})
	for _, ev := range pr.Events {
		v.Events = append(v.Events, eventRow{At: ev.At.Local().Format(timeLayout), By: ev.By.Name,
			What: t.T("event." + string(ev.Action)), Note: ev.Note})
	}
	for _, tn := range havenstore.Transitions {
		if tn.From == pr.State && slices.Contains(reviewActions, tn.Action) && !slices.Contains(v.Actions, string(tn.Action)) {
			v.Actions = append(v.Actions, string(tn.Action))
		}
	}
	return v, nil
}

// reviewActions are the actions the review screen offers.
var reviewActions = []havenstore.Action{havenstore.ActSubmit, havenstore.ActApprove, havenstore.ActRequestChanges, havenstore.ActPublish}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// fileDiff renders one file change, the facts of findings marked.
func (e *Handler) fileDiff(t tr, c havenstore.FileChange, findings []havenstore.Finding, proposal string) fileDiff {
	var marks []string
	critical := false
	for _, f := range findings {
		if f.Path == c.Path {
			critical = true
			marks = append(append(marks, f.Added...), f.Removed...)
		}
	}
	fd := fileDiff{Path: c.Path, Added: !c.OldExists, Removed: !c.NewExists, Critical: critical,
		Hunks: lineDiff(string(c.Old), string(c.New), marks)}
	if rel, ok := strings.CutPrefix(c.Path, content.Dir+"/"); ok {
		fd.Lang, _, _ = strings.Cut(rel, "/")
		v := url.Values{"file": {c.Path}, "ui": {t.Lang}}
		if proposal != "" {
			v.Set("proposal", proposal)
		}
		fd.EditHref = editPath + "?" + v.Encode()
	}
	return fd
}

// serveProposalPost answers the review screen's actions: submit, approve,
// request changes, publish. The store enforces the roles file; a refusal
// is shown on the screen with what to do.
func (e *Handler) serveProposalPost(w http.ResponseWriter, r *http.Request) {
	t, who, ok := e.team(w, r)
	if !ok {
		return
	}
	id, action, note := r.PostFormValue("id"), havenstore.Action(r.PostFormValue("action")), r.PostFormValue("note")
	ps := e.opts.Team.proposals()
	var err error
	switch action {
	case havenstore.ActSubmit:
		_, err = ps.Submit(r.Context(), id, who, note)
	case havenstore.ActApprove:
		_, err = ps.Approve(r.Context(), id, who, note)
	case havenstore.ActRequestChanges:
		_, err = ps.RequestChanges(r.Context(), id, who, note)
	case havenstore.ActPublish:
		var commit string
		if _, commit, err = ps.Publish(r.Context(), id, who, havenstore.Kind(r.PostFormValue("kind")), note); err == nil && e.opts.Team.Published != nil {
			e.opts.Team.Published(r.Context(), commit)
		}
	default:
		err = errors.New(t.T("review.badAction"))
	}
	e.audit(r.Context(), who, string(action), id, "", err)
	if err == nil {
		http.Redirect(w, r, proposalHref(t, id)+"&done="+string(action), http.StatusSeeOther)
		return
	}
	v, verr := e.proposalView(r, t, id)
	if verr != nil {
		e.fail(w, t, http.StatusNotFound, verr.Error())
		return
	}
	v.Notice, v.NoticeBad = err.Error(), true
	e.render(w, refusalCode(err), "proposal", v)
}

// refusalCode is the status of a refused action: 409 when the
// proposal's state or the site is in the way, else 403.
func refusalCode(err error) int {
	_, te := errors.AsType[*havenstore.TransitionError](err)
	_, pc := errors.AsType[*havenstore.PublishConflict](err)
	_, pi := errors.AsType[*havenstore.PublishInvalid](err)
	if te || pc || pi {
		return http.StatusConflict
	}
	return http.StatusForbidden
}
