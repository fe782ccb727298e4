package check

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the report as JUnit XML: a suite "coverage" with one
// test case per requirement and language (a failure when a must
// requirement is not covered; a should requirement's gap is reported in
// system-out; a pending requirement is skipped) and a suite "diagnostics"
// with one test case per diagnostic (errors fail, warnings pass with the
// message in system-out).
func (r *Report) WriteJUnit(w io.Writer) error {
	cov := junitSuite{Name: "coverage"}
	for _, c := range r.Coverage {
		if c.Pending {
			cov.Cases = append(cov.Cases, junitCase{Name: c.ID, Classname: "coverage." + c.ID,
				Skipped: &junitSkipped{Message: "pending until " + c.Requirement.Condition}})
			cov.Skipped++
			continue
		}
		for _, lang := range r.Languages {
			lc := c.Languages[lang]
			if lc == nil {
				continue
			}
			tc := junitCase{Name: c.ID + " [" + lang + "]", Classname: "coverage." + c.ID}
			detail := strings.Join(append(append([]string{}, lc.Missing...), lc.Notes...), "\n")
			switch {
			case lc.Status == Covered:
				tc.SystemOut = "covered by " + strings.Join(lc.Pages, ", ")
			case lc.Level == "must":
				tc.Failure = &junitFailure{Message: fmt.Sprintf("%s in %s", lc.Status, lang), Type: string(lc.Status), Text: detail}
				cov.Failures++
			default:
				tc.SystemOut = fmt.Sprintf("should-level requirement %s in %s\n%s", lc.Status, lang, detail)
			}
			cov.Cases = append(cov.Cases, tc)
		}
	}
	cov.Tests = len(cov.Cases)
	ds := junitSuite{Name: "diagnostics"}
	for _, d := range r.Diagnostics {
		tc := junitCase{Name: d.Position() + " " + d.Code, Classname: "diagnostics." + d.Code, File: d.File, Line: d.Line}
		if d.Severity.String() == "error" {
			tc.Failure = &junitFailure{Message: d.FullMessage(), Type: d.Code, Text: d.String()}
			ds.Failures++
		} else {
			tc.SystemOut = d.String()
		}
		ds.Cases = append(ds.Cases, tc)
	}
	ds.Tests = len(ds.Cases)
	all := junitSuites{Name: "haven check", Suites: []junitSuite{cov, ds}}
	all.Tests = cov.Tests + ds.Tests
	all.Failures = cov.Failures + ds.Failures
	all.Skipped = cov.Skipped
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
