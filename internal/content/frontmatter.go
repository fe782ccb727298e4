package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
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

// MaxFrontMatter is the largest front matter haven parses (64 KiB); real
// front matter is a few hundred bytes.
const MaxFrontMatter = 64 << 10

// MaxFrontMatterDepth is how deep front matter may nest: its keys hold
// text, dates and lists of text, so anything deeper is a mistake.
const MaxFrontMatterDepth = 16

// frontMatterReader reads the front matter of file, whose text starts on
// file line fmLine.
func frontMatterReader(file string, fmLine int, diags *diag.List) *yamlx.Reader {
	return &yamlx.Reader{File: file, FirstLine: fmLine, Codes: yamlx.CodesFor("frontmatter"), KeyNoun: "front-matter key",
		What: "YAML front matter", MaxBytes: MaxFrontMatter, MaxDepth: MaxFrontMatterDepth, Diags: diags,
		Hint: "write one key: value a line; quote values that contain ': ' or start with [ { * & ! | > ' \" % @"}
}

// parseYAML reads YAML front matter; false means it did not parse.
func parseYAML(raw []byte, fmLine int, file string, diags *diag.List) (*yamlx.Node, bool) {
	root, ok := frontMatterReader(file, fmLine, diags).Read(raw)
	if ok && root.Kind != yamlx.Map && root.Kind != yamlx.Null {
		diags.Add(diag.Diagnostic{File: file, Line: root.Line, Column: root.Col, Severity: diag.Error, Code: "frontmatter.syntax",
			Message: "front matter is not a list of keys", Hint: "write one key: value a line, e.g. title: Abi"})
		return root, false
	}
	return root, ok
}

var tomlKey = regexp.MustCompile(`(?m)^[ \t]*"?([A-Za-z0-9_-]+)"?[ \t]*=`)

// parseTOML reads TOML front matter into the same nodes as YAML's, so one
// walker checks both; false means it did not parse. Size and nesting are
// bounded before the TOML parser sees it (see [tomlTooDeep]).
func parseTOML(raw []byte, fmLine int, file string, diags *diag.List) (*yamlx.Node, bool) {
	r := frontMatterReader(file, fmLine, diags)
	root := r.Adopt(&yamlx.Node{Kind: yamlx.Map, Line: fmLine, Col: 1})
	syntax := func(line, col int, msg, hint string) (*yamlx.Node, bool) {
		diags.Add(diag.Diagnostic{File: file, Line: fmLine + line - 1, Column: col, Severity: diag.Error, Code: "frontmatter.syntax",
			Message: "invalid TOML front matter: " + msg, Hint: hint})
		return root, false
	}
	if len(raw) > MaxFrontMatter {
		return syntax(1, 0, fmt.Sprintf("it is %d KiB; the limit is %d KiB", (len(raw)+1023)>>10, MaxFrontMatter>>10), "front matter holds a few keys; move text into the page")
	}
	if line, col, deep := tomlTooDeep(raw, MaxFrontMatterDepth); deep {
		return syntax(line, col, fmt.Sprintf("keys and tables nest more than %d levels deep here", MaxFrontMatterDepth), `front matter keys are flat: title = "Abi"`)
	}
	var m map[string]any
	if _, err := toml.Decode(string(raw), &m); err != nil {
		line, col := 1, 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col = pe.Position.Line, pe.Position.Col
			err = errors.New(pe.Message)
		}
		return syntax(line, col, err.Error(), `write one key = value a line, strings in quotes: title = "Abi"`)
	}
	lines := map[string]int{}
	for _, loc := range tomlKey.FindAllSubmatchIndex(raw, -1) {
		key := string(raw[loc[2]:loc[3]])
		if _, ok := lines[key]; !ok {
			lines[key] = fmLine + bytes.Count(raw[:loc[0]], []byte("\n"))
		}
	}
	for k, x := range m {
		line := max(lines[k], fmLine)
		root.Pairs = append(root.Pairs, yamlx.Pair{Key: r.Adopt(&yamlx.Node{Kind: yamlx.Scalar, Text: k, Line: line, Col: 1}), Value: r.Adopt(tomlNode(x, line))})
	}
	slices.SortFunc(root.Pairs, func(a, b yamlx.Pair) int {
		return cmp.Or(a.Key.Line-b.Key.Line, strings.Compare(a.Key.Text, b.Key.Text))
	})
	return root, true
}

// tomlNode turns a decoded TOML value into a node at line: strings are
// quoted scalars, dates their day.
func tomlNode(x any, line int) *yamlx.Node {
	n := &yamlx.Node{Kind: yamlx.Scalar, Line: line, Col: 1}
	switch x := x.(type) {
	case string:
		n.Text, n.Quoted = x, true
	case []any:
		n.Kind = yamlx.List
		for _, item := range x {
			n.Items = append(n.Items, tomlNode(item, line))
		}
	case []map[string]any:
		n.Kind = yamlx.List
		for _, item := range x {
			n.Items = append(n.Items, tomlNode(item, line))
		}
	case map[string]any:
		n.Kind = yamlx.Map
		for k, v := range x {
			n.Pairs = append(n.Pairs, yamlx.Pair{Key: &yamlx.Node{Kind: yamlx.Scalar, Text: k, Line: line, Col: 1}, Value: tomlNode(v, line)})
		}
	case time.Time:
		n.Text = x.Format(DateLayout)
	default:
		n.Text = fmt.Sprint(x)
	}
	return n
}

// applyFrontMatter checks each key of root against [Fields] and stores its
// value and position in p.
func applyFrontMatter(p *Page, root *yamlx.Node) {
	p.Keys = []KeyPlace{}
	if root == nil || root.Kind != yamlx.Map {
		return
	}
	root.Map("", FieldNames(), func(k, v *yamlx.Node) {
		if prev := p.place(k.Text); prev != nil { // a key given twice (reported): the last one's place
			*prev = KeyPlace{Key: k.Text, Pos: Pos{k.Line, k.Col}}
		} else {
			p.Keys = append(p.Keys, KeyPlace{Key: k.Text, Pos: Pos{k.Line, k.Col}})
		}
		typ, _ := fieldType(k.Text)
		applyValue(p, k, v.At(k.Line, k.Col), typ)
	})
}

// applyValue stores the value v of key k, of type typ, in p. Its problems
// are reported at the key; a list's at its item.
func applyValue(p *Page, k, v *yamlx.Node, typ FieldType) {
	key := k.Text
	switch typ {
	case String:
		if s, ok := v.Str(key); ok {
			setString(p, key, s)
		}
	case Strings:
		setStrings(p, key, v.Strings(key, true))
		var pos []Pos
		if v.Kind == yamlx.Scalar {
			pos = []Pos{{k.Line, k.Col}}
		}
		for _, it := range v.Items {
			if it.Kind != yamlx.List && it.Kind != yamlx.Map {
				pos = append(pos, Pos{it.Line, it.Col})
			}
		}
		p.place(key).Items = pos
	case Date:
		if v.Kind == yamlx.Scalar && v.Text == "" {
			return // "": no date, as when the key is empty
		}
		if d, ok := v.Date(key); ok && !d.IsZero() {
			setDate(p, key, d)
		}
	case Bool:
		if b, ok := v.Bool(key); ok {
			setBool(p, key, b)
		}
	case Int:
		if n, ok := v.Int(key); ok {
			p.Weight = n
		}
	}
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
