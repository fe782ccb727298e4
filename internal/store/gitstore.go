package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// DefaultBranch is the site branch a [Git] store writes to by default.
const DefaultBranch = "refs/heads/main"

// maxAttempts is how often a commit is made again after losing the race
// for its ref to another writer before the store gives up.
const maxAttempts = 8

// Git is a [Store] on one branch of a git repository. Reads come from the
// branch's newest commit; writes are commits made with plumbing and put on
// the branch with a compare-and-swap, never through a working tree or an
// index. A version is a blob id.
type Git struct {
	repo
	// Branch is the full name of the site branch, e.g. refs/heads/main.
	Branch string
	// Now returns the time commits get; nil means time.Now.
	Now func() time.Time
	// Validate, when set, checks the site a publish would make, exported
	// to the folder dir, before the site branch moves: an error refuses
	// the publish (the editor runs haven build's checks here).
	Validate func(ctx context.Context, dir string) error

	// beforeSwap, when set (in tests), runs between making a commit and
	// moving the ref: where another writer can get in first.
	beforeSwap func()
}

// GitOptions configures [OpenGit].
type GitOptions struct {
	// Branch is the site branch; "" means [DefaultBranch]. A short name
	// (main) means refs/heads/main.
	Branch string
	// AllowCheckedOut lets the store write to a branch that a working
	// tree of the repository has checked out. Off by default: moving a
	// checked-out branch leaves that checkout's index behind, and the
	// next git commit there would undo the editor's saves.
	AllowCheckedOut bool
}

// OpenGit returns the store on the repository at dir (a bare repository,
// or any folder of a working tree).
func OpenGit(ctx context.Context, dir string, opts GitOptions) (*Git, error) {
	gitDir, err := runGit(ctx, dir, nil, nil, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return nil, fmt.Errorf("open the git repository %s: %w; give a folder of a git repository (git init --bare makes one)", dir, err)
	}
	g := &Git{repo: repo{gitDir: strings.TrimSpace(string(gitDir))}, Branch: fullBranch(opts.Branch)}
	format, err := g.line(ctx, "rev-parse", "--show-object-format")
	if err != nil {
		return nil, err
	}
	g.zero = strings.Repeat("0", 40)
	if format == "sha256" {
		g.zero = strings.Repeat("0", 64)
	}
	if _, err := g.line(ctx, "check-ref-format", g.Branch); err != nil {
		return nil, fmt.Errorf("branch %q is not a valid ref name; give one such as main or refs/heads/main", opts.Branch)
	}
	if !opts.AllowCheckedOut {
		if err := g.refuseCheckedOut(ctx); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// fullBranch turns a branch name into a full ref name.
func fullBranch(b string) string {
	switch {
	case b == "":
		return DefaultBranch
	case strings.HasPrefix(b, "refs/"):
		return b
	}
	return "refs/heads/" + b
}

// refuseCheckedOut returns an error when a working tree of the repository
// has the branch checked out.
func (g *Git) refuseCheckedOut(ctx context.Context) error {
	out, err := g.run(ctx, nil, nil, "worktree", "list", "--porcelain", "-z")
	if err != nil {
		return err
	}
	var tree string
	for _, f := range strings.Split(string(out), "\x00") {
		if p, ok := strings.CutPrefix(f, "worktree "); ok {
			tree = p
		}
		if f == "branch "+g.Branch {
			return fmt.Errorf("%s is checked out in %s: haven would move it under that checkout, whose index would then undo the editor's saves at its next git commit; point the editor at a bare clone (git clone --bare) that people push to and pull from, or at a branch nobody has checked out", g.Branch, filepath.Clean(tree))
		}
	}
	return nil
}

// now is the commit time, in git's date format.
func (g *Git) now() string {
	t := time.Now()
	if g.Now != nil {
		t = g.Now()
	}
	return t.Format("2006-01-02T15:04:05-0700")
}

// Read returns the file as the branch's newest commit has it.
func (g *Git) Read(ctx context.Context, path string) ([]byte, Version, error) {
	if err := checkPath(path); err != nil {
		return nil, "", err
	}
	tip, err := g.resolve(ctx, g.Branch)
	if err != nil {
		return nil, "", err
	}
	return g.fileAt(ctx, tip, path)
}

// Write commits data as path on the branch when the file's blob there is
// still base. When another commit moved the branch first, the write is
// made again on top of it if that commit left the file alone; if it
// changed the file, the write returns a [*Conflict] with their text and
// the base text.
func (g *Git) Write(ctx context.Context, path string, data []byte, base Version, c Change) (Version, error) {
	if err := checkPath(path); err != nil {
		return "", err
	}
	if err := checkChange(c, base); err != nil {
		return "", fmt.Errorf("save %s: %w", path, err)
	}
	blob, err := g.hashObject(ctx, data)
	if err != nil {
		return "", err
	}
	c = withID(c)
	_, err = g.commitOn(ctx, g.Branch, func(tip string) (plan, error) {
		e, ok, err := g.entryAt(ctx, tip, path)
		if err != nil {
			return plan{}, err
		}
		if now := versionOf(e, ok); now != base {
			return plan{}, g.conflict(ctx, path, base, e, ok)
		}
		if ok && e.blob == blob {
			return plan{noop: true}, nil
		}
		mode := "100644"
		if ok {
			mode = e.mode
		}
		return plan{updates: []update{{path: path, mode: mode, blob: blob}}, msg: message(c, path, "saved", nil), author: c.Author}, nil
	})
	if err != nil {
		return "", err
	}
	return Version(blob), nil
}

// checkChange says what is missing from a write's change and base.
func checkChange(c Change, base Version) error {
	if base == "" {
		return fmt.Errorf("no base version given; read the file first and pass its version (or %q for a new file)", Absent)
	}
	if c.Kind != "" && c.Kind != Major && c.Kind != Minor {
		return fmt.Errorf("change kind %q: expected major or minor", c.Kind)
	}
	return c.Author.check()
}

// withID gives c a change id when it has none.
func withID(c Change) Change {
	if c.ID == "" {
		c.ID = newID()
	}
	if c.Kind == "" {
		c.Kind = Minor
	}
	return c
}

// newID is a new random id for a change or proposal: 12 lower-case
// letters and digits.
func newID() string { return strings.ToLower(rand.Text()[:12]) }

// versionOf is the version of a tree entry.
func versionOf(e entry, ok bool) Version {
	if !ok {
		return Absent
	}
	return Version(e.blob)
}

// conflict is the [*Conflict] of a write based on base while the file is
// e (ok false: absent) now.
func (g *Git) conflict(ctx context.Context, path string, base Version, e entry, ok bool) error {
	c := &Conflict{Path: path, Base: base, TheirVersion: versionOf(e, ok)}
	if ok {
		data, err := g.blob(ctx, e.blob)
		if err != nil {
			return err
		}
		c.Theirs = data
	}
	if base != Absent {
		if data, err := g.blob(ctx, string(base)); err == nil {
			c.BaseData, c.HasBase = data, true
		}
	} else {
		c.HasBase = true
	}
	return c
}

// plan is what one attempt at a commit makes of the ref's tip.
type plan struct {
	updates []update
	msg     string
	author  Person
	// committer is who commits, when not the author.
	committer *Person
	// parents are the commit's parents after the tip (a merge).
	parents []string
	// also are refs moved in the same transaction.
	also []refMove
	// noop means there is nothing to commit.
	noop bool
}

// commitOn makes a commit on ref from what plan makes of the ref's tip
// and moves the ref to it with a compare-and-swap. When the ref moved in
// between, it asks plan again with the new tip. It returns the commit
// (the tip itself for a noop).
func (g *Git) commitOn(ctx context.Context, ref string, makePlan func(tip string) (plan, error)) (string, error) {
	for range maxAttempts {
		tip, err := g.resolve(ctx, ref)
		if err != nil {
			return "", err
		}
		p, err := makePlan(tip)
		if err != nil || p.noop {
			return tip, err
		}
		commit, err := g.makeCommit(ctx, tip, p)
		if err != nil {
			return "", err
		}
		if g.beforeSwap != nil {
			g.beforeSwap()
		}
		moved, err := g.swap(ctx, "haven: "+summary(p.msg), append([]refMove{{ref: ref, new: commit, old: tip}}, p.also...))
		if err != nil {
			return "", err
		}
		if moved {
			return commit, nil
		}
	}
	return "", fmt.Errorf("%s kept moving while haven tried to commit (%d times); nothing was saved; try again, and if it persists look for a script that commits to it in a loop", ref, maxAttempts)
}

// makeCommit makes the commit p describes on top of tip.
func (g *Git) makeCommit(ctx context.Context, tip string, p plan) (string, error) {
	tree, err := g.tree(ctx, tip, p.updates)
	if err != nil {
		return "", err
	}
	var parents []string
	if tip != "" {
		parents = append(parents, tip)
	}
	committer := p.author
	if p.committer != nil {
		committer = *p.committer
	}
	return g.commitTree(ctx, tree, append(parents, p.parents...), p.author, committer, g.now(), p.msg)
}

// List returns the files of the branch below dir, leaving out hidden and
// editor-temporary names as [Files] does.
func (g *Git) List(ctx context.Context, dir string) ([]string, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	tip, err := g.resolve(ctx, g.Branch)
	if err != nil || tip == "" {
		return nil, err
	}
	args := []string{"ls-tree", "-r", "-z", "--name-only", tip}
	if dir != "" {
		args = append(args, "--", dir)
	}
	out, err := g.run(ctx, nil, nil, args...)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, p := range strings.Split(string(out), "\x00") {
		if p != "" && !hiddenBelow(p, dir) {
			files = append(files, p)
		}
	}
	return files, nil
}

// User is the person git commits as in the repository (git config
// user.name and user.email): the author of a single-user editor's
// changes.
func (g *Git) User(ctx context.Context) (Person, error) {
	name, _ := g.line(ctx, "config", "user.name")
	email, _ := g.line(ctx, "config", "user.email")
	p := Person{Name: name, Email: email}
	if err := p.check(); err != nil {
		return p, fmt.Errorf("git does not know who you are (%v): run git config --global user.name \"Maria Tamm\" and git config --global user.email maria@example.ee", err)
	}
	return p, nil
}

// Dir is the repository's git folder.
func (g *Git) Dir() string { return g.gitDir }

// ReadAt returns a file as commit, a commit of the site branch's history,
// has it; a commit that is not on the branch is refused.
func (g *Git) ReadAt(ctx context.Context, commit, path string) ([]byte, Version, error) {
	if err := checkPath(path); err != nil {
		return nil, "", err
	}
	if !commitID.MatchString(commit) {
		return nil, "", fmt.Errorf("version %q: not a commit id; pick a version from the page's history", commit)
	}
	if _, err := g.run(ctx, nil, nil, "merge-base", "--is-ancestor", commit, g.Branch); err != nil {
		return nil, "", fmt.Errorf("version %s is not in the history of %s; pick a version from the page's history", short(commit), g.Branch)
	}
	return g.fileAt(ctx, commit, path)
}

var commitID = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)
