package yamlx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

// Kind says what a node holds.
type Kind int

const (
	// Null is an empty value: nothing after the colon, ~ or null.
	Null Kind = iota
	// Scalar is a single value: text, a number, a date, true or false.
	Scalar
	// List is a sequence: [a, b] or one "- item" a line.
	List
	// Map is a mapping of keys to values.
	Map
)

// Node is one value of a document with its place in the file. Its
// accessors report a value of the wrong type at the node and return the
// zero value with false.
type Node struct {
	Kind Kind
	// Line and Col are the 1-based file line and column of the value (of
	// its first character: the quote, [, { or -).
	Line, Col int
	// Text is a scalar's text, after unquoting; "" for Null.
	Text string
	// Quoted is true for a '...' or "..." scalar, which is always text.
	Quoted bool
	// Items are a List's values.
	Items []*Node
	// Pairs are a Map's keys and values in document order, without
	// duplicate keys (reported when read).
	Pairs []Pair

	r    *Reader
	size int // values in this subtree, aliases expanded
}

// Pair is one key of a mapping and its value.
type Pair struct {
	Key   *Node // a Scalar (or Null); Key.Text is the key
	Value *Node
}

// Adopt makes n and the nodes below it report into r, for a tree built by
// another parser (TOML front matter) and walked with the same accessors.
// It returns n.
func (r *Reader) Adopt(n *Node) *Node {
	if n == nil {
		return nil
	}
	n.r = r
	for _, it := range n.Items {
		r.Adopt(it)
	}
	for _, p := range n.Pairs {
		r.Adopt(p.Key)
		r.Adopt(p.Value)
	}
	return n
}

// Errorf reports an error at n under code; field is the key involved and
// hint what to do.
func (n *Node) Errorf(code, field, hint, format string, args ...any) {
	n.r.Diags.Add(diag.Diagnostic{File: n.r.File, Line: n.Line, Column: n.Col, Severity: diag.Error, Code: code, Field: field,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

// At returns a copy of n that reports at line and col: for callers that
// report a value's type at its key. Items and pairs keep their places.
func (n *Node) At(line, col int) *Node {
	c := *n
	c.Line, c.Col = line, col
	return &c
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	for _, p := range n.Pairs {
		if p.Key.Text == key {
			return p.Value
		}
	}
	return nil
}

// Where returns the value of key, or n itself when n has no such key (or
// key is ""): where a message about key belongs, at the value involved or
// else at the entry that lacks it.
func (n *Node) Where(key string) *Node {
	if v := n.Get(key); key != "" && v != nil {
		return v
	}
	return n
}

// The types the accessors expect, as they name them in messages.
const (
	TypeString  = "string"
	TypeStrings = "list of strings"
	TypeDate    = "date (YYYY-MM-DD)"
	TypeBool    = "true or false"
	TypeInt     = "whole number"
	TypeMap     = "a mapping of keys"
	TypeList    = "a list"
)

// Mismatch reports that n is not of type want: "field: expected want,
// found ...", with a hint that shows the right form.
func (n *Node) Mismatch(field, want string) {
	n.Errorf(n.r.Codes.Type, field, Example(field, want), "%sexpected %s, found %s", prefix(field), want, describe(n))
}

// Example says how to write a value of type want for field.
func Example(field, want string) string {
	key := field
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	if key == "" {
		key = "key"
	}
	switch want {
	case TypeDate:
		return "write the day as YYYY-MM-DD, e.g. " + key + ": 2026-03-01"
	case TypeStrings, TypeList:
		return "write a list, e.g. " + key + ": [a, b], or one '- item' a line"
	case TypeBool:
		return "write " + key + ": true or " + key + ": false"
	case TypeInt:
		return "write a whole number, e.g. " + key + ": 10"
	case TypeMap:
		return "write one key: value a line, indented below " + key + ":"
	}
	return "write text, in quotes if it contains ': ', e.g. " + key + `: "Abi ja tugi"`
}

// join names key k of field: field.k, or k at the top level.
func join(field, k string) string {
	if field == "" {
		return k
	}
	return field + "." + k
}

func prefix(field string) string {
	if field == "" {
		return ""
	}
	return field + ": "
}

// describe names what n holds, for "found ..." in messages.
func describe(n *Node) string {
	switch n.Kind {
	case Null:
		return "nothing"
	case List:
		return "a list"
	case Map:
		return "a mapping"
	}
	return strconv.Quote(n.Text)
}

// Map calls f for each key of a mapping in order. It reports a node that
// is not a mapping (Null is an empty mapping) and, when known is not nil,
// keys not in known, with a did-you-mean; f is not called for those.
// field names the mapping in messages ("" at the top level).
func (n *Node) Map(field string, known []string, f func(k, v *Node)) bool {
	switch n.Kind {
	case Null:
		return true
	case Map:
	default:
		n.Mismatch(field, TypeMap)
		return false
	}
	for _, p := range n.Pairs {
		if known != nil && !slices.Contains(known, p.Key.Text) {
			p.Key.Unknown(field, known, "")
			continue
		}
		f(p.Key, p.Value)
	}
	return true
}

// Unknown reports key k as unknown in field, suggesting the closest of
// known, or listing them (after more, e.g. "title_<lang>, ").
func (k *Node) Unknown(field string, known []string, more string) {
	noun := k.r.KeyNoun
	if noun == "" {
		noun = "key"
	}
	hint := diag.DidYouMean(k.Text, known)
	if hint == "" {
		hint = "known " + noun + "s: " + more + strings.Join(known, ", ")
	}
	in := ""
	if field != "" {
		in = " in " + field
	}
	k.Errorf(k.r.Codes.UnknownKey, k.Text, hint, "unknown %s %q%s", noun, k.Text, in)
}

// Seq returns a list's items; Null is an empty list. Anything else is
// reported.
func (n *Node) Seq(field string) []*Node {
	switch n.Kind {
	case List:
		return n.Items
	case Null:
		return nil
	}
	n.Mismatch(field, TypeList)
	return nil
}

// Str returns a scalar's text; Null is "". A list or mapping is reported.
func (n *Node) Str(field string) (string, bool) {
	switch n.Kind {
	case Scalar, Null:
		return n.Text, true
	}
	n.Mismatch(field, TypeString)
	return "", false
}

// Strings returns a list of scalars, each item's text; Null is no list.
// With one set, a single scalar is a list of one. Items that are lists or
// mappings are reported at the item and left out.
func (n *Node) Strings(field string, one bool) []string {
	if n.Kind == Scalar && one {
		return []string{n.Text}
	}
	if n.Kind != List && n.Kind != Null {
		n.Mismatch(field, TypeStrings)
		return nil
	}
	var out []string
	for _, it := range n.Items {
		if it.Kind == List || it.Kind == Map {
			it.Mismatch(field, TypeStrings)
			continue
		}
		out = append(out, it.Text)
	}
	return out
}

// StringMap returns a mapping of keys to scalars, such as a text per
// language: {et: Abi, en: Help}. Values that are lists or mappings are
// reported and left out.
func (n *Node) StringMap(field string) (map[string]string, bool) {
	out := map[string]string{}
	ok := n.Map(field, nil, func(k, v *Node) {
		if s, good := v.Str(join(field, k.Text)); good {
			out[k.Text] = s
		}
	})
	return out, ok
}

// Bool returns true for true or yes and false for false, no or nothing,
// in any case.
func (n *Node) Bool(field string) (bool, bool) {
	if n.Kind == Null {
		return false, true
	}
	if n.Kind == Scalar {
		switch strings.ToLower(n.Text) {
		case "true", "yes":
			return true, true
		case "false", "no":
			return false, true
		}
	}
	n.Mismatch(field, TypeBool)
	return false, false
}

// Int returns a whole number written in decimal.
func (n *Node) Int(field string) (int, bool) {
	if n.Kind == Scalar {
		if i, err := strconv.Atoi(n.Text); err == nil {
			return i, true
		}
	}
	n.Mismatch(field, TypeInt)
	return 0, false
}

// DateLayout is the one date format: YYYY-MM-DD.
const DateLayout = "2006-01-02"

var dateShape = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2}\s*$`)

// Date returns a YYYY-MM-DD day that is a real calendar day, at midnight
// UTC; an unquoted YAML timestamp (2026-03-01T10:00:00) keeps its day.
// Null is the zero time with true: no date.
func (n *Node) Date(field string) (time.Time, bool) {
	if n.Kind == Null {
		return time.Time{}, true
	}
	if n.Kind != Scalar {
		n.Mismatch(field, TypeDate)
		return time.Time{}, false
	}
	s := n.Text
	if len(s) > len(DateLayout) && (s[10] == 'T' || s[10] == ' ') && !n.Quoted {
		s = s[:10]
	}
	d, err := time.Parse(DateLayout, s)
	if err == nil {
		return d, true
	}
	if dateShape.MatchString(s) {
		n.Errorf(n.r.Codes.Type, field, Example(field, TypeDate), "%sexpected %s, %q is not a real calendar date", prefix(field), TypeDate, n.Text)
	} else {
		n.Mismatch(field, TypeDate)
	}
	return time.Time{}, false
}
