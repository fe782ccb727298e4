package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/haven-cms/haven/internal/diag"
	"gopkg.in/yaml.v3"
)

// FieldType is the type of a front-matter value.
type FieldType string

// The front-matter value types.
const (
	String  FieldType = "string"
	Strings FieldType = "list of strings"
	Date    FieldType = "date (YYYY-MM-DD)"
	Bool    FieldType = "true or false"
	Int     FieldType = "whole number"
)

// Field documents one front-matter key.
type Field struct {
	Name string
	Type FieldType
	Doc  string
}

// Fields lists every front-matter key haven knows, in documentation order.
// Any other key is an error.
var Fields = []Field{
	{"title", String, "Page title, shown as the h1 and in the browser tab. Required."},
	{"description", String, "One-sentence summary for search results, link previews and section lists."},
	{"slug", String, "Replaces the last URL segment (the file name). One segment: no slashes or dots."},
	{"covers", Strings, "Ids of the legal requirements this page covers (see haven check)."},
	{"reviewed", Date, "Day the content was last checked for legal and factual accuracy; shown as the last-update date."},
	{"owner", String, "Team or person responsible for the page."},
	{"draft", Bool, "A draft is built only with --drafts and never published."},
	{"publish", Date, "Publication date; the page appears from this day on."},
	{"expires", Date, "The page disappears on this day."},
	{"aliases", Strings, "Old site-absolute URLs (e.g. /et/vana-leht/) that redirect here."},
	{"weight", Int, "Orders pages in lists and menus; lower comes first."},
	{"menu", String, "Puts the page in a menu: main or footer."},
	{"amounts_as_of", Date, "Day the euro amounts on the page were last confirmed."},
	{"translation_key", String, "Ties translations together when their file paths differ; keeps the page id across renames."},
	{"easy_read", Bool, "The page is written in easy-to-read language (lihtne keel)."},
	{"acknowledge", Strings, "Facts that deliberately differ from the default-language version (silences translation-drift warnings)."},
}

// FieldNames returns the names of [Fields].
func FieldNames() []string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = f.Name
	}
	return names
}

func fieldType(name string) (FieldType, bool) {
	i := slices.IndexFunc(Fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return "", false
	}
	return Fields[i].Type, true
}

// Menus are the menu names the theme knows.
var Menus = []string{"main", "footer"}

// value is one front-matter value with its position, format-independent.
type value struct {
	key       string
	line, col int
	str       string   // scalar text
	list      []string // sequence items, when isList
	isList    bool
	isMap     bool
	quoted    bool // YAML quoted string or TOML string: never a date/bool/int
	native    any  // TOML's decoded value
}

var errNoFrontMatter = errors.New("no front matter")

// splitFrontMatter separates front matter from the body. It returns the raw
// front matter, its format ("yaml" or "toml"), the line the front matter
// text starts on, the body and the line the body starts on.
func splitFrontMatter(src []byte) (raw []byte, format string, fmLine int, body []byte, bodyLine int, err error) {
	var captured []byte
	capture := func(name string) func([]byte, any) error {
		return func(b []byte, _ any) error {
			captured, format = append([]byte{}, b...), name
			return nil
		}
	}
	var sink struct{}
	parse := func(in []byte) ([]byte, error) {
		captured, format = nil, ""
		return frontmatter.Parse(bytes.NewReader(in), &sink,
			frontmatter.NewFormat("---", "---", capture("yaml")),
			frontmatter.NewFormat("+++", "+++", capture("toml")))
	}
	// The parser copies everything after the front matter, so it gets the
	// file only up to the first line that can close the front matter; the
	// whole file only when that finds none.
	in := src
	if end := closingLine(src); end > 0 {
		in = src[:end]
	}
	rest, perr := parse(in)
	if len(in) < len(src) && (perr != nil || format == "") {
		in = src
		rest, perr = parse(in)
	}
	if perr != nil {
		return nil, "", 0, nil, 0, perr
	}
	if !bytes.HasSuffix(in, rest) {
		return nil, "", 0, nil, 0, errors.New("cannot locate the body after the front matter")
	}
	rest = src[len(in)-len(rest):] // the body, as part of src
	if format == "" {
		trimmed := bytes.TrimLeft(src, " \t\n")
		if bytes.HasPrefix(trimmed, []byte("---")) || bytes.HasPrefix(trimmed, []byte("+++")) {
			delim := string(trimmed[:3])
			return nil, "", 0, nil, 0, fmt.Errorf("front matter opened with %s is never closed; expected a line with only %s after the last key", delim, delim)
		}
		return nil, "", 0, src, 1, errNoFrontMatter
	}
	head := src[:len(src)-len(rest)]
	bodyLine = bytes.Count(head, []byte("\n")) + 1
	open := bytes.Index(head, []byte(map[string]string{"yaml": "---", "toml": "+++"}[format]))
	fmLine = bytes.Count(head[:open], []byte("\n")) + 2
	return captured, format, fmLine, rest, bodyLine, nil
}

// closingLine returns the offset just after the first line, past the
// first, that is only "---" or "+++" (a possible end of front matter), or
// 0 when there is none.
func closingLine(src []byte) int {
	first := bytes.IndexByte(src, '\n')
	if first < 0 {
		return 0
	}
	for i := first + 1; i < len(src); {
		end := bytes.IndexByte(src[i:], '\n')
		line := src[i:]
		if end >= 0 {
			line = src[i : i+end]
		}
		if t := bytes.TrimRight(line, " \t\r"); bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("+++")) {
			if end < 0 {
				return len(src)
			}
			return i + end + 1
		}
		if end < 0 {
			return 0
		}
		i += end + 1
	}
	return 0
}

// parseYAML reads a YAML mapping into values; false means it did not parse.
func parseYAML(raw []byte, fmLine int, file string, diags *diag.List) ([]value, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		line, msg := diag.SplitYAMLError(err, raw)
		diags.Add(diag.Diagnostic{File: file, Line: fmLine + max(line, 1) - 1, Severity: diag.Error, Code: "frontmatter.syntax",
			Message: "invalid YAML front matter: " + msg,
			Hint:    "write one key: value a line; quote values that contain ': ' or start with [ { * & ! | > ' \" % @"})
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Add(diag.Diagnostic{File: file, Line: fmLine + root.Line - 1, Column: root.Column, Severity: diag.Error, Code: "frontmatter.syntax",
			Message: "front matter is not a list of keys", Hint: "write one key: value a line, e.g. title: Abi"})
		return nil, false
	}
	var vals []value
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, n := root.Content[i], root.Content[i+1]
		v := value{key: k.Value, line: fmLine + k.Line - 1, col: k.Column}
		switch n.Kind {
		case yaml.ScalarNode:
			v.str = n.Value
			v.quoted = n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
			if n.Tag == "!!null" {
				v.str = ""
			}
		case yaml.SequenceNode:
			v.isList = true
			for _, item := range n.Content {
				if item.Kind != yaml.ScalarNode {
					v.isMap = true // nested structure: wrong type
					continue
				}
				v.list = append(v.list, item.Value)
			}
		case yaml.AliasNode:
			if n.Alias != nil && n.Alias.Kind == yaml.ScalarNode {
				v.str = n.Alias.Value
			} else {
				v.isMap = true
			}
		default:
			v.isMap = true
		}
		vals = append(vals, v)
	}
	return vals, true
}

var tomlKey = regexp.MustCompile(`(?m)^[ \t]*"?([A-Za-z0-9_-]+)"?[ \t]*=`)

// parseTOML reads a TOML table into values; false means it did not parse.
func parseTOML(raw []byte, fmLine int, file string, diags *diag.List) ([]value, bool) {
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		line := 1
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line
			err = errors.New(pe.Message)
		}
		diags.Add(diag.Diagnostic{File: file, Line: fmLine + line - 1, Severity: diag.Error, Code: "frontmatter.syntax",
			Message: "invalid TOML front matter: " + err.Error(), Hint: `write one key = value a line, strings in quotes: title = "Abi"`})
		return nil, false
	}
	lines := map[string]int{}
	for _, loc := range tomlKey.FindAllSubmatchIndex(raw, -1) {
		key := string(raw[loc[2]:loc[3]])
		if _, ok := lines[key]; !ok {
			lines[key] = fmLine + bytes.Count(raw[:loc[0]], []byte("\n"))
		}
	}
	var vals []value
	for k, x := range m {
		v := value{key: k, line: lines[k], col: 1, native: x}
		if v.line == 0 {
			v.line = fmLine
		}
		switch x := x.(type) {
		case string:
			v.str, v.quoted = x, true
		case []any:
			v.isList = true
			for _, item := range x {
				s, ok := item.(string)
				if !ok {
					v.isMap = true
					continue
				}
				v.list = append(v.list, s)
			}
		case map[string]any:
			v.isMap = true
		case time.Time:
			v.str = x.Format(DateLayout)
		default:
			v.str = fmt.Sprint(x)
		}
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b value) int { return a.line - b.line })
	return vals, true
}

// applyFrontMatter checks each value against [Fields] and stores it in p.
func applyFrontMatter(p *Page, vals []value, diags *diag.List) {
	p.Lines = make(map[string]int, len(vals))
	names := FieldNames()
	for _, v := range vals {
		if first, ok := p.Lines[v.key]; ok { // YAML allows it; the last would win unseen
			diags.Add(diag.Diagnostic{File: p.File, Line: v.line, Column: v.col, Severity: diag.Error, Code: "frontmatter.duplicate-key", Field: v.key,
				Message: fmt.Sprintf("%s is set twice, on line %d and on this line", v.key, first),
				Hint:    "keep one of the two lines"})
			continue
		}
		p.Lines[v.key] = v.line
		typ, ok := fieldType(v.key)
		if !ok {
			hint := diag.DidYouMean(v.key, names)
			if hint == "" {
				hint = "known keys: " + strings.Join(names, ", ")
			}
			diags.Add(diag.Diagnostic{File: p.File, Line: v.line, Column: v.col, Severity: diag.Error, Code: "frontmatter.unknown-key", Field: v.key,
				Message: fmt.Sprintf("unknown front-matter key %q", v.key), Hint: hint})
			continue
		}
		bad := func(format string, args ...any) {
			diags.Add(diag.Diagnostic{File: p.File, Line: v.line, Column: v.col, Severity: diag.Error, Code: "frontmatter.type", Field: v.key,
				Message: fmt.Sprintf("%s: expected %s, ", v.key, typ) + fmt.Sprintf(format, args...),
				Hint:    fieldHint(v.key, typ)})
		}
		if v.isMap || (v.isList && typ != Strings) {
			bad("found a list or mapping")
			continue
		}
		switch typ {
		case String:
			setString(p, v.key, v.str)
		case Strings:
			list := v.list
			if !v.isList {
				if v.str == "" {
					list = nil
				} else {
					list = []string{v.str} // a single value is a list of one
				}
			}
			setStrings(p, v.key, list)
		case Date:
			if v.str == "" {
				continue
			}
			s := v.str
			if len(s) > len(DateLayout) && (s[10] == 'T' || s[10] == ' ') && !v.quoted {
				s = s[:10] // a YAML timestamp: keep the day
			}
			d, err := time.Parse(DateLayout, s)
			if err != nil {
				if _, err2 := time.Parse(DateLayout, strings.TrimSpace(s)); err2 == nil || looksLikeDate(s) {
					bad("%q is not a real calendar date", v.str)
				} else {
					bad("found %q", v.str)
				}
				continue
			}
			setDate(p, v.key, d)
		case Bool:
			switch strings.ToLower(v.str) {
			case "true", "yes":
				setBool(p, v.key, true)
			case "false", "no", "":
				setBool(p, v.key, false)
			default:
				bad("found %q", v.str)
			}
		case Int:
			n, err := strconv.Atoi(v.str)
			if err != nil {
				bad("found %q", v.str)
				continue
			}
			p.Weight = n
		}
	}
}

var dateShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func looksLikeDate(s string) bool { return dateShape.MatchString(s) }

func fieldHint(key string, typ FieldType) string {
	switch typ {
	case Date:
		return "write the day as YYYY-MM-DD, e.g. " + key + ": 2026-03-01"
	case Strings:
		return "write a list, e.g. " + key + ": [a, b]"
	case Bool:
		return "write " + key + ": true or " + key + ": false"
	case Int:
		return "write a whole number, e.g. " + key + ": 10"
	}
	return "write text, in quotes if it contains ': ', e.g. " + key + `: "Abi ja tugi"`
}

func setString(p *Page, key, s string) {
	switch key {
	case "title":
		p.Title = strings.TrimSpace(s)
	case "description":
		p.Description = strings.TrimSpace(s)
	case "slug":
		p.Slug = strings.TrimSpace(s)
	case "owner":
		p.Owner = s
	case "menu":
		p.Menu = s
	case "translation_key":
		p.TranslationKey = strings.Trim(strings.TrimSpace(s), "/")
	}
}

func setStrings(p *Page, key string, list []string) {
	switch key {
	case "covers":
		p.Covers = list
	case "aliases":
		p.Aliases = list
	case "acknowledge":
		p.Acknowledge = list
	}
}

func setDate(p *Page, key string, d time.Time) {
	switch key {
	case "reviewed":
		p.Reviewed = d
	case "publish":
		p.Publish = d
	case "expires":
		p.Expires = d
	case "amounts_as_of":
		p.AmountsAsOf = d
	}
}

func setBool(p *Page, key string, b bool) {
	switch key {
	case "draft":
		p.Draft = b
	case "easy_read":
		p.EasyRead = b
	}
}
