package check

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// Input is everything a check needs.
type Input struct {
	Config *config.Config
	// Pages holds every page that parsed, published or not, in all
	// languages.
	Pages    []*model.Page
	Contacts []content.Contact
	// Facts are the figures of content/_data/facts.yaml.
	Facts []content.Fact
	// Review is the content revision and the reviewer's decisions, for
	// haven check's report; nil for a build.
	Review *Review
	Rules  *legal.Rulebook
	// Today is the day staleness and publication are judged on.
	Today time.Time
	// ExtraURLs are site-absolute URLs the build writes besides pages
	// (generated section lists, for example); links to them are fine.
	// Every language's home /<lang>/ is always accepted.
	ExtraURLs []string
	// Diagnostics found while loading (configuration, front matter, the
	// rulebook); Run includes them in the report. Validate ignores them.
	Diagnostics []diag.Diagnostic
	// Memo, when set, keeps results for the next Run over mostly the
	// same pages (the preview server's); see [Memo].
	Memo *Memo
	// Files are the site-absolute paths of the files the build writes
	// besides pages, which image and file links may name: the files
	// copied from content/ and haven's own (/sitemap.xml, /404.html).
	// Links below /assets/ and /api/ are not checked against them.
	Files []string
	// Index is the index of Pages (model.NewIndex), when the caller has
	// made it already; else the checks make it.
	Index *model.Index

	normalized bool
}

// Validate runs the checks `haven build` also runs and reports into diags:
// rulebook front-matter keys haven does not know, unknown covers ids,
// must_not_match patterns, conditional front matter, and internal links and
// anchors.
func Validate(in *Input, diags *diag.List) {
	in = normalize(in)
	validateRulebook(in, diags)
	checkSettings(in, diags)
	ix := newIndex(in)
	// Pages are independent and diag.List is safe for concurrent use;
	// Items sorts, so the output does not depend on the schedule.
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				p := in.Pages[i]
				diags.Add(own(in, p)...)
				if p.InBuild {
					checkLinks(ix, p, diags) // links depend on other pages
				}
			}
		})
	}
	for i := range in.Pages {
		work <- i
	}
	close(work)
	wg.Wait()
}

// ownChecks runs the checks that read only the page itself: covers ids,
// and for published pages front matter, forbidden text and conditional
// front matter.
func ownChecks(in *Input, p *model.Page) []diag.Diagnostic {
	var own diag.List
	checkCovers(in, p, &own)
	if p.InBuild {
		checkPageFrontMatter(in, p, &own)
		checkForbidden(in, p, &own)
		checkConditional(in, p, &own)
		checkAuthoring(p, &own)
	}
	return own.Items()
}

// normalize fills defaults so the checks need no nil tests, and prepares
// every page's evidence text (see preparePage).
func normalize(in *Input) *Input {
	if in.normalized {
		return in
	}
	out := withDefaults(in)
	out.normalized = true
	if out.Index == nil {
		out.Index = model.NewIndex(out.Pages)
	}
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(out.Pages); i += n {
				preparePage(out.Pages[i])
			}
		})
	}
	wg.Wait()
	return out
}

// preparePage fills what the pipeline leaves unset in a page made by hand
// (tests, tools): an empty body and, unless its own checks are done (and
// with them everything the checks read of its text), the evidence text.
func preparePage(p *model.Page) {
	if p.Doc == nil {
		p.Doc = &markdown.Result{}
	}
	if p.Checked {
		return
	}
	if p.Evidence == "" {
		p.Evidence = p.Title + "\n" + p.Doc.Text
	}
	if p.Text == nil {
		p.Text = legal.NewText(p.Evidence)
	}
}

// Prepare does, ahead of a Run, the part of it that reads one page's
// Markdown source: its evidence text, its own checks and, when it is in
// the build, its translation facts, all kept on the page. The caller may
// then drop the page's source: haven build prepares each page as it
// writes it, so the whole site's Markdown is never held at once. in is
// the Input the Run will get (its Pages are not read).
func Prepare(in *Input, p *model.Page) {
	in = withDefaults(in)
	preparePage(p)
	own(in, p)
	if p.InBuild {
		drift.PageFacts(p)
	}
}

// Prepared reports whether [Prepare] has nothing left to do on p that
// reads its Markdown source: its own checks are done and, when it is in
// the build, its translation facts found.
func Prepared(p *model.Page) bool {
	return p.Checked && (!p.InBuild || p.Facts != nil)
}

// own returns the diagnostics of p's own checks, worked out once and kept
// on the page.
func own(in *Input, p *model.Page) []diag.Diagnostic {
	if !p.Checked {
		p.Own = ownChecks(in, p)
		p.Verdicts, p.SiteMatches = judgeOwn(in, p)
		p.Checked = true
	}
	return p.Own
}

// withDefaults returns a copy of in with the configuration, rulebook and
// day filled in when unset.
func withDefaults(in *Input) *Input {
	out := *in
	if out.Config == nil {
		out.Config = config.Default()
	}
	if out.Rules == nil {
		out.Rules = legal.Default()
	}
	out.Today = content.Day(out.Today)
	if out.Today.IsZero() {
		out.Today = content.Day(time.Now())
	}
	return &out
}

// operational reports whether haven.yaml says the number answers.
func (in *Input) operational(number string) bool {
	return in.Config.Numbers[number].Operational
}

// active returns the requirements that apply in this run.
func (in *Input) active() []*legal.Requirement {
	var out []*legal.Requirement
	for _, q := range in.Rules.Requirements {
		if q.Active(in.operational) {
			out = append(out, q)
		}
	}
	return out
}

func hasKey(p *model.Page, key string) bool {
	_, ok := p.KeyPosition(key)
	return ok
}

// validateRulebook reports front-matter keys in the rulebook that pages
// cannot have.
func validateRulebook(in *Input, diags *diag.List) {
	known := content.FieldNames()
	bad := func(key string, line int, q string) {
		if slices.Contains(known, key) {
			return
		}
		diags.Add(diag.Diagnostic{File: in.Rules.File, Line: line, Severity: diag.Error, Code: "rules.front-matter", Field: key,
			Message: fmt.Sprintf("%s: %q is not a front-matter key", q, key), Hint: diag.DidYouMean(key, known)})
	}
	for _, k := range in.Rules.PageFrontMatter {
		bad(k, 0, "defaults.page_front_matter")
	}
	for _, q := range in.Rules.Requirements {
		for _, k := range q.Evidence.FrontMatter {
			bad(k, q.Evidence.FrontMatterLine, q.ID)
		}
		for _, c := range q.Evidence.Conditional {
			for _, k := range c.ThenFrontMatter {
				bad(k, c.Line, q.ID)
			}
		}
	}
}

// checkCovers reports unknown ids in covers and ids that do not apply in
// the page's language.
func checkCovers(in *Input, p *model.Page, diags *diag.List) {
	ids := in.Rules.IDs()
	for i, id := range p.Covers {
		at := p.ItemPosition("covers", i)
		q := in.Rules.Requirement(id)
		if q == nil {
			hint := diag.DidYouMean(id, ids)
			if hint == "" {
				hint = "see docs/rulebook.md or the HTML report for the requirement ids"
			}
			diags.Add(diag.Diagnostic{File: p.File, Line: at.Line, Column: at.Col, Severity: diag.Error, Code: "check.unknown-covers", Field: "covers",
				Message: fmt.Sprintf("covers: unknown requirement %q", id), Hint: hint})
			continue
		}
		if !q.AppliesIn(p.Lang) {
			diags.Add(diag.Diagnostic{File: p.File, Line: at.Line, Column: at.Col, Severity: diag.Warning, Code: "check.covers-language", Field: "covers",
				Message: fmt.Sprintf("covers: requirement %q is not checked in %s (applies to %s)", id, p.Lang, strings.Join(q.AppliesTo, ", "))})
		}
	}
}

// checkPageFrontMatter reports keys from defaults.page_front_matter that
// the page lacks. title is left to internal/content, which requires it.
func checkPageFrontMatter(in *Input, p *model.Page, diags *diag.List) {
	for _, k := range in.Rules.PageFrontMatter {
		if k == "title" || hasKey(p, k) {
			continue
		}
		diags.Add(diag.Diagnostic{File: p.File, Line: 1, Severity: diag.Error, Code: "check.page-front-matter", Field: k,
			Message: fmt.Sprintf("%s is required on every page by the rulebook", k), Hint: "add " + k + ": to the front matter"})
	}
}

// checkForbidden applies must_not_match of active requirements and
// must_not_match_until_condition of pending ones to the page.
func checkForbidden(in *Input, p *model.Page, diags *diag.List) {
	text := p.Text
	for _, q := range in.Rules.Requirements {
		list := q.Evidence.MustNotMatch
		code := "check.must-not-match"
		if !q.Active(in.operational) {
			list = q.Evidence.MustNotMatchUntilCondition
			code = "check.not-yet"
		}
		for _, f := range list {
			if !f.Pattern.MatchText(text) {
				continue
			}
			sev := diag.Error
			if f.Severity == legal.SeverityWarn {
				sev = diag.Warning
			}
			for _, pos := range locate(p, f.Pattern, text.String()) {
				hint := "rule " + q.ID
				if code == "check.not-yet" {
					hint += " applies once haven.yaml declares " + q.Condition
				}
				diags.Add(diag.Diagnostic{File: p.File, Line: pos.line, Column: pos.col, Severity: sev, Code: code,
					Message: fmt.Sprintf("%q: %s", pos.match, f.Reason), Hint: hint})
			}
		}
	}
}

type position struct {
	line, col int
	match     string
}

// maxPerPattern caps the diagnostics one pattern yields on one page.
const maxPerPattern = 10

// locate finds where a pattern that matched the evidence text sits in the
// page's source: every match in the Markdown body, else the title line,
// else the body line holding the start of the text match, else the first
// body line.
func locate(p *model.Page, pat *legal.Pattern, text string) []position {
	body := string(p.Body)
	var out []position
	for _, m := range patternAll(pat, body) {
		line, col := lineCol(body, m[0])
		out = append(out, position{p.BodyLine + line - 1, col, body[m[0]:m[1]]})
	}
	if len(out) > 0 {
		return out
	}
	if m := pat.FindString(p.Title); m != "" {
		return []position{{p.Line("title"), 0, m}}
	}
	m := pat.FindString(text)
	for _, w := range strings.Fields(m) {
		if i := strings.Index(body, w); i >= 0 {
			line, _ := lineCol(body, i)
			return []position{{p.BodyLine + line - 1, 0, m}}
		}
	}
	return []position{{p.BodyLine, 0, m}}
}

func patternAll(pat *legal.Pattern, s string) [][]int {
	var out [][]int
	for off := 0; off <= len(s) && len(out) < maxPerPattern; {
		m := pat.FindStringIndex(s[off:])
		if m == nil {
			break
		}
		out = append(out, []int{off + m[0], off + m[1]})
		if m[1] == m[0] {
			_, size := utf8.DecodeRuneInString(s[off+m[1]:])
			off += m[1] + max(size, 1)
		} else {
			off += m[1]
		}
	}
	return out
}

// lineCol returns the 1-based line and rune column of byte offset i in s.
func lineCol(s string, i int) (line, col int) {
	before := s[:i]
	line = strings.Count(before, "\n") + 1
	start := strings.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCountInString(before[start:]) + 1
}

// checkConditional reports covering pages whose text triggers a
// conditional front-matter key they lack (amounts_as_of once an amount in
// euros appears).
func checkConditional(in *Input, p *model.Page, diags *diag.List) {
	text := p.Text
	for _, q := range in.active() {
		if !slices.Contains(p.Covers, q.ID) {
			continue
		}
		for _, c := range q.Evidence.Conditional {
			if !c.IfMatches.MatchText(text) {
				continue
			}
			for _, k := range c.ThenFrontMatter {
				if hasKey(p, k) {
					continue
				}
				pos := locate(p, c.IfMatches, text.String())[0]
				diags.Add(diag.Diagnostic{File: p.File, Line: pos.line, Column: pos.col, Severity: diag.Error, Code: "check.conditional", Field: k,
					Message: fmt.Sprintf("the page states %q but has no %s (rule %s)", pos.match, k, q.ID),
					Hint:    fmt.Sprintf("confirm the figure and add %s: YYYY-MM-DD to the front matter", k)})
			}
		}
	}
}
