// Package diag holds positioned diagnostics: what is wrong, where (file,
// line, column, field), what was expected and what to do. Every stage of
// haven reports into a [List] instead of stopping at the first problem, so a
// run shows all of its errors at once.
package diag

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Severity says whether a diagnostic fails the run.
type Severity int

const (
	// Error fails a build or check (exit code 1).
	Error Severity = iota
	// Warning is reported but does not fail the run.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalJSON encodes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Diagnostic is one finding about one place in the site.
type Diagnostic struct {
	File     string   `json:"file"`   // slash path relative to the site root, e.g. content/et/abi.md
	Line     int      `json:"line"`   // 1-based; 0 when the finding is about the whole file
	Column   int      `json:"column"` // 1-based; 0 when unknown
	Severity Severity `json:"severity"`
	Code     string   `json:"code"` // stable machine-readable kind, e.g. frontmatter.unknown-key
	Field    string   `json:"-"`    // front-matter key or config field involved, if any
	Message  string   `json:"message"`
	Hint     string   `json:"-"` // what to do about it
	// Related points at a second place involved (e.g. the other page of a
	// duplicate URL); empty when there is none.
	Related string `json:"-"`
}

// Position renders FILE:LINE:COL, leaving out unknown parts.
func (d Diagnostic) Position() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	return b.String()
}

// FullMessage is the message with the field and hint folded in, as printed
// on the terminal and stored in JSON reports.
func (d Diagnostic) FullMessage() string {
	msg := d.Message
	if d.Field != "" && !strings.Contains(msg, d.Field) {
		msg = d.Field + ": " + msg
	}
	if d.Hint != "" {
		msg += "; " + d.Hint
	}
	return msg
}

// String renders the diagnostic as FILE:LINE:COL: severity: message.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", d.Position(), d.Severity, d.FullMessage())
}

// List collects diagnostics. It is safe for concurrent use; the zero value
// is ready to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends diagnostics.
func (l *List) Add(ds ...Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Errorf adds an error at file:line:col.
func (l *List) Errorf(file string, line, col int, code, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Column: col, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, code, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Column: col, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Items returns the diagnostics sorted by file, line, column, severity and
// message, without duplicates.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	items := slices.Clone(l.items)
	l.mu.Unlock()
	Sort(items)
	return slices.CompactFunc(items, func(a, b Diagnostic) bool { return a == b })
}

// Sort orders diagnostics by file, line, column, severity, code and message.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Len reports how many diagnostics were added.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	for _, d := range l.Items() {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// WriteText prints one diagnostic a line, sorted.
func (l *List) WriteText(w io.Writer) error {
	b := bufio.NewWriterSize(w, 64<<10) // one write per 64 kB, not per line
	for _, d := range l.Items() {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.Flush()
}

// Plural writes n with word, in the plural unless n is 1: "1 error",
// "3 errors". Every count haven prints goes through it.
func Plural[N int | int64](n N, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
