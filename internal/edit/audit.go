package edit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// AuditFile is the name of the audit log in a team site's state folder
// ([TeamSite.State]).
const AuditFile = "audit.jsonl"

// Outcomes of an [AuditEntry].
const (
	// AuditOK is a step that was done.
	AuditOK = "ok"
	// AuditRefused is a request refused: not signed in, another origin,
	// a forged or expired session, a role the roles file does not grant,
	// the four-eyes rule.
	AuditRefused = "refused"
	// AuditConflict is a step the state of the site or proposal was in
	// the way of (a save over a newer version, a publish that clashes).
	AuditConflict = "conflict"
)

// AuditUnknown is the person of a request from nobody signed in.
const AuditUnknown = "unknown"

// AuditEntry is one line of the audit log: who did or tried what, when,
// from where, and how it ended. Person is an e-mail address, never a
// personal identification code (the provider's subject, which TARA sets
// to one, is not stored).
type AuditEntry struct {
	At       time.Time `json:"at"`
	Person   string    `json:"person"`
	Name     string    `json:"name,omitempty"`
	Remote   string    `json:"remote"`
	Action   string    `json:"action"`
	Proposal string    `json:"proposal,omitempty"`
	Page     string    `json:"page,omitempty"`
	Outcome  string    `json:"outcome"`
	Reason   string    `json:"reason,omitempty"`
	// Prev is the SHA-256 of the line before (of "" for the first), so
	// that a line changed or removed afterwards breaks the chain that
	// [ReadAudit] checks.
	Prev string `json:"prev"`
}

// Audit is the append-only audit log of a team's editor: every step of
// the workflow (a save into a proposal, submit, request changes,
// approve, publish, restore, sign-in and sign-out) and every refused
// request, one JSON object a line.
//
// It lives in the editor's own state folder below the repository's git
// folder (site.git/haven/audit.jsonl), outside content/ and outside any
// commit, and not in git: anyone who may push can rewrite or delete a
// ref, the people the log records included, and every clone would copy
// the log (people's addresses and e-mails) to every laptop; nor should a
// stranger's refused request become a commit in the site's history. The
// file is opened O_APPEND, written only by the editor, a whole line per
// write, fsync'd before the request is answered, and chained (each line
// carries the hash of the one before), so that a line edited or removed
// on the server shows in [ReadAudit]. Publishers and admins read it on
// the audit screen (/_haven/edit/audit); it is also plain JSON lines for
// jq.
type Audit struct {
	// Now returns the time; nil means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	path string
	f    *os.File
	prev string // hash of the last line
}

// OpenAudit opens (or starts) the audit log at path for appending.
func OpenAudit(path string) (*Audit, error) {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read the audit log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the audit log: %w; the editor needs to write %s", err, path)
	}
	a := &Audit{path: path, f: f}
	if lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n")); len(data) > 0 {
		a.prev = lineHash(lines[len(lines)-1])
	}
	return a, nil
}

// lineHash is the chain's hash of one line (without its line break).
func lineHash(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:])
}

// Record appends e, timed now, and syncs the file. A nil Audit records
// nothing.
func (a *Audit) Record(e AuditEntry) error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	e.At = time.Now().UTC()
	if a.Now != nil {
		e.At = a.Now().UTC()
	}
	e.Person = strings.ToLower(e.Person)
	if e.Person == "" {
		e.Person = AuditUnknown
	}
	e.Prev = a.prev
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := a.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("write the audit log: %w", err)
	}
	if err := a.f.Sync(); err != nil {
		return fmt.Errorf("sync the audit log: %w", err)
	}
	a.prev = lineHash(line)
	return nil
}

// RecordRequest appends e as made by request r (its remote address).
func (a *Audit) RecordRequest(r *http.Request, e AuditEntry) error {
	e.Remote = r.RemoteAddr
	return a.Record(e)
}

// Entries reads the whole log back, oldest first (see [ReadAudit]).
func (a *Audit) Entries() ([]AuditEntry, error) {
	a.mu.Lock() // no line half written
	defer a.mu.Unlock()
	f, err := os.Open(a.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAudit(f, a.path)
}

// Close closes the log.
func (a *Audit) Close() error { return a.f.Close() }

// ReadAudit reads an audit log, oldest first, checking the chain: an
// error names the first line of the file name that does not read or
// whose predecessor was changed or removed, and the entries before it
// are returned.
func ReadAudit(r io.Reader, name string) ([]AuditEntry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	var out []AuditEntry
	prev := ""
	for n := 1; sc.Scan(); n++ {
		var e AuditEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return out, fmt.Errorf("%s:%d:1: not an audit entry (%v); the log was changed outside the editor", name, n, err)
		}
		if e.Prev != prev {
			return out, fmt.Errorf("%s:%d:1: the chain breaks: the line before this one was changed or removed after it was written", name, n)
		}
		prev = lineHash(sc.Bytes())
		out = append(out, e)
	}
	return out, sc.Err()
}

// remoteKey carries a request's remote address in its context.
type remoteKey struct{}

// withRemote puts the request's remote address in its context, for the
// audit entries of the steps it makes.
func withRemote(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), remoteKey{}, r.RemoteAddr)))
	})
}

// remoteOf is the remote address withRemote put in ctx.
func remoteOf(ctx context.Context) string {
	s, _ := ctx.Value(remoteKey{}).(string)
	return s
}

// audit records one step of a team's workflow by who: done when err is
// nil, else refused or a conflict as [refusalCode] judges err.
func (e *Handler) audit(ctx context.Context, who havenstore.Person, action, proposal, page string, err error) {
	if e.opts.Team == nil {
		return
	}
	en := AuditEntry{Person: who.Email, Name: who.Name, Remote: remoteOf(ctx), Action: action, Proposal: proposal, Page: page, Outcome: AuditOK}
	if err != nil {
		en.Outcome, en.Reason = AuditRefused, err.Error()
		if isConflict(err) {
			en.Outcome = AuditConflict
		}
	}
	_ = e.opts.Team.Audit.Record(en)
}

// isConflict reports whether err is the site's or the proposal's text
// in the way (a save over a newer version, a publish that clashes or
// would not build) rather than a refusal; a step the proposal's state
// does not allow is refused.
func isConflict(err error) bool {
	_, c := errors.AsType[*havenstore.Conflict](err)
	_, pc := errors.AsType[*havenstore.PublishConflict](err)
	_, pi := errors.AsType[*havenstore.PublishInvalid](err)
	return c || pc || pi
}

// refuseCrossOrigin answers a cross-origin POST: 403, recorded.
func (e *Handler) refuseCrossOrigin(w http.ResponseWriter, r *http.Request) {
	t := e.tr(r)
	if e.opts.Team != nil {
		who, _ := e.opts.Team.Person(r)
		_ = e.opts.Team.Audit.RecordRequest(r, AuditEntry{Person: who.Email, Name: who.Name, Action: r.Method + " " + r.URL.Path,
			Proposal: r.PostFormValue("id"), Outcome: AuditRefused,
			Reason: fmt.Sprintf("another origin (Origin %q, Sec-Fetch-Site %q)", r.Header.Get("Origin"), r.Header.Get("Sec-Fetch-Site"))})
	}
	e.fail(w, t, http.StatusForbidden, t.T("error.crossOrigin"))
}
