package edit

import (
	"net/url"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/drift"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/site"
)

// translation is the translation mode of an edit screen: the
// default-language page, read-only, beside the translation as the draft
// has it, section by section (a section starts at a ## heading), with
// the facts that differ marked on both sides.
type translation struct {
	SourceFile, SourceLang, SourceLangName, SourceHref string
	Rows                                               []alignedRow
}

// alignedRow is the n-th section of the source and of the translation.
type alignedRow struct {
	Source, Target pane
}

// pane is one section of one page: its lines, facts marked.
type pane struct {
	Lines []markedLine
}

// markedLine is one source line in parts, the facts that differ marked.
type markedLine struct {
	Parts []part
}

type part struct {
	Text string
	Mark bool
}

// fixGroup is the drift of one translation from its default-language
// page, with a button per difference to carry the source's value into the
// translation or to acknowledge the difference.
type fixGroup struct {
	File, LangName string
	// Here is true when the translation is the page on the screen: the
	// buttons submit its form. Otherwise they open the translation's
	// screen with the fix applied, which needs this page saved (Clean).
	Here  bool
	Clean bool
	Items []fixItem
}

// fixItem is one difference.
type fixItem struct {
	Text       string // the warning
	Carry      string // the carry request (see carrySpec), "" when there is no value to carry
	CarryLabel string
	Ack        string // the acknowledge entry
	AckLabel   string
	Href       string // the translation's screen with the carry applied, when not Here
	AckHref    string // the same with the acknowledgement
}

// sourcePage returns the default-language page of p's translation group,
// or nil when p is in the default language or has none.
func sourcePage(l *site.Loaded, p *model.Page) *model.Page {
	def := l.Config.DefaultLanguage
	if p == nil || p.Lang == def {
		return nil
	}
	var found *model.Page
	for _, q := range l.Pages {
		if q.Key == p.Key && q.Lang == def && (found == nil || q.InBuild && !found.InBuild) {
			found = q
		}
	}
	return found
}

// pageByFile returns the loaded page of file, or nil.
func pageByFile(l *site.Loaded, file string) *model.Page {
	for _, q := range l.Pages {
		if q.File == file {
			return q
		}
	}
	return nil
}

// carrySpec is the request to carry difference df: its kind and the two
// values, so that the server finds the same differences in the text it
// is sent.
func carrySpec(df drift.Difference) string {
	if df.T == nil || df.D == nil || df.N > 0 {
		return ""
	}
	return url.Values{"k": {df.Kind}, "t": {df.T.Value}, "d": {df.D.Value}}.Encode()
}

// matches reports whether df is a difference the carry request spec
// names.
func matches(spec url.Values, df drift.Difference) bool {
	return df.T != nil && df.D != nil && df.N == 0 && df.Kind == spec.Get("k") && df.T.Value == spec.Get("t") && df.D.Value == spec.Get("d")
}

// addFixes adds the drift of the draft to the screen as fix groups: on a
// translation, its differences from the default-language page; on the
// default-language page, each translation's differences from the draft.
func (s *screen) addFixes(l *site.Loaded, dr *site.Draft, clean bool) {
	if dr.Page == nil {
		return
	}
	if src := sourcePage(l, dr.Page); src != nil {
		diffs := drift.Differences(dr.Page, src)
		s.Translation = alignPages(l, s.UI, src, dr.Page, diffs)
		if s.Proposal != "" {
			s.Translation.SourceHref += "&" + url.Values{"proposal": {s.Proposal}}.Encode()
		}
		if len(diffs) > 0 {
			s.Fixes = append(s.Fixes, s.fixGroup(l, dr.Page, src, diffs, true, clean))
		}
		s.keepUnfixed(dr)
		return
	}
	var files []string
	for _, d := range dr.Drift {
		if d.Code == drift.CodeDrift && d.File != dr.Page.File && !slices.Contains(files, d.File) {
			files = append(files, d.File)
		}
	}
	for _, f := range files {
		if tp := pageByFile(l, f); tp != nil {
			if diffs := drift.Differences(tp, dr.Page); len(diffs) > 0 {
				s.Fixes = append(s.Fixes, s.fixGroup(l, tp, dr.Page, diffs, false, clean))
			}
		}
	}
	s.keepUnfixed(dr)
}

// keepUnfixed leaves in the screen's drift list the warnings no fix
// group shows: outdated translations, acknowledge entries haven cannot
// read, drift of pages the site did not load.
func (s *screen) keepUnfixed(dr *site.Draft) {
	s.Drift = nil
	for _, d := range dr.Drift {
		if d.Code == drift.CodeDrift && slices.ContainsFunc(s.Fixes, func(g fixGroup) bool { return g.File == d.File }) {
			continue
		}
		s.Drift = append(s.Drift, d.String())
	}
}

// fixGroup makes the fix buttons of translation tp's differences from
// src.
func (s *screen) fixGroup(l *site.Loaded, tp, src *model.Page, diffs []drift.Difference, here, clean bool) fixGroup {
	g := fixGroup{File: tp.File, LangName: s.UI.language(l, tp.Lang), Here: here, Clean: clean}
	srcName := s.UI.language(l, src.Lang)
	for _, df := range diffs {
		it := fixItem{Text: df.Warning.FullMessage(), Ack: df.Ack, Carry: carrySpec(df)}
		shown := df.Ack
		if df.T != nil {
			shown = df.T.Text
		}
		it.AckLabel = s.UI.T("fix.ack", shown)
		if it.Carry != "" {
			it.CarryLabel = s.UI.T("fix.carry", df.D.Text, srcName, df.T.Text)
		}
		if !here {
			q := url.Values{"file": {tp.File}, "ui": {s.UI.Lang}}
			if s.Proposal != "" {
				q.Set("proposal", s.Proposal)
			}
			if it.Carry != "" {
				q.Set("carry", it.Carry)
				it.Href = editPath + "?" + q.Encode()
				q.Del("carry")
			}
			q.Set("ack", it.Ack)
			it.AckHref = editPath + "?" + q.Encode()
		}
		g.Items = append(g.Items, it)
	}
	return g
}

// alignPages puts src's sections beside tp's, the facts of diffs marked.
func alignPages(l *site.Loaded, t tr, src, tp *model.Page, diffs []drift.Difference) *translation {
	var srcMarks, tpMarks []model.Fact
	for _, df := range diffs {
		if df.D != nil {
			srcMarks = append(srcMarks, *df.D)
		}
		if df.T != nil {
			tpMarks = append(tpMarks, *df.T)
		}
	}
	a := sections(string(src.Body), src.BodyLine, srcMarks)
	b := sections(string(tp.Body), tp.BodyLine, tpMarks)
	tv := &translation{SourceFile: src.File, SourceLang: src.Lang, SourceLangName: t.language(l, src.Lang),
		SourceHref: editHref(src.File, t)}
	for i := range max(len(a), len(b)) {
		var row alignedRow
		if i < len(a) {
			row.Source = a[i]
		}
		if i < len(b) {
			row.Target = b[i]
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv
}

// sections splits a page body, which starts on file line first, into
// panes at its ## headings (outside fenced code), marking facts.
func sections(body string, first int, marks []model.Fact) []pane {
	var out []pane
	cur := pane{}
	fence := ""
	for i, line := range strings.Split(strings.TrimRight(normalize(body), "\n"), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
		case strings.HasPrefix(line, "## ") && len(cur.Lines) > 0:
			out = append(out, cur)
			cur = pane{}
		}
		if len(cur.Lines) == 0 && t == "" {
			continue // no blank line at the top of a pane
		}
		cur.Lines = append(cur.Lines, markLine(line, first+i, marks))
	}
	if len(cur.Lines) > 0 {
		out = append(out, cur)
	}
	return out
}

// markLine splits line (file line n) around the marked facts on it; a
// fact not written on the line as such (a list's length) marks it all.
func markLine(line string, n int, marks []model.Fact) markedLine {
	var texts []string
	for _, f := range marks {
		if f.Line == n {
			texts = append(texts, f.Text)
		}
	}
	if len(texts) == 0 {
		return markedLine{Parts: []part{{Text: line}}}
	}
	var ml markedLine
	rest := line
	for _, text := range texts {
		i := strings.Index(rest, text)
		if i < 0 || text == "" {
			continue
		}
		ml.Parts = append(ml.Parts, part{Text: rest[:i]}, part{Text: text, Mark: true})
		rest = rest[i+len(text):]
	}
	if len(ml.Parts) == 0 {
		return markedLine{Parts: []part{{Text: line, Mark: true}}}
	}
	ml.Parts = append(ml.Parts, part{Text: rest})
	return ml
}
