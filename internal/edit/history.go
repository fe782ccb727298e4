package edit

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/site"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// historyPath is the history screen of a page in all its languages.
const historyPath = Prefix + "history"

// historyView is the history screen of one page.
type historyView struct {
	UI    tr
	File  string
	Files []string // the page's language versions
	Rows  []historyRow
	// Compare is the diff of a chosen version against the current one.
	Compare *historyCompare
}

// historyRow is one change of one language version of the page.
type historyRow struct {
	Lang, Path, Commit, Short, Author, When, Note, State, DiffHref string
	Selected                                                       bool
}

// historyCompare is one version of a file beside the site's current one.
type historyCompare struct {
	Path, Commit, Short string
	Same                bool
	Diff                fileDiff
}

// PageTitle is the history screen's title.
func (v historyView) PageTitle() string {
	return v.UI.T("history.title", v.File) + " · " + v.UI.T("app")
}

// pageGroup returns file and its translations, default language first.
func pageGroup(l *site.Loaded, file string) []string {
	p := pageByFile(l, file)
	if p == nil {
		return []string{file}
	}
	var files []string
	for _, lang := range l.Config.LanguageCodes() {
		for _, q := range l.Pages {
			if q.Key == p.Key && q.Lang == lang && !slices.Contains(files, q.File) {
				files = append(files, q.File)
			}
		}
	}
	return files
}

// serveHistory answers GET history?file= with the changes of the page in
// every language, newest first; with commit= and path= also that
// version's diff against the current one, and a way to restore it.
func (e *Handler) serveHistory(w http.ResponseWriter, r *http.Request) {
	q, ok := e.teamPage(w, r)
	if !ok {
		return
	}
	t := q.t
	v := historyView{UI: t, File: q.file, Files: pageGroup(q.l, q.file)}
	g := e.opts.Team.Git
	commit, cpath := r.FormValue("commit"), r.FormValue("path")
	for _, f := range v.Files {
		revs, err := g.History(r.Context(), f)
		if err != nil {
			e.fail(w, t, http.StatusInternalServerError, err.Error())
			return
		}
		for _, rv := range revs {
			lang, _ := strings.CutPrefix(f, "content/")
			lang, _, _ = strings.Cut(lang, "/")
			v.Rows = append(v.Rows, historyRow{Lang: lang, Path: f, Commit: rv.Commit, Short: rv.Commit[:10], Author: rv.Author.Name,
				When: rv.When.Local().Format(timeLayout), Note: firstLine(rv.Note), State: t.T("state." + rv.State),
				DiffHref: historyHref(t, q.file, rv.Commit, f), Selected: rv.Commit == commit && f == cpath})
		}
	}
	slices.SortStableFunc(v.Rows, func(a, b historyRow) int { return strings.Compare(b.When, a.When) })
	if commit != "" {
		if !slices.Contains(v.Files, cpath) {
			e.fail(w, t, http.StatusBadRequest, t.T("history.badPath", cpath, q.file))
			return
		}
		c, err := e.compare(q, cpath, commit)
		if err != nil {
			e.fail(w, t, http.StatusBadRequest, err.Error())
			return
		}
		v.Compare = c
	}
	e.render(w, http.StatusOK, "history", v)
}

// teamPage is [Handler.begin] for a team's screen of a page: 404
// without a team.
func (e *Handler) teamPage(w http.ResponseWriter, r *http.Request) (*request, bool) {
	if e.opts.Team == nil {
		t := e.tr(r)
		e.fail(w, t, http.StatusNotFound, t.T("review.noTeam"))
		return nil, false
	}
	return e.begin(w, r)
}

// historyHref is the history screen of file comparing path at commit.
func historyHref(t tr, file, commit, path string) string {
	v := url.Values{"file": {file}, "ui": {t.Lang}}
	if commit != "" {
		v.Set("commit", commit)
		v.Set("path", path)
	}
	return historyPath + "?" + v.Encode()
}

// compare is path at commit beside the site branch's version now.
func (e *Handler) compare(q *request, path, commit string) (*historyCompare, error) {
	g := e.opts.Team.Git
	old, ov, err := g.ReadAt(q.ctx, commit, path)
	if err != nil {
		return nil, err
	}
	cur, cv, err := g.Read(q.ctx, path)
	if err != nil {
		return nil, err
	}
	ch := havenstore.FileChange{Path: path, Old: cur, New: old, OldExists: cv != havenstore.Absent, NewExists: ov != havenstore.Absent}
	return &historyCompare{Path: path, Commit: commit, Short: commit[:10], Same: cv == ov,
		Diff: e.fileDiff(q.t, ch, havenstore.Assess([]havenstore.FileChange{ch}).Findings, "")}, nil
}

// serveRestore answers the history screen's Restore: a new proposal that
// puts the chosen version back, for review like any change. History is
// never rewritten.
func (e *Handler) serveRestore(w http.ResponseWriter, r *http.Request) {
	q, ok := e.teamPage(w, r)
	if !ok {
		return
	}
	t, who := q.t, q.who
	path, commit := r.PostFormValue("path"), r.PostFormValue("commit")
	if !slices.Contains(pageGroup(q.l, q.file), path) {
		e.fail(w, t, http.StatusBadRequest, t.T("history.badPath", path, q.file))
		return
	}
	id, err := e.restore(q, who, path, commit)
	e.audit(q.ctx, who, "restore", id, path, err)
	if err != nil {
		e.fail(w, t, http.StatusForbidden, err.Error())
		return
	}
	http.Redirect(w, r, proposalHref(t, id), http.StatusSeeOther)
}

// restore starts a proposal that sets path back to its version at
// commit, in one go: a refused start leaves no proposal behind.
func (e *Handler) restore(q *request, who havenstore.Person, path, commit string) (string, error) {
	g := e.opts.Team.Git
	old, ov, err := g.ReadAt(q.ctx, commit, path)
	if err != nil {
		return "", err
	}
	_, base, err := g.Read(q.ctx, path)
	if err != nil {
		return "", err
	}
	note := fmt.Sprintf("Restore %s as of %s", path, commit[:10])
	pr, err := e.opts.Team.proposals().Start(q.ctx, who, q.t.T("history.restoreTitle", path, commit[:10]), note,
		havenstore.Edit{Path: path, Data: old, Delete: ov == havenstore.Absent, Base: base})
	if err != nil {
		return "", err
	}
	return pr.ID, nil
}
