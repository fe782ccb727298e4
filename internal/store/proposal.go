package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ProposalRefs is the ref folder that holds one branch per proposal.
const ProposalRefs = "refs/haven/proposals/"

// MetaFile is the file on a proposal's branch that holds its state,
// people and notes. It is never published.
const MetaFile = ".haven/proposal.json"

// State is where a proposal is in its review.
type State string

// The states of a proposal.
const (
	Draft                State = "draft"
	InReview             State = "in-review"
	ChangesRequested     State = "changes-requested"
	Approved             State = "approved"
	Scheduled            State = "scheduled"
	Published            State = "published"
	PublishedNeedsReview State = "published-needs-review"
)

// States lists every state.
var States = []State{Draft, InReview, ChangesRequested, Approved, Scheduled, Published, PublishedNeedsReview}

// Action is something a person does to a proposal.
type Action string

// The actions.
const (
	ActEdit           Action = "edit"
	ActSubmit         Action = "submit"
	ActRequestChanges Action = "request-changes"
	ActApprove        Action = "approve"
	ActSchedule       Action = "schedule"
	ActPublish        Action = "publish"
	ActPublishUrgent  Action = "publish-urgent"
	ActClearReview    Action = "clear-review"
)

// Actions lists every action of [Transitions].
var Actions = []Action{ActEdit, ActSubmit, ActRequestChanges, ActApprove, ActSchedule, ActPublish, ActPublishUrgent, ActClearReview}

// Transition is one allowed move of the state machine.
type Transition struct {
	Action   Action
	From, To State
	// Role is the role the person needs.
	Role Role
	// FourEyes forbids the move to anyone who wrote or changed the
	// proposal, or published it urgently.
	FourEyes bool
}

// Transitions is the whole state machine: a move not listed is refused.
// Editing an approved, scheduled or in-review proposal sends it back to
// draft, so what was approved is what is published.
var Transitions = []Transition{
	{ActEdit, Draft, Draft, Editor, false},
	{ActEdit, ChangesRequested, ChangesRequested, Editor, false},
	{ActEdit, InReview, Draft, Editor, false},
	{ActEdit, Approved, Draft, Editor, false},
	{ActEdit, Scheduled, Draft, Editor, false},
	{ActSubmit, Draft, InReview, Editor, false},
	{ActSubmit, ChangesRequested, InReview, Editor, false},
	{ActRequestChanges, InReview, ChangesRequested, Reviewer, true},
	{ActApprove, InReview, Approved, Reviewer, true},
	{ActSchedule, Approved, Scheduled, Publisher, false},
	{ActPublish, Approved, Published, Publisher, false},
	{ActPublish, Scheduled, Published, Publisher, false},
	{ActPublishUrgent, Draft, PublishedNeedsReview, Publisher, false},
	{ActPublishUrgent, InReview, PublishedNeedsReview, Publisher, false},
	{ActPublishUrgent, ChangesRequested, PublishedNeedsReview, Publisher, false},
	{ActClearReview, PublishedNeedsReview, Published, Reviewer, true},
}

// transition returns the move of action from state, or an error saying
// what can be done instead.
func transition(action Action, from State) (Transition, error) {
	var can []string
	for _, t := range Transitions {
		if t.Action == action && t.From == from {
			return t, nil
		}
		if t.Action == action {
			can = append(can, string(t.From))
		}
	}
	return Transition{}, &TransitionError{Action: action, State: from, From: can}
}

// TransitionError is an action the proposal's state does not allow.
type TransitionError struct {
	Action Action
	State  State
	// From are the states the action is allowed in.
	From []string
}

// Error says what happened and what to do.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("a proposal that is %s cannot %s; that is possible when it is %s", e.State, e.Action, strings.Join(e.From, " or "))
}

// Proposal is a bundle of changes to several pages and languages under
// review, as stored in [MetaFile].
type Proposal struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Author Person `json:"author"`
	State  State  `json:"state"`
	// Base is the site commit the proposal started from.
	Base string `json:"base"`
	// PublishAt is when a scheduled proposal goes out.
	PublishAt time.Time `json:"publish_at,omitzero"`
	// Contributors are the e-mails of everyone who changed its files.
	Contributors []string `json:"contributors"`
	// Events are its history: every action with who, when and the note.
	Events []Event `json:"events"`

	// Tip is the proposal branch's commit this was read from.
	Tip string `json:"-"`
}

// Event is one thing done to a proposal.
type Event struct {
	At     time.Time `json:"at"`
	By     Person    `json:"by"`
	Action Action    `json:"action"`
	From   State     `json:"from,omitempty"`
	To     State     `json:"to,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Proposals are the proposals of a [Git] store's site branch.
type Proposals struct {
	g *Git
}

// Proposals returns the proposals of the store.
func (g *Git) Proposals() *Proposals { return &Proposals{g: g} }

var proposalID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// ref is the branch of proposal id.
func (p *Proposals) ref(id string) (string, error) {
	if !proposalID.MatchString(id) {
		return "", fmt.Errorf("proposal %q: not a proposal id (lower-case letters, digits and -); pick one from the list of proposals", id)
	}
	return ProposalRefs + id, nil
}

// roles reads the roles file of the site branch's commit site.
func (p *Proposals) roles(ctx context.Context, site string) (*Roles, error) {
	data, v, err := p.g.fileAt(ctx, site, RolesFile)
	if err != nil {
		return nil, err
	}
	if v == Absent {
		return nil, fmt.Errorf("the site branch has no %s, so nobody may propose, review or publish; the IT person commits a first one with the people and their roles", RolesFile)
	}
	return ParseRoles(data)
}

// Create starts a proposal on the site branch's newest commit, by an
// editor.
func (p *Proposals) Create(ctx context.Context, actor Person, title string) (*Proposal, error) {
	return p.Start(ctx, actor, title, "")
}

// Start starts a proposal on the site branch's newest commit, by an
// editor, with edits (if any) as its first change, noted note: each
// edit's Base is the file's version on the site branch. The proposal's
// branch appears only with both commits, so an edit refused (a
// [*Conflict]: the site changed the file since the editor read it)
// leaves no empty proposal behind.
func (p *Proposals) Start(ctx context.Context, actor Person, title, note string, edits ...Edit) (*Proposal, error) {
	blobs, err := p.hashEdits(ctx, edits)
	if err != nil {
		return nil, err
	}
	pr, tip, err := p.begin(ctx, actor, title)
	if err != nil {
		return nil, err
	}
	if len(edits) > 0 {
		pl, err := p.stepPlan(ctx, pr.ID, tip, actor, ActEdit, editNote(note, edits), p.applyEdits(ctx, actor, edits, blobs))
		if err != nil {
			return nil, err
		}
		if tip, err = p.g.makeCommit(ctx, tip, pl); err != nil {
			return nil, err
		}
	}
	ref, _ := p.ref(pr.ID)
	if ok, err := p.g.swap(ctx, "haven: start proposal "+pr.ID, []refMove{{ref: ref, new: tip}}); err != nil || !ok {
		return nil, fmt.Errorf("start proposal %s: the id is taken or git failed (%v); try again", pr.ID, err)
	}
	return p.at(ctx, pr.ID, tip)
}

// begin makes the first commit of a new proposal by actor, on no ref
// yet, and returns the proposal and the commit.
func (p *Proposals) begin(ctx context.Context, actor Person, title string) (*Proposal, string, error) {
	if err := actor.check(); err != nil {
		return nil, "", err
	}
	if strings.TrimSpace(title) == "" {
		return nil, "", errors.New("a proposal needs a title saying what it changes, e.g. \"New helpline number in et, ru and en\"")
	}
	site, err := p.g.resolve(ctx, p.g.Branch)
	if err != nil {
		return nil, "", err
	}
	if site == "" {
		return nil, "", fmt.Errorf("%s has no commit yet; commit the site to it first", p.g.Branch)
	}
	roles, err := p.roles(ctx, site)
	if err != nil {
		return nil, "", err
	}
	if err := roles.require(actor, Editor, "start a proposal"); err != nil {
		return nil, "", err
	}
	pr := &Proposal{ID: newID(), Title: strings.TrimSpace(title), Author: actor, State: Draft, Base: site,
		Contributors: []string{strings.ToLower(actor.Email)}}
	pr.Events = []Event{{At: p.g.clock(), By: actor, Action: "create", To: Draft}}
	meta, err := p.metaUpdate(ctx, pr)
	if err != nil {
		return nil, "", err
	}
	tree, err := p.g.tree(ctx, site, []update{meta})
	if err != nil {
		return nil, "", err
	}
	c := Change{Author: actor, Note: "Start proposal: " + pr.Title, Kind: Minor, ID: pr.ID, Proposal: pr.ID}
	commit, err := p.g.commitTree(ctx, tree, []string{site}, actor, actor, p.g.now(), message(c, pr.ID, string(Draft), nil))
	if err != nil {
		return nil, "", err
	}
	pr.Tip = commit
	return pr, commit, nil
}

// clock is the store's time now.
func (g *Git) clock() time.Time {
	if g.Now != nil {
		return g.Now().UTC()
	}
	return time.Now().UTC()
}

// metaUpdate stores pr as [MetaFile] and returns the tree update.
func (p *Proposals) metaUpdate(ctx context.Context, pr *Proposal) (update, error) {
	data, err := json.MarshalIndent(pr, "", "  ")
	if err != nil {
		return update{}, err
	}
	blob, err := p.g.hashObject(ctx, append(data, '\n'))
	return update{path: MetaFile, mode: "100644", blob: blob}, err
}

// at reads the proposal as commit tip of its branch has it.
func (p *Proposals) at(ctx context.Context, id, tip string) (*Proposal, error) {
	if tip == "" {
		return nil, fmt.Errorf("there is no proposal %s; pick one from the list of proposals", id)
	}
	data, v, err := p.g.fileAt(ctx, tip, MetaFile)
	if err != nil {
		return nil, err
	}
	if v == Absent {
		return nil, fmt.Errorf("proposal %s has no %s; its branch was changed outside haven, so recreate it", id, MetaFile)
	}
	var pr Proposal
	if err := json.Unmarshal(data, &pr); err != nil {
		return nil, fmt.Errorf("proposal %s: %s does not read (%v); its branch was changed outside haven, so recreate it", id, MetaFile, err)
	}
	pr.Tip = tip
	return &pr, nil
}

// Get returns proposal id.
func (p *Proposals) Get(ctx context.Context, id string) (*Proposal, error) {
	ref, err := p.ref(id)
	if err != nil {
		return nil, err
	}
	tip, err := p.g.resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	return p.at(ctx, id, tip)
}

// List returns every proposal, oldest first.
func (p *Proposals) List(ctx context.Context) ([]*Proposal, error) {
	out, err := p.g.run(ctx, nil, nil, "for-each-ref", "--format=%(refname) %(objectname)", ProposalRefs)
	if err != nil {
		return nil, err
	}
	var list []*Proposal
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ref, tip, ok := strings.Cut(l, " ")
		if !ok {
			continue
		}
		pr, err := p.at(ctx, strings.TrimPrefix(ref, ProposalRefs), tip)
		if err != nil {
			return nil, err
		}
		list = append(list, pr)
	}
	slices.SortFunc(list, func(a, b *Proposal) int { return a.Events[0].At.Compare(b.Events[0].At) })
	return list, nil
}

// involved reports whether email wrote, changed or urgently published pr:
// the people who may not review it.
func (pr *Proposal) involved(email string) bool {
	email = strings.ToLower(email)
	if slices.Contains(pr.Contributors, email) {
		return true
	}
	return slices.ContainsFunc(pr.Events, func(e Event) bool {
		return e.Action == ActPublishUrgent && strings.EqualFold(e.By.Email, email)
	})
}

// allow checks that actor may do action to pr under roles, and returns
// the move.
func allow(pr *Proposal, roles *Roles, actor Person, action Action) (Transition, error) {
	t, err := transition(action, pr.State)
	if err != nil {
		return t, err
	}
	if err := roles.require(actor, t.Role, string(action)+" proposal "+pr.ID); err != nil {
		return t, err
	}
	if t.FourEyes && pr.involved(actor.Email) {
		return t, fmt.Errorf("%s cannot %s proposal %s: they wrote or changed it, and nobody reviews their own work; ask another reviewer", actor.Name, action, pr.ID)
	}
	return t, nil
}

// record moves pr by t and adds the event.
func (p *Proposals) record(pr *Proposal, t Transition, actor Person, note string) {
	pr.Events = append(pr.Events, Event{At: p.g.clock(), By: actor, Action: t.Action, From: pr.State, To: t.To, Note: strings.TrimSpace(note)})
	pr.State = t.To
}

// step does action to proposal id: checks, then one commit on its branch
// with the new state and the updates more returns (more may be nil).
func (p *Proposals) step(ctx context.Context, id string, actor Person, action Action, note string,
	more func(pr *Proposal, tip string) ([]update, error)) (*Proposal, error) {
	ref, err := p.ref(id)
	if err != nil {
		return nil, err
	}
	if err := actor.check(); err != nil {
		return nil, err
	}
	_, err = p.g.commitOn(ctx, ref, func(tip string) (plan, error) {
		return p.stepPlan(ctx, id, tip, actor, action, note, more)
	})
	if err != nil {
		return nil, err
	}
	return p.Get(ctx, id)
}

// stepPlan checks action on proposal id as its commit tip has it and
// returns the commit's plan: the new state and what more returns.
func (p *Proposals) stepPlan(ctx context.Context, id, tip string, actor Person, action Action, note string,
	more func(pr *Proposal, tip string) ([]update, error)) (plan, error) {
	pr, err := p.at(ctx, id, tip)
	if err != nil {
		return plan{}, err
	}
	site, err := p.g.resolve(ctx, p.g.Branch)
	if err != nil {
		return plan{}, err
	}
	roles, err := p.roles(ctx, site)
	if err != nil {
		return plan{}, err
	}
	t, err := allow(pr, roles, actor, action)
	if err != nil {
		return plan{}, err
	}
	var ups []update
	if more != nil {
		if ups, err = more(pr, tip); err != nil {
			return plan{}, err
		}
	}
	p.record(pr, t, actor, note)
	meta, err := p.metaUpdate(ctx, pr)
	if err != nil {
		return plan{}, err
	}
	c := Change{Author: actor, Note: note, Kind: Minor, ID: newID(), Proposal: id}
	if strings.TrimSpace(note) == "" {
		c.Note = string(action) + " proposal " + id
	}
	return plan{updates: append(ups, meta), msg: message(c, id, string(pr.State), nil), author: actor}, nil
}

// Submit sends a draft (or a proposal with changes requested) for review.
func (p *Proposals) Submit(ctx context.Context, id string, actor Person, note string) (*Proposal, error) {
	return p.step(ctx, id, actor, ActSubmit, note, nil)
}

// RequestChanges sends a proposal in review back to its author with a
// note saying what to change.
func (p *Proposals) RequestChanges(ctx context.Context, id string, actor Person, note string) (*Proposal, error) {
	if strings.TrimSpace(note) == "" {
		return nil, errors.New("say what should change: requesting changes needs a note for the author")
	}
	return p.step(ctx, id, actor, ActRequestChanges, note, nil)
}

// Approve marks a proposal in review reviewed, by a reviewer who did not
// write or change it.
func (p *Proposals) Approve(ctx context.Context, id string, actor Person, note string) (*Proposal, error) {
	return p.step(ctx, id, actor, ActApprove, note, nil)
}

// ClearReview marks an urgently published proposal reviewed after the
// fact, by a reviewer who neither wrote nor published it.
func (p *Proposals) ClearReview(ctx context.Context, id string, actor Person, note string) (*Proposal, error) {
	return p.step(ctx, id, actor, ActClearReview, note, nil)
}

// Schedule sets an approved proposal to be published at a time.
func (p *Proposals) Schedule(ctx context.Context, id string, actor Person, at time.Time, note string) (*Proposal, error) {
	if !at.After(p.g.clock()) {
		return nil, fmt.Errorf("schedule proposal %s: %s is not in the future; publish it now instead", id, at.Format(time.RFC3339))
	}
	return p.step(ctx, id, actor, ActSchedule, note, func(pr *Proposal, _ string) ([]update, error) {
		pr.PublishAt = at.UTC()
		return nil, nil
	})
}
