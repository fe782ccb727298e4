package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var boss = Person{Name: "Boss Everything", Email: "boss@example.ee"}

const rolesYAML = `people:
  maria@example.ee: {name: Maria Tamm, roles: [editor]}
  jaan@example.ee: {name: Jaan Kask, roles: [editor, reviewer]}
  liis@example.ee: {name: Liis Mets, roles: [reviewer, publisher]}
  boss@example.ee: {name: Boss Everything, roles: [editor, reviewer, publisher, admin]}
`

const abiText = "---\ntitle: Abi\n---\nHelista 116 006.\n\nMe aitame.\n\nKõik on tasuta.\n"

// newWorkflow is a site with a roles file, a page in two languages, the
// help contacts and haven.yaml.
func newWorkflow(t *testing.T) (*site, *Proposals) {
	t.Helper()
	s := newSite(t, map[string]string{
		RolesFile:                     rolesYAML,
		abi:                           abiText,
		"content/en/abi.md":           "---\ntitle: Help\n---\nCall 116 006.\n",
		"content/_data/contacts.yaml": "contacts: []\n",
		"haven.yaml":                  "title: Abi\nquick_exit: https://www.ilmateenistus.ee/\n",
	})
	return s, s.g.Proposals()
}

// propose starts a proposal by author that changes files.
func propose(t *testing.T, ps *Proposals, author Person, files map[string]string) *Proposal {
	t.Helper()
	ctx := context.Background()
	pr, err := ps.Create(ctx, author, "Change "+strings.Join(keys(files), ", "))
	if err != nil {
		t.Fatal(err)
	}
	var edits []Edit
	for path, text := range files {
		_, v, err := ps.Read(ctx, pr.ID, path)
		if err != nil {
			t.Fatal(err)
		}
		edits = append(edits, Edit{Path: path, Data: []byte(text), Base: v})
	}
	if pr, err = ps.Edit(ctx, pr.ID, author, "Edit", edits...); err != nil {
		t.Fatal(err)
	}
	return pr
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// must returns a function that fails the test on an error and returns
// the proposal.
func must(t *testing.T) func(*Proposal, error) *Proposal {
	return func(pr *Proposal, err error) *Proposal {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
}

// must2 is must for the publishing calls.
func must2(t *testing.T) func(*Proposal, string, error) *Proposal {
	return func(pr *Proposal, _ string, err error) *Proposal {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
}

var harmless = map[string]string{abi: strings.Replace(abiText, "Me aitame.", "Me aitame alati.", 1)}

// inState makes a proposal by maria in state st.
func inState(t *testing.T, s *site, ps *Proposals, st State) *Proposal {
	t.Helper()
	ctx := context.Background()
	pr := propose(t, ps, maria, harmless)
	id := pr.ID
	switch st {
	case InReview, ChangesRequested, Approved, Scheduled, Published:
		pr = must(t)(ps.Submit(ctx, id, maria, "Please check"))
	case PublishedNeedsReview:
		return must2(t)(ps.PublishUrgent(ctx, id, liis, "The old text is wrong today"))
	}
	switch st {
	case ChangesRequested:
		pr = must(t)(ps.RequestChanges(ctx, id, jaan, "Say more"))
	case Approved, Scheduled, Published:
		pr = must(t)(ps.Approve(ctx, id, jaan, "Fine"))
	}
	switch st {
	case Scheduled:
		pr = must(t)(ps.Schedule(ctx, id, liis, s.now.Add(time.Hour), ""))
	case Published:
		pr = must2(t)(ps.Publish(ctx, id, liis, Minor, ""))
	}
	if pr.State != st {
		t.Fatalf("set up a %s proposal, got %s", st, pr.State)
	}
	return pr
}

// do does action to proposal id as boss, who has every role and did not
// write it.
func do(t *testing.T, s *site, ps *Proposals, id string, action Action) (*Proposal, error) {
	ctx := context.Background()
	switch action {
	case ActEdit:
		_, v, err := ps.Read(ctx, id, abi)
		if err != nil {
			t.Fatal(err)
		}
		return ps.Edit(ctx, id, boss, "Boss edits", Edit{Path: abi, Data: []byte(abiText + "\nLisa.\n"), Base: v})
	case ActSubmit:
		return ps.Submit(ctx, id, boss, "")
	case ActRequestChanges:
		return ps.RequestChanges(ctx, id, boss, "Change it")
	case ActApprove:
		return ps.Approve(ctx, id, boss, "")
	case ActSchedule:
		return ps.Schedule(ctx, id, boss, s.now.Add(time.Hour), "")
	case ActPublish:
		s.now = s.now.Add(2 * time.Hour) // past any schedule
		pr, _, err := ps.Publish(ctx, id, boss, Minor, "")
		return pr, err
	case ActPublishUrgent:
		pr, _, err := ps.PublishUrgent(ctx, id, boss, "Now")
		return pr, err
	case ActClearReview:
		return ps.ClearReview(ctx, id, boss, "Checked")
	}
	t.Fatalf("unknown action %s", action)
	return nil, nil
}

func TestProposalStateMachineEveryTransition(t *testing.T) {
	s, ps := newWorkflow(t)
	for _, st := range States {
		refusedOn := inState(t, s, ps, st)
		for _, action := range Actions {
			want, err := transition(action, st)
			if err != nil { // refused: the state must not change
				_, err := do(t, s, ps, refusedOn.ID, action)
				var te *TransitionError
				if !errors.As(err, &te) {
					t.Errorf("%s on a %s proposal = %v; want a *TransitionError", action, st, err)
				}
				if now, _ := ps.Get(context.Background(), refusedOn.ID); now.State != st {
					t.Errorf("a refused %s moved a %s proposal to %s", action, st, now.State)
				}
				continue
			}
			pr, err := do(t, s, ps, inState(t, s, ps, st).ID, action)
			if err != nil {
				t.Errorf("%s on a %s proposal: %v; the table allows it", action, st, err)
				continue
			}
			if pr.State != want.To {
				t.Errorf("%s on a %s proposal gave %s; want %s", action, st, pr.State, want.To)
			}
			if last := pr.Events[len(pr.Events)-1]; last.Action != action || last.By != boss || last.From != st || last.To != want.To {
				t.Errorf("%s on %s: last event %+v", action, st, last)
			}
		}
	}
}

func TestScheduledProposalWaitsForItsTime(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	pr := inState(t, s, ps, Scheduled)
	if _, _, err := ps.Publish(ctx, pr.ID, liis, Minor, ""); err == nil || !strings.Contains(err.Error(), "scheduled for") {
		t.Fatalf("publishing before the time: %v", err)
	}
	if _, err := ps.Schedule(ctx, pr.ID, liis, s.now.Add(-time.Hour), ""); err == nil || !strings.Contains(err.Error(), "not in the future") {
		t.Fatalf("scheduling in the past: %v", err)
	}
	s.now = pr.PublishAt
	if pr = must2(t)(ps.Publish(ctx, pr.ID, liis, Minor, "")); pr.State != Published {
		t.Fatalf("state %s", pr.State)
	}
}

func TestNobodyApprovesTheirOwnProposal(t *testing.T) {
	ctx := context.Background()
	_, ps := newWorkflow(t)
	pr := propose(t, ps, jaan, harmless) // jaan is a reviewer too
	must(t)(ps.Submit(ctx, pr.ID, jaan, ""))
	for _, f := range []func() (*Proposal, error){
		func() (*Proposal, error) { return ps.Approve(ctx, pr.ID, jaan, "") },
		func() (*Proposal, error) { return ps.RequestChanges(ctx, pr.ID, jaan, "x") },
	} {
		if _, err := f(); err == nil || !strings.Contains(err.Error(), "nobody reviews their own work") {
			t.Fatalf("the author reviews their own proposal: %v", err)
		}
	}
	// boss changes it, so boss may not approve it either.
	must(t)(ps.RequestChanges(ctx, pr.ID, liis, "Add the English page"))
	_, v, _ := ps.Read(ctx, pr.ID, "content/en/abi.md")
	must(t)(ps.Edit(ctx, pr.ID, boss, "English", Edit{Path: "content/en/abi.md", Data: []byte("---\ntitle: Help\n---\nCall 116 006, free.\n"), Base: v}))
	must(t)(ps.Submit(ctx, pr.ID, jaan, ""))
	if _, err := ps.Approve(ctx, pr.ID, boss, ""); err == nil || !strings.Contains(err.Error(), "wrote or changed it") {
		t.Fatalf("a contributor approves: %v", err)
	}
	if pr = must(t)(ps.Approve(ctx, pr.ID, liis, "Good")); pr.State != Approved {
		t.Fatalf("state %s", pr.State)
	}
}

func TestRolesDecideWhoApprovesAndPublishes(t *testing.T) {
	ctx := context.Background()
	_, ps := newWorkflow(t)
	pr := propose(t, ps, jaan, harmless)
	must(t)(ps.Submit(ctx, pr.ID, jaan, ""))
	if _, err := ps.Approve(ctx, pr.ID, maria, ""); err == nil || !strings.Contains(err.Error(), "needs the reviewer role") {
		t.Fatalf("an editor approves: %v", err)
	}
	stranger := Person{Name: "Stranger", Email: "x@evil.example"}
	if _, err := ps.Approve(ctx, pr.ID, stranger, ""); err == nil || !strings.Contains(err.Error(), "is not in "+RolesFile) {
		t.Fatalf("someone not in the roles file approves: %v", err)
	}
	if _, err := ps.Create(ctx, liis, "x"); err == nil || !strings.Contains(err.Error(), "editor role") {
		t.Fatalf("a non-editor starts a proposal: %v", err)
	}
	must(t)(ps.Approve(ctx, pr.ID, liis, ""))
	if _, _, err := ps.Publish(ctx, pr.ID, jaan, Minor, ""); err == nil || !strings.Contains(err.Error(), "needs the publisher role") {
		t.Fatalf("a reviewer publishes: %v", err)
	}
	if _, _, err := ps.Publish(ctx, pr.ID, liis, Major, ""); err == nil || !strings.Contains(err.Error(), "major change needs a one-line note") {
		t.Fatalf("a major publish without a note: %v", err)
	}
	if pr = must2(t)(ps.Publish(ctx, pr.ID, liis, Major, "Clearer text")); pr.State != Published {
		t.Fatalf("state %s", pr.State)
	}
}

func TestUrgentPublishNeedsASecondPersonForCriticalChanges(t *testing.T) {
	ctx := context.Background()
	for name, files := range map[string]map[string]string{
		"new phone number": {abi: strings.Replace(abiText, "116 006", "116 007", 1)},
		"euro amount":      {"content/en/abi.md": "---\ntitle: Help\n---\nCall 116 006. Up to 946 €.\n"},
		"deadline":         {abi: abiText + "Taotle enne 25.11.2026.\n"},
		"help contacts":    {"content/_data/contacts.yaml": "contacts: [{id: x}]\n"},
		"quick exit":       {"haven.yaml": "title: Abi\nquick_exit: https://example.org/\n"},
		"roles":            {RolesFile: rolesYAML + "  x@evil.example: {roles: [publisher]}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			s, ps := newWorkflow(t)
			before := git(t, s.bare, "rev-parse", "main")
			pr := propose(t, ps, boss, files) // an editor and publisher, alone
			_, _, err := ps.PublishUrgent(ctx, pr.ID, boss, "Now")
			if err == nil || !strings.Contains(err.Error(), "a second person must approve") {
				t.Fatalf("urgent publish: %v", err)
			}
			if after := git(t, s.bare, "rev-parse", "main"); after != before {
				t.Fatal("the refused publish moved main")
			}
		})
	}
}

func TestUrgentRemovalOfANumberGoesOutAndNeedsReview(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	pr := propose(t, ps, boss, map[string]string{abi: strings.Replace(abiText, "Helista 116 006.", "Helista meile.", 1)})
	a := Assess(must1[[]FileChange](t)(ps.Changes(ctx, pr.ID)))
	if len(a.Findings) != 1 || !a.Findings[0].RemovalOnly {
		t.Fatalf("assessment %+v; want one removal", a)
	}
	pr = must2(t)(ps.PublishUrgent(ctx, pr.ID, boss, "The number is wrong"))
	if pr.State != PublishedNeedsReview {
		t.Fatalf("state %s", pr.State)
	}
	if got := git(t, s.bare, "show", "main:"+abi); strings.Contains(got, "116 006") {
		t.Fatalf("the number is still on the site: %q", got)
	}
	if st := git(t, s.bare, "log", "-1", "--format=%(trailers:key=Haven-State,valueonly)", "main"); st != "published-needs-review" {
		t.Fatalf("publish commit state %q", st)
	}
	if _, err := ps.ClearReview(ctx, pr.ID, boss, ""); err == nil || !strings.Contains(err.Error(), "nobody reviews their own work") {
		t.Fatalf("the author and urgent publisher clears it: %v", err)
	}
	if pr = must(t)(ps.ClearReview(ctx, pr.ID, jaan, "Checked")); pr.State != Published {
		t.Fatalf("another reviewer cleared it, state %s", pr.State)
	}
	pr2 := propose(t, ps, maria, map[string]string{"content/en/abi.md": "---\ntitle: Help\n---\nCall us: 116 006.\n"})
	must2(t)(ps.PublishUrgent(ctx, pr2.ID, liis, "Typo"))
	if _, err := ps.ClearReview(ctx, pr2.ID, liis, ""); err == nil || !strings.Contains(err.Error(), "nobody reviews their own work") {
		t.Fatalf("the urgent publisher clears their own publish: %v", err)
	}
}

func must1[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestPublishMergesFileByFileWhenTheSiteMoved(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	pr := propose(t, ps, maria, map[string]string{
		abi:                 strings.Replace(abiText, "Me aitame.", "Me aitame alati.", 1),
		"content/ru/abi.md": "---\ntitle: Помощь\n---\nЗвоните 116 006.\n",
	})
	must(t)(ps.Submit(ctx, pr.ID, maria, ""))
	must(t)(ps.Approve(ctx, pr.ID, jaan, "OK"))
	s.itCommits(t, "IT edits the last line and the English page", map[string]string{
		abi:                 strings.Replace(abiText, "Kõik on tasuta.", "Kõik on alati tasuta.", 1),
		"content/en/abi.md": "---\ntitle: Help\n---\nCall 116 006 (free).\n",
	})
	races := 0
	s.g.beforeSwap = func() {
		if races++; races == 1 { // and once more while publishing
			s.itCommits(t, "IT adds a file", map[string]string{"themes/x.css": "a{}\n"})
		}
	}
	pr, commit, err := ps.Publish(ctx, pr.ID, liis, Major, "Ütleme, et aitame alati")
	if err != nil {
		t.Fatal(err)
	}
	if pr.State != Published || races != 2 {
		t.Fatalf("state %s after %d attempts", pr.State, races)
	}
	if got := git(t, s.bare, "show", commit+":"+abi); !strings.Contains(got, "Me aitame alati.") || !strings.Contains(got, "Kõik on alati tasuta.") {
		t.Fatalf("abi.md was not merged: %q", got)
	}
	for path, want := range map[string]string{"content/en/abi.md": "(free)", "content/ru/abi.md": "Звоните", "themes/x.css": "a{}"} {
		if got := git(t, s.bare, "show", commit+":"+path); !strings.Contains(got, want) {
			t.Errorf("%s = %q; want %q in it", path, got, want)
		}
	}
	if _, err := runGit(ctx, s.bare, nil, nil, "cat-file", "-e", commit+":"+MetaFile); err == nil {
		t.Error("the proposal's record was published")
	}
	if got := git(t, s.bare, "log", "-1", "--format=%an|%cn|%P|%s", commit); !strings.HasPrefix(got, "Maria Tamm|Liis Mets|") || len(strings.Fields(strings.Split(got, "|")[2])) != 2 || !strings.HasSuffix(got, "|"+pr.Title) {
		t.Errorf("publish commit %q; want the author, the publisher as committer, two parents and the title", got)
	}
	tr := git(t, s.bare, "log", "-1", "--format=%(trailers:only,unfold)", commit)
	for _, want := range []string{"Haven-Proposal: " + pr.ID, "Haven-Kind: major", "Haven-State: published", "Haven-Approved-By: jaan@example.ee", "Haven-User: maria@example.ee"} {
		if !strings.Contains(tr, want) {
			t.Errorf("trailers %q lack %q", tr, want)
		}
	}
}

func TestPublishConflictsOnlyWhenTheSameLinesChanged(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	pr := propose(t, ps, maria, map[string]string{abi: strings.Replace(abiText, "Me aitame.", "Me aitame päeval.", 1)})
	must(t)(ps.Submit(ctx, pr.ID, maria, ""))
	must(t)(ps.Approve(ctx, pr.ID, jaan, ""))
	s.itCommits(t, "IT", map[string]string{abi: strings.Replace(abiText, "Me aitame.", "Me aitame öösel.", 1)})
	before := git(t, s.bare, "rev-parse", "main")
	_, _, err := ps.Publish(ctx, pr.ID, liis, Minor, "")
	var pc *PublishConflict
	if !errors.As(err, &pc) || len(pc.Files) != 1 || pc.Files[0].Path != abi || !strings.Contains(string(pc.Files[0].Merged), "<<<<<<< mine\nMe aitame päeval.\n=======\nMe aitame öösel.") {
		t.Fatalf("publish = %v (%+v); want a conflict in abi.md with both lines", err, pc)
	}
	if git(t, s.bare, "rev-parse", "main") != before {
		t.Fatal("a conflicting publish moved main")
	}
	if now := must(t)(ps.Get(ctx, pr.ID)); now.State != Approved {
		t.Fatalf("the conflict changed the state to %s", now.State)
	}
	_, v, _ := ps.Read(ctx, pr.ID, abi)
	if now := must(t)(ps.Edit(ctx, pr.ID, maria, "Combine", Edit{Path: abi, Data: []byte(strings.Replace(abiText, "Me aitame.", "Me aitame päeval ja öösel.", 1)), Base: v})); now.State != Draft {
		t.Fatalf("editing an approved proposal left it %s; want draft", now.State)
	}
}

func TestProposalEditConflictsOnAStaleVersion(t *testing.T) {
	ctx := context.Background()
	_, ps := newWorkflow(t)
	pr := must1[*Proposal](t)(ps.Create(ctx, maria, "Two people"))
	_, v, _ := ps.Read(ctx, pr.ID, abi)
	must(t)(ps.Edit(ctx, pr.ID, maria, "", Edit{Path: abi, Data: []byte("mine\n"), Base: v}))
	_, err := ps.Edit(ctx, pr.ID, jaan, "", Edit{Path: abi, Data: []byte("jaan\n"), Base: v})
	var c *Conflict
	if !errors.As(err, &c) || string(c.Theirs) != "mine\n" || string(c.BaseData) != abiText {
		t.Fatalf("a stale edit in a proposal: %v", err)
	}
	if _, err := ps.Edit(ctx, pr.ID, maria, "", Edit{Path: MetaFile, Data: []byte("{}"), Base: Absent}); err == nil || !strings.Contains(err.Error(), "own record") {
		t.Fatalf("editing the record: %v", err)
	}
	if _, err := ps.Get(ctx, "../../heads/main"); err == nil {
		t.Fatal("a proposal id with slashes was accepted")
	}
}

func TestPublishRefusedWhenTheMergedSiteDoesNotValidate(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	var seen string
	s.g.Validate = func(_ context.Context, dir string) error {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(abi)))
		if err != nil {
			return err
		}
		if seen = string(b); strings.Contains(seen, "BROKEN") {
			return errors.New("content/et/abi.md:4:1: error: broken")
		}
		return nil
	}
	pr := propose(t, ps, maria, map[string]string{abi: abiText + "BROKEN\n"})
	must(t)(ps.Submit(ctx, pr.ID, maria, ""))
	must(t)(ps.Approve(ctx, pr.ID, jaan, ""))
	before := git(t, s.bare, "rev-parse", "main")
	_, _, err := ps.Publish(ctx, pr.ID, liis, Minor, "")
	var inv *PublishInvalid
	if !errors.As(err, &inv) || !strings.Contains(err.Error(), "abi.md:4:1") || !strings.Contains(seen, "BROKEN") {
		t.Fatalf("publish of a broken page = %v; want PublishInvalid naming the spot, checked on the merged text", err)
	}
	if git(t, s.bare, "rev-parse", "main") != before {
		t.Fatal("a publish that failed validation moved main")
	}
	_, v, _ := ps.Read(ctx, pr.ID, abi)
	must(t)(ps.Edit(ctx, pr.ID, maria, "Fix", Edit{Path: abi, Data: []byte(abiText + "Fixed.\n"), Base: v}))
	must(t)(ps.Submit(ctx, pr.ID, maria, ""))
	must(t)(ps.Approve(ctx, pr.ID, jaan, ""))
	if pr = must2(t)(ps.Publish(ctx, pr.ID, liis, Minor, "")); pr.State != Published || !strings.Contains(seen, "Fixed.") {
		t.Fatalf("the fixed proposal: state %s, validated %q", pr.State, seen)
	}
}

func TestExportWritesTheTreeAndRemovesWhatItLacks(t *testing.T) {
	ctx := context.Background()
	s, _ := newWorkflow(t)
	dir := t.TempDir()
	writeFile(t, dir, "content/et/old.md", "stale\n")
	if err := s.g.Export(ctx, "main", dir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(abi))); err != nil || string(b) != abiText {
		t.Fatalf("exported %s = %q, %v", abi, b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/et/old.md")); !os.IsNotExist(err) {
		t.Fatalf("a file not in the tree survived the export: %v", err)
	}
	if out := git(t, s.clone, "status", "--porcelain"); out != "" {
		t.Fatalf("export touched the clone: %q", out)
	}
}

// TestStartWithAStaleFirstEditLeavesNoProposal: the editor read abi.md
// from the site branch, then the IT person pushed a change to it; the
// proposal the editor's save starts conflicts, and no proposal branch is
// made (Create and then Edit left an empty one behind). A fresh start has
// both commits, start and edit.
func TestStartWithAStaleFirstEditLeavesNoProposal(t *testing.T) {
	ctx := context.Background()
	s, ps := newWorkflow(t)
	_, v := read(t, s.g, abi)
	s.itCommits(t, "IT", map[string]string{abi: strings.Replace(abiText, "Me aitame.", "Me aitame öösel.", 1)})
	_, err := ps.Start(ctx, maria, "Päeval", "Päeval", Edit{Path: abi, Data: []byte(strings.Replace(abiText, "Me aitame.", "Me aitame päeval.", 1)), Base: v})
	var c *Conflict
	if !errors.As(err, &c) || !strings.Contains(string(c.Theirs), "öösel") {
		t.Fatalf("a first edit over a changed file: %v; want a conflict with their text", err)
	}
	if refs := git(t, s.bare, "for-each-ref", ProposalRefs); refs != "" {
		t.Fatalf("the refused start left a proposal: %s", refs)
	}
	_, v = read(t, s.g, abi)
	pr := must(t)(ps.Start(ctx, maria, "Päeval", "Päeval", Edit{Path: abi, Data: []byte("päeval\n"), Base: v}))
	if n := git(t, s.bare, "rev-list", "--count", "main.."+ProposalRefs+pr.ID); n != "2" || pr.State != Draft || len(pr.Events) != 2 {
		t.Fatalf("a started proposal has %s commits after main, state %s, %d events; want 2, draft, create and edit", n, pr.State, len(pr.Events))
	}
	if got := git(t, s.bare, "show", ProposalRefs+pr.ID+":"+abi); got != "päeval" {
		t.Fatalf("the proposal's abi.md = %q", got)
	}
}
