package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/yamlx"
)

// FileChange is one file of a proposal: its text before (on the
// proposal's base) and after. Exists is false for a file that is absent
// on that side.
type FileChange struct {
	Path                 string
	Old, New             []byte
	OldExists, NewExists bool
}

// Finding is one change that a second person must approve.
type Finding struct {
	// Path is the file.
	Path string
	// What says what changed: "phone 5555 1234 added", "the help contacts
	// changed".
	What string
	// RemovalOnly is true when the file's critical facts were only
	// removed: safe to publish at once, urgently.
	RemovalOnly bool
	// Added and Removed are the facts as the page writes them (a phone
	// number, an amount), for a review screen to mark; empty for a
	// critical file or setting.
	Added, Removed []string
}

// Assessment is what a proposal changes that matters for readers' safety.
type Assessment struct {
	Findings []Finding
}

// NeedsSecondPerson reports whether a second person must approve before
// any publish, the urgent one included: a finding that is more than a
// removal.
func (a Assessment) NeedsSecondPerson() bool {
	return slices.ContainsFunc(a.Findings, func(f Finding) bool { return !f.RemovalOnly })
}

// criticalKinds are the facts whose change endangers a reader: whom to
// call or write, how much money, by when.
var criticalKinds = []string{drift.KindPhone, drift.KindEmail, drift.KindAmount, drift.KindDate}

// criticalFiles are files every change of which needs a second person.
var criticalFiles = map[string]string{
	content.ContactsFile: "the help contacts changed",
	RolesFile:            "who may review and publish changed",
	"rules.yaml":         "the rulebook changed",
}

// criticalSettings are the haven.yaml settings whose change needs a
// second person.
var criticalSettings = []string{"quick_exit", "allowed_origins", "numbers"}

// Assess finds what the changes do to help contacts, the quick exit and
// the phone numbers, e-mail addresses, euro amounts and dates of pages
// (their Markdown bodies, compared with package drift's facts).
func Assess(changes []FileChange) Assessment {
	var a Assessment
	for _, c := range changes {
		switch what, critical := criticalFiles[c.Path]; {
		case critical:
			a.Findings = append(a.Findings, Finding{Path: c.Path, What: what})
		case c.Path == config.FileName:
			a.Findings = append(a.Findings, settingFindings(c)...)
		case strings.HasPrefix(c.Path, content.Dir+"/") && strings.HasSuffix(c.Path, ".md"):
			if f, ok := factFinding(c); ok {
				a.Findings = append(a.Findings, f)
			}
		}
	}
	return a
}

// settingFindings compares the critical settings of two haven.yaml texts.
func settingFindings(c FileChange) []Finding {
	old, nu := settings(c.Old), settings(c.New)
	var out []Finding
	for _, k := range criticalSettings {
		if old[k] != nu[k] {
			out = append(out, Finding{Path: c.Path, What: k + " changed"})
		}
	}
	return out
}

// settings returns the critical settings of a haven.yaml as canonical
// text; a file that does not parse gives every setting a value no valid
// file has, so any change to or from it counts.
func settings(src []byte) map[string]string {
	var diags diag.List
	root, ok := (&yamlx.Reader{File: config.FileName, Codes: yamlx.CodesFor("config"), Diags: &diags}).Read(src)
	out := map[string]string{}
	for _, k := range criticalSettings {
		switch {
		case !ok || diags.HasErrors():
			out[k] = "\x00unreadable"
		case root.Get(k) != nil:
			out[k] = canonical(root.Get(k))
		}
	}
	return out
}

// canonical writes a YAML value so that two equal values give equal text,
// however they were written.
func canonical(n *yamlx.Node) string {
	switch n.Kind {
	case yamlx.Scalar:
		return fmt.Sprintf("%q", n.Text)
	case yamlx.List:
		var parts []string
		for _, it := range n.Items {
			parts = append(parts, canonical(it))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case yamlx.Map:
		var parts []string
		for _, p := range n.Pairs {
			parts = append(parts, fmt.Sprintf("%q:%s", p.Key.Text, canonical(p.Value)))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ",") + "}"
	}
	return "null"
}

// factFinding compares the critical facts of a page before and after.
func factFinding(c FileChange) (Finding, bool) {
	var old, nu []drift.Fact
	if c.OldExists {
		old = criticalFacts(c.Path, c.Old)
	}
	if c.NewExists {
		nu = criticalFacts(c.Path, c.New)
	}
	added, removed := factDiff(old, nu), factDiff(nu, old)
	if len(added) == 0 && len(removed) == 0 {
		return Finding{}, false
	}
	var parts []string
	for _, f := range added {
		parts = append(parts, f.Kind+" "+f.Text+" added")
	}
	for _, f := range removed {
		parts = append(parts, f.Kind+" "+f.Text+" removed")
	}
	f := Finding{Path: c.Path, What: strings.Join(parts, ", "), RemovalOnly: len(added) == 0}
	for _, x := range added {
		f.Added = append(f.Added, x.Text)
	}
	for _, x := range removed {
		f.Removed = append(f.Removed, x.Text)
	}
	return f, true
}

// criticalFacts returns the phones, e-mails, amounts and dates of a page's
// body. A page the build cannot parse is read as all body.
func criticalFacts(file string, src []byte) []drift.Fact {
	var diags diag.List
	p := content.Parse(file, src, &diags)
	if p == nil {
		p = &content.Page{File: file, Body: src, BodyLine: 1}
	}
	mp := model.New(p, time.Time{}, true)
	if doc, err := markdown.New(markdown.NoHTML).Analyze(p.Body); err == nil {
		mp.SetDoc(doc)
	}
	var out []drift.Fact
	for _, f := range drift.Facts(mp) {
		if slices.Contains(criticalKinds, f.Kind) {
			out = append(out, f)
		}
	}
	return out
}

// factDiff returns the facts of b that a lacks, as multisets of kind and
// value.
func factDiff(a, b []drift.Fact) []drift.Fact {
	have := map[string]int{}
	for _, f := range a {
		have[f.Kind+"\x00"+f.Value]++
	}
	var out []drift.Fact
	for _, f := range b {
		if k := f.Kind + "\x00" + f.Value; have[k] > 0 {
			have[k]--
		} else {
			out = append(out, f)
		}
	}
	return out
}
