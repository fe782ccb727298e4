package edit

import (
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
)

// doc is a page file split for the form: its YAML front matter as lines,
// the place of each top-level key, and the body, byte for byte. A file
// the form cannot edit safely (TOML front matter, none, or YAML that does
// not parse) has ok false and is edited as text.
type doc struct {
	ok bool
	// why says, when ok is false, why the form cannot edit the file.
	why string
	// nl is the file's line ending, "\n" or "\r\n".
	nl string
	// open and close are the --- lines that open and close the front
	// matter, with their line endings.
	open, close string
	// lines are the front-matter lines between the --- lines, each with
	// its line ending; line i is file line i+2.
	lines []string
	// keys are the top-level keys in file order with their line ranges.
	keys []keyRange
	// body is everything after the closing --- line.
	body string
}

// keyRange is one top-level key of the front matter: lines[start:end]
// hold it and its value; comment and blank lines after it are not part of
// it, so they survive a change of the value.
type keyRange struct {
	name       string
	start, end int
	value      *yamlx.Node
}

// Why the form cannot edit a file, as keys of the UI strings.
const (
	whyNoFrontMatter = "raw.no-front-matter"
	whyTOML          = "raw.toml"
	whyBroken        = "raw.broken"
)

// parseDoc splits src for the form.
func parseDoc(src string) doc {
	d := doc{nl: "\n"}
	if strings.HasPrefix(src, "+++") {
		d.why = whyTOML
		return d
	}
	firstEnd := strings.IndexByte(src, '\n')
	if firstEnd < 0 || strings.TrimRight(src[:firstEnd], "\r") != "---" {
		d.why = whyNoFrontMatter
		return d
	}
	if firstEnd > 0 && src[firstEnd-1] == '\r' {
		d.nl = "\r\n"
	}
	d.open = src[:firstEnd+1]
	rest := src[firstEnd+1:]
	for {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			d.why = whyBroken // never closed
			return d
		}
		line := rest[:i+1]
		rest = rest[i+1:]
		if strings.TrimRight(line, " \t\r\n") == "---" {
			d.close = line
			break
		}
		d.lines = append(d.lines, line)
	}
	d.body = rest
	return d.index()
}

// index finds the top-level keys of d's front matter with the YAML reader
// the build uses.
func (d doc) index() doc {
	var diags diag.List
	r := &yamlx.Reader{File: "front matter", FirstLine: 2, Codes: yamlx.CodesFor("frontmatter"), Diags: &diags,
		MaxBytes: content.MaxFrontMatter, MaxDepth: content.MaxFrontMatterDepth}
	root, ok := r.Read([]byte(strings.Join(d.lines, "")))
	if !ok || diags.HasErrors() || root.Kind != yamlx.Map && root.Kind != yamlx.Null {
		d.why = whyBroken
		return d
	}
	for i, p := range root.Pairs {
		start := p.Key.Line - 2
		end := len(d.lines)
		if i+1 < len(root.Pairs) {
			end = root.Pairs[i+1].Key.Line - 2
		}
		if start < 0 || start >= end || p.Key.Col != 1 {
			d.why = whyBroken
			return d
		}
		for end > start+1 && isFiller(d.lines[end-1]) {
			end--
		}
		d.keys = append(d.keys, keyRange{name: p.Key.Text, start: start, end: end, value: p.Value})
	}
	d.ok = true
	return d
}

// isFiller reports whether a front-matter line is blank or a comment.
func isFiller(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || strings.HasPrefix(t, "#")
}

// key returns the range of the top-level key name, or nil.
func (d doc) key(name string) *keyRange {
	i := slices.IndexFunc(d.keys, func(k keyRange) bool { return k.name == name })
	if i < 0 {
		return nil
	}
	return &d.keys[i]
}

// text returns the source lines of a key, joined with "\n", without the
// last line ending.
func (d doc) text(k keyRange) string {
	return strings.ReplaceAll(strings.TrimRight(strings.Join(d.lines[k.start:k.end], ""), "\r\n"), "\r\n", "\n")
}

// known reports whether name is a front-matter key of [content.Fields].
func known(name string) bool {
	return slices.ContainsFunc(content.Fields, func(f content.Field) bool { return f.Name == name })
}

// extra returns the lines of the keys the form has no field for, as the
// file has them, joined with "\n".
func (d doc) extra() string {
	var parts []string
	for _, k := range d.keys {
		if !known(k.name) {
			parts = append(parts, d.text(k))
		}
	}
	return strings.Join(parts, "\n")
}

// bodyLine is the file line the body starts on.
func (d doc) bodyLine() int { return len(d.lines) + 3 }

// keyAt returns the name of the key whose lines hold file line n, or "".
func (d doc) keyAt(n int) string {
	i := n - 2
	for _, k := range d.keys {
		if i >= k.start && i < k.end {
			return k.name
		}
	}
	return ""
}

// edit is a change to the front matter: the new text of key name (one or
// more lines), or "" to remove the key.
type edit struct {
	name, text string
}

// render returns the file with the edits applied to the front matter,
// extra (when not nil) replacing the unknown keys' lines, and body. Lines
// no edit touches are kept byte for byte, comments included; keys new to
// the file go before the closing ---, in the order of the edits.
func (d doc) render(edits []edit, extra *string, body string) string {
	replace := map[int]*string{} // by key start line
	var added []string
	for _, e := range edits {
		if k := d.key(e.name); k != nil {
			replace[k.start] = &e.text
		} else if e.text != "" {
			added = append(added, e.text)
		}
	}
	var b strings.Builder
	b.WriteString(d.open)
	put := func(text string) { // new lines, in the file's line ending
		for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
			b.WriteString(l + d.nl)
		}
	}
	next := 0
	for _, k := range d.keys {
		b.WriteString(strings.Join(d.lines[next:k.start], ""))
		next = k.end
		switch t, ok := replace[k.start]; {
		case ok && *t != "":
			put(*t)
		case ok:
		case extra != nil && !known(k.name):
		default:
			b.WriteString(strings.Join(d.lines[k.start:k.end], ""))
		}
	}
	b.WriteString(strings.Join(d.lines[next:], ""))
	for _, a := range added {
		put(a)
	}
	if extra != nil && strings.TrimSpace(*extra) != "" {
		put(*extra)
	}
	b.WriteString(d.close)
	b.WriteString(body)
	return b.String()
}
