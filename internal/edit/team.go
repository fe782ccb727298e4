package edit

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/site"

	"github.com/haven-cms/haven/internal/content"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// Team is the editorial workflow of a site kept in a git repository with
// a roles file ([havenstore.RolesFile]): a save does not change the site
// branch but the page's change proposal, which a second person reviews
// before a publisher publishes it.
type Team struct {
	// Git is the store on the site branch.
	Git *havenstore.Git
	// Person says who makes a request: the signed-in person, or the one
	// person of a single-user editor. False means nobody is signed in.
	Person func(r *http.Request) (havenstore.Person, bool)
	// Published, when set, is told the site branch's new commit after a
	// publish (the preview follows it).
	Published func(ctx context.Context, commit string)
	// Audit, when set, records every step and every refusal.
	Audit *Audit

	sites proposalSites
}

// maxProposalSites is how many proposals' checked sites are kept.
const maxProposalSites = 8

// proposalSites keeps the checked site of the proposals last edited, each
// for the proposal commit it was made of.
type proposalSites struct {
	mu sync.Mutex
	m  map[string]proposalSite // by proposal id
}

// proposalSite is one proposal's site: its files exported to dir,
// loaded as the preview loads the site branch.
type proposalSite struct {
	tip, dir string
	l        *site.Loaded
	used     time.Time
}

// siteOf returns the site as q's proposal has it, for the drafts, drift
// and checks of a page edited in it: a translation is judged against the
// proposal's source page, not the site branch's. Without a proposal, or
// when the proposal's site cannot be made, it returns q's site.
func (e *Handler) siteOf(q *request) *site.Loaded {
	if e.opts.Team == nil || q.proposal == "" || e.opts.State == "" {
		return q.l
	}
	pr, err := e.opts.Team.proposals().Get(q.ctx, q.proposal)
	if err != nil {
		return q.l
	}
	ss := &e.opts.Team.sites
	ss.mu.Lock() // one proposal site made at a time: exporting and loading is the slow part
	defer ss.mu.Unlock()
	if ps, ok := ss.m[pr.ID]; ok && ps.tip == pr.Tip {
		ps.used = time.Now()
		ss.m[pr.ID] = ps
		return ps.l
	}
	dir := filepath.Join(e.opts.State, "proposals", pr.ID)
	if err := e.opts.Team.Git.Export(q.ctx, pr.Tip, dir); err != nil {
		return q.l
	}
	var diags diag.List
	l, err := site.Load(q.ctx, site.Options{Source: dir, Today: q.l.Options.Today, Drafts: q.l.Options.Drafts}, &diags)
	if err != nil || l == nil || l.Report == nil {
		return q.l
	}
	if ss.m == nil {
		ss.m = map[string]proposalSite{}
	}
	ss.m[pr.ID] = proposalSite{tip: pr.Tip, dir: dir, l: l, used: time.Now()}
	ss.evict()
	return l
}

// evict drops the least recently used sites beyond [maxProposalSites],
// with their folders.
func (ss *proposalSites) evict() {
	for len(ss.m) > maxProposalSites {
		oldest := ""
		for id, ps := range ss.m {
			if oldest == "" || ps.used.Before(ss.m[oldest].used) {
				oldest = id
			}
		}
		_ = os.RemoveAll(ss.m[oldest].dir)
		delete(ss.m, oldest)
	}
}

// proposals returns the team's proposals.
func (t *Team) proposals() *havenstore.Proposals { return t.Git.Proposals() }

// storePath is the site-root path of a page below content/.
func storePath(rel string) string { return content.Dir + "/" + rel }

// read returns q's file rel (below content/) as the editor shows it: on
// disk for a single editor, else from q's proposal or the site branch.
// version is what a write must name as its base.
func (e *Handler) read(q *request, rel string) (data []byte, exists bool, version havenstore.Version, err error) {
	if e.opts.Team == nil {
		data, exists, err = e.store.read(rel)
		return data, exists, havenstore.Version(versionHash(data, exists)), err
	}
	if q.proposal != "" {
		data, version, err = e.opts.Team.proposals().Read(q.ctx, q.proposal, storePath(rel))
	} else {
		data, version, err = e.opts.Team.Git.Read(q.ctx, storePath(rel))
	}
	return data, err == nil && version != havenstore.Absent, version, err
}

// write saves text as q's page: over the file for a single editor, else
// into q's proposal, started (titled by the change note) when q has none.
// base is the version the text was judged against. A store conflict is
// a [*havenstore.Conflict].
func (e *Handler) write(q *request, base havenstore.Version, text, note string) error {
	return e.writeFile(q, q.rel, base, []byte(text), note)
}

// writeFile saves data as the file rel below content/, as write saves a
// page: over the file for a single editor, else into q's proposal.
func (e *Handler) writeFile(q *request, rel string, base havenstore.Version, data []byte, note string) error {
	if e.opts.Team == nil {
		return e.store.write(rel, data)
	}
	return e.proposalEdit(q, note, havenstore.Edit{Path: storePath(rel), Data: data, Base: base})
}

// proposalEdit makes edits one commit of q's proposal, started (titled by
// the change note) when q has none.
func (e *Handler) proposalEdit(q *request, note string, edits ...havenstore.Edit) error {
	err := e.proposalEdit1(q, note, edits)
	var paths []string
	for _, ed := range edits {
		paths = append(paths, ed.Path)
	}
	e.audit(q.ctx, q.who, "save", q.proposal, strings.Join(paths, " "), err)
	return err
}

// proposalEdit1 is [Handler.proposalEdit] without the audit: a new
// proposal and its first edit are made at once, so a refused first edit
// (a conflict) leaves no empty proposal behind.
func (e *Handler) proposalEdit1(q *request, note string, edits []havenstore.Edit) error {
	ps := e.opts.Team.proposals()
	note = strings.TrimSpace(note)
	if q.proposal == "" {
		pr, err := ps.Start(q.ctx, q.who, cmp.Or(firstLine(note), q.t.T("team.defaultTitle", q.file)), note, edits...)
		if err != nil {
			return err
		}
		q.proposal = pr.ID
		return nil
	}
	_, err := ps.Edit(q.ctx, q.proposal, q.who, note, edits...)
	return err
}

// firstLine is s up to its first line break.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(l)
}

// recoveryKey names q's kept text: the page for a single editor; for a
// team also the person and the proposal (or the site branch), so that
// two people's unsaved texts of one page are kept apart.
func (e *Handler) recoveryKey(q *request) string {
	if e.opts.Team == nil {
		return q.rel
	}
	sum := sha256.Sum256([]byte(strings.ToLower(q.who.Email)))
	return path.Join("team", hex.EncodeToString(sum[:8]), cmp.Or(q.proposal, "main"), q.rel)
}

// pageHref is the edit screen of file in q's UI language and proposal,
// with more parameters.
func pageHref(q *request, file string, more url.Values) string {
	v := url.Values{"file": {file}, "ui": {q.t.Lang}}
	if q.proposal != "" {
		v.Set("proposal", q.proposal)
	}
	for k, vs := range more {
		v[k] = vs
	}
	return editPath + "?" + v.Encode()
}
