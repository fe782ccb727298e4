package check

import (
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// vagueLinkText holds, per language, link texts that say nothing of where
// the link goes once read out of context, as screen-reader users often list
// a page's links (WCAG 2.4.4). Keys are lower-case, without punctuation.
var vagueLinkText = map[string][]string{
	"et": {"siin", "siit", "siia", "vajuta siia", "kliki siia", "klõpsa siia", "vaata siit", "loe edasi", "loe lisaks", "rohkem", "lisainfo", "link", "see link"},
	"en": {"here", "click here", "click", "read more", "more", "learn more", "this", "this link", "link", "this page"},
	"ru": {"здесь", "тут", "сюда", "нажмите здесь", "нажмите сюда", "подробнее", "читать далее", "далее", "ещё", "еще", "ссылка", "по ссылке", "эта ссылка"},
}

// DecorativeMark, written right after an image with no alternative text
// (![](photo.jpg)<!-- decorative -->), says the image is decoration
// only: screen readers skip an image with alt="", which is what it
// renders as, and the authoring check does not ask for a description.
// The mark is an HTML comment, so no reader sees it: the published page
// drops it (or keeps goldmark's own comment in its place).
const DecorativeMark = "<!-- decorative -->"

// decorativeRe is [DecorativeMark] as it may be typed.
var decorativeRe = regexp.MustCompile(`^\)[ \t]*<!--[ \t]*(?i:decorative)[ \t]*-->`)

// decorative reports whether image l of body is followed by
// [DecorativeMark] (any spacing or case), on the line of its address.
func decorative(body []byte, l markdown.Link) bool {
	if l.Line <= 0 || l.Dest == "" {
		return false
	}
	lines := strings.SplitN(string(body), "\n", l.Line+1)
	if len(lines) < l.Line {
		return false
	}
	line := []rune(lines[l.Line-1])
	if l.Column-1 > len(line) {
		return false
	}
	rest := string(line[l.Column-1:])
	if !strings.HasPrefix(rest, l.Dest) {
		return false
	}
	rest = strings.TrimLeft(rest[len(l.Dest):], " \t")
	if rest != "" && strings.ContainsRune(`"'(`, rune(rest[0])) { // a title: skip it
		end := map[byte]byte{'"': '"', '\'': '\'', '(': ')'}[rest[0]]
		i := strings.IndexByte(rest[1:], end)
		if i < 0 {
			return false
		}
		rest = strings.TrimLeft(rest[i+2:], " \t")
	}
	return decorativeRe.MatchString(rest)
}

// checkAuthoring reports what keeps a page's body from being accessible
// that an author can fix (ATAG 2.0 part B, WCAG 2.1): a level-one heading
// beside the title, skipped heading levels, link texts that do not say
// where they lead, images without alternative text, and tables whose
// header row is empty. All are warnings: the page still builds.
func checkAuthoring(p *model.Page, diags *diag.List) {
	at := func(line int) int { // a body line as a line of the file
		if line <= 0 {
			return p.BodyLine
		}
		return p.BodyLine + line - 1
	}
	warn := func(line, col int, code, msg, hint string) {
		diags.Add(diag.Diagnostic{File: p.File, Line: at(line), Column: max(col, 1), Severity: diag.Warning, Code: code, Message: msg, Hint: hint})
	}
	level := 1 // the title is the page's level-one heading
	for _, h := range p.Doc.Headings {
		switch {
		case h.Level == 1:
			warn(h.Line, 1, "authoring.heading-one", fmt.Sprintf("heading %q is a second level-one heading: the page title is the only one", h.Text),
				"write it as a section heading: ## "+h.Text)
		case h.Level > level+1:
			warn(h.Line, 1, "authoring.heading-skip", fmt.Sprintf("heading %q is level %d after level %d: a screen reader's outline skips a level", h.Text, h.Level, level),
				fmt.Sprintf("make it level %d (%s %s)", level+1, strings.Repeat("#", level+1), h.Text))
		}
		level = h.Level
	}
	for _, l := range p.Doc.Links {
		switch {
		case l.Image && strings.TrimSpace(l.Text) == "" && decorative(p.Body, l):
		case l.Image && strings.TrimSpace(l.Text) == "":
			warn(l.Line, l.Column, "authoring.image-alt", fmt.Sprintf("image %s has no alternative text", l.Dest),
				"describe what the image shows for readers who cannot see it: ![what it shows]("+l.Dest+"), or, if it is only decoration, mark it: ![]("+l.Dest+")"+DecorativeMark)
		case l.Image && isFileName(l.Text, l.Dest):
			warn(l.Line, l.Column, "authoring.image-alt", fmt.Sprintf("image %s has its file name %q as alternative text", l.Dest, l.Text),
				"describe what the image shows instead of naming the file")
		case !l.Image && isVague(p.Lang, l.Text):
			warn(l.Line, l.Column, "authoring.link-text", fmt.Sprintf("link text %q does not say where the link leads", l.Text),
				"name the destination in the link text, e.g. [ohvriabi kontaktid](...) instead of [siin](...)")
		}
	}
	for _, t := range p.Doc.Tables {
		if t.HeaderEmpty {
			warn(t.Line, 1, "authoring.table-header", "table has an empty header row: its columns have no names for screen readers",
				"write a name for each column in the table's first row")
		}
	}
}

// isVague reports whether text, as a link text in language lang, is one
// of the texts that say nothing of the destination.
func isVague(lang, text string) bool {
	t := strings.ToLower(strings.TrimFunc(strings.TrimSpace(text), func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }))
	for _, v := range vagueLinkText[lang] {
		if t == v {
			return true
		}
	}
	return false
}

// isFileName reports whether alt is the image's file name (with or
// without extension), as cameras and upload tools fill it in.
func isFileName(alt, dest string) bool {
	base := path.Base(dest)
	return alt == base || alt == strings.TrimSuffix(base, path.Ext(base))
}

// checkTranslatedAlt reports the images of translation p whose
// alternative text is, word for word, the one the same image has in
// another language version of the page: a description copied with the
// body and never translated, which a reader of p's language may not
// understand. Decorative images (no text) and the default language's
// page, which translations follow, are not reported.
func checkTranslatedAlt(ix *index, p *model.Page, diags *diag.List) {
	if p.Lang == ix.def || p.Doc == nil {
		return
	}
	versions := ix.Versions(p.Key)
	for _, l := range p.Doc.Links {
		alt := strings.TrimSpace(l.Text)
		if !l.Image || alt == "" || isFileName(alt, l.Dest) { // the last is reported by checkAuthoring
			continue
		}
		for _, lang := range slices.Sorted(maps.Keys(versions)) {
			q := versions[lang]
			if q == p || q.Lang == p.Lang || !q.InBuild || q.Doc == nil || !hasImage(q, l.Dest, alt) {
				continue
			}
			diags.Add(diag.Diagnostic{File: p.File, Line: p.BodyLine + max(l.Line, 1) - 1, Column: max(l.Column, 1), Severity: diag.Warning,
				Code: "authoring.image-alt", Message: fmt.Sprintf("image %s has the alternative text of the %s version (%s), %q, not one in %s", l.Dest, q.Lang, q.File, alt, p.Lang),
				Hint: fmt.Sprintf("describe what the image shows in %s: ![…](%s)", p.Lang, l.Dest)})
			break
		}
	}
}

// hasImage reports whether page q shows the image dest with alternative
// text alt.
func hasImage(q *model.Page, dest, alt string) bool {
	return slices.ContainsFunc(q.Doc.Links, func(m markdown.Link) bool {
		return m.Image && m.Dest == dest && strings.TrimSpace(m.Text) == alt
	})
}
