package edit

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
)

// The requests of the fix buttons: carry=<carrySpec> replaces the
// translation's value of a fact by the default-language page's, and
// ack=<entry> adds the entry to the page's acknowledge list. Both change
// only the form: the result is previewed, and written when the editor
// saves.
const (
	carryField = "carry"
	ackField   = "ack"
)

// wantsFix reports whether form asks for a fix.
func wantsFix(form url.Values) bool { return form.Get(carryField) != "" || form.Get(ackField) != "" }

// fix returns text with the fix form asks for applied, and a notice
// saying what changed.
func (e *Handler) fix(q *request, text string, form url.Values) (string, string) {
	if entry := strings.TrimSpace(form.Get(ackField)); entry != "" {
		return acknowledge(q.t, text, entry)
	}
	spec, _ := url.ParseQuery(form.Get(carryField))
	dr, err := e.draft(q, text)
	if err != nil || dr.Page == nil {
		return text, q.t.T("fix.nothing")
	}
	src := sourcePage(q.l, dr.Page)
	if src == nil {
		return text, q.t.T("fix.nothing")
	}
	var todo []drift.Difference
	for _, df := range drift.Differences(dr.Page, src) {
		if matches(spec, df) {
			todo = append(todo, df)
		}
	}
	out, lines := carry(text, todo, src)
	if len(lines) == 0 {
		return text, q.t.T("fix.nothing")
	}
	var ns []string
	for _, n := range lines {
		ns = append(ns, fmt.Sprint(n-dr.Page.BodyLine+1))
	}
	return out, q.t.T("fix.carried", todo[0].D.Text, strings.Join(ns, ", "))
}

// acknowledge adds entry to the acknowledge list of text's front matter,
// replacing an entry for the same fact (one that has become stale).
func acknowledge(t tr, text, entry string) (string, string) {
	d := parseDoc(text)
	if !d.ok {
		return text, t.T("fix.ackRaw", entry)
	}
	orig := valuesOf(d)
	next := values{}
	for k, v := range orig {
		next[k] = v
	}
	fact := func(s string) string { f, _, _ := strings.Cut(s, " @"); return strings.TrimSpace(f) }
	list := slices.DeleteFunc(splitLines(orig["acknowledge"]), func(s string) bool { return fact(s) == fact(entry) })
	next["acknowledge"] = strings.Join(append(list, entry), "\n")
	return d.render(edits(orig, next), nil, d.body), t.T("fix.acked", entry)
}

// carry replaces, in text, the translation's value of each difference
// by the value src (the default-language page) has, on the fact's line.
// A phone's tel: links on the line change with it. It returns the new
// text and the file lines it changed.
func carry(text string, diffs []drift.Difference, src *model.Page) (string, []int) {
	lines := strings.SplitAfter(text, "\n")
	srcLines := strings.Split(string(src.Body), "\n")
	var changed []int
	for _, df := range diffs {
		i := df.T.Line - 1
		if i < 0 || i >= len(lines) {
			continue
		}
		srcLine := ""
		if j := df.D.Line - src.BodyLine; j >= 0 && j < len(srcLines) {
			srcLine = srcLines[j]
		}
		if next := carryLine(lines[i], df, srcLine); next != lines[i] {
			lines[i] = next
			if !slices.Contains(changed, df.T.Line) {
				changed = append(changed, df.T.Line)
			}
		}
	}
	return strings.Join(lines, ""), changed
}

// telLink matches a tel: link target in Markdown.
var telLink = regexp.MustCompile(`(?i)tel:[+0-9][0-9 ().%-]*[0-9]`)

// carryLine replaces df's translation value on line by the source's;
// srcLine is the source's line of the fact.
func carryLine(line string, df drift.Difference, srcLine string) string {
	isLink := func(s string) bool { return strings.HasPrefix(strings.ToLower(s), "tel:") }
	if df.Kind != drift.KindPhone {
		return strings.Replace(line, df.T.Text, df.D.Text, 1)
	}
	if !isLink(df.T.Text) {
		shown := df.D.Text
		if isLink(shown) {
			shown = df.D.Value
		}
		line = strings.Replace(line, df.T.Text, shown, 1)
	}
	target := "tel:" + df.D.Value
	if m := telLinkOf(srcLine, df.D.Value); m != "" {
		target = m
	}
	return telLink.ReplaceAllStringFunc(line, func(m string) string {
		if phoneLink(m[len("tel:"):]) == df.T.Value {
			return target
		}
		return m
	})
}

// telLinkOf returns the tel: link target on line whose number is value,
// or "".
func telLinkOf(line, value string) string {
	for _, m := range telLink.FindAllString(line, -1) {
		if phoneLink(m[len("tel:"):]) == value {
			return m
		}
	}
	return ""
}

// phoneLink is the number of a tel: target as package drift compares it:
// digits, a leading + kept, 00 read as +, +372 dropped.
func phoneLink(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "00") {
		d = "+" + d[2:]
	}
	return strings.TrimPrefix(d, "+372")
}
