// Package signoff keeps a legal reviewer's decisions on coverage cells in
// the site's repository, in signoff.yaml at the site root:
//
//	decisions:
//	  - cell: helpline-116006/et       # requirement/language
//	    decision: accept               # accept or overrule
//	    reason: "Kriisitelefon on avalehel ja abi-lehel."
//	    by: Mari Maasikas
//	    date: 2026-12-02
//	    revision: git:80278ae…          # the content revision reviewed
//	    pages: sha256:4f1c…             # hash of the cell's pages then
//
// A decision says the reviewer accepts the cell's status as it is, or
// overrules it (a weak cell she judges covered, a covered one she does
// not), and why. pages is [PagesHash] of the cell's pages when the
// decision was made: when any of them changes, the decision is stale and
// the report says so, with or without git. The last decision on a cell
// is the one that holds. `haven signoff` records a decision (see
// [Append]); nobody needs to write the YAML by hand.
package signoff

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
)

// File is the sign-off file, relative to the site root.
const File = "signoff.yaml"

// The decisions a reviewer can make.
const (
	Accept   = "accept"
	Overrule = "overrule"
)

// Decision is one reviewer's decision on one cell.
type Decision struct {
	Requirement string    `json:"requirement"`
	Language    string    `json:"language"`
	Decision    string    `json:"decision"`
	Reason      string    `json:"reason"`
	By          string    `json:"by"`
	Date        time.Time `json:"-"` // JSON: see check.CellDecision`
	Revision    string    `json:"revision"`
	Pages       string    `json:"pages"`
	Line        int       `json:"-"`
}

// Cell is the decision's cell as written: requirement/language.
func (d Decision) Cell() string { return d.Requirement + "/" + d.Language }

var keys = []string{"cell", "decision", "reason", "by", "date", "revision", "pages"}

// Load reads signoff.yaml; a site without one has no decisions.
func Load(fsys fs.FS, diags *diag.List) []Decision {
	src, err := fs.ReadFile(fsys, File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		diags.Errorf(File, 0, 0, "signoff.read", "cannot read: %v", err)
		return nil
	}
	return Parse(src, diags)
}

// Parse reads the decisions of src, reporting each problem at its key or
// value (code signoff.entry); a decision with a problem is left out.
func Parse(src []byte, diags *diag.List) []Decision {
	r := &yamlx.Reader{File: File, Diags: diags,
		Codes: yamlx.Codes{Syntax: "signoff.syntax", Type: "signoff.entry", UnknownKey: "signoff.entry", DuplicateKey: "signoff.entry"}}
	root, ok := r.Read(src)
	if !ok || root.Kind == yamlx.Null {
		return nil
	}
	list := root.Get("decisions")
	if root.Kind != yamlx.Map || list == nil {
		root.Errorf("signoff.entry", "decisions", "record decisions with haven signoff", "expected decisions: followed by a list of decisions")
		return nil
	}
	root.Map("", []string{"decisions"}, func(_, _ *yamlx.Node) {})
	var out []Decision
	for _, n := range list.Seq("decisions") {
		if d, ok := parseDecision(n); ok {
			out = append(out, d)
		}
	}
	return out
}

func parseDecision(n *yamlx.Node) (Decision, bool) {
	d := Decision{Line: n.Line}
	if n.Kind != yamlx.Map {
		n.Errorf("signoff.entry", "", "record decisions with haven signoff", "expected a decision with cell, decision, reason, by, date, revision and pages")
		return d, false
	}
	ok := true
	var cell string
	n.Map("decisions", keys, func(k, v *yamlx.Node) {
		var good bool
		switch k.Text {
		case "cell":
			cell, good = v.Str(k.Text)
		case "decision":
			d.Decision, good = v.Str(k.Text)
		case "reason":
			d.Reason, good = v.Str(k.Text)
		case "by":
			d.By, good = v.Str(k.Text)
		case "date":
			d.Date, good = v.Date(k.Text)
		case "revision":
			d.Revision, good = v.Str(k.Text)
		case "pages":
			d.Pages, good = v.Str(k.Text)
		}
		ok = ok && good
	})
	for _, p := range n.Pairs {
		ok = ok && slices.Contains(keys, p.Key.Text)
	}
	bad := func(key, msg, hint string) {
		n.Where(key).Errorf("signoff.entry", key, hint, "%s", msg)
		ok = false
	}
	var found bool
	d.Requirement, d.Language, found = strings.Cut(cell, "/")
	if !found || d.Requirement == "" || d.Language == "" {
		bad("cell", fmt.Sprintf("cell %q must be requirement/language", cell), "e.g. cell: helpline-116006/et")
	}
	if d.Decision != Accept && d.Decision != Overrule {
		bad("decision", fmt.Sprintf("decision %q must be accept or overrule", d.Decision), "")
	}
	for key, v := range map[string]string{"reason": d.Reason, "by": d.By, "revision": d.Revision, "pages": d.Pages} {
		if strings.TrimSpace(v) == "" {
			bad(key, "decision has no "+key, "record decisions with haven signoff, which fills it in")
		}
	}
	if v := n.Get("date"); d.Date.IsZero() && (v == nil || v.Kind == yamlx.Null) {
		bad("date", "decision has no date", "add date: YYYY-MM-DD")
	}
	return d, ok
}

// Latest returns the decision that holds for each cell: the last one.
func Latest(ds []Decision) map[string]Decision {
	out := map[string]Decision{}
	for _, d := range ds {
		out[d.Cell()] = d
	}
	return out
}

// PagesHash is the hash a decision records of a cell's pages: SHA-256
// over each file's name and content, in the order of names.
func PagesHash(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Append returns src (the file's content, nil when there is none) with
// decision d appended as YAML, keeping what src holds as written.
func Append(src []byte, d Decision) []byte {
	var b strings.Builder
	if len(strings.TrimSpace(string(src))) == 0 {
		b.WriteString("# Legal reviewers' decisions on coverage cells (haven signoff records them; see README.md, Sign-off).\ndecisions:\n")
	} else {
		b.Write(src)
		if !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
	}
	q := strconv.Quote
	fmt.Fprintf(&b, "  - cell: %s\n    decision: %s\n    reason: %s\n    by: %s\n    date: %s\n    revision: %s\n    pages: %s\n",
		q(d.Cell()), d.Decision, q(d.Reason), q(d.By), d.Date.Format("2006-01-02"), q(d.Revision), q(d.Pages))
	return []byte(b.String())
}
