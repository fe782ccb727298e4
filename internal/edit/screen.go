package edit

import (
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/site"
)

// screen is the edit screen of one page.
type screen struct {
	UI        tr
	File      string
	Lang      string // the page's language: lang of its text fields
	LangName  string
	Heading   string
	New       bool
	Hash      string // of the file version the form was loaded from
	Base      string // that version's text
	Raw       bool   // the whole file as text, not the form
	RawWhy    string
	Source    string // the whole file, in raw mode
	Fields    []formField
	Advanced  []formField
	AdvOpen   bool // an advanced field has a problem
	Extra     string
	ExtraMsgs []message
	Body      string
	BodyMsgs  []message
	// Inserts are the contacts and facts the body toolbar offers.
	Inserts   []insert
	Errors    []summaryItem
	Warnings  []summaryItem
	Notice    string
	NoticeBad bool
	Preview   string // the draft's theme page, for the sandboxed iframe
	NoPreview string
	Drift     []string
	Fixes     []fixGroup
	// Translation is the side-by-side view of a translation and its
	// default-language page, or nil.
	Translation *translation
	Legal       *legalPanel
	// Recovery offers unsaved text kept from an earlier form, or is nil.
	Recovery *recoveryNotice
	// LocalKey names the browser's copy of the form's unsaved text (see
	// edit.js); Unsaved says the form holds text the file does not, and
	// Saved that the screen follows a successful save.
	LocalKey       string
	Unsaved, Saved bool
	// Autosave is the script's interval in milliseconds.
	Autosave int64
	Conflict *conflict
	// Team is set when saves go to a change proposal; Proposal is the
	// one the page is edited in, "" before the first save.
	Team     bool
	Proposal string
}

// formField is one front-matter key in the form.
type formField struct {
	Name, ID, Label, Help, Kind, Value string
	Checked                            bool
	Options                            []option
	Checks                             []checkItem
	Msgs                               []message
	// Lang is the page's language on fields that hold page text (so the
	// browser spell-checks them in it), else "".
	Lang string
}

type option struct {
	Value, Label string
	Selected     bool
}

// checkItem is one requirement in the covers checklist.
type checkItem struct {
	ID, Label, Basis, Level string
	Checked                 bool
}

// message is a diagnostic next to the field it concerns.
type message struct {
	Bad  bool
	Text string
}

// summaryItem is a diagnostic in the summary at the top, linking to its
// field. Diag is the diagnostic as haven build prints it.
type summaryItem struct {
	Href, Text, Diag string
}

// conflict is the merge view of a save refused because the file changed.
type conflict struct {
	Theirs, Yours string
}

// target says where a diagnostic belongs on the screen.
type target struct {
	field    string // a form field's key, extraField or bodyField, or ""
	bodyLine int    // line in the body, for bodyField
}

// locate places diagnostic dg of the file text d.
func locate(dg diag.Diagnostic, d doc, raw bool) target {
	switch {
	case raw:
		return target{field: sourceField}
	case dg.Field != "" && known(dg.Field):
		return target{field: dg.Field}
	case !d.ok:
		return target{}
	case dg.Line >= d.bodyLine():
		return target{field: bodyField, bodyLine: dg.Line - d.bodyLine() + 1}
	}
	if k := d.keyAt(dg.Line); k != "" {
		if known(k) {
			return target{field: k}
		}
		return target{field: extraField}
	}
	return target{}
}

// addDiagnostics puts the draft's diagnostics in the summary and next to
// their fields. d is the draft's text.
func (s *screen) addDiagnostics(ds []diag.Diagnostic, d doc) {
	for _, dg := range ds {
		tg := locate(dg, d, s.Raw)
		text := dg.FullMessage()
		if tg.field == bodyField {
			text = s.UI.T("summary.bodyLine", tg.bodyLine) + ": " + text
		}
		msg := message{Bad: dg.Severity == diag.Error, Text: text}
		href := "#main"
		switch tg.field {
		case "":
		case bodyField, extraField, sourceField:
			href = "#" + tg.field
		default:
			href = "#" + fieldPrefix + tg.field
		}
		s.attach(tg.field, msg)
		item := summaryItem{Href: href, Text: text, Diag: dg.String()}
		if msg.Bad {
			s.Errors = append(s.Errors, item)
		} else {
			s.Warnings = append(s.Warnings, item)
		}
	}
}

// attach shows msg next to the field key.
func (s *screen) attach(key string, msg message) {
	switch key {
	case "", sourceField:
		return
	case bodyField:
		s.BodyMsgs = append(s.BodyMsgs, msg)
		return
	case extraField:
		s.ExtraMsgs = append(s.ExtraMsgs, msg)
		return
	}
	for _, list := range []*[]formField{&s.Fields, &s.Advanced} {
		for i := range *list {
			if (*list)[i].Name == key {
				(*list)[i].Msgs = append((*list)[i].Msgs, msg)
				if list == &s.Advanced {
					s.AdvOpen = true
				}
			}
		}
	}
}

// formFields makes the form's fields from [content.Fields] with the values
// v, for a page in language lang of site l.
func formFields(l *site.Loaded, t tr, v values, lang string) (main, adv []formField) {
	for _, f := range content.Fields {
		ff := formField{Name: f.Name, ID: fieldPrefix + f.Name, Label: t.Label(f.Name), Help: t.Help(f.Name), Value: v[f.Name]}
		switch {
		case f.Name == "covers":
			ff.Kind, ff.Checks = "checklist", coversChecklist(l.Rules, t, lang, splitLines(v[f.Name]))
		case f.Name == "menu":
			ff.Kind, ff.Options = "select", menuOptions(t, v[f.Name])
		case f.Type == content.Date:
			ff.Kind = "date"
			if !validDate(ff.Value) {
				ff.Kind = "text" // show what the file says, so it can be fixed
			}
		case f.Type == content.Bool:
			ff.Kind, ff.Checked = "checkbox", v[f.Name] == "true"
		case f.Type == content.Int:
			ff.Kind = "number"
		case f.Type == content.Strings:
			ff.Kind = "textarea"
		default:
			ff.Kind = "text"
			if f.Name == "title" || f.Name == "description" {
				ff.Lang = lang
			}
		}
		if slices.Contains(advanced, f.Name) {
			adv = append(adv, ff)
		} else {
			main = append(main, ff)
		}
	}
	return main, adv
}

func validDate(s string) bool {
	if s == "" {
		return true
	}
	_, err := parseDay(s)
	return err == nil
}

// menuOptions are the theme's menus, plus a value the file has that is
// not one of them (so it is shown, and the build's error explains it).
func menuOptions(t tr, current string) []option {
	opts := []option{{Value: "", Label: t.T("edit.noMenu"), Selected: current == ""}}
	for _, m := range content.Menus {
		opts = append(opts, option{Value: m, Label: m, Selected: m == current})
	}
	if current != "" && !slices.Contains(content.Menus, current) {
		opts = append(opts, option{Value: current, Label: current, Selected: true})
	}
	return opts
}

// coversChecklist lists the rulebook's requirements that apply in lang
// (and any the page claims), with title and legal basis, ticked where the
// page claims them; ids the rulebook does not know stay listed, ticked,
// so that saving keeps them until the editor unticks them.
func coversChecklist(r *legal.Rulebook, t tr, lang string, claimed []string) []checkItem {
	var out []checkItem
	for _, q := range r.Requirements {
		if !q.AppliesIn(lang) && !slices.Contains(claimed, q.ID) {
			continue
		}
		var basis []string
		for _, b := range q.LegalBasis {
			basis = append(basis, b.Text)
		}
		out = append(out, checkItem{ID: q.ID, Label: q.TitleIn(t.Lang, "en"), Basis: strings.Join(basis, "; "),
			Level: t.level(q.LevelIn(lang)), Checked: slices.Contains(claimed, q.ID)})
	}
	for _, id := range claimed {
		if r.Requirement(id) == nil {
			out = append(out, checkItem{ID: id, Label: t.T("edit.coversUnknown", id), Checked: true})
		}
	}
	return out
}

// addDraft fills in what the draft API says of the text: the preview, the
// diagnostics and the drift against the translations.
func (s *screen) addDraft(dr *site.Draft, text string) {
	s.addDiagnostics(dr.Diagnostics, parseDoc(text))
	switch {
	case dr.HTML != nil:
		s.Preview = string(dr.HTML)
	case dr.Page == nil:
		s.NoPreview = s.UI.T("edit.previewNone", s.UI.T("edit.notPage"))
	default:
		s.NoPreview = s.UI.T("edit.previewNone", s.UI.T("edit.notInBuild"))
	}
	for _, d := range dr.Drift {
		s.Drift = append(s.Drift, d.String())
	}
	errs := len(s.Errors)
	if s.Notice == s.UI.T("edit.saved") && errs > 0 {
		s.Notice, s.NoticeBad = s.UI.T("edit.savedErrors", errs), true
	}
}

// DecorativeMark is what the body toolbar writes after an image meant to
// have no alternative text.
func (s *screen) DecorativeMark() string { return check.DecorativeMark }

// PageTitle is the screen's title in the browser tab.
func (s *screen) PageTitle() string {
	if len(s.Errors) > 0 {
		return s.UI.T("summary.error") + " " + s.Heading + " · " + s.UI.T("app")
	}
	return s.Heading + " · " + s.UI.T("app")
}

// PageTitle is the error page's title in the browser tab.
func (v errorView) PageTitle() string { return v.UI.T("error.title") + " · " + v.UI.T("app") }
