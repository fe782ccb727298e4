package check

import (
	"fmt"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/model"
)

// Translation is one row of the translation completeness table: a page
// (by content.Page.Key) and its state in every language.
type Translation struct {
	// Key is the translation key; "" is the home page.
	Key string
	// Files holds the source file per language, when it exists.
	Files map[string]string
	// States holds per language: ok, missing, unpublished, or outdated
	// (reviewed before the default-language version).
	States map[string]string
}

// Translation states.
const (
	TranslationOK          = "ok"
	TranslationMissing     = "missing"
	TranslationUnpublished = "unpublished"
	TranslationOutdated    = "outdated"
)

type translationRow struct {
	Key   string
	Pages map[string]*model.Page
}

// translations groups pages by key.
type translations struct {
	rows []*translationRow
}

func buildTranslations(in *Input) *translations {
	tr := &translations{}
	for _, key := range in.Index.Keys() {
		tr.rows = append(tr.rows, &translationRow{Key: key, Pages: in.Index.Versions(key)})
	}
	return tr
}

// table renders the rows for the report.
func (tr *translations) table(in *Input) []Translation {
	def := in.Config.DefaultLanguage
	var out []Translation
	for _, row := range tr.rows {
		t := Translation{Key: row.Key, Files: map[string]string{}, States: map[string]string{}}
		src := row.Pages[def]
		for _, lang := range in.Config.LanguageCodes() {
			p := row.Pages[lang]
			switch {
			case p == nil:
				t.States[lang] = TranslationMissing
				continue
			case !p.InBuild:
				t.States[lang] = TranslationUnpublished
			case lang != def && src != nil && p.OutdatedBy(src):
				t.States[lang] = TranslationOutdated
			default:
				t.States[lang] = TranslationOK
			}
			t.Files[lang] = p.File
		}
		out = append(out, t)
	}
	return out
}

// siteChecks reports the site-wide findings of the active rules as
// diagnostics: a warning per page without a required date, per missing or
// outdated translation, and per language without a page_type page.
func siteChecks(in *Input, tr *translations, cov []*Coverage, diags *diag.List) {
	def := in.Config.DefaultLanguage
	active := in.active()
	for _, p := range in.Pages {
		pageDates(active, p, diags)
	}
	for _, q := range active {
		if q.HasSiteCheck(legal.SiteCheckTranslate) {
			translationChecks(in, q, tr, def, diags)
		}
	}
	for _, c := range cov {
		q := c.Requirement
		if q.Evidence.PageType == "" {
			continue
		}
		for _, lang := range in.Config.LanguageCodes() {
			if lc := c.Languages[lang]; lc != nil && lc.Status == Missing {
				diags.Add(diag.Diagnostic{File: content.Dir + "/" + lang, Severity: diag.Warning, Code: "check.missing-page",
					Message: fmt.Sprintf("no published %s page in %s (rule %s, %s in %s)", q.Evidence.PageType, lang, q.ID, lc.Level, lang),
					Hint:    fmt.Sprintf("add a page to content/%s/ with covers: [%s]", lang, q.ID)})
			}
		}
	}
}

// pageDates reports the front-matter keys that the site-wide rules among
// active ask for on every published page and p lacks.
func pageDates(active []*legal.Requirement, p *model.Page, diags *diag.List) {
	if !p.InBuild {
		return
	}
	for _, q := range active {
		if !q.SiteWide() || !q.AppliesIn(p.Lang) {
			continue
		}
		for _, k := range q.Evidence.FrontMatter {
			if hasKey(p, k) {
				continue
			}
			diags.Add(diag.Diagnostic{File: p.File, Line: 1, Severity: diag.Warning, Code: "check.page-dates", Field: k,
				Message: fmt.Sprintf("%s is missing; rule %s asks for it on every page%s", k, q.ID, basis(q)),
				Hint:    "add " + k + ": YYYY-MM-DD to the front matter"})
		}
	}
}

// translationChecks reports, for rule q, the pages without a published
// default-language source, the missing and unpublished translations, and
// the translations reviewed before their source.
func translationChecks(in *Input, q *legal.Requirement, tr *translations, def string, diags *diag.List) {
	for _, row := range tr.rows {
		src := row.Pages[def]
		if src == nil || !src.InBuild {
			for _, p := range row.Pages {
				if p.InBuild {
					diags.Add(diag.Diagnostic{File: p.File, Line: 1, Severity: diag.Warning, Code: "check.no-source",
						Message: fmt.Sprintf("page has no published %s version, the authoritative language (rule %s)", def, q.ID),
						Hint:    fmt.Sprintf("add %s, or set translation_key to the key of its %s version", expectedFile(p, def), def)})
				}
			}
			continue
		}
		for _, lang := range in.Config.LanguageCodes() {
			if lang == def || !q.AppliesIn(lang) {
				continue
			}
			t := row.Pages[lang]
			switch {
			case t == nil || !t.InBuild:
				what := "no " + lang + " translation"
				if t != nil {
					what = fmt.Sprintf("the %s translation %s is not published (%s)", lang, t.File, t.Unpublished())
				}
				diags.Add(diag.Diagnostic{File: src.File, Line: 1, Severity: diag.Warning, Code: "check.untranslated",
					Message: fmt.Sprintf("%s (rule %s)", what, q.ID), Hint: "add " + expectedFile(src, lang)})
			case t.OutdatedBy(src):
				diags.Add(diag.Diagnostic{File: t.File, Line: t.Line("reviewed"), Severity: diag.Warning, Code: "check.translation-outdated", Field: "reviewed",
					Message: fmt.Sprintf("reviewed %s, before its %s source %s (reviewed %s)", t.Reviewed.Format(content.DateLayout), def, src.File, src.Reviewed.Format(content.DateLayout)),
					Hint:    "bring the translation up to date with the source and set reviewed to today"})
			}
		}
	}
}

// expectedFile is where p's translation into lang would live.
func expectedFile(p *model.Page, lang string) string {
	rest := strings.TrimPrefix(p.File, content.Dir+"/"+p.Lang+"/")
	return content.Dir + "/" + lang + "/" + rest
}

// basis returns " (every legal basis entry)" of a requirement, for
// messages; an entry that is not verified in the official text says how
// sure the rulebook is of it.
func basis(q *legal.Requirement) string {
	if len(q.LegalBasis) == 0 {
		return ""
	}
	var parts []string
	for _, b := range q.LegalBasis {
		t := b.Text
		if b.Verification != "" && b.Verification != legal.Primary {
			t += " [" + b.Verification + "]"
		}
		parts = append(parts, t)
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
