package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const abi = "content/et/abi.md"

func TestGitWriteIsACommitByThePersonWithTrailers(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, map[string]string{abi: "Helista 116 006.\n"})
	_, v := read(t, s.g, abi)
	c := Change{Author: maria, Note: "Ohvriabi number parandatud\n\nVana number oli vale.", Kind: Major, ID: "chg1", Proposal: "p1"}
	nv, err := s.g.Write(ctx, abi, []byte("Helista 116 006 või 112.\n"), v, c)
	if err != nil {
		t.Fatal(err)
	}
	if blob := git(t, s.bare, "rev-parse", "main:"+abi); blob != string(nv) {
		t.Fatalf("the version %s is not the blob on main (%s)", nv, blob)
	}
	if got := git(t, s.bare, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", "main"); got != "Maria Tamm <maria@example.ee>|Maria Tamm <maria@example.ee>|Ohvriabi number parandatud" {
		t.Fatalf("commit = %q", got)
	}
	trailers := git(t, s.bare, "log", "-1", "--format=%(trailers:only,unfold)", "main")
	for _, want := range []string{"Haven-Change: chg1", "Haven-Kind: major", "Haven-User: maria@example.ee", "Haven-Proposal: p1"} {
		if !strings.Contains(trailers, want) {
			t.Errorf("git does not read trailer %q in %q", want, trailers)
		}
	}
	if body := git(t, s.bare, "log", "-1", "--format=%b", "main"); !strings.HasPrefix(body, "Vana number oli vale.") {
		t.Errorf("the note's other lines are not the body: %q", body)
	}
	git(t, s.clone, "pull", "-q", "--ff-only")
	if data, _ := os.ReadFile(filepath.Join(s.clone, abi)); !strings.Contains(string(data), "112") {
		t.Fatalf("the IT person's git pull does not bring the save: %q", data)
	}
	if v2, err := s.g.Write(ctx, abi, []byte("Helista 116 006 või 112.\n"), nv, change(jaan, "")); err != nil || v2 != nv {
		t.Fatalf("saving the same text again = %q, %v", v2, err)
	}
	if n := git(t, s.bare, "rev-list", "--count", "main"); n != "2" {
		t.Fatalf("saving unchanged text made a commit: %s commits", n)
	}
}

func TestGitNeverTouchesACheckoutsWorkingTreeOrIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	writeFile(t, dir, abi, "one\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "start")
	git(t, dir, "switch", "-q", "-c", "work") // the IT person works on another branch
	writeFile(t, dir, abi, "half-done local edit\n")
	writeFile(t, dir, "notes.txt", "untracked\n")
	git(t, dir, "add", abi)
	index, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))
	status := git(t, dir, "status", "--porcelain")
	g, err := OpenGit(ctx, filepath.Join(dir, "content"), GitOptions{Branch: "main"})
	if err != nil {
		t.Fatal(err)
	}
	_, v := read(t, g, abi)
	if _, err := g.Write(ctx, abi, []byte("two\n"), v, change(maria, "Two")); err != nil {
		t.Fatal(err)
	}
	if got := git(t, dir, "show", "main:"+abi); got != "two" {
		t.Fatalf("main has %q", got)
	}
	after, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))
	if string(after) != string(index) {
		t.Error("the checkout's index file changed")
	}
	if got := git(t, dir, "status", "--porcelain"); got != status {
		t.Errorf("git status changed from %q to %q", status, got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, abi)); string(data) != "half-done local edit\n" {
		t.Errorf("the working tree's file changed to %q", data)
	}
}

func TestGitRefusesABranchThatIsCheckedOut(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	_, err := OpenGit(context.Background(), dir, GitOptions{})
	if err == nil || !strings.Contains(err.Error(), "checked out") || !strings.Contains(err.Error(), "bare") {
		t.Fatalf("OpenGit on a checked-out main = %v; want a refusal pointing to a bare clone", err)
	}
	if _, err := OpenGit(context.Background(), dir, GitOptions{AllowCheckedOut: true}); err != nil {
		t.Fatalf("AllowCheckedOut: %v", err)
	}
	if _, err := OpenGit(context.Background(), t.TempDir(), GitOptions{}); err == nil || !strings.Contains(err.Error(), "git init") {
		t.Fatalf("OpenGit on a folder that is no repository = %v", err)
	}
}

func TestGitWriteRetriesOnTopOfAConcurrentCommitToAnotherFile(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, map[string]string{abi: "abi\n", "content/et/kontakt.md": "kontakt\n"})
	_, v := read(t, s.g, abi)
	races := 0
	s.g.beforeSwap = func() {
		if races++; races == 1 {
			s.itCommits(t, "IT fixes kontakt", map[string]string{"content/et/kontakt.md": "kontakt, fixed\n"})
		}
	}
	if _, err := s.g.Write(ctx, abi, []byte("abi, edited\n"), v, change(maria, "Edit abi")); err != nil {
		t.Fatal(err)
	}
	if races != 2 {
		t.Fatalf("the write tried %d times; want 2 (the compare-and-swap lost once)", races)
	}
	if got := git(t, s.bare, "log", "--format=%s", "main"); got != "Edit abi\nIT fixes kontakt\nStart the site" {
		t.Fatalf("history = %q; want the save on top of the IT person's commit", got)
	}
	if got := git(t, s.bare, "show", "main:content/et/kontakt.md"); got != "kontakt, fixed" {
		t.Fatalf("the IT person's change was lost: %q", got)
	}
	if got := git(t, s.bare, "show", "main:"+abi); got != "abi, edited" {
		t.Fatalf("abi.md = %q", got)
	}
}

func TestGitWriteConflictsWhenAConcurrentCommitChangedTheFile(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, map[string]string{abi: "abi\n"})
	_, v := read(t, s.g, abi)
	s.g.beforeSwap = func() {
		s.g.beforeSwap = nil
		s.itCommits(t, "IT edits abi", map[string]string{abi: "abi by IT\n"})
	}
	_, err := s.g.Write(ctx, abi, []byte("abi by Maria\n"), v, change(maria, "Edit abi"))
	var c *Conflict
	if !errors.As(err, &c) {
		t.Fatalf("Write = %v; want a *Conflict", err)
	}
	if string(c.Theirs) != "abi by IT\n" || !c.HasBase || string(c.BaseData) != "abi\n" || c.Path != abi {
		t.Fatalf("conflict = %+v; want theirs and the base text", c)
	}
	if got := git(t, s.bare, "log", "-1", "--format=%s", "main"); got != "IT edits abi" {
		t.Fatalf("main moved to %q", got)
	}
	if !strings.Contains(c.Error(), "nothing was saved") {
		t.Errorf("the message does not say what happened: %s", c.Error())
	}
}

func TestGitHistoryNewestFirstWithWhoWhenNote(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, map[string]string{abi: "v1\n", "other.md": "x\n"})
	_, v := read(t, s.g, abi)
	v2, err := s.g.Write(ctx, abi, []byte("v2\n"), v, Change{Author: maria, Note: "Second", Kind: Major, ID: "c2"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.g.Write(ctx, "other.md", []byte("y\n"), Version(git(t, s.bare, "rev-parse", "main:other.md")), change(jaan, "Other")); err != nil {
		t.Fatal(err)
	}
	v3, err := s.g.Write(ctx, abi, []byte("v3\n"), v2, Change{Author: jaan, Note: "Third", ID: "c3"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.g.History(ctx, abi)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 {
		t.Fatalf("history has %d revisions; want 3: %+v", len(h), h)
	}
	if h[0].Author != jaan || h[0].Note != "Third" || h[0].Version != v3 || h[0].ChangeID != "c3" || h[0].Kind != Minor || h[0].State != "saved" {
		t.Errorf("newest = %+v", h[0])
	}
	if h[1].Author != maria || h[1].Note != "Second" || h[1].Version != v2 || h[1].Kind != Major || !h[1].When.Before(h[0].When) {
		t.Errorf("second = %+v", h[1])
	}
	if h[2].Author != it || h[2].Version != v || h[2].ChangeID != "" {
		t.Errorf("first = %+v", h[2])
	}
}

func TestReadAtReadsOnlyTheBranchsHistory(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, map[string]string{"content/et/abi.md": "one\n"})
	first := git(t, s.bare, "rev-parse", "main")
	s.itCommits(t, "two", map[string]string{"content/et/abi.md": "two\n"})
	if data, _, err := s.g.ReadAt(ctx, first, "content/et/abi.md"); err != nil || string(data) != "one\n" {
		t.Fatalf("ReadAt the first commit = %q, %v", data, err)
	}
	git(t, s.clone, "checkout", "-q", "-b", "other")
	writeFile(t, s.clone, "x.md", "x\n")
	git(t, s.clone, "add", "-A")
	git(t, s.clone, "commit", "-q", "-m", "elsewhere")
	git(t, s.clone, "push", "-q", "origin", "other")
	other := git(t, s.clone, "rev-parse", "HEAD")
	if _, _, err := s.g.ReadAt(ctx, other, "x.md"); err == nil || !strings.Contains(err.Error(), "not in the history") {
		t.Fatalf("ReadAt a commit off the branch: %v", err)
	}
	if _, _, err := s.g.ReadAt(ctx, "main", "x.md"); err == nil {
		t.Fatal("ReadAt took a ref name for a commit id")
	}
}
