// Package yamlx is the one owner of the YAML library. It reads front
// matter, haven.yaml, rules.yaml, contacts.yaml and theme strings strictly:
// a document becomes a tree of [Node]s that know their file line and
// column, and the walker on them ([Node.Map], [Node.Str], [Node.Date] and
// the other typed accessors) reports every problem of a document into a
// [diag.List] instead of stopping at the first: syntax errors at the place
// that causes them (where an unclosed quote or list opens), duplicate
// keys, unknown keys with a did-you-mean, and values of the wrong type,
// each saying what was expected and what to do.
//
// Documents are bounded before they are walked: [Reader.MaxBytes] caps the
// size, [Reader.MaxDepth] the nesting (checked by the parser as it reads),
// and aliases may not expand a document past [MaxNodes] values.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"go.yaml.in/yaml/v4"
	"go.yaml.in/yaml/v4/plugin/loaderlimits"
)

// Default bounds of a [Reader].
const (
	// DefaultMaxBytes is the largest document a Reader reads (1 MiB).
	DefaultMaxBytes = 1 << 20
	// DefaultMaxDepth is how deep lists and mappings may nest.
	DefaultMaxDepth = 32
	// MaxNodes is how many values a document may hold once its aliases
	// are expanded; it stops a "billion laughs" of nested aliases.
	MaxNodes = 200_000
)

// Codes are the diagnostic codes a Reader reports under; each caller keeps
// its own stable codes (config.syntax, rules.unknown-key, ...).
type Codes struct {
	Syntax       string // the document does not parse, or is too large or deep
	Type         string // a value of the wrong type
	UnknownKey   string // a key the caller does not know
	DuplicateKey string // a key set twice in one mapping
}

// CodesFor returns the codes prefix.syntax, prefix.type, prefix.unknown-key
// and prefix.duplicate-key.
func CodesFor(prefix string) Codes {
	return Codes{Syntax: prefix + ".syntax", Type: prefix + ".type", UnknownKey: prefix + ".unknown-key", DuplicateKey: prefix + ".duplicate-key"}
}

// Reader reads one YAML document and reports its problems into Diags.
// The zero value of each bound means its default.
type Reader struct {
	// File names the document in diagnostics, e.g. haven.yaml.
	File string
	// FirstLine is the file line of the document's first line: front
	// matter starts below its opening ---. 0 means 1.
	FirstLine int
	// Codes are the diagnostic codes to report under.
	Codes Codes
	// What names the document in syntax errors: "YAML" gives "invalid
	// YAML: ...", "YAML front matter" gives "invalid YAML front matter: ...".
	// Empty means "YAML".
	What string
	// KeyNoun names a key in "unknown key" messages: "setting" gives
	// unknown setting "titel" and known settings: .... Empty means "key".
	KeyNoun string
	// Hint is what to do about a syntax error no specific hint fits.
	Hint string
	// MaxBytes caps the document's size; 0 means [DefaultMaxBytes].
	MaxBytes int
	// MaxDepth caps how deep lists and mappings nest; 0 means
	// [DefaultMaxDepth].
	MaxDepth int
	// Diags receives the diagnostics.
	Diags *diag.List
}

// Read parses src. It returns the document's root, a Null node for an
// empty document, and false when src does not parse (the reason is
// reported). The root is never nil. Read never panics.
func (r *Reader) Read(src []byte) (*Node, bool) {
	empty := &Node{Kind: Null, Line: r.line(1), Col: 1, r: r}
	if max := orDefault(r.MaxBytes, DefaultMaxBytes); len(src) > max {
		r.report(r.line(1), 0, r.Codes.Syntax, "", fmt.Sprintf("%s is %s; the limit is %s", r.what(), size(len(src)), size(max)),
			"split it up; no real "+r.what()+" is this large")
		return empty, false
	}
	opts := yaml.WithPlugin(loaderlimits.New(loaderlimits.DepthValue(orDefault(r.MaxDepth, DefaultMaxDepth))))
	l, err := yaml.NewLoader(bytes.NewReader(src), opts)
	if err != nil { // only a bad option; not the document's fault
		r.report(r.line(1), 0, r.Codes.Syntax, "", "cannot read: "+err.Error(), "")
		return empty, false
	}
	var doc yaml.Node
	if err := l.Load(&doc); errors.Is(err, io.EOF) {
		return empty, true
	} else if err != nil {
		r.syntaxError(err, src)
		return empty, false
	}
	if !r.single(l) {
		return empty, false
	}
	if len(doc.Content) == 0 {
		return empty, true
	}
	c := converter{r: r, done: map[*yaml.Node]*Node{}}
	root := c.convert(doc.Content[0])
	if c.expanded > MaxNodes {
		return empty, false
	}
	return root, true
}

// single reports a second document in the stream; a file holds one.
func (r *Reader) single(l *yaml.Loader) bool {
	var next yaml.Node
	err := l.Load(&next)
	if errors.Is(err, io.EOF) {
		return true
	}
	line, col := 0, 0
	if err == nil {
		line, col = r.line(next.Line), next.Column
	}
	r.report(line, col, r.Codes.Syntax, "", fmt.Sprintf("a second document starts here; %s holds one", r.what()),
		"remove the --- line, or everything after it")
	return false
}

func (r *Reader) what() string {
	if r.What == "" {
		return "YAML"
	}
	return r.What
}

// line turns a line of the document into a line of the file.
func (r *Reader) line(l int) int {
	if l <= 0 {
		return 0
	}
	return max(r.FirstLine, 1) + l - 1
}

func (r *Reader) report(line, col int, code, field, msg, hint string) {
	r.Diags.Add(diag.Diagnostic{File: r.File, Line: line, Column: col, Severity: diag.Error, Code: code, Field: field, Message: msg, Hint: hint})
}

func orDefault(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", (n+1023)>>10)
}

// converter turns the library's nodes into [Node]s, resolving aliases and
// reporting what the walker cannot see: non-scalar keys and duplicate
// keys.
type converter struct {
	r        *Reader
	done     map[*yaml.Node]*Node // anchored nodes already converted
	expanded int                  // values so far, aliases expanded
}

func (c *converter) convert(y *yaml.Node) *Node {
	if y.Kind == yaml.AliasNode {
		return c.alias(y)
	}
	if n, ok := c.done[y]; ok {
		return n
	}
	n := &Node{Line: c.r.line(y.Line), Col: y.Column, r: c.r}
	if y.Anchor != "" {
		c.done[y] = n
	}
	start := c.expanded
	c.expanded++
	switch y.Kind {
	case yaml.ScalarNode:
		n.Kind, n.Text = Scalar, y.Value
		n.Quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		if y.Tag == "!!null" && !n.Quoted {
			n.Kind, n.Text = Null, ""
		}
	case yaml.SequenceNode:
		n.Kind = List
		for _, item := range y.Content {
			n.Items = append(n.Items, c.convert(item))
		}
	case yaml.MappingNode:
		n.Kind = Map
		c.mapping(n, y)
	}
	n.size = c.expanded - start
	return n
}

// alias returns the node an alias names, counting its values again.
func (c *converter) alias(y *yaml.Node) *Node {
	target := y.Alias
	if target == nil {
		return &Node{Kind: Null, Line: c.r.line(y.Line), Col: y.Column, r: c.r}
	}
	n := c.convert(target)
	before := c.expanded
	c.expanded += n.size
	if before <= MaxNodes && c.expanded > MaxNodes {
		c.r.report(c.r.line(y.Line), y.Column, c.r.Codes.Syntax, "", fmt.Sprintf("aliases expand the document past %d values", MaxNodes),
			"write the values out instead of nesting aliases (*name)")
	}
	return n
}

// mapping fills n with y's pairs, reporting duplicate and non-scalar keys
// and leaving them out.
func (c *converter) mapping(n *Node, y *yaml.Node) {
	seen := map[string]*Node{}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := c.convert(y.Content[i]), c.convert(y.Content[i+1])
		if k.Kind == List || k.Kind == Map {
			k.Errorf(c.r.Codes.Type, "", "write a plain key followed by ': '", "expected a plain key, found %s", describe(k))
			continue
		}
		if first, dup := seen[k.Text]; dup { // YAML allows it; the last would win unseen
			k.Errorf(c.r.Codes.DuplicateKey, k.Text, "keep one of the two",
				"%s is set twice, on line %d and on this line", k.Text, first.Line)
			continue
		}
		seen[k.Text] = k
		n.Pairs = append(n.Pairs, Pair{Key: k, Value: v})
	}
}

// syntaxError reports a parse error at the place that causes it.
func (r *Reader) syntaxError(err error, src []byte) {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		r.report(r.line(1), 0, r.Codes.Syntax, "", "invalid "+r.what()+": "+err.Error(), r.Hint)
		return
	}
	msg, hint := explain(le)
	if hint == "" {
		hint = r.Hint
	}
	mark := le.Mark
	if opensHere(le) || mark.Line == 0 {
		mark = le.ContextMark
	}
	line, col := clamp(mark.Line, mark.Column, src)
	r.report(r.line(line), col, r.Codes.Syntax, "", "invalid "+r.what()+": "+msg, hint)
}

// opensHere reports whether the error is best shown where its construct
// opens: a quote or a [ { that is never closed.
func opensHere(le *yaml.LoadError) bool {
	switch {
	case le.ContextMark.Line == 0:
		return false
	case strings.Contains(le.ContextMsg, "quoted scalar"):
		return strings.Contains(le.Message, "end of stream") || strings.Contains(le.Message, "document separator")
	case strings.Contains(le.ContextMsg, "flow sequence"), strings.Contains(le.ContextMsg, "flow mapping"):
		return strings.HasPrefix(le.Message, "did not find expected ','")
	}
	return false
}

// explain turns the parser's message into haven's: what was expected and
// what to do.
func explain(le *yaml.LoadError) (msg, hint string) {
	msg = le.Message
	switch {
	case strings.Contains(le.ContextMsg, "quoted scalar") && opensHere(le):
		return "the quoted text that starts here is never closed", "end it with the same quote mark; inside \"...\" write \\\" for a quote"
	case strings.Contains(le.ContextMsg, "flow sequence") && opensHere(le):
		return msg + " to close the list that opens here", "end the list with ] on the same line, e.g. [a, b]"
	case strings.Contains(le.ContextMsg, "flow mapping") && opensHere(le):
		return msg + " to close the mapping that opens here", "end the mapping with } on the same line, e.g. {a: 1}"
	case strings.Contains(msg, "tab character"):
		return msg, "indent with spaces, not tabs"
	case strings.Contains(msg, "mapping values are not allowed"):
		return msg, "quote a value that contains ': ', e.g. title: \"Abi: kohe\""
	case strings.Contains(msg, "unknown escape"):
		return msg, `inside "..." a backslash starts an escape such as \n or \"; write \\ for a backslash, or use '...'`
	case strings.Contains(msg, "exceeded max depth"):
		return "lists and mappings nest too deeply here (" + msg + ")", "flatten the structure"
	}
	return msg, ""
}

// clamp keeps a position on a line with text: an error at the end of the
// input names the end of the last line with text, not the empty line after
// it.
func clamp(line, col int, src []byte) (int, int) {
	lines := bytes.Split(src, []byte("\n"))
	last := 0
	for i, l := range lines {
		if len(bytes.TrimSpace(l)) > 0 {
			last = i + 1
		}
	}
	if last == 0 || line <= last {
		return max(line, 1), col
	}
	return last, len([]rune(string(bytes.TrimRight(lines[last-1], " \t\r")))) + 1
}

// ReadStrings reads a flat mapping of keys to text, such as a theme's
// interface strings (i18n/et.yaml), for callers that stop at the first
// problem: the error is the first diagnostic, FILE:LINE:COL: message.
func ReadStrings(file string, src []byte) (map[string]string, error) {
	var diags diag.List
	r := &Reader{File: file, Codes: CodesFor("yaml"), Diags: &diags}
	root, ok := r.Read(src)
	m := map[string]string{}
	if ok {
		m, _ = root.StringMap("")
	}
	if items := diags.Items(); len(items) > 0 {
		return nil, errors.New(items[0].String())
	}
	return m, nil
}
