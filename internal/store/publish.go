package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Edit is one file change in a proposal: new text, or Delete. Base is the
// file's version in the proposal when it was opened ([Absent] for a new
// file).
type Edit struct {
	Path   string
	Data   []byte
	Delete bool
	Base   Version
}

// Read returns a file as proposal id has it.
func (p *Proposals) Read(ctx context.Context, id, path string) ([]byte, Version, error) {
	if err := checkProposalPath(path); err != nil {
		return nil, "", err
	}
	pr, err := p.Get(ctx, id)
	if err != nil {
		return nil, "", err
	}
	return p.g.fileAt(ctx, pr.Tip, path)
}

// checkProposalPath is [checkPath], also refusing [MetaFile].
func checkProposalPath(path string) error {
	if path == MetaFile {
		return fmt.Errorf("%s is the proposal's own record; change it through the review actions", MetaFile)
	}
	return checkPath(path)
}

// Edit changes files of proposal id in one commit, each only if its
// version in the proposal is still its Base, else a [*Conflict]. The
// person becomes a contributor, who may not review the proposal. An
// edit to a proposal in review, approved or scheduled sends it back to
// draft.
func (p *Proposals) Edit(ctx context.Context, id string, actor Person, note string, edits ...Edit) (*Proposal, error) {
	if len(edits) == 0 {
		return nil, errors.New("no files to change; give at least one edit")
	}
	blobs, err := p.hashEdits(ctx, edits)
	if err != nil {
		return nil, err
	}
	return p.step(ctx, id, actor, ActEdit, editNote(note, edits), p.applyEdits(ctx, actor, edits, blobs))
}

// hashEdits checks edits and stores their new texts, returning each
// one's blob ("" for a deletion).
func (p *Proposals) hashEdits(ctx context.Context, edits []Edit) ([]string, error) {
	blobs := make([]string, len(edits))
	for i, e := range edits {
		if err := checkProposalPath(e.Path); err != nil {
			return nil, err
		}
		if e.Base == "" {
			return nil, fmt.Errorf("edit %s: no base version given; read the file from the proposal first and pass its version", e.Path)
		}
		if !e.Delete {
			blob, err := p.g.hashObject(ctx, e.Data)
			if err != nil {
				return nil, err
			}
			blobs[i] = blob
		}
	}
	return blobs, nil
}

// editNote is note, or a default naming the first file.
func editNote(note string, edits []Edit) string {
	if strings.TrimSpace(note) == "" && len(edits) > 0 {
		return fmt.Sprintf("Edit %s", edits[0].Path)
	}
	return note
}

// applyEdits returns the step that puts edits (their texts stored as
// blobs) into a proposal's tip, each only if the file there is still its
// Base, and makes actor a contributor.
func (p *Proposals) applyEdits(ctx context.Context, actor Person, edits []Edit, blobs []string) func(pr *Proposal, tip string) ([]update, error) {
	return func(pr *Proposal, tip string) ([]update, error) {
		var ups []update
		for i, e := range edits {
			cur, ok, err := p.g.entryAt(ctx, tip, e.Path)
			if err != nil {
				return nil, err
			}
			if versionOf(cur, ok) != e.Base {
				return nil, p.g.conflict(ctx, e.Path, e.Base, cur, ok)
			}
			mode := "100644"
			if ok {
				mode = cur.mode
			}
			ups = append(ups, update{path: e.Path, mode: mode, blob: blobs[i]})
		}
		if email := strings.ToLower(actor.Email); !slices.Contains(pr.Contributors, email) {
			pr.Contributors = append(pr.Contributors, email)
		}
		return ups, nil
	}
}

// paths returns the files proposal pr changes, [MetaFile] left out.
func (p *Proposals) paths(ctx context.Context, pr *Proposal) ([]string, error) {
	out, err := p.g.run(ctx, nil, nil, "diff-tree", "-r", "-z", "--no-renames", "--name-only", pr.Base, pr.Tip)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" && f != MetaFile {
			paths = append(paths, f)
		}
	}
	return paths, nil
}

// Changes returns each file proposal id changes, before (on its base) and
// after: what the review screen shows and [Assess] reads.
func (p *Proposals) Changes(ctx context.Context, id string) ([]FileChange, error) {
	pr, err := p.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return p.changes(ctx, pr)
}

// changes is [Proposals.Changes] of pr.
func (p *Proposals) changes(ctx context.Context, pr *Proposal) ([]FileChange, error) {
	paths, err := p.paths(ctx, pr)
	if err != nil {
		return nil, err
	}
	var out []FileChange
	for _, path := range paths {
		old, ov, err := p.g.fileAt(ctx, pr.Base, path)
		if err != nil {
			return nil, err
		}
		nu, nv, err := p.g.fileAt(ctx, pr.Tip, path)
		if err != nil {
			return nil, err
		}
		out = append(out, FileChange{Path: path, Old: old, New: nu, OldExists: ov != Absent, NewExists: nv != Absent})
	}
	return out, nil
}

// PublishConflict is a publish refused because the site changed the same
// lines of some files as the proposal did. Nothing was published.
type PublishConflict struct {
	Proposal string
	Files    []FileConflict
}

// FileConflict is one file both the site and a proposal changed in the
// same place.
type FileConflict struct {
	Path string
	// Merged is the text with both versions between conflict markers,
	// when both sides kept the file.
	Merged []byte
	// Why says what clashed when it is not lines: a file removed on one
	// side and changed on the other, or added on both.
	Why string
}

// Error says what happened and what to do.
func (e *PublishConflict) Error() string {
	var names []string
	for _, f := range e.Files {
		names = append(names, f.Path)
	}
	return fmt.Sprintf("proposal %s was not published: since it was started, the site changed the same lines of %s; edit the proposal to combine the texts (that sends it back to draft) and have it reviewed again",
		e.Proposal, strings.Join(names, ", "))
}

// Publish merges an approved (or due scheduled) proposal into the site
// branch, by a publisher, and returns it with the site's new commit. A
// major change needs a note, and sets reviewed: to the publishing day in
// the front matter of every page it changes, so readers see a new "last
// updated" date; a minor one leaves the dates alone.
func (p *Proposals) Publish(ctx context.Context, id string, actor Person, kind Kind, note string) (*Proposal, string, error) {
	if kind != Major && kind != Minor {
		return nil, "", fmt.Errorf("publish proposal %s: say whether the change is major or minor for readers", id)
	}
	if kind == Major && strings.TrimSpace(note) == "" {
		return nil, "", fmt.Errorf("publish proposal %s: a major change needs a one-line note for readers saying what changed", id)
	}
	return p.publish(ctx, id, actor, ActPublish, kind, note)
}

// PublishUrgent publishes a proposal before review, by a publisher, with
// a reason; it stays "published, needs review" until a reviewer clears
// it. It is refused when the proposal changes what needs a second person
// ([Assess]); removing facts is allowed.
func (p *Proposals) PublishUrgent(ctx context.Context, id string, actor Person, reason string) (*Proposal, string, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, "", fmt.Errorf("publish proposal %s urgently: give the reason it cannot wait for review", id)
	}
	return p.publish(ctx, id, actor, ActPublishUrgent, Major, reason)
}

// publish does a publishing action: one transaction moves the site
// branch to a merge of the proposal and the proposal branch to its new
// state.
func (p *Proposals) publish(ctx context.Context, id string, actor Person, action Action, kind Kind, note string) (*Proposal, string, error) {
	ref, err := p.ref(id)
	if err != nil {
		return nil, "", err
	}
	if err := actor.check(); err != nil {
		return nil, "", err
	}
	site, err := p.g.commitOn(ctx, p.g.Branch, func(site string) (plan, error) {
		tip, err := p.g.resolve(ctx, ref)
		if err != nil {
			return plan{}, err
		}
		pr, err := p.at(ctx, id, tip)
		if err != nil {
			return plan{}, err
		}
		return p.publishPlan(ctx, pr, ref, site, actor, action, kind, note)
	})
	if err != nil {
		return nil, "", err
	}
	pr, err := p.Get(ctx, id)
	return pr, site, err
}

// publishPlan checks a publishing action on pr against the site's commit
// site and returns the merge commit's plan.
func (p *Proposals) publishPlan(ctx context.Context, pr *Proposal, ref, site string, actor Person, action Action, kind Kind, note string) (plan, error) {
	roles, err := p.roles(ctx, site)
	if err != nil {
		return plan{}, err
	}
	t, err := allow(pr, roles, actor, action)
	if err != nil {
		return plan{}, err
	}
	if pr.State == Scheduled && p.g.clock().Before(pr.PublishAt) {
		return plan{}, fmt.Errorf("proposal %s is scheduled for %s; it cannot be published before then (edit it to change the plan)", pr.ID, pr.PublishAt.Format("2006-01-02 15:04 MST"))
	}
	changes, err := p.changes(ctx, pr)
	if err != nil {
		return plan{}, err
	}
	if a := Assess(changes); action == ActPublishUrgent && a.NeedsSecondPerson() {
		return plan{}, urgentRefusal(pr.ID, a)
	}
	ups, err := p.mergeOnto(ctx, pr, site)
	if err != nil {
		return plan{}, err
	}
	if kind == Major && action == ActPublish {
		if ups, err = p.stampReviewed(ctx, ups, p.g.clock().In(time.Local)); err != nil {
			return plan{}, err
		}
	}
	if err := p.validate(ctx, pr.ID, site, ups); err != nil {
		return plan{}, err
	}
	tip := pr.Tip
	p.record(pr, t, actor, note)
	meta, err := p.metaUpdate(ctx, pr)
	if err != nil {
		return plan{}, err
	}
	c := Change{Author: actor, Note: cmp.Or(strings.TrimSpace(note), string(action)+" proposal "+pr.ID), Kind: Minor, ID: newID(), Proposal: pr.ID}
	metaCommit, err := p.g.makeCommit(ctx, tip, plan{updates: []update{meta}, msg: message(c, pr.ID, string(pr.State), nil), author: actor})
	if err != nil {
		return plan{}, err
	}
	c = Change{Author: pr.Author, Note: publishNote(pr, note), Kind: kind, ID: pr.ID, Proposal: pr.ID}
	more := []trailer{}
	for _, a := range approvers(pr) {
		more = append(more, trailer{"Haven-Approved-By", a})
	}
	return plan{updates: ups, msg: message(c, pr.ID, string(pr.State), more), author: pr.Author, committer: &actor,
		parents: []string{metaCommit}, also: []refMove{{ref: ref, new: metaCommit, old: tip}}}, nil
}

// urgentRefusal explains why a proposal cannot go out before review.
func urgentRefusal(id string, a Assessment) error {
	var what []string
	for _, f := range a.Findings {
		if !f.RemovalOnly {
			what = append(what, f.Path+": "+f.What)
		}
	}
	return fmt.Errorf("proposal %s cannot be published before review: a second person must approve %s; submit it for review (only removing a number may go out at once)", id, strings.Join(what, "; "))
}

// publishNote is the publish commit's note: the proposal's title, then
// the publisher's note.
func publishNote(pr *Proposal, note string) string {
	if note = strings.TrimSpace(note); note != "" {
		return pr.Title + "\n\n" + note
	}
	return pr.Title
}

// approvers are the e-mails of those who approved or cleared pr.
func approvers(pr *Proposal) []string {
	var out []string
	for _, e := range pr.Events {
		if (e.Action == ActApprove || e.Action == ActClearReview) && !slices.Contains(out, e.By.Email) {
			out = append(out, e.By.Email)
		}
	}
	return out
}

// mergeOnto returns the updates that apply pr to the site's commit site:
// a file the site left alone since pr's base takes the proposal's
// version, one both changed is merged line by line, and a clash is a
// [*PublishConflict].
func (p *Proposals) mergeOnto(ctx context.Context, pr *Proposal, site string) ([]update, error) {
	paths, err := p.paths(ctx, pr)
	if err != nil {
		return nil, err
	}
	var ups []update
	conflict := &PublishConflict{Proposal: pr.ID}
	for _, path := range paths {
		u, fc, err := p.mergeFile(ctx, pr, site, path)
		switch {
		case err != nil:
			return nil, err
		case fc != nil:
			conflict.Files = append(conflict.Files, *fc)
		case u != nil:
			ups = append(ups, *u)
		}
	}
	if len(conflict.Files) > 0 {
		return nil, conflict
	}
	return ups, nil
}

// mergeFile merges one file of pr onto site: an update, nothing (both
// sides agree), or a conflict.
func (p *Proposals) mergeFile(ctx context.Context, pr *Proposal, site, path string) (*update, *FileConflict, error) {
	var e [3]entry // base, mine, theirs
	var ok [3]bool
	for i, c := range []string{pr.Base, pr.Tip, site} {
		var err error
		if e[i], ok[i], err = p.g.entryAt(ctx, c, path); err != nil {
			return nil, nil, err
		}
	}
	same := func(a, b int) bool { return ok[a] == ok[b] && (!ok[a] || e[a].blob == e[b].blob) }
	switch {
	case same(1, 2):
		return nil, nil, nil
	case same(0, 2):
		return &update{path: path, mode: e[1].mode, blob: e[1].blob}, nil, nil
	case !ok[0] || !ok[1] || !ok[2]:
		return nil, &FileConflict{Path: path, Why: "removed on one side and changed or added on the other"}, nil
	}
	var text [3][]byte
	for i := range text {
		var err error
		if text[i], err = p.g.blob(ctx, e[i].blob); err != nil {
			return nil, nil, err
		}
	}
	merged, clean, err := MergeText(ctx, text[0], text[1], text[2])
	if err != nil {
		return nil, nil, err
	}
	if !clean {
		return nil, &FileConflict{Path: path, Merged: merged, Why: "the same lines changed"}, nil
	}
	blob, err := p.g.hashObject(ctx, merged)
	return &update{path: path, mode: e[1].mode, blob: blob}, nil, err
}

// PublishInvalid is a publish refused because the site it would make does
// not pass [Git.Validate]. Nothing was published.
type PublishInvalid struct {
	Proposal string
	Err      error
}

// Error says what happened and what to do.
func (e *PublishInvalid) Error() string {
	return fmt.Sprintf("proposal %s was not published: the site it would make has errors, so haven build would fail; edit the proposal to fix them and have it reviewed again:\n%v", e.Proposal, e.Err)
}

// Unwrap returns the validation's error.
func (e *PublishInvalid) Unwrap() error { return e.Err }

// validate runs [Git.Validate] on the site's commit site with ups
// applied, exported to a temporary folder.
func (p *Proposals) validate(ctx context.Context, id, site string, ups []update) error {
	if p.g.Validate == nil {
		return nil
	}
	tree, err := p.g.tree(ctx, site, ups)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "haven-publish-")
	if err != nil {
		return fmt.Errorf("make a folder to check the publish in: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := p.g.Export(ctx, tree, dir); err != nil {
		return err
	}
	if err := p.g.Validate(ctx, dir); err != nil {
		return &PublishInvalid{Proposal: id, Err: err}
	}
	return nil
}
