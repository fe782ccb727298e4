package store

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// Store reads and writes the files of one site. Paths are relative to the
// site root, with slashes: content/et/abi.md.
type Store interface {
	// Read returns a file's bytes and version; a file that does not
	// exist is nil and [Absent], without an error.
	Read(ctx context.Context, path string) ([]byte, Version, error)
	// Write replaces the file with data when its version is still base
	// ([Absent] for a new file) and returns the new version. When the
	// file changed since, it writes nothing and returns a [*Conflict].
	Write(ctx context.Context, path string, data []byte, base Version, c Change) (Version, error)
	// List returns the files below dir ("" for all), sorted.
	List(ctx context.Context, dir string) ([]string, error)
	// History returns the revisions of a file, newest first, or
	// [ErrNoHistory] when the store keeps none.
	History(ctx context.Context, path string) ([]Revision, error)
}

// Version names one version of a file: a content hash ([Files]) or a blob
// id ([Git]).
type Version string

// Absent is the version of a file that does not exist (the editor's form
// carries the same word).
const Absent Version = "absent"

// ErrNoHistory is returned by History of a store that keeps no history.
var ErrNoHistory = errors.New("this site's files are a plain folder, which keeps no history; run the editor on the site's git repository to have one")

// Person is someone who changes the site. Email identifies them (in the
// roles file and the Haven-User trailer); Name is what commits show.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// String is "Name <email>", as git writes an author.
func (p Person) String() string { return p.Name + " <" + p.Email + ">" }

// check says what is wrong with p as a commit author.
func (p Person) check() error {
	bad := func(what string) error {
		return fmt.Errorf("person %q: %s; give a name and an e-mail such as Maria Tamm <maria@example.ee>", p.String(), what)
	}
	switch {
	case strings.TrimSpace(p.Name) == "":
		return bad("no name")
	case strings.ContainsAny(p.Name, "<>\n\r\x00"):
		return bad("the name has <, > or a line break")
	case !strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, "<> \t\n\r\x00"):
		return bad("the e-mail is not an address")
	}
	return nil
}

// Kind is how big a change is for readers: a major change needs a note
// and bumps the date readers see, a minor one does not.
type Kind string

// The kinds of change.
const (
	Major Kind = "major"
	Minor Kind = "minor"
)

// Change says who makes a write and why.
type Change struct {
	// Author is the person making the change.
	Author Person
	// Note is the change note: its first line becomes the commit's
	// summary line.
	Note string
	// Kind is major or minor; empty means minor.
	Kind Kind
	// ID names the change (Haven-Change trailer); empty makes a new one.
	ID string
	// Proposal is the proposal the change belongs to, if any.
	Proposal string
}

// Revision is one version of a file in a store's history.
type Revision struct {
	// Commit is the commit that made this version.
	Commit string
	// Version is the file's version after the commit; [Absent] when the
	// commit removed it.
	Version Version
	// Path is the file.
	Path string
	// Author is who made the change, When when.
	Author Person
	When   time.Time
	// Note is the change note (the commit message without trailers).
	Note string
	// Kind, ChangeID, Proposal and State come from the commit's trailers.
	Kind     Kind
	ChangeID string
	Proposal string
	// State is "saved" for a direct write, else the state the publish
	// commit recorded (published, or published-needs-review).
	State string
}

// Conflict is returned by a write whose base version is no longer the
// file's: someone else saved it first. Nothing was written.
type Conflict struct {
	// Path is the file.
	Path string
	// Base is the version the write was based on.
	Base Version
	// Theirs is the file's text now (nil when it was removed), and
	// TheirVersion its version.
	Theirs       []byte
	TheirVersion Version
	// BaseData is the text of Base when the store still has it (git),
	// for a three-way merge view; HasBase says whether it does.
	BaseData []byte
	HasBase  bool
}

// Error says what happened and what to do.
func (c *Conflict) Error() string {
	now := "was removed"
	if c.TheirVersion != Absent {
		now = "is now " + short(string(c.TheirVersion))
	}
	return fmt.Sprintf("%s changed since it was opened (it was %s and %s); nothing was saved: combine your text with the new one and save again",
		c.Path, short(string(c.Base)), now)
}

// short is the first 10 characters of a version or commit id.
func short(id string) string {
	if len(id) > 10 {
		return id[:10]
	}
	return id
}

// checkPath says what is wrong with p as a path inside a site.
func checkPath(p string) error {
	bad := func(why string) error {
		return fmt.Errorf("path %q: %s; give a path inside the site such as content/et/abi.md", p, why)
	}
	switch {
	case p == "":
		return bad("empty")
	case !utf8.ValidString(p) || strings.ContainsAny(p, "\\\x00\n\r"):
		return bad("it has a backslash, a line break or a byte that is not text")
	case path.Clean(p) != p || strings.HasPrefix(p, "/") || p == "." || p == ".." || strings.HasPrefix(p, "../"):
		return bad("not a clean relative path")
	}
	for _, s := range strings.Split(p, "/") {
		if strings.EqualFold(s, ".git") {
			return bad("it names git's own folder")
		}
	}
	return nil
}

// checkDir says what is wrong with dir as a folder to list ("" is the
// site root).
func checkDir(dir string) error {
	if dir == "" {
		return nil
	}
	return checkPath(dir)
}
