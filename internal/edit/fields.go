package edit

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/yamlx"
)

// The form's field names: fieldPrefix + a front-matter key, and the rest.
const (
	fieldPrefix = "f-"
	extraField  = "extra"  // the keys the form does not know, as YAML
	bodyField   = "body"   // the Markdown after the front matter
	sourceField = "source" // the whole file, when it is edited as text
	noteField   = "note"   // a team's change note, saved with the proposal
)

// advanced are the keys the form shows under "Advanced": changing them
// moves the page or ties it to other pages.
var advanced = []string{"slug", "aliases", "translation_key"}

// values are a page's front-matter keys as the form shows them: one string
// per key of [content.Fields], list items one a line; a key the file does
// not set is absent. The form and the file are compared in this shape, so
// a key whose value the editor did not change keeps its lines.
type values map[string]string

// valuesOf returns the form values of d's front matter.
func valuesOf(d doc) values {
	v := values{}
	for _, k := range d.keys {
		f, ok := field(k.name)
		if !ok {
			continue
		}
		v[k.name] = formValue(d, k, f.Type)
	}
	return v
}

// field returns the [content.Field] called name.
func field(name string) (content.Field, bool) {
	i := slices.IndexFunc(content.Fields, func(f content.Field) bool { return f.Name == name })
	if i < 0 {
		return content.Field{}, false
	}
	return content.Fields[i], true
}

// formValue is the form's text for key k of type typ. A value that is not
// of the key's type is shown as the YAML text after the colon, so the
// editor sees what the build complains about.
func formValue(d doc, k keyRange, typ content.FieldType) string {
	n := k.value
	switch {
	case n == nil || n.Kind == yamlx.Null:
		return ""
	case typ == content.Strings && n.Kind == yamlx.List && scalars(n.Items):
		items := make([]string, len(n.Items))
		for i, it := range n.Items {
			items[i] = it.Text
		}
		return strings.Join(items, "\n")
	case n.Kind == yamlx.Scalar:
		return oneLine(n.Text)
	}
	_, after, _ := strings.Cut(d.text(k), ":")
	return strings.TrimSpace(after)
}

func scalars(items []*yamlx.Node) bool {
	return !slices.ContainsFunc(items, func(n *yamlx.Node) bool { return n.Kind != yamlx.Scalar })
}

// valuesFrom returns the form values a submitted form holds, given the
// values of the file it was loaded from (orig): a checkbox left unticked
// means false only where the file said something, and covers keeps the
// file's order for the ids still ticked.
func valuesFrom(form url.Values, orig values) values {
	v := values{}
	for _, f := range content.Fields {
		name := fieldPrefix + f.Name
		var s string
		switch {
		case f.Type == content.Bool:
			s = boolValue(form.Has(name), orig, f.Name)
		case f.Name == "covers":
			s = strings.Join(ordered(splitLines(orig[f.Name]), form[name]), "\n")
		case f.Type == content.Strings:
			s = strings.Join(splitLines(normalize(form.Get(name))), "\n")
		default:
			s = oneLine(form.Get(name))
		}
		if _, had := orig[f.Name]; s != "" || had {
			v[f.Name] = s
		}
	}
	return v
}

func boolValue(ticked bool, orig values, key string) string {
	o, had := orig[key]
	switch {
	case ticked:
		return "true"
	case !had, o == "":
		return ""
	}
	return "false"
}

// ordered returns the ids of ticked in the order of orig, then the newly
// ticked ones in form order.
func ordered(orig, ticked []string) []string {
	var out []string
	for _, id := range orig {
		if slices.Contains(ticked, id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, id := range ticked {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// splitLines returns the non-empty trimmed lines of s.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// oneLine is s as a one-line text input holds it: browsers drop the line
// breaks of a value (a YAML block scalar's), and the build trims spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r", "", "\n", "").Replace(s))
}

// normalize turns the CRLF line endings browsers send into LF.
func normalize(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// edits returns the front-matter edits that turn orig into next: one per
// key whose form value changed, in [content.Fields] order.
func edits(orig, next values) []edit {
	var out []edit
	for _, f := range content.Fields {
		o, had := orig[f.Name]
		n, has := next[f.Name]
		if had == has && o == n {
			continue
		}
		text := ""
		if has && n != "" {
			text = f.Name + ": " + yamlValue(f.Type, n)
		}
		out = append(out, edit{name: f.Name, text: text})
	}
	return out
}

// parseDay reads a front-matter date.
func parseDay(s string) (time.Time, error) { return time.Parse(content.DateLayout, s) }

// yamlValue writes a form value of type typ as YAML: lists in flow style,
// dates, numbers and true/false as they are when they are valid, text
// plain when that cannot be misread, else double-quoted.
func yamlValue(typ content.FieldType, s string) string {
	switch typ {
	case content.Strings:
		items := splitLines(s)
		for i, it := range items {
			items[i] = yamlString(it)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case content.Date:
		if dateShape.MatchString(s) { // a wrong day too: the build explains it
			return s
		}
	case content.Bool:
		if s == "true" || s == "false" {
			return s
		}
	case content.Int:
		if _, err := strconv.Atoi(s); err == nil {
			return s
		}
	}
	return yamlString(s)
}

// plainSafe matches text YAML reads back as the same string when written
// unquoted: it starts with a letter, digit or / and holds no character
// that YAML gives a meaning.
var plainSafe = regexp.MustCompile(`^[\p{L}\p{N}/(][^:#\[\]{},&*!|>'"%@` + "`" + `\\\t]*$`)

// dateShape matches what YAML front matter writes as a date.
var dateShape = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// notText matches plain scalars YAML reads as something other than text.
var notText = regexp.MustCompile(`(?i)^(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_.:eE+-]*|[-+]?\.inf|\.nan|0x[0-9a-f]+|0o[0-7]+)$`)

// yamlString writes s as a YAML scalar.
func yamlString(s string) string {
	if plainSafe.MatchString(s) && !notText.MatchString(s) && strings.TrimSpace(s) == s {
		return s
	}
	var b strings.Builder
	enc := json.NewEncoder(&b) // a JSON string is a YAML double-quoted scalar
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
