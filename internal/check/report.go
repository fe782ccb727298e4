package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/haven-cms/haven/internal/jsonx"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
)

// ReportVersion is the version of the JSON report format.
const ReportVersion = 1

// Report is the outcome of [Run]: diagnostics, the coverage matrix and the
// translation table.
type Report struct {
	Today           time.Time
	SiteTitle       string
	Languages       []string // site languages in display order
	DefaultLanguage string
	Rules           *legal.Rulebook
	// Pages is the number of published pages checked.
	Pages        int
	Diagnostics  []diag.Diagnostic
	Coverage     []*Coverage
	Translations []Translation
	// Revision is the content revision the report was made for.
	Revision Revision
	Errors   int
	Warnings int

	in     *Input     // the normalized input, which [Report.Draft] checks drafts against
	drafts *draftBase // what drafts read of the Run, made at the first
}

// Run runs [Validate], the coverage matrix and the site-wide checks, and
// returns the report. in.Diagnostics (from loading) are included.
func Run(in *Input) *Report {
	today := content.Day(in.Today)
	if today.IsZero() {
		today = content.Day(time.Now())
	}
	in.Memo.begin(today)
	defer in.Memo.end()
	in = normalize(in)
	var diags diag.List
	diags.Add(in.Diagnostics...)
	Validate(in, &diags)
	tr := buildTranslations(in)
	cov := coverage(in, tr)
	siteChecks(in, tr, cov, &diags)
	driftChecks(in, &diags)
	overdue := factChecks(in, &diags)
	nameOwners(in, cov)
	applyDecisions(in.Review, cov, &diags)
	attachFindings(cov, diags.Items(), overdue)
	r := &Report{
		Today:           in.Today,
		SiteTitle:       in.Config.SiteTitle(in.Config.DefaultLanguage),
		Languages:       in.Config.LanguageCodes(),
		DefaultLanguage: in.Config.DefaultLanguage,
		Rules:           in.Rules,
		Diagnostics:     diags.Items(),
		Coverage:        cov,
		Translations:    tr.table(in),
		in:              in,
		drafts:          &draftBase{},
	}
	if in.Review != nil {
		r.Revision = in.Review.Revision
	}
	for _, p := range in.Pages {
		if p.InBuild {
			r.Pages++
		}
	}
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error {
			r.Errors++
		} else {
			r.Warnings++
		}
	}
	return r
}

// Gap is a requirement not covered in a language.
type Gap struct {
	Requirement string
	Language    string
	Level       legal.Level
	Status      Status
}

// String renders the gap as "id (lang): status".
func (g Gap) String() string {
	return fmt.Sprintf("%s (%s): %s", g.Requirement, g.Language, g.Status)
}

// Gaps returns the cells not covered whose level in their language is
// level, in matrix order.
func (r *Report) Gaps(level legal.Level) []Gap {
	var out []Gap
	for _, c := range r.Coverage {
		for _, lang := range r.Languages {
			lc := c.Languages[lang]
			if lc != nil && lc.Level == level && lc.Status != Covered {
				out = append(out, Gap{c.ID, lang, lc.Level, lc.Status})
			}
		}
	}
	return out
}

// StrictCodes are the codes of the warnings `haven check --strict` treats
// as errors: a site can be built with them, but should not go live.
var StrictCodes = []string{content.CodeContactsMissing}

// Failed reports whether `haven check` should exit 1: there are errors,
// or strict is set and a must requirement is not covered in some language
// or a warning of [StrictCodes] was found.
func (r *Report) Failed(strict bool) bool {
	if r.Errors > 0 {
		return true
	}
	if !strict {
		return false
	}
	return len(r.Gaps(legal.Must)) > 0 || slices.ContainsFunc(r.Diagnostics, strictError)
}

// strictError reports whether --strict turns d into an error.
func strictError(d diag.Diagnostic) bool {
	return d.Severity == diag.Warning && slices.Contains(StrictCodes, d.Code)
}

// Strict returns a copy of the report as `haven check --strict` shows it:
// the warnings of [StrictCodes] are errors, and counted as such. r is not
// changed.
func (r *Report) Strict() *Report {
	s := *r
	s.Diagnostics = slices.Clone(r.Diagnostics)
	for i, d := range s.Diagnostics {
		if strictError(d) {
			s.Diagnostics[i].Severity = diag.Error
			s.Errors++
			s.Warnings--
		}
	}
	diag.Sort(s.Diagnostics)
	return &s
}

// jsonReport is the JSON shape, spelled out so it cannot drift from
// docs/schema/check.schema.json: its head, then the coverage.
type jsonReport struct {
	jsonHead
	Coverage []*Coverage `json:"coverage"`
}

// jsonHead is the report's JSON before the coverage.
type jsonHead struct {
	Version int `json:"version"`
	Summary struct {
		Pages    int `json:"pages"`
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
	} `json:"summary"`
	Revision    *Revision        `json:"revision,omitempty"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// CompactJSON is the report as WriteJSON writes it, without indentation,
// for machines (the content API's coverage.json), with a "$schema" member
// naming schema first unless schema is "". At 10,000 pages the coverage
// is most of an 8 MB report: its cells are written by hand (see
// compact.go), in parallel, and joined into one buffer of the right size.
func (r *Report) CompactJSON(schema string) ([]byte, error) {
	j := r.jsonReport()
	head, err := encodeJSON(j.jsonHead, "")
	if err != nil {
		return nil, err
	}
	var lcs []*LanguageCoverage
	for _, c := range j.Coverage {
		for _, lc := range c.Languages {
			lcs = append(lcs, lc)
		}
	}
	data, errs := make([][]byte, len(lcs)), make([]error, len(lcs))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(lcs); i += n {
				data[i], errs[i] = appendCell(make([]byte, 0, cellSize(lcs[i])), lcs[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	cells := make(map[*LanguageCoverage][]byte, len(lcs))
	size := len(head) + 64
	for i, lc := range lcs {
		cells[lc] = data[i]
		size += len(data[i]) + 64 // and its requirement's and language's names
	}
	// head is {...}\n: the coverage goes before its closing brace.
	out := make([]byte, 0, size+len(schema)+16)
	out = append(out, '{')
	if schema != "" {
		out = append(out, `"$schema":`...)
		out = jsonx.AppendString(out, schema)
		out = append(out, ',')
	}
	out = append(out, head[1:len(head)-2]...)
	out = append(out, `,"coverage":[`...)
	for i, c := range j.Coverage {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendCoverage(out, c, cells)
	}
	return append(out, "]}\n"...), nil
}

// WriteJSON writes the report as indented JSON (schema:
// docs/schema/check.schema.json).
func (r *Report) WriteJSON(w io.Writer) error {
	data, err := encodeJSON(r.jsonReport(), "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// jsonReport returns the report in its JSON shape.
func (r *Report) jsonReport() *jsonReport {
	var j jsonReport
	j.Version = ReportVersion
	j.Summary.Pages, j.Summary.Errors, j.Summary.Warnings = r.Pages, r.Errors, r.Warnings
	if r.Revision.ID != "" {
		j.Revision = &r.Revision
	}
	j.Diagnostics = []jsonDiagnostic{}
	for _, d := range r.Diagnostics {
		j.Diagnostics = append(j.Diagnostics, jsonDiagnostic{d.File, d.Line, d.Column, d.Severity.String(), d.Code, d.FullMessage()})
	}
	j.Coverage = r.Coverage
	if j.Coverage == nil {
		j.Coverage = []*Coverage{}
	}
	return &j
}

// encodeJSON encodes v, indented by indent, without escaping <, > and &,
// ending in a newline.
func encodeJSON(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", indent)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteText writes a summary table, the gaps with what is missing, then the
// diagnostics as FILE:LINE:COL: severity: message.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "haven check %s: %s, %s, %s; rulebook %s (%s)\n\n", r.Today.Format(content.DateLayout),
		diag.Plural(r.Pages, "page"), diag.Plural(r.Errors, "error"), diag.Plural(r.Warnings, "warning"), r.Rules.Version, r.Rules.File)
	if r.Revision.ID != "" {
		fmt.Fprintf(&b, "content revision: %s\n\n", r.Revision)
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "requirement\tlevel")
	for _, l := range r.Languages {
		fmt.Fprint(tw, "\t"+l)
	}
	fmt.Fprintln(tw)
	for _, c := range r.Coverage {
		fmt.Fprintf(tw, "%s\t%s", c.ID, c.Level)
		for _, l := range r.Languages {
			fmt.Fprint(tw, "\t"+cellText(c, l))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	gaps := false
	for _, c := range r.Coverage {
		for _, l := range r.Languages {
			lc := c.Languages[l]
			if lc == nil || lc.Status == Covered {
				continue
			}
			if !gaps {
				b.WriteString("\n")
				gaps = true
			}
			fmt.Fprintf(&b, "%s (%s, %s): %s", c.ID, l, lc.Level, lc.Status)
			if len(lc.Missing) > 0 {
				b.WriteString(": needs " + strings.Join(lc.Missing, "; "))
			}
			b.WriteString("\n")
		}
	}
	writeFindings(&b, r)
	if must := len(r.Gaps(legal.Must)); must > 0 {
		fmt.Fprintf(&b, "\n%d must cells not covered\n", must)
	}
	r.writeEvidence(&b)
	if len(r.Diagnostics) > 0 {
		b.WriteString("\n")
	}
	for _, d := range r.Diagnostics {
		b.WriteString(d.String() + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeEvidence writes, for each cell with covering pages, its pooled
// verdict and, per page, the sentence that conveys each item
// (FILE:LINE "sentence") and the items the page does not convey, as the
// editor's instruction.
func (r *Report) writeEvidence(b *strings.Builder) {
	head := false
	for _, c := range r.Coverage {
		for _, l := range r.Languages {
			lc := c.Languages[l]
			if lc == nil || len(lc.Evidence) == 0 {
				continue
			}
			if !head {
				b.WriteString("\nevidence per covering page (the cell's pooled verdict first):\n")
				head = true
			}
			fmt.Fprintf(b, "\n%s (%s): %s\n", c.ID, l, lc.Status)
			for _, e := range lc.Evidence {
				fmt.Fprintf(b, "  %s\n", e.File)
				for _, f := range e.Found {
					at := e.File
					if f.Line > 0 {
						at += ":" + strconv.Itoa(f.Line)
					}
					fmt.Fprintf(b, "    %s: %s %q\n", f.What, at, f.Match)
				}
				for _, k := range e.Lacks {
					should := ""
					if k.Should {
						should = " (should)"
					}
					fmt.Fprintf(b, "    lacks %s%s: %s\n", k.Item, should, k.Say)
				}
			}
		}
	}
}

// cellText is a matrix cell for text output: the status, "(should)" when
// the level in that language differs from the requirement's, "pending" or
// "-" when the requirement does not apply.
func cellText(c *Coverage, lang string) string {
	if c.Pending {
		return "pending"
	}
	lc := c.Languages[lang]
	if lc == nil {
		return "-"
	}
	s := string(lc.Status)
	if lc.Level != c.Level {
		s += " (" + string(lc.Level) + ")"
	}
	return s
}

// writeFindings lists the reviewer's decision and the findings of each
// cell (see [Finding]).
func writeFindings(b *strings.Builder, r *Report) {
	first := true
	for _, c := range r.Coverage {
		for _, l := range r.Languages {
			lc := c.Languages[l]
			if lc == nil {
				continue
			}
			if d := lc.Decision; d != nil {
				if first {
					b.WriteString("\n")
					first = false
				}
				stale := ""
				if d.Stale {
					stale = " (stale: the pages changed after it)"
				}
				fmt.Fprintf(b, "%s (%s): %s by %s on %s for %s%s: %s\n", c.ID, l, d.Decision.Decision, d.By, d.Date, d.Revision, stale, d.Reason)
			}
			for _, f := range lc.Findings {
				if first {
					b.WriteString("\n")
					first = false
				}
				fmt.Fprintf(b, "%s (%s): %s: %s: %s\n", c.ID, l, f.Code, f.Position, f.Message)
			}
		}
	}
}
