// Package store keeps a site's files behind one interface, [Store], with
// two implementations:
//
//   - [Files], a plain folder: what the editor does today. A version is
//     the SHA-256 of the file's bytes; writes go through an os.Root to a
//     hidden temporary file that is synced and renamed over the old one.
//     It keeps no history.
//   - [Git], a branch of a git repository. A version is the file's blob
//     id. Every write is a commit with the person as author, a summary
//     line from their change note and trailers (Haven-Change, Haven-Kind,
//     Haven-User, Haven-Proposal), made with plumbing only (hash-object,
//     a temporary index file, write-tree, commit-tree) and put on the
//     branch with a compare-and-swap (git update-ref <ref> <new> <old>).
//     No working tree and no index of anyone's checkout is touched, so an
//     IT person's git pull and the editor never fight.
//
// A write names the version it was based on. When the file changed since,
// nothing is written and the write returns a [*Conflict] carrying their
// text, for the editor's merge view. When only other files changed (a
// colleague's git push landed between reading and writing), the write is
// made again on top of theirs.
//
// # Proposals
//
// [Proposals] bundle changes to several pages and languages for review:
// each is a branch refs/haven/proposals/<id> whose tree also holds its
// state, people and notes in .haven/proposal.json, so a state change and
// the content it applies to move in one commit. The states are draft → in
// review → changes requested → approved → published (or scheduled), plus
// "published, needs review" for an urgent publish; [Transitions] is the
// table. Publishing merges the proposal into the site branch file by file
// (git merge-file for text both sides changed), a conflict only when the
// same lines changed.
//
// # Roles and the four-eyes rule
//
// Who may do what comes from .haven/roles.yaml on the site branch (see
// [ParseRoles]), itself changed only by a reviewed proposal. Nobody
// approves or clears a proposal they wrote or changed; only a reviewer
// approves; only a publisher publishes. A proposal that changes a phone
// number, e-mail address, euro amount or date in a page (compared with
// package drift's facts), the help contacts, the roles, the rulebook or
// quick_exit, allowed_origins or numbers in haven.yaml always needs a
// second person's approval, even on the urgent path; one that only removes
// such facts from pages may go out at once as urgent, "published, needs
// review" until a reviewer clears it ([Assess]).
//
// # Why the git command and not go-git
//
// The store runs the installed git (2.39 or newer) rather than linking
// go-git: git update-ref takes git's own ref lock (refs/heads/x.lock,
// created exclusively, then renamed), so its compare-and-swap is exact
// against any other git process on the machine, a colleague's git commit
// or push included. go-git's CheckAndSetReference locks the ref file
// itself with flock and rewrites it in place, which a concurrent git does
// not see; its merge has no three-way text merge either, and it would add
// some twenty modules. With the command the repository is whatever git
// makes of it (packed refs, SHA-256, alternates, hooks the admin set up).
package store
