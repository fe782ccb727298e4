package check

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/haven-cms/haven/internal/diag"
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
		case l.Image && strings.TrimSpace(l.Text) == "":
			warn(l.Line, l.Column, "authoring.image-alt", fmt.Sprintf("image %s has no alternative text", l.Dest),
				"describe what the image shows for readers who cannot see it: ![what it shows]("+l.Dest+")")
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
