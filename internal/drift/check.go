package drift

import (
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
)

// Diagnostic codes reported by [Check].
const (
	// CodeDrift is a fact that differs from the default-language page.
	CodeDrift = "translation.drift"
	// CodeOutdated is a translation reviewed before its default-language
	// page was.
	CodeOutdated = "translation.outdated"
	// CodeAcknowledge is an acknowledge entry that names no fact.
	CodeAcknowledge = "translation.acknowledge"
)

// Check compares every page that exists in more than one language with
// its default-language version and returns warnings: translation.drift for
// each fact that differs, translation.outdated for a translation whose
// reviewed date is older than the default-language page's, and
// translation.acknowledge for acknowledge entries it cannot read. Pass
// only published pages. Pages without a default-language version are
// compared with their first version (in the order of pages), so a
// translation with no source is still checked against its siblings. The
// result is sorted.
//
// Each page's facts are worked out once and kept on it (see [PageFacts]).
func Check(pages []*model.Page, defaultLang string) []diag.Diagnostic {
	groups := map[string][]int{}
	var keys []string
	for i, p := range pages {
		if _, ok := groups[p.Key]; !ok {
			keys = append(keys, p.Key)
		}
		groups[p.Key] = append(groups[p.Key], i)
	}
	facts := allFacts(pages, groups)
	var out []diag.Diagnostic
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		def := -1
		for _, i := range g {
			if pages[i].Lang == defaultLang {
				def = i
				break
			}
		}
		if def < 0 {
			def = g[0] // no default-language source: compare the others with the first
		}
		d := pages[def]
		dFacts := facts[def]
		seen := map[string]bool{d.Lang: true}
		for _, i := range g {
			t := pages[i]
			if seen[t.Lang] {
				continue // the default page itself, or a duplicate the loader reports
			}
			seen[t.Lang] = true
			out = append(out, compare(t, d, facts[i], dFacts)...)
		}
	}
	diag.Sort(out)
	return out
}

// allFacts extracts, in parallel, the facts of every page that has a
// translation.
func allFacts(pages []*model.Page, groups map[string][]int) [][]Fact {
	var todo []int
	for _, g := range groups {
		if len(g) > 1 {
			todo = append(todo, g...)
		}
	}
	facts := make([][]Fact, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= len(todo) {
					return
				}
				facts[todo[n]] = PageFacts(pages[todo[n]])
			}
		})
	}
	wg.Wait()
	return facts
}

// PageFacts returns the facts of p: those it holds ([model.Page.Facts]),
// else worked out now and kept on it. A page is worked on by one
// goroutine at a time.
func PageFacts(p *model.Page) []Fact {
	if p.Facts == nil {
		p.Facts = Facts(p)
		if p.Facts == nil {
			p.Facts = []Fact{}
		}
		for i := range p.Facts { // kept with the page record: not a piece of its whole text
			f := &p.Facts[i]
			f.Text, f.Context = strings.Clone(f.Text), strings.Clone(f.Context)
		}
	}
	return p.Facts
}

// units is a count written as digits with its unit: "1 item", "3 items".
func units(n, unit string) string {
	if n == "1" {
		return "1 " + unit
	}
	return n + " " + unit + "s"
}

// short is a page's file without the content/ prefix, as in messages.
func short(p *model.Page) string { return strings.TrimPrefix(p.File, content.Dir+"/") }

func at(p *model.Page, line int) string {
	if line > 0 {
		return short(p) + ":" + strconv.Itoa(line)
	}
	return short(p)
}

func related(p *model.Page, line int) string {
	if line > 0 {
		return p.File + ":" + strconv.Itoa(line)
	}
	return p.File
}

// compare reports the differences of translation t from default page d.
func compare(t, d *model.Page, tFacts, dFacts []Fact) []diag.Diagnostic {
	var out []diag.Diagnostic
	if t.OutdatedBy(d) {
		out = append(out, diag.Diagnostic{
			File: t.File, Line: t.Line("reviewed"), Severity: diag.Warning, Code: CodeOutdated, Field: "reviewed",
			Message: fmt.Sprintf("reviewed %s, before %s (reviewed %s): the translation may be outdated",
				t.Reviewed.Format(content.DateLayout), at(d, d.Line("reviewed")), d.Reviewed.Format(content.DateLayout)),
			Hint:    fmt.Sprintf("compare it with %s, update what changed and set reviewed", short(d)),
			Related: related(d, d.Line("reviewed")),
		})
	}
	diffs, bad := differences(t, d, tFacts, dFacts)
	out = append(out, bad...)
	for _, df := range diffs {
		out = append(out, df.Warning)
	}
	return out
}

// Difference is one fact that differs between a translation and its
// default-language page: what a translation.drift warning reports, for
// tools that offer to fix it (the editor carries the default page's
// value into the translation, or acknowledges the difference).
type Difference struct {
	// Kind is the facts' kind.
	Kind string
	// T is the translation's fact and D the default page's; one is nil
	// when the fact has no counterpart on the other page.
	T, D *Fact
	// N is the 1-based ordinal of the list or table, for list-items and
	// table-rows; 0 otherwise.
	N int
	// Ack is the acknowledge entry that silences the warning.
	Ack string
	// Warning is the translation.drift warning [Check] reports.
	Warning diag.Diagnostic
}

// Differences returns the differences of translation t from its
// default-language page d that no acknowledgement covers, in the order
// [Check] reports them. Neither page is changed: facts a page does not
// hold yet are worked out and not kept.
func Differences(t, d *model.Page) []Difference {
	diffs, _ := differences(t, d, factsOf(t), factsOf(d))
	return diffs
}

func factsOf(p *model.Page) []Fact {
	if p.Facts != nil {
		return p.Facts
	}
	return Facts(p)
}

// differences returns the differences of t from d that no
// acknowledgement covers, and warnings on acknowledge entries it cannot
// read.
func differences(t, d *model.Page, tFacts, dFacts []Fact) ([]Difference, []diag.Diagnostic) {
	acks, bad := parseAcks(t)
	var out []Difference
	for _, kind := range kinds {
		tk, dk := ofKind(tFacts, kind), ofKind(dFacts, kind)
		var diffs []difference
		if kind == KindListItems || kind == KindTableRows {
			diffs = orderedDiffs(tk, dk)
		} else {
			diffs = multisetDiffs(tk, dk)
		}
		for _, df := range diffs {
			if dg, entry, ok := report(t, d, kind, df, acks); ok {
				out = append(out, Difference{Kind: kind, T: df.t, D: df.d, N: df.n, Ack: entry, Warning: dg})
			}
		}
	}
	return out, bad
}

func ofKind(fs []Fact, kind string) []Fact {
	var out []Fact
	for _, f := range fs {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

// difference is one fact of the translation (t) and/or of the default page
// (d) that has no equal on the other side; n is the 1-based ordinal of a
// list or table.
type difference struct {
	t, d *Fact
	n    int
}

// multisetDiffs matches equal values (each occurrence once), then pairs
// what is left in order of appearance.
func multisetDiffs(tf, df []Fact) []difference {
	left := map[string]int{}
	for _, f := range df {
		left[f.Value]++
	}
	var tu []*Fact
	for i := range tf {
		if left[tf[i].Value] > 0 {
			left[tf[i].Value]--
		} else {
			tu = append(tu, &tf[i])
		}
	}
	matched := map[string]int{}
	for _, f := range tf {
		matched[f.Value]++
	}
	var du []*Fact
	for i := range df {
		if matched[df[i].Value] > 0 {
			matched[df[i].Value]--
		} else {
			du = append(du, &df[i])
		}
	}
	var out []difference
	for i := range max(len(tu), len(du)) {
		var df difference
		if i < len(tu) {
			df.t = tu[i]
		}
		if i < len(du) {
			df.d = du[i]
		}
		out = append(out, df)
	}
	return out
}

// orderedDiffs compares list (or table) lengths in order: list 2 of the
// translation with list 2 of the default page.
func orderedDiffs(tf, df []Fact) []difference {
	var out []difference
	for i := range max(len(tf), len(df)) {
		diff := difference{n: i + 1}
		if i < len(tf) {
			diff.t = &tf[i]
		}
		if i < len(df) {
			diff.d = &df[i]
		}
		if diff.t != nil && diff.d != nil && diff.t.Value == diff.d.Value {
			continue
		}
		out = append(out, diff)
	}
	return out
}

// report turns a difference into a warning and the acknowledge entry
// that silences it, or returns false when an acknowledgement that is not
// stale covers it.
func report(t, d *model.Page, kind string, df difference, acks []ack) (diag.Diagnostic, string, bool) {
	dg := diag.Diagnostic{File: t.File, Severity: diag.Warning, Code: CodeDrift}
	var ackAs string // what an editor would write to acknowledge it
	if df.n > 0 {
		what, unit := "list", "item"
		if kind == KindTableRows {
			what, unit = "table", "row"
		}
		ackAs = fmt.Sprintf("%s %d", what, df.n)
		switch {
		case df.t != nil && df.d != nil:
			dg.Line, dg.Related = df.t.Line, related(d, df.d.Line)
			dg.Message = fmt.Sprintf("%s %s %d has %s where %s has %s",
				at(t, df.t.Line), what, df.n, units(df.t.Value, unit), at(d, df.d.Line), df.d.Value)
		case df.t != nil:
			dg.Line, dg.Related = df.t.Line, related(d, 0)
			dg.Message = fmt.Sprintf("%s has %s %d (%s), missing from %s",
				at(t, df.t.Line), what, df.n, units(df.t.Value, unit), short(d))
		default:
			dg.Related = related(d, df.d.Line)
			dg.Message = fmt.Sprintf("%s lacks %s %d (%s) that %s has",
				short(t), what, df.n, units(df.d.Value, unit), at(d, df.d.Line))
		}
	} else {
		switch {
		case df.t != nil && df.d != nil:
			dg.Line, dg.Related = df.t.Line, related(d, df.d.Line)
			dg.Message = fmt.Sprintf("%s has %s where %s has %s", at(t, df.t.Line), df.t.Text, at(d, df.d.Line), df.d.Text)
			ackAs = df.t.Text
		case df.t != nil:
			dg.Line, dg.Related = df.t.Line, related(d, 0)
			dg.Message = fmt.Sprintf("%s has %s, missing from %s", at(t, df.t.Line), df.t.Text, short(d))
			ackAs = df.t.Text
		default:
			dg.Related = related(d, df.d.Line)
			dg.Message = fmt.Sprintf("%s lacks %s that %s has", short(t), df.d.Text, at(d, df.d.Line))
			ackAs = df.d.Text
		}
	}
	for _, a := range acks {
		if !a.covers(kind, df) {
			continue
		}
		if a.asOf.IsZero() || !d.Reviewed.After(a.asOf) {
			return dg, "", false
		}
		dg.Message += fmt.Sprintf(" (acknowledged as of %s, but %s was reviewed again on %s)",
			a.asOf.Format(content.DateLayout), short(d), d.Reviewed.Format(content.DateLayout))
		dg.Field = "acknowledge"
		entry := ackEntry(a.raw, d)
		dg.Hint = fmt.Sprintf("check the fact against %s; if the difference is still deliberate, change the entry to %q", short(d), entry)
		return dg, entry, true
	}
	entry := ackEntry(ackAs, d)
	dg.Hint = fmt.Sprintf("correct the fact on the page that is wrong; if the difference is deliberate, add %q to acknowledge in %s's front matter", entry, short(t))
	return dg, entry, true
}

// ackEntry is an acknowledge entry for text as of d's reviewed date.
func ackEntry(text string, d *model.Page) string {
	text, _, _ = strings.Cut(text, " @")
	if d.Reviewed.IsZero() {
		return text
	}
	return text + " @" + d.Reviewed.Format(content.DateLayout)
}

// ack is one entry of a translation's acknowledge list.
type ack struct {
	raw   string
	facts []Fact // the facts the entry names
	what  string // "list" or "table" for "list 2"
	n     int
	asOf  time.Time // the default page's reviewed date it was made for; zero if none
}

// covers reports whether a acknowledges difference df of kind.
func (a ack) covers(kind string, df difference) bool {
	if df.n > 0 {
		return a.n == df.n && (a.what == "list") == (kind == KindListItems)
	}
	for _, f := range a.facts {
		if f.Kind != kind {
			continue
		}
		if df.t != nil && f.Value == df.t.Value || df.d != nil && f.Value == df.d.Value {
			return true
		}
	}
	return false
}

var listRef = regexp.MustCompile(`^(?i)(list|table)\s+(\d+)$`)

// parseAcks reads the acknowledge entries of p, reporting those it cannot
// read.
func parseAcks(p *model.Page) ([]ack, []diag.Diagnostic) {
	var acks []ack
	var bad []diag.Diagnostic
	complain := func(msg string) {
		bad = append(bad, diag.Diagnostic{File: p.File, Line: p.Line("acknowledge"), Severity: diag.Warning, Code: CodeAcknowledge,
			Field: "acknowledge", Message: msg,
			Hint: `write a phone number, e-mail address, amount, percentage, date, year or link as on the page, or "list N" or "table N", optionally followed by @YYYY-MM-DD, the default-language page's reviewed date`})
	}
	for _, raw := range p.Acknowledge {
		a := ack{raw: raw}
		text := strings.TrimSpace(raw)
		if i := strings.LastIndex(text, "@"); i >= 0 && (i == 0 || text[i-1] == ' ') {
			date := strings.TrimSpace(text[i+1:])
			d, err := time.Parse(content.DateLayout, date)
			if err != nil {
				complain(fmt.Sprintf("acknowledge entry %q: %q is not a date (YYYY-MM-DD)", raw, date))
				continue
			}
			a.asOf, text = d, strings.TrimSpace(text[:i])
		}
		if m := listRef.FindStringSubmatch(text); m != nil {
			a.what = strings.ToLower(m[1])
			a.n, _ = strconv.Atoi(m[2])
		} else {
			a.facts = entryFacts(text)
		}
		if a.n == 0 && len(a.facts) == 0 {
			complain(fmt.Sprintf("acknowledge entry %q names no fact that haven compares", raw))
			continue
		}
		acks = append(acks, a)
	}
	return acks, bad
}

// entryFacts extracts the facts an acknowledge entry names: a link, or
// whatever the text extractors find in it.
func entryFacts(text string) []Fact {
	lower := strings.ToLower(text)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "//"):
		return []Fact{{Kind: KindURL, Value: normalURL(text), Text: text}}
	case strings.HasPrefix(lower, "tel:"):
		return []Fact{{Kind: KindPhone, Value: normalPhoneLink(text[4:]), Text: text}}
	case strings.HasPrefix(lower, "mailto:"):
		return []Fact{{Kind: KindEmail, Value: strings.ToLower(text[7:]), Text: text}}
	}
	fs := lineFacts(text, 0)
	if len(fs) == 0 && !strings.ContainsAny(text, " @") && strings.Contains(text, ".") {
		// A bare host such as palunabi.ee/abi.
		fs = append(fs, Fact{Kind: KindURL, Value: normalURL("https://" + text), Text: text})
	}
	return fs
}
