package edit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/site"
)

// uiLanguages are the languages of the editor's own words, the first the
// fallback. They are the editor's, not the page's: an Estonian service
// manager may edit the Russian page with Estonian labels.
var uiLanguages = []string{"en", "et", "ru"}

// uiLanguage picks the UI language of a request: ?ui= when it names one,
// else the best of Accept-Language, else English.
func uiLanguage(r *http.Request) string {
	if ui := r.FormValue("ui"); supported(ui) {
		return ui
	}
	best, bestQ := uiLanguages[0], 0.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		lang, _, _ := strings.Cut(strings.ToLower(tag), "-")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q, _ = strconv.ParseFloat(v, 64)
		}
		if supported(lang) && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// tr returns the UI strings for r: its language, and the team's
// links, CSRF token and person when there is a team.
func (e *Handler) tr(r *http.Request) tr {
	t := tr{Lang: uiLanguage(r), Team: e.opts.Team != nil}
	if e.opts.CSRF != nil {
		t.CSRF = e.opts.CSRF(r)
	}
	if t.Team && t.CSRF != "" {
		if p, ok := e.opts.Team.Person(r); ok {
			t.Who = p.Name
		}
	}
	return t
}

func supported(lang string) bool {
	for _, l := range uiLanguages {
		if l == lang {
			return true
		}
	}
	return false
}

// tr holds the UI strings of one language.
type tr struct {
	Lang string
	// Team is set when the editor works with change proposals, so the
	// screens link to them.
	Team bool
	// CSRF is the signed-in session's token, which every form posts;
	// Who is the person signed in.
	CSRF, Who string
}

// T returns the UI string key, formatted with args, in the language of t,
// else in English.
func (t tr) T(key string, args ...any) string {
	s, ok := messages[t.Lang][key]
	if !ok {
		s = messages["en"][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// count is the UI string key for n things: key+"1" when n is 1.
func (t tr) count(key string, n int) string {
	if n == 1 {
		return t.T(key + "1")
	}
	return t.T(key, n)
}

// level says a requirement's level (must, should) in a language of the
// page, in the UI language; a level the UI has no word for is shown as
// the rulebook has it.
func (t tr) level(l legal.Level) string {
	word, ok := messages[t.Lang]["level."+string(l)]
	if !ok {
		word = string(l)
	}
	return t.T("edit.level", word)
}

// language is the name of a site language in the UI language: "Estonian"
// for et in English, else the name the site gives it.
func (t tr) language(l *site.Loaded, code string) string {
	if s, ok := messages[t.Lang]["lang."+code]; ok {
		return s
	}
	return l.Config.LanguageName(code)
}

// Language is the name of a site language in the UI language, else name.
func (t tr) Language(code, name string) string {
	if s, ok := messages[t.Lang]["lang."+code]; ok {
		return s
	}
	return name
}

// Label is the form label of a front-matter key.
func (t tr) Label(key string) string { return t.T("label." + key) }

// Help is the help text of a front-matter key: the build's own
// documentation ([content.Fields]) in English, its translation otherwise.
func (t tr) Help(key string) string {
	if s, ok := messages[t.Lang]["help."+key]; ok {
		return s
	}
	f, _ := field(key)
	return f.Doc
}

// messages are the UI strings by language and key. Every key of "en"
// must exist in every language (TestUIStringsComplete).
var messages = map[string]map[string]string{
	"en": {
		"app":                   "haven editor",
		"skip":                  "Skip to main content",
		"list.title":            "Pages",
		"list.intro":            "Every page by section and language. Choose a page to edit it; a missing translation opens a new page.",
		"list.owner":            "Owner",
		"list.allOwners":        "All owners",
		"list.show":             "Show",
		"list.section":          "Section",
		"list.top":              "Top-level pages",
		"list.page":             "Page",
		"list.none":             "No pages match.",
		"list.create":           "create",
		"list.dashboard":        "Preview dashboard",
		"chip.draft":            "draft",
		"chip.scheduled":        "scheduled",
		"chip.expired":          "expired",
		"chip.untranslated":     "not translated",
		"chip.outdated":         "translation outdated",
		"chip.drift":            "%d drift warnings",
		"chip.drift1":           "1 drift warning",
		"chip.errors1":          "1 error",
		"chip.warnings1":        "1 warning",
		"chip.reviewDue":        "review due %s",
		"chip.overdue":          "review overdue since %s",
		"chip.noReview":         "no review date",
		"chip.errors":           "%d errors",
		"chip.warnings":         "%d warnings",
		"chip.ok":               "ok",
		"edit.title":            "Edit %s",
		"edit.new":              "New page %s",
		"edit.back":             "All pages",
		"edit.langNote":         "Page language: %s. The text fields are spell-checked in it.",
		"edit.details":          "Page details",
		"edit.advanced":         "Advanced: address and translations",
		"edit.advancedNote":     "Changing the slug moves the page to a new address; on save the old one is added to the old addresses, so links keep working.",
		"edit.extra":            "Other front-matter keys",
		"edit.extraHelp":        "Keys the form has no field for, exactly as the file has them. They are kept when you save.",
		"edit.body":             "Page text (Markdown)",
		"edit.bodyHelp":         "Start headings at ## (the title is the page's main heading).",
		"preview.width":         "Preview width",
		"preview.fit":           "Fit",
		"preview.phone":         "Phone (320 px)",
		"preview.desktop":       "Desktop (1280 px)",
		"preview.updated":       "Preview updated",
		"move.title":            "Move, rename or delete",
		"move.to":               "New file",
		"move.help":             "The page's file below content/, in the same language folder. Its translations at the same path move with it, and each keeps its old address as an alias, so links keep working.",
		"move.button":           "Move page",
		"move.language":         "A page moves within its language folder (%s); to translate it, open the translation instead.",
		"move.taken":            "%s already exists; choose another name. Nothing was moved.",
		"move.note":             "Move %s to %s",
		"delete.help":           "Deleting keeps a copy in .haven/trash/, from which it can be restored.",
		"delete.helpTeam":       "Deleting is a change proposal like any other: it takes effect once reviewed and published.",
		"delete.button":         "Delete page…",
		"delete.confirmTitle":   "Delete %s?",
		"delete.confirm":        "The file leaves content/ and a copy is kept in %s/ under today's time; copy it back to restore it. The page disappears from the site at the next build.",
		"delete.confirmTeam":    "The deletion goes into a change proposal; the page stays on the site until the proposal is reviewed and published, and the history keeps every version.",
		"delete.translations":   "Its translations stay; delete them separately if they should go too:",
		"delete.yes":            "Delete the page",
		"delete.no":             "Cancel",
		"delete.note":           "Delete %s",
		"delete.gone":           "%s does not exist (any more).",
		"tools.label":           "Formatting",
		"tools.h2":              "Section heading",
		"tools.h3":              "Subheading",
		"tools.bold":            "Bold",
		"tools.ul":              "Bulleted list",
		"tools.ol":              "Numbered list",
		"tools.link":            "Link",
		"tools.insert":          "Contact or figure",
		"tools.insertButton":    "Insert",
		"tools.outline":         "Outline: go to a heading",
		"tools.outlineNone":     "No headings yet.",
		"image.legend":          "Add an image",
		"image.help":            "JPEG or PNG. The image is saved in the page's folder without its hidden data (camera, GPS location); the line that shows it is added to the end of the text, where you can move it. Your text is kept.",
		"image.file":            "Image file",
		"image.alt":             "What the image shows",
		"image.altHelp":         "Alternative text for readers who cannot see the image, in the page's language. Required, unless the image is decoration only.",
		"tools.image":           "Image",
		"tools.decorative":      "Decorative image",
		"image.decorative":      "The image is decoration only",
		"image.decorativeHelp":  "Tick this only if the image adds nothing a reader would miss (a pattern, an ornament): it then has no alternative text, on purpose, and screen readers skip it. Leave the description empty.",
		"image.altAndDeco":      "An image is either described or decoration only: empty the description or untick “decoration only”. The image was not added.",
		"image.add":             "Add image",
		"image.none":            "Choose an image file first.",
		"image.noAlt":           "Write what the image shows: readers who cannot see it hear this text. The image was not added.",
		"image.altBrackets":     "The description cannot contain [ or ]. The image was not added.",
		"image.refused":         "%s was not added: %s.",
		"image.added":           "The image was saved as %s and this line was added to the end of the text: %s. Move it where it belongs, then save the page.",
		"image.note":            "Add image %s",
		"edit.preview":          "Preview",
		"edit.save":             "Save",
		"edit.saveNote":         "Save writes the file into content/. Pages with errors can be saved, but the site does not build until they are fixed; tick Draft to keep a page unpublished.",
		"edit.noMenu":           "Not in a menu",
		"edit.covers":           "Legal requirements this page covers",
		"edit.coversUnknown":    "%s (not in the rulebook)",
		"edit.level":            "%s in this language",
		"level.must":            "required",
		"level.should":          "recommended",
		"edit.previewTitle":     "Preview of the page",
		"edit.previewNone":      "No preview: %s",
		"edit.notInBuild":       "the page is not published (draft, scheduled or expired)",
		"edit.notPage":          "the text is not a page yet; see the problems above",
		"edit.drift":            "Differences from the translations",
		"edit.driftNone":        "No facts differ from the translations.",
		"edit.coverage":         "Legal coverage in this language",
		"edit.saved":            "Saved.",
		"edit.unchanged":        "Nothing changed; the file was not written.",
		"edit.savedErrors":      "Saved, but the site will not build: this page has %d errors. Fix them, or tick Draft.",
		"summary.problem":       "There is a problem",
		"summary.warnings":      "Warnings",
		"summary.bodyLine":      "Page text, line %d",
		"summary.error":         "Error:",
		"summary.warning":       "Warning:",
		"conflict.title":        "This page was changed by someone else",
		"conflict.intro":        "The file changed after you opened it, so your version was not saved and nothing was overwritten. Your text is below. Combine both versions in the last box and save it.",
		"conflict.theirs":       "Their version (now in the file)",
		"conflict.yours":        "Your version (not saved)",
		"conflict.resolve":      "The version to save",
		"conflict.save":         "Save this version",
		"raw.title":             "Whole file",
		"raw.help":              "The form cannot show this file, so it is edited as text.",
		"raw.no-front-matter":   "The file has no front matter (--- lines at the top).",
		"raw.toml":              "The file has TOML front matter (+++), which the form does not edit yet.",
		"raw.broken":            "The front matter cannot be read.",
		"error.title":           "The editor cannot do that",
		"error.busy":            "The site is still being built. Reload the page in a moment.",
		"label.title":           "Title",
		"label.description":     "Summary",
		"label.slug":            "Slug (last part of the address)",
		"label.covers":          "Covers",
		"label.reviewed":        "Reviewed on",
		"label.owner":           "Owner",
		"label.draft":           "Draft (not published)",
		"label.publish":         "Publish from",
		"label.expires":         "Remove on",
		"label.aliases":         "Old addresses (one a line)",
		"label.weight":          "Order in lists",
		"label.menu":            "Menu",
		"label.amounts_as_of":   "Euro amounts confirmed on",
		"label.translation_key": "Translation key",
		"label.easy_read":       "Easy-to-read language",
		"label.acknowledge":     "Deliberate differences from the default language (one a line)",
		"lang.et":               "Estonian",
		"lang.en":               "English",
		"lang.ru":               "Russian",
		"fix.group":             "%s translation",
		"fix.carry":             "Use %s (from the %s version) instead of %s",
		"fix.ack":               "Keep %s: the difference is deliberate",
		"fix.saveFirst":         "Save this page first; then carry its changes into the translation or acknowledge them here.",
		"fix.carried":           "Replaced with %s in the page text, line %s. Check the preview, then save.",
		"fix.acked":             "Added “%s” to the deliberate differences. Check the preview, then save.",
		"fix.ackRaw":            "The form cannot change this file's front matter: add “%s” to acknowledge in the text yourself.",
		"fix.nothing":           "Nothing was changed: that fact no longer differs.",
		"tr.title":              "Side by side with the %s version",
		"tr.intro":              "The %s version, read-only, beside this translation as you are editing it, section by section (each ## heading starts one). Facts that differ are highlighted.",
		"tr.source":             "%s version (read-only)",
		"tr.target":             "This translation (%s)",
		"tr.openSource":         "Edit the %s version",
		"tr.drift":              "Facts that differ from the %s version",
		"legal.title":           "Legal requirements of this page",
		"legal.intro":           "What the rulebook asks of this page in %s, judged on the text as you are editing it.",
		"legal.claimed":         "Requirements this page covers",
		"legal.claimedNone":     "This page claims no requirement. Tick one under Covers if the page is meant to meet it.",
		"legal.candidates":      "Requirements no page in this language covers yet",
		"legal.candidatesIntro": "No page in this language claims these. If this page is the right place, tick them under Covers; this is what the page would need.",
		"legal.found":           "Found on this page",
		"legal.lacks":           "This page does not say (other pages may)",
		"legal.foundNone":       "Nothing found on this page yet.",
		"legal.missing":         "Missing: write this",
		"legal.about":           "Why it is required (rulebook)",
		"legal.basis":           "Legal basis",
		"recovery.title":        "You have unsaved text from %s",
		"recovery.intro":        "The editor kept what you typed on this page, but it was not saved. Restore it to continue where you stopped, or discard it to edit the file as it is.",
		"recovery.restore":      "Restore my text",
		"recovery.discard":      "Discard it",
		"recovery.restored":     "Your unsaved text from %s is back in the form. It is not saved yet: check the preview, then save.",
		"recovery.kept":         "Unsaved text kept for recovery at",
		"recovery.localTitle":   "This browser kept unsaved text from %s",
		"recovery.localIntro":   "What you typed on this page was kept in this browser, but it was not saved. Restore it to continue where you stopped, or discard it to edit the file as it is.",
		"recovery.older":        "The file has changed since you typed this text. Restoring shows both versions side by side for you to combine; nothing in the file is replaced.",
		"recovery.localBack":    "Your unsaved text kept in this browser is back in the form. It is not saved yet: check the preview, then save.",
		"live.count":            "Problems to fix: %d. Warnings: %d.",
		"live.none":             "No problems found.",
		"legal.others":          "Also covered in this language by",
		"legal.review":          "review at least every %d months",
		"legal.status.covered":  "Covered",
		"legal.status.weak":     "Partly covered",
		"legal.status.stale":    "Review overdue",
		"legal.status.missing":  "Not covered",
		"legal.would.covered":   "Would be covered if this page claimed it",
		"legal.would.weak":      "Would be partly covered if this page claimed it",
		"legal.would.stale":     "Would be overdue for review if this page claimed it",
		"legal.would.missing":   "Not covered: this page lacks what it needs",
	},
	"et": {
		"app":                   "haven toimetaja",
		"skip":                  "Mine põhisisu juurde",
		"list.title":            "Lehed",
		"list.intro":            "Kõik lehed jaotiste ja keelte kaupa. Vali leht, et seda muuta; puuduv tõlge avab uue lehe.",
		"list.owner":            "Vastutaja",
		"list.allOwners":        "Kõik vastutajad",
		"list.show":             "Näita",
		"list.section":          "Jaotis",
		"list.top":              "Ülemise taseme lehed",
		"list.page":             "Leht",
		"list.none":             "Ükski leht ei sobi.",
		"list.create":           "loo",
		"list.dashboard":        "Eelvaate ülevaade",
		"chip.draft":            "mustand",
		"chip.scheduled":        "ajastatud",
		"chip.expired":          "aegunud",
		"chip.untranslated":     "tõlkimata",
		"chip.outdated":         "tõlge vananenud",
		"chip.drift":            "%d erinevust tõlkes",
		"chip.drift1":           "1 erinevus tõlkes",
		"chip.errors1":          "1 viga",
		"chip.warnings1":        "1 hoiatus",
		"chip.reviewDue":        "ülevaatus %s",
		"chip.overdue":          "ülevaatus hilineb alates %s",
		"chip.noReview":         "ülevaatuse kuupäev puudub",
		"chip.errors":           "%d viga",
		"chip.warnings":         "%d hoiatust",
		"chip.ok":               "korras",
		"edit.title":            "Muuda: %s",
		"edit.new":              "Uus leht %s",
		"edit.back":             "Kõik lehed",
		"edit.langNote":         "Lehe keel: %s. Tekstivälju kontrollitakse selle keele õigekirja järgi.",
		"edit.details":          "Lehe andmed",
		"edit.advanced":         "Täpsemalt: aadress ja tõlked",
		"edit.advancedNote":     "Slugi muutmine viib lehe uuele aadressile; salvestamisel lisatakse vana aadress vanade aadresside hulka, nii et lingid töötavad edasi.",
		"edit.extra":            "Muud päisevõtmed",
		"edit.extraHelp":        "Võtmed, millele vormis välja pole, täpselt nii, nagu need failis on. Salvestamisel jäävad need alles.",
		"edit.body":             "Lehe tekst (Markdown)",
		"edit.bodyHelp":         "Alusta pealkirju märkidega ## (lehe pealkiri on põhipealkiri).",
		"preview.width":         "Eelvaate laius",
		"preview.fit":           "Sobita",
		"preview.phone":         "Telefon (320 px)",
		"preview.desktop":       "Arvuti (1280 px)",
		"preview.updated":       "Eelvaade uuendatud",
		"move.title":            "Teisalda, nimeta ümber või kustuta",
		"move.to":               "Uus fail",
		"move.help":             "Lehe fail kaustas content/, samas keelekaustas. Sama teega tõlked liiguvad kaasa ja igaüks jätab vana aadressi aliaseks, nii et lingid töötavad edasi.",
		"move.button":           "Teisalda leht",
		"move.language":         "Leht liigub oma keelekausta piires (%s); tõlkimiseks ava tõlge.",
		"move.taken":            "%s on juba olemas; vali teine nimi. Midagi ei teisaldatud.",
		"move.note":             "Teisalda %s → %s",
		"delete.help":           "Kustutamisel jääb koopia kausta .haven/trash/, kust saab selle taastada.",
		"delete.helpTeam":       "Kustutamine on muudatusettepanek nagu iga teine: see jõustub pärast ülevaatust ja avaldamist.",
		"delete.button":         "Kustuta leht…",
		"delete.confirmTitle":   "Kas kustutada %s?",
		"delete.confirm":        "Fail lahkub kaustast content/ ja koopia jääb kausta %s/ tänase kellaaja alla; taastamiseks kopeeri see tagasi. Leht kaob saidilt järgmisel ehitusel.",
		"delete.confirmTeam":    "Kustutamine läheb muudatusettepanekusse; leht jääb saidile, kuni ettepanek on üle vaadatud ja avaldatud, ning ajalugu hoiab kõiki versioone.",
		"delete.translations":   "Tõlked jäävad alles; kustuta need eraldi, kui ka need peavad kaduma:",
		"delete.yes":            "Kustuta leht",
		"delete.no":             "Loobu",
		"delete.note":           "Kustuta %s",
		"delete.gone":           "%s ei ole (enam) olemas.",
		"tools.label":           "Vormindus",
		"tools.h2":              "Alapealkiri",
		"tools.h3":              "Väiksem pealkiri",
		"tools.bold":            "Paks kiri",
		"tools.ul":              "Täpploend",
		"tools.ol":              "Numberloend",
		"tools.link":            "Link",
		"tools.insert":          "Kontakt või arv",
		"tools.insertButton":    "Lisa",
		"tools.outline":         "Sisukord: mine pealkirja juurde",
		"tools.outlineNone":     "Pealkirju veel pole.",
		"image.legend":          "Lisa pilt",
		"image.help":            "JPEG või PNG. Pilt salvestatakse lehe kausta ilma peidetud andmeteta (kaamera, GPS-asukoht); seda näitav rida lisatakse teksti lõppu, kust saad selle õigesse kohta tõsta. Sinu tekst jääb alles.",
		"image.file":            "Pildifail",
		"image.alt":             "Mida pilt näitab",
		"image.altHelp":         "Asendustekst lugejale, kes pilti ei näe, lehe keeles. Kohustuslik, kui pilt pole ainult kaunistus.",
		"tools.image":           "Pilt",
		"tools.decorative":      "Kaunistav pilt",
		"image.decorative":      "Pilt on ainult kaunistus",
		"image.decorativeHelp":  "Märgi see ainult siis, kui pilt ei lisa midagi, millest lugeja ilma jääks (muster, ornament): siis pole sellel meelega asendusteksti ja ekraanilugejad jätavad selle vahele. Jäta kirjeldus tühjaks.",
		"image.altAndDeco":      "Pilt on kas kirjeldatud või ainult kaunistus: tühjenda kirjeldus või eemalda märge „ainult kaunistus“. Pilti ei lisatud.",
		"image.add":             "Lisa pilt",
		"image.none":            "Vali kõigepealt pildifail.",
		"image.noAlt":           "Kirjuta, mida pilt näitab: lugeja, kes pilti ei näe, kuuleb seda teksti. Pilti ei lisatud.",
		"image.altBrackets":     "Kirjeldus ei tohi sisaldada märke [ ega ]. Pilti ei lisatud.",
		"image.refused":         "Faili %s ei lisatud: %s.",
		"image.added":           "Pilt salvestati failina %s ja teksti lõppu lisati rida %s. Tõsta see õigesse kohta ja salvesta leht.",
		"image.note":            "Lisa pilt %s",
		"edit.preview":          "Eelvaade",
		"edit.save":             "Salvesta",
		"edit.saveNote":         "Salvestamine kirjutab faili kausta content/. Vigadega lehe saab salvestada, aga sait ei ehitu enne, kui vead on parandatud; märgi Mustand, et leht jääks avaldamata.",
		"edit.noMenu":           "Ei ole menüüs",
		"edit.covers":           "Õiguslikud nõuded, mida leht katab",
		"edit.coversUnknown":    "%s (reeglistikus pole)",
		"edit.level":            "%s selles keeles",
		"level.must":            "kohustuslik",
		"level.should":          "soovitatav",
		"edit.previewTitle":     "Lehe eelvaade",
		"edit.previewNone":      "Eelvaadet pole: %s",
		"edit.notInBuild":       "leht pole avaldatud (mustand, ajastatud või aegunud)",
		"edit.notPage":          "tekst pole veel leht; vaata ülal olevaid probleeme",
		"edit.drift":            "Erinevused tõlgetest",
		"edit.driftNone":        "Ükski fakt ei erine tõlgetest.",
		"edit.coverage":         "Õiguslik katvus selles keeles",
		"edit.saved":            "Salvestatud.",
		"edit.unchanged":        "Midagi ei muutunud; faili ei kirjutatud.",
		"edit.savedErrors":      "Salvestatud, aga sait ei ehitu: sellel lehel on %d viga. Paranda need või märgi Mustand.",
		"summary.problem":       "Midagi on valesti",
		"summary.warnings":      "Hoiatused",
		"summary.bodyLine":      "Lehe tekst, rida %d",
		"summary.error":         "Viga:",
		"summary.warning":       "Hoiatus:",
		"conflict.title":        "Keegi teine muutis seda lehte",
		"conflict.intro":        "Fail muutus pärast seda, kui sa selle avasid, seega sinu versiooni ei salvestatud ja midagi ei kirjutatud üle. Sinu tekst on allpool. Ühenda mõlemad versioonid viimases kastis ja salvesta.",
		"conflict.theirs":       "Nende versioon (praegu failis)",
		"conflict.yours":        "Sinu versioon (salvestamata)",
		"conflict.resolve":      "Salvestatav versioon",
		"conflict.save":         "Salvesta see versioon",
		"raw.title":             "Kogu fail",
		"raw.help":              "Vorm ei saa seda faili näidata, seega muudad seda tekstina.",
		"raw.no-front-matter":   "Failil pole päist (--- read alguses).",
		"raw.toml":              "Failil on TOML-päis (+++), mida vorm veel ei muuda.",
		"raw.broken":            "Päist ei saa lugeda.",
		"error.title":           "Toimetaja ei saa seda teha",
		"error.busy":            "Saiti alles ehitatakse. Laadi leht hetke pärast uuesti.",
		"label.title":           "Pealkiri",
		"label.description":     "Kokkuvõte",
		"label.slug":            "Slug (aadressi viimane osa)",
		"label.covers":          "Katab",
		"label.reviewed":        "Üle vaadatud",
		"label.owner":           "Vastutaja",
		"label.draft":           "Mustand (ei avaldata)",
		"label.publish":         "Avaldatakse alates",
		"label.expires":         "Eemaldatakse",
		"label.aliases":         "Vanad aadressid (üks real)",
		"label.weight":          "Järjekord loendites",
		"label.menu":            "Menüü",
		"label.amounts_as_of":   "Eurosummad kinnitatud",
		"label.translation_key": "Tõlkevõti",
		"label.easy_read":       "Lihtne keel",
		"label.acknowledge":     "Teadlikud erinevused põhikeelest (üks real)",
		"lang.et":               "eesti",
		"lang.en":               "inglise",
		"lang.ru":               "vene",
		"fix.group":             "Tõlge (%s keel)",
		"fix.carry":             "Kasuta %s (%s versioonist) %s asemel",
		"fix.ack":               "Jäta %s: erinevus on teadlik",
		"fix.saveFirst":         "Salvesta esmalt see leht; siis saad muudatused tõlkesse üle kanda või erinevused siin teadlikuks märkida.",
		"fix.carried":           "Asendatud väärtusega %s lehe tekstis, rida %s. Vaata eelvaadet ja salvesta.",
		"fix.acked":             "„%s” lisati teadlike erinevuste hulka. Vaata eelvaadet ja salvesta.",
		"fix.ackRaw":            "Vorm ei saa selle faili päist muuta: lisa „%s” ise tekstis acknowledge alla.",
		"fix.nothing":           "Midagi ei muudetud: see fakt ei erine enam.",
		"tr.title":              "Kõrvuti %s versiooniga",
		"tr.intro":              "Siin on %s versioon (ainult lugemiseks) selle tõlke kõrval, nagu sa seda praegu muudad, jaotis jaotiselt (iga ## pealkiri alustab uut). Erinevad faktid on esile tõstetud.",
		"tr.source":             "Lähteversioon: %s keel (ainult lugemiseks)",
		"tr.target":             "See tõlge (%s keel)",
		"tr.openSource":         "Muuda %s versiooni",
		"tr.drift":              "Faktid, mis erinevad %s versioonist",
		"legal.title":           "Lehe õiguslikud nõuded",
		"legal.intro":           "Mida reeglistik sellelt lehelt %s keeles nõuab, hinnatuna teksti järgi, nagu sa seda praegu muudad.",
		"legal.claimed":         "Nõuded, mida leht katab",
		"legal.claimedNone":     "Leht ei kata ühtegi nõuet. Märgi nõue välja Katab all, kui leht peab seda täitma.",
		"legal.candidates":      "Nõuded, mida ükski selle keele leht veel ei kata",
		"legal.candidatesIntro": "Ükski selle keele leht ei kata neid. Kui see leht on õige koht, märgi need välja Katab all; siin on, mida leht vajaks.",
		"legal.found":           "Lehelt leitud",
		"legal.lacks":           "See leht ei ütle (teised lehed võivad)",
		"legal.foundNone":       "Lehelt pole veel midagi leitud.",
		"legal.missing":         "Puudu: kirjuta see",
		"legal.about":           "Miks see on nõutud (reeglistik)",
		"legal.basis":           "Õiguslik alus",
		"recovery.title":        "Sul on salvestamata tekst ajast %s",
		"recovery.intro":        "Toimetaja hoidis alles, mida sa sellele lehele kirjutasid, aga seda ei salvestatud. Taasta see, et jätkata sealt, kus pooleli jäi, või loobu sellest, et muuta faili nii, nagu see on.",
		"recovery.restore":      "Taasta minu tekst",
		"recovery.discard":      "Loobu sellest",
		"recovery.restored":     "Sinu salvestamata tekst ajast %s on vormis tagasi. See pole veel salvestatud: vaata eelvaadet ja salvesta.",
		"recovery.kept":         "Salvestamata tekst hoiti taastamiseks alles kell",
		"recovery.localTitle":   "See brauser hoidis alles salvestamata teksti ajast %s",
		"recovery.localIntro":   "See, mida sa sellele lehele kirjutasid, jäi selles brauseris alles, aga seda ei salvestatud. Taasta see, et jätkata sealt, kus pooleli jäi, või loobu sellest, et muuta faili nii, nagu see on.",
		"recovery.older":        "Fail on pärast selle teksti kirjutamist muutunud. Taastamisel näed mõlemat versiooni kõrvuti ja saad need ühendada; failis ei asendata midagi.",
		"recovery.localBack":    "Selles brauseris hoitud salvestamata tekst on vormis tagasi. See pole veel salvestatud: vaata eelvaadet ja salvesta.",
		"live.count":            "Parandada: %d. Hoiatusi: %d.",
		"live.none":             "Probleeme ei leitud.",
		"legal.others":          "Selles keeles katavad seda ka",
		"legal.review":          "vaata üle vähemalt iga %d kuu järel",
		"legal.status.covered":  "Kaetud",
		"legal.status.weak":     "Osaliselt kaetud",
		"legal.status.stale":    "Ülevaatus hilineb",
		"legal.status.missing":  "Katmata",
		"legal.would.covered":   "Oleks kaetud, kui see leht seda kataks",
		"legal.would.weak":      "Oleks osaliselt kaetud, kui see leht seda kataks",
		"legal.would.stale":     "Ülevaatus hilineks, kui see leht seda kataks",
		"legal.would.missing":   "Katmata: sellel lehel puudub vajalik",
		"help.title":            "Lehe pealkiri, mida näidatakse h1-na ja brauseri sakil. Kohustuslik.",
		"help.description":      "Ühelauseline kokkuvõte otsingutulemuste, lingi eelvaadete ja jaotiste loendite jaoks.",
		"help.slug":             "Asendab aadressi viimase osa (failinime). Üks osa: ilma kaldkriipsude ja punktideta.",
		"help.covers":           "Õiguslike nõuete tunnused, mida see leht katab (vt haven check).",
		"help.reviewed":         "Päev, mil sisu õiguslikku ja faktilist täpsust viimati kontrolliti; näidatakse viimase muutmise kuupäevana.",
		"help.owner":            "Lehe eest vastutav meeskond või inimene.",
		"help.draft":            "Mustand ehitatakse ainult võtmega --drafts ja seda ei avaldata kunagi.",
		"help.publish":          "Avaldamise kuupäev; leht ilmub sellest päevast alates.",
		"help.expires":          "Sel päeval leht kaob.",
		"help.aliases":          "Vanad saidisisesed aadressid (nt /et/vana-leht/), mis suunavad siia.",
		"help.weight":           "Järjestab lehed loendites ja menüüdes; väiksem tuleb enne.",
		"help.menu":             "Paneb lehe menüüsse: main (peamenüü) või footer (jalus).",
		"help.amounts_as_of":    "Päev, mil lehel olevad eurosummad viimati kinnitati.",
		"help.translation_key":  "Seob tõlked kokku, kui nende failiteed erinevad; hoiab lehe tunnuse ümbernimetamisel.",
		"help.easy_read":        "Leht on kirjutatud lihtsas keeles.",
		"help.acknowledge":      "Faktid, mis erinevad põhikeelsest versioonist meelega (vaigistab tõlke erinevuse hoiatused).",
	},
	"ru": ruStrings,
}
