package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/content"
)

// The trailers haven writes at the end of its commit messages.
const (
	TrailerChange   = "Haven-Change"
	TrailerKind     = "Haven-Kind"
	TrailerUser     = "Haven-User"
	TrailerProposal = "Haven-Proposal"
	TrailerState    = "Haven-State"
)

// maxSummary is how many characters of a note the summary line keeps.
const maxSummary = 72

// message is the commit message of change c: the note's first line as the
// summary (or "Edit <what>" when there is none), the rest of the note, and
// the trailers.
func message(c Change, what, state string, more []trailer) string {
	note := strings.TrimSpace(strings.ReplaceAll(c.Note, "\r\n", "\n"))
	first, rest, _ := strings.Cut(note, "\n")
	first = strings.TrimSpace(first)
	if first == "" {
		first = "Edit " + what
	}
	if utf8.RuneCountInString(first) > maxSummary {
		rest = strings.TrimSpace(first + "\n\n" + rest)
		first = string([]rune(first)[:maxSummary-1]) + "…"
	}
	var b strings.Builder
	b.WriteString(first + "\n\n")
	if rest = strings.TrimSpace(rest); rest != "" {
		b.WriteString(rest + "\n\n")
	}
	fmt.Fprintf(&b, "%s: %s\n%s: %s\n%s: %s\n", TrailerChange, c.ID, TrailerKind, c.Kind, TrailerUser, c.Author.Email)
	if c.Proposal != "" {
		fmt.Fprintf(&b, "%s: %s\n", TrailerProposal, c.Proposal)
	}
	fmt.Fprintf(&b, "%s: %s\n", TrailerState, state)
	for _, t := range more {
		fmt.Fprintf(&b, "%s: %s\n", t.key, t.value)
	}
	return b.String()
}

// trailer is one more trailer line for [message].
type trailer struct{ key, value string }

// summary is a message's first line.
func summary(msg string) string {
	s, _, _ := strings.Cut(msg, "\n")
	return s
}

// parseMessage splits a commit message into its note and haven's
// trailers (the last paragraph's Haven-* lines).
func parseMessage(msg string) (note string, trailers map[string]string) {
	msg = strings.TrimRight(msg, "\n")
	trailers = map[string]string{}
	i := strings.LastIndex(msg, "\n\n")
	last := msg[i+1:]
	for _, l := range strings.Split(strings.TrimSpace(last), "\n") {
		k, v, ok := strings.Cut(l, ": ")
		if !ok || !strings.HasPrefix(k, "Haven-") {
			return msg, map[string]string{}
		}
		trailers[k] = strings.TrimSpace(v)
	}
	if i < 0 {
		return "", trailers
	}
	return strings.TrimSpace(msg[:i]), trailers
}

// logFormat separates a commit's fields with US and commits with RS.
const logFormat = "%H%x1f%an%x1f%ae%x1f%aI%x1f%B%x1e"

// History returns the commits of the site branch that changed path,
// newest first, following only the branch's own line (a published
// proposal is its publish commit, not each of its edits).
func (g *Git) History(ctx context.Context, path string) ([]Revision, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	tip, err := g.resolve(ctx, g.Branch)
	if err != nil || tip == "" {
		return nil, err
	}
	return g.log(ctx, tip, path)
}

// log returns the revisions of path on the first-parent line of tip.
func (g *Git) log(ctx context.Context, tip, path string) ([]Revision, error) {
	out, err := g.run(ctx, nil, nil, "log", "--first-parent", "--format="+logFormat, tip, "--", path)
	if err != nil {
		return nil, err
	}
	var revs []Revision
	for _, rec := range strings.Split(string(out), "\x1e") {
		if r, ok := parseRevision(strings.TrimPrefix(rec, "\n"), path); ok {
			revs = append(revs, r)
		}
	}
	return revs, g.addVersions(ctx, revs)
}

// parseRevision reads one record of [logFormat].
func parseRevision(rec, path string) (Revision, bool) {
	f := strings.SplitN(rec, "\x1f", 5)
	if len(f) != 5 {
		return Revision{}, false
	}
	when, _ := time.Parse(time.RFC3339, f[3])
	note, tr := parseMessage(f[4])
	state := tr[TrailerState]
	if state == "" {
		state = "saved"
	}
	return Revision{Commit: f[0], Path: path, Author: Person{Name: f[1], Email: f[2]}, When: when, Note: note,
		Kind: Kind(tr[TrailerKind]), ChangeID: tr[TrailerChange], Proposal: tr[TrailerProposal], State: state}, true
}

// addVersions sets each revision's Version to the file's blob in its
// commit, in one git call.
func (g *Git) addVersions(ctx context.Context, revs []Revision) error {
	if len(revs) == 0 {
		return nil
	}
	var in strings.Builder
	for _, r := range revs {
		in.WriteString(r.Commit + ":" + r.Path + "\n")
	}
	out, err := g.run(ctx, []byte(in.String()), nil, "cat-file", "--batch-check=%(objectname) %(objecttype)")
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for i := range revs {
		revs[i].Version = Absent
		if i < len(lines) {
			if id, typ, _ := strings.Cut(lines[i], " "); typ == "blob" {
				revs[i].Version = Version(id)
			}
		}
	}
	return nil
}

// hiddenBelow reports whether a segment of p below dir is a name the site
// loader ignores.
func hiddenBelow(p, dir string) bool {
	rel := p
	if dir != "" {
		rel = strings.TrimPrefix(p, dir+"/")
	}
	for _, s := range strings.Split(rel, "/") {
		if content.Ignored(s) {
			return true
		}
	}
	return false
}
