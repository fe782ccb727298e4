package drift

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
)

// CodeInconsistent is two pages of one language that give different
// figures (amounts, percentages, durations) in sentences about the same
// thing.
const CodeInconsistent = "facts.inconsistent"

// Consistency compares the pages of each language with one another: two
// figures of the same kind and unit with different values, on different
// pages, in sentences that share at least [minShared] topic words (and
// at least half of the shorter sentence's), are two statements of one
// fact that disagree ("teata 15 päeva jooksul" on one page, "30 päeva
// jooksul" on another). Topic words are the words of four letters or more
// that are not stop words, compared on their first five letters, so that
// inflected forms meet. Each disagreement is one warning on the later
// page (in the order of pages) with Related at the earlier one. Pass only
// published pages; their facts are worked out if they have none.
func Consistency(pages []*model.Page) []diag.Diagnostic {
	type stated struct {
		p      *model.Page
		f      Fact
		topics []string
	}
	byLang := map[string][]stated{}
	for _, p := range pages {
		for _, f := range PageFacts(p) {
			if f.Context == "" {
				continue
			}
			if t := topics(f.Context, f.Text); len(t) >= minShared {
				byLang[p.Lang] = append(byLang[p.Lang], stated{p, f, t})
			}
		}
	}
	var out []diag.Diagnostic
	seen := map[string]bool{}
	for _, list := range byLang {
		for j, b := range list {
			for _, a := range list[:j] {
				if a.p == b.p || a.f.Kind != b.f.Kind || a.f.Value == b.f.Value || unitOf(a.f) != unitOf(b.f) {
					continue
				}
				shared := sharedTopics(a.topics, b.topics)
				if len(shared) < minShared || 2*len(shared) < min(len(a.topics), len(b.topics)) {
					continue
				}
				key := b.p.File + "\x00" + a.p.File + "\x00" + b.f.Value + "\x00" + a.f.Value
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, diag.Diagnostic{File: b.p.File, Line: b.f.Line, Severity: diag.Warning, Code: CodeInconsistent,
					Message: fmt.Sprintf("%s says %s where %s says %s about the same thing (both mention %s)",
						at(b.p, b.f.Line), b.f.Text, at(a.p, a.f.Line), a.f.Text, strings.Join(wordsOf(b.f.Context, shared), ", ")),
					Hint:    "find out which figure is right and correct the other page; a figure kept once in content/_data/facts.yaml and inserted with {{fact ID}} cannot disagree",
					Related: related(a.p, a.f.Line)})
			}
		}
	}
	diag.Sort(out)
	return out
}

// minShared is the number of topic words two sentences must share to be
// about the same thing.
const minShared = 3

// unitOf is the unit of a duration (15d: d), else "".
func unitOf(f Fact) string {
	if f.Kind != KindDuration {
		return ""
	}
	return strings.TrimLeft(f.Value, "0123456789.")
}

// stopWords are frequent words that say nothing about what a figure is
// about, in Estonian, Russian and English, as topic stems.
var stopWords = map[string]bool{
	// et
	"jooks": true, "kuni": true, "hilje": true, "päras": true, "enne": true, "võib": true, "võid": true, "saate": true, "saad": true,
	"kohta": true, "peale": true, "ning": true, "kõige": true, "selle": true, "mille": true, "kellel": true, "kelle": true, "ainul": true,
	// ru
	"течен": true, "позже": true, "после": true, "более": true, "менее": true, "может": true, "можно": true, "этого": true, "котор": true, "чтобы": true,
	"также": true, "если": true, "вашег": true, "ваших": true,
	// en
	"withi": true, "after": true, "befor": true, "least": true, "about": true, "there": true, "their": true, "which": true, "would": true,
	"could": true, "should": true, "shoul": true, "have": true, "from": true, "that": true, "this": true, "with": true, "your": true, "will": true,
	"than": true, "more": true, "less": true, "most": true, "when": true,
}

// topics returns the sorted topic stems of sentence, leaving out the
// words of the figure itself.
func topics(sentence, figure string) []string {
	sentence = strings.Replace(sentence, figure, " ", 1)
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(w)
		if len(r) < 4 {
			continue
		}
		stem := string(r[:min(5, len(r))])
		if stopWords[stem] || durationUnit(w) != "" || slices.Contains(out, stem) {
			continue
		}
		out = append(out, stem)
	}
	slices.Sort(out)
	return out
}

// wordsOf returns the first word of sentence for each of stems, as
// written.
func wordsOf(sentence string, stems []string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(sentence, func(r rune) bool { return !unicode.IsLetter(r) }) {
		r := []rune(strings.ToLower(w))
		if len(r) < 4 {
			continue
		}
		if i := slices.Index(stems, string(r[:min(5, len(r))])); i >= 0 {
			out = append(out, w)
			stems = slices.Delete(slices.Clone(stems), i, i+1)
		}
	}
	return out
}

// sharedTopics returns the stems in both sorted lists.
func sharedTopics(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); ok {
			out = append(out, s)
		}
	}
	return out
}

// sentenceAround returns the sentence of line that holds line[start:end]:
// from after the last ". ", "! ", "? ", "; " or table cell bar before it to
// the next one after it.
func sentenceAround(line string, start, end int) string {
	from := 0
	for _, sep := range []string{". ", "! ", "? ", "; ", "|"} {
		if i := strings.LastIndex(line[:start], sep); i >= 0 && i+len(sep) > from {
			from = i + len(sep)
		}
	}
	to := len(line)
	for _, sep := range []string{". ", "! ", "? ", "; ", "|"} {
		if i := strings.Index(line[end:], sep); i >= 0 && end+i < to {
			to = end + i
		}
	}
	return strings.TrimSpace(line[from:to])
}
