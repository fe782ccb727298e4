package check

import (
	_ "embed"
	"html/template"
	"io"
	"slices"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/legal"
)

//go:embed report.html
var reportTemplate string

var reportHTML = template.Must(template.New("report").Parse(reportTemplate))

type htmlView struct {
	R            *Report
	Date         string
	MustGaps     int
	ShouldGaps   int
	Rows         []htmlRow
	Translations []Translation
	Complete     int
}

type htmlRow struct {
	Q       *legal.Requirement
	Level   legal.Level
	Pending bool
	Title   string
	TitleEt string
	Owners  []string
	Cells   []htmlCell
}

type htmlCell struct {
	Req      string // the requirement's id
	Lang     string
	Applies  bool
	Status   string
	Level    legal.Level
	Differs  bool
	Reviewed string
	Pages    []htmlPage
	Missing  []string
	Notes    []string
	Findings []Finding
	Decision *CellDecision
}

type htmlPage struct {
	PageEvidence
	ReviewedOn string
}

// WriteHTML writes the reviewers' report: one self-contained, printable,
// accessible HTML page (inline CSS, no scripts, no external requests) with
// the requirement x language matrix (status as text and colour), each
// requirement's legal basis, owners, review dates and the evidence found
// per page, the incomplete translations, the diagnostics, and a signature
// block for the reviewer.
func (r *Report) WriteHTML(w io.Writer) error {
	v := htmlView{R: r, Date: r.Today.Format(content.DateLayout), MustGaps: len(r.Gaps(legal.Must)), ShouldGaps: len(r.Gaps(legal.Should))}
	for _, c := range r.Coverage {
		q := c.Requirement
		row := htmlRow{Q: q, Level: c.Level, Pending: c.Pending, Title: q.TitleIn("en", r.DefaultLanguage), TitleEt: q.Title[r.DefaultLanguage]}
		if row.TitleEt == row.Title {
			row.TitleEt = ""
		}
		if q.Owner != "" {
			row.Owners = append(row.Owners, q.Owner)
		}
		for _, lang := range r.Languages {
			lc := c.Languages[lang]
			cell := htmlCell{Req: q.ID, Lang: lang}
			if lc != nil {
				cell.Applies = true
				cell.Status, cell.Level, cell.Differs = string(lc.Status), lc.Level, lc.Level != c.Level
				cell.Reviewed, cell.Missing, cell.Notes, cell.Findings, cell.Decision = lc.Reviewed, lc.Missing, lc.Notes, lc.Findings, lc.Decision
				for _, e := range lc.Evidence {
					hp := htmlPage{PageEvidence: e}
					if !e.Reviewed.IsZero() {
						hp.ReviewedOn = e.Reviewed.Format(content.DateLayout)
					}
					cell.Pages = append(cell.Pages, hp)
					if e.Owner != "" && !slices.Contains(row.Owners, e.Owner) {
						row.Owners = append(row.Owners, e.Owner)
					}
				}
				if len(lc.Evidence) == 0 && lc.Status != Missing {
					for _, f := range lc.Pages {
						cell.Pages = append(cell.Pages, htmlPage{PageEvidence: PageEvidence{File: f}})
					}
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, t := range r.Translations {
		complete := true
		for _, lang := range r.Languages {
			if t.States[lang] != TranslationOK {
				complete = false
			}
		}
		if complete {
			v.Complete++
		} else {
			v.Translations = append(v.Translations, t)
		}
	}
	return reportHTML.Execute(w, v)
}
