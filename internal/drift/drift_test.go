package drift

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

var md = markdown.New(markdown.NoHTML)

// page builds a rendered page content/<lang>/abi.md whose body starts on
// file line 10.
func page(t testing.TB, lang, body string) *model.Page {
	t.Helper()
	p := &content.Page{File: "content/" + lang + "/abi.md", Lang: lang, Key: "abi", Body: []byte(body), BodyLine: 10,
		Keys: []content.KeyPlace{{Key: "reviewed", Pos: content.Pos{Line: 3, Col: 1}}, {Key: "acknowledge", Pos: content.Pos{Line: 4, Col: 1}}}}
	doc, err := md.Render(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &model.Page{Page: p, Doc: doc, InBuild: true}
}

// values lists the facts of a page as "kind value".
func values(fs []Fact) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+" "+f.Value)
	}
	return out
}

func TestFacts(t *testing.T) {
	tests := []struct {
		name, lang, body string
		want             []string // "kind value", in Facts order; nil for none
	}{
		// Phones.
		{"phone grouped", "et", "Helista 116 006.", []string{"phone 116006"}},
		{"phone ungrouped", "en", "Call 116006.", []string{"phone 116006"}},
		{"phone tel link with same text", "en", "Call [116 006](tel:116006).", []string{"phone 116006"}},
		{"phone tel link with words", "en", "[Call the helpline](tel:+372116006).", []string{"phone 116006"}},
		{"phone +372 prefix", "et", "+372 116 006 ja +372 5555 1234", []string{"phone 116006", "phone 55551234"}},
		{"phone 00372 link", "et", "[helista](tel:00372-5555-1234)", []string{"phone 55551234"}},
		{"phone mobile and landline", "et", "5342 4724, 331 1041, 6123456", []string{"phone 53424724", "phone 3311041", "phone 6123456"}},
		{"phone 112 with case ending", "et", "Helista 112-le.", []string{"phone 112"}},
		{"phone foreign", "en", "Embassy: +358 9 123 4567", []string{"phone +35891234567"}},
		{"phone short number only as link", "et", "Politsei [1247](tel:1247); info 1247", []string{"phone 1247"}},
		{"not phones", "et", "§ 32, art 4(1), kell 10–24, 10:00–24:00, 15 maakonnas, 1247 inimest, 0800 1234, 100 000 inimest", nil},
		{"not phone: year range", "et", "aastatel 2024-2025 ja 2019–2020", []string{"year 2024", "year 2025", "year 2019", "year 2020"}},
		{"not phone, not years: digit groups", "et", "2019 2020", nil},
		{"not phone: IBAN", "et", "EE47 1000 0010 2014 5685 ja EE471000001020145685", nil},
		// E-mail.
		{"email lower-cased", "et", "Kirjuta Info@Example.EE või [meile](mailto:abi@example.ee?subject=Abi).", []string{"email info@example.ee", "email abi@example.ee"}},
		{"email link with same text", "en", "Write to [info@example.ee](mailto:info@example.ee) or <abi@example.ee>.", []string{"email info@example.ee", "email abi@example.ee"}},
		// Amounts, in Estonian, English and Russian formats.
		{"amount et", "et", "kuni 1 234,56 € ja 946 €", []string{"amount 1234.56", "amount 946"}},
		{"amount et no-break space", "et", "1\u00a0234\u00a0€ ja 1\u202f234 eurot", []string{"amount 1234", "amount 1234"}},
		{"amount et words", "et", "1234 eurot, 5000 euroni, 1,5 miljonit eurot", []string{"amount 1234", "amount 5000", "amount 1500000"}},
		{"amount en", "en", "up to €1,234.56, €946 and EUR 1,234", []string{"amount 1234.56", "amount 946", "amount 1234"}},
		{"amount en words", "en", "1,234 euros, €1.5 million", []string{"amount 1234", "amount 1500000"}},
		{"amount ru", "ru", "до 1 234,56 евро, 946 € и 1 234 EUR", []string{"amount 1234.56", "amount 946", "amount 1234"}},
		{"amount range", "et", "10–20 € tunnis, €30-40", []string{"amount 10", "amount 20", "amount 30", "amount 40"}},
		{"amount and year", "et", "820 € aastal 2024", []string{"amount 820", "year 2024"}},
		{"not amount: Europe", "en", "5 European countries", nil},
		// Percentages.
		{"percent", "et", "12,5% ja 30 protsenti", []string{"percent 12.5", "percent 30"}},
		{"percent en ru", "en", "12.5 % and 30 percent, 30 процентов", []string{"percent 12.5", "percent 30", "percent 30"}},
		// Durations and deadlines.
		{"duration et", "et", "Teata 15 päeva jooksul; tähtaeg on 3 aastat, ravi 4 kuud, 2 nädalat, 24 tundi, 10 tööpäeva.",
			[]string{"duration 15d", "duration 3y", "duration 4mo", "duration 2w", "duration 24h", "duration 10wd"}},
		{"duration ru", "ru", "в течение 15 дней, 3 года, 5 лет, 1 месяц, 10 рабочих дней", []string{"duration 15d", "duration 3y", "duration 5y", "duration 1mo", "duration 10wd"}},
		{"duration en", "en", "within 7 days, 1 year, 3 months, 10 working days", []string{"duration 7d", "duration 1y", "duration 3mo", "duration 10wd"}},
		{"not durations: ages and words", "ru", "Если вам нет 18 лет; старше 14 лет; seven days; 2026 года", []string{"year 2026"}},
		{"not durations: en ages and glued words", "en", "under 18 years, 18 years old, 18-aastane, 5 daylight", nil},
		// Dates.
		{"date numeric", "et", "25.11.2026 ja 2026-11-25", []string{"date 2026-11-25", "date 2026-11-25"}},
		{"date et words", "et", "Kuni 25. novembril 2026 ja 1. jaanuaril", []string{"date 2026-11-25", "date --01-01"}},
		{"date at line start is a list item", "et", "25. novembril 2026", []string{"date 2026-11-25", "list-items 1"}},
		{"date en words", "en", "25 November 2026, November 25, 2026 and 1 Jan", []string{"date 2026-11-25", "date 2026-11-25", "date --01-01"}},
		{"date ru words", "ru", "25 ноября 2026 г. и 1 мая", []string{"date 2026-11-25", "date --05-01"}},
		{"not date: may the verb", "en", "10 may apply", nil},
		{"not date: list item", "et", "1. Täida taotlus", []string{"list-items 1"}},
		// Years.
		{"years", "et", "Aastal 2024, mitte 1850 ega 20245.", []string{"year 2024"}},
		{"year written as count", "en", "2,000 people and 2 000 inimest", []string{"year 2000", "year 2000"}},
		{"not year: in amount or decimal", "et", "2024,5 ja 2 000 000", nil},
		// URLs.
		{"url normalised", "et", "[politsei](https://www.Politsei.ee/et/abi/), [x](http://example.org/a?b=1#c) ja [sisemine](/et/abi/)", []string{"url politsei.ee/*/abi", "url example.org/a?b=1"}},
		{"url bare", "en", "See https://www.palunabi.ee/ for 2024 help.", []string{"year 2024", "url palunabi.ee"}},
		{"url digits are not facts", "et", "[2004/80/EÜ](https://eur-lex.europa.eu/eli/dir/2004/80/oj)", []string{"year 2004", "url eur-lex.europa.eu/eli/dir/2004/80/oj"}},
		// Lists and tables.
		{"lists", "et", "- a\n- b\n  - nested\n  continued\n\n- c\n\nText.\n\n1. one\n2. two\n   - nested\n", []string{"list-items 3", "list-items 2"}},
		{"list marker change starts a new list", "et", "- a\n- b\n* c\n", []string{"list-items 2", "list-items 1"}},
		{"table", "et", "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nText", []string{"table-rows 2"}},
		{"code is skipped", "et", "```\n- 116 006\n- 2024\n```\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := values(Facts(page(t, tt.lang, tt.body)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Facts(%q)\n got %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestFactLines(t *testing.T) {
	p := page(t, "et", "Tekst.\n\nHelista [116 006](tel:116006)\nvõi [meile](mailto:a@b.ee).\n\n- a\n- b\n")
	got := []string{}
	for _, f := range Facts(p) {
		got = append(got, fmt.Sprintf("%s:%d", f.Kind, f.Line))
	}
	want := []string{"phone:12", "email:13", "list-items:15"}
	if !slices.Equal(got, want) {
		t.Errorf("lines: got %v, want %v", got, want)
	}
}

func TestCheck(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(content.DateLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type side struct {
		body     string
		reviewed string
		ack      []string
	}
	tests := []struct {
		name   string
		et, en side
		want   []string // "code|message" of each diagnostic, or substrings of the message
	}{
		{"same phone, different writing", side{body: "Helista [116 006](tel:116006) või +372 5555 1234."},
			side{body: "Call 116006 or [the worker](tel:+37255551234)."}, nil},
		{"same amounts, different writing", side{body: "1 234 € ja 1234,56 eurot ja 946 €"},
			side{body: "€1,234 and €1,234.56 and 946 euros"}, nil},
		{"same amounts, Russian writing", side{body: "1 234 € ja 1 234,56 €"},
			side{body: "1 234 евро и 1 234,56 евро"}, nil},
		{"same dates, different writing", side{body: "Tähtaeg on 25.11.2026."},
			side{body: "The deadline is 25 November 2026."}, nil},
		{"same list length", side{body: "- a\n- b\n- c\n"}, side{body: "* x\n* y\n* z\n"}, nil},
		{"same values, different order", side{body: "112 ja 116 006"}, side{body: "116 006 or 112"}, nil},
		{"different amount", side{body: "Hüvitis\n\non kuni 946 €."}, side{body: "The cap\n\nis 820 € in 2024."},
			[]string{"translation.drift|en/abi.md:12 has 820 € where et/abi.md:12 has 946 €",
				"translation.drift|en/abi.md:12 has 2024, missing from et/abi.md"}},
		{"different phone", side{body: "Keskus: 5342 4724"}, side{body: "Centre: 5342 4725"},
			[]string{"translation.drift|en/abi.md:10 has 5342 4725 where et/abi.md:10 has 5342 4724"}},
		{"missing e-mail", side{body: "Kirjuta info@example.ee või abi@example.ee."}, side{body: "Write to info@example.ee."},
			[]string{"translation.drift|en/abi.md lacks abi@example.ee that et/abi.md:10 has"}},
		{"extra phone", side{body: "Helista 112."}, side{body: "Call 112 or 5555 1234."},
			[]string{"translation.drift|en/abi.md:10 has 5555 1234, missing from et/abi.md"}},
		{"repeated number lost once", side{body: "116 006\n\n116 006"}, side{body: "116 006"},
			[]string{"translation.drift|en/abi.md lacks 116 006 that et/abi.md:12 has"}},
		{"list length", side{body: "- a\n- b\n- c\n- d\n- e\n\nText\n\n- x\n"}, side{body: "- a\n- b\n- c\n- d\n\nText\n\n- x\n"},
			[]string{"translation.drift|en/abi.md:10 list 1 has 4 items where et/abi.md:10 has 5"}},
		{"missing list and extra table", side{body: "- a\n\nText\n\n- b\n"}, side{body: "- a\n\n| h |\n|---|\n| r |\n"},
			[]string{"translation.drift|en/abi.md lacks list 2 (1 item) that et/abi.md:14 has",
				"translation.drift|en/abi.md:12 has table 1 (1 row), missing from et/abi.md"}},
		{"acknowledged as written", side{body: "946 €", reviewed: "2026-10-01"},
			side{body: "820 €", reviewed: "2026-10-01", ack: []string{"820 €"}}, nil},
		{"acknowledged normalised, default side, dated", side{body: "946 €", reviewed: "2026-10-01"},
			side{body: "€820", reviewed: "2026-10-01", ack: []string{"946 eurot @2026-10-01"}}, nil},
		{"acknowledged phone and list", side{body: "- a\n- b\n"}, side{body: "- a\n\n+372 5555 1234", ack: []string{"5555 1234", "list 1"}}, nil},
		{"stale acknowledgement", side{body: "946 €", reviewed: "2026-11-02"},
			side{body: "820 €", reviewed: "2026-11-02", ack: []string{"820 € @2026-10-01"}},
			[]string{"translation.drift|en/abi.md:10 has 820 € where et/abi.md:10 has 946 € (acknowledged as of 2026-10-01, but et/abi.md was reviewed again on 2026-11-02)"}},
		{"acknowledgement of another fact", side{body: "946 €"}, side{body: "820 €", ack: []string{"500 €"}},
			[]string{"translation.drift|en/abi.md:10 has 820 € where et/abi.md:10 has 946 €"}},
		{"unreadable acknowledgements", side{body: "Tekst"}, side{body: "Text", ack: []string{"the cap", "820 € @1.10.2026"}},
			[]string{`translation.acknowledge|acknowledge entry "the cap" names no fact that haven compares`,
				`translation.acknowledge|acknowledge entry "820 € @1.10.2026": "1.10.2026" is not a date (YYYY-MM-DD)`}},
		{"outdated translation", side{body: "Tekst", reviewed: "2026-11-02"}, side{body: "Text", reviewed: "2026-09-28"},
			[]string{"translation.outdated|reviewed 2026-09-28, before et/abi.md:3 (reviewed 2026-11-02): the translation may be outdated"}},
		{"newer translation is fine", side{body: "Tekst", reviewed: "2026-09-28"}, side{body: "Text", reviewed: "2026-11-02"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pages []*model.Page
			for lang, s := range map[string]side{"et": tt.et, "en": tt.en} {
				p := page(t, lang, s.body)
				if s.reviewed != "" {
					p.Reviewed = day(s.reviewed)
				}
				p.Acknowledge = s.ack
				pages = append(pages, p)
			}
			var got []string
			for _, d := range Check(pages, "et") {
				if d.Severity != diag.Warning || d.File != "content/en/abi.md" {
					t.Errorf("want warnings on content/en/abi.md, got %s", d)
				}
				got = append(got, d.Code+"|"+d.Message)
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// TestCheckDiagnostic pins one whole diagnostic: position, related place,
// hint.
func TestCheckDiagnostic(t *testing.T) {
	et, en := page(t, "et", "Piirmäär on 946 €."), page(t, "en", "\n\nThe cap is 820 €.")
	et.Reviewed = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	en.Reviewed = et.Reviewed
	got := Check([]*model.Page{en, et}, "et")
	want := []diag.Diagnostic{{
		File: "content/en/abi.md", Line: 12, Severity: diag.Warning, Code: "translation.drift",
		Message: "en/abi.md:12 has 820 € where et/abi.md:10 has 946 €",
		Hint:    `correct the fact on the page that is wrong; if the difference is deliberate, add "820 € @2026-10-01" to acknowledge in en/abi.md's front matter`,
		Related: "content/et/abi.md:10",
	}}
	if !slices.Equal(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

func TestCheckGroups(t *testing.T) {
	et, en, ru := page(t, "et", "112"), page(t, "en", "5555 1234"), page(t, "ru", "5555 1234")
	other := page(t, "en", "6666 1234")
	other.Key, other.File = "other", "content/en/other.md"
	if ds := Check([]*model.Page{en, ru, other}, "et"); len(ds) != 0 {
		t.Errorf("siblings without a default-language version that agree: got %v, want none", ds)
	}
	ruOld := page(t, "ru", "5555 9999")
	if ds := Check([]*model.Page{en, ruOld}, "et"); len(ds) != 1 || ds[0].File != ruOld.File || ds[0].Related != "content/en/abi.md:10" {
		t.Errorf("a translation without a default-language source: got %v, want one warning on ru/abi.md against en/abi.md", ds)
	}
	ds := Check([]*model.Page{ru, en, et, other}, "et")
	var files []string
	for _, d := range ds {
		files = append(files, d.File)
	}
	want := []string{"content/en/abi.md", "content/ru/abi.md"}
	if !slices.Equal(files, want) {
		t.Errorf("got diagnostics on %v, want %v:\n%v", files, want, ds)
	}
}

// TestFactsKeptOnThePage checks that a second Check over the same page
// records, which keep their facts, reports exactly what the first did,
// and that a new record of a changed page is read again.
func TestFactsKeptOnThePage(t *testing.T) {
	et, en := page(t, "et", "Helista 116 006.\n"), page(t, "en", "Call 116 007.\n")
	first := Check([]*model.Page{et, en}, "et")
	if en.Facts == nil {
		t.Fatal("Check did not keep the facts on the page")
	}
	second := Check([]*model.Page{et, en}, "et")
	if len(first) == 0 || !reflect.DeepEqual(first, second) {
		t.Fatalf("kept facts changed the result:\n%v\n%v", first, second)
	}
	fixed := page(t, "en", "Call 116 006.\n")
	if ds := Check([]*model.Page{et, fixed}, "et"); len(ds) != 0 {
		t.Errorf("the corrected translation still drifts: %v", ds)
	}
}

// Differences are Check's drift warnings with the facts on both sides and
// the acknowledge entry that silences each.
func TestDifferences(t *testing.T) {
	d := page(t, "et", "Helista [116 006](tel:116006) või 112.\n\nToetus 946 €.\n")
	d.Reviewed = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	tr := page(t, "en", "Call [116 007](tel:116007) or 112.\n\nAllowance €820.\n")
	diffs := Differences(tr, d)
	if tr.Facts != nil || d.Facts != nil {
		t.Error("Differences kept facts on the pages")
	}
	var warnings []diag.Diagnostic
	for _, w := range Check([]*model.Page{d, tr}, "et") {
		if w.Code == CodeDrift {
			warnings = append(warnings, w)
		}
	}
	if len(diffs) != 2 || len(warnings) != 2 {
		t.Fatalf("%d differences, %d warnings: %+v", len(diffs), len(warnings), diffs)
	}
	for i, df := range diffs {
		if !reflect.DeepEqual(df.Warning, warnings[i]) {
			t.Errorf("difference %d: warning %v, Check says %v", i, df.Warning, warnings[i])
		}
	}
	if p := diffs[0]; p.Kind != KindPhone || p.T.Text != "116 007" || p.D.Text != "116 006" || p.Ack != "116 007 @2026-11-02" {
		t.Errorf("phone difference %+v (T %+v, D %+v)", p, p.T, p.D)
	}
	tr.Acknowledge = []string{diffs[1].Ack}
	if got := Differences(tr, d); len(got) != 1 || got[0].Kind != KindPhone {
		t.Errorf("after acknowledging the amount: %+v", got)
	}
}

func TestConsistency(t *testing.T) {
	a := page(t, "et", "Hüvitise saamiseks tuleb kuriteost politseile teatada 15 päeva jooksul.\n")
	b := page(t, "et", "Kui soovid hüvitist, pead kuriteost politseile teatama 30 päeva jooksul. Vaide võid esitada 45 päeva jooksul.\n")
	b.File, b.Key = "content/et/hyvitis.md", "hyvitis"
	other := page(t, "et", "Vastame kirjadele 5 päeva jooksul.\n")
	other.File, other.Key = "content/et/kontakt.md", "kontakt"
	en := page(t, "en", "You must report the crime to the police within 30 days to receive compensation.\n")
	got := Consistency([]*model.Page{a, b, other, en})
	want := []diag.Diagnostic{{File: "content/et/hyvitis.md", Line: 10, Severity: diag.Warning, Code: CodeInconsistent,
		Message: "et/hyvitis.md:10 says 30 päeva where et/abi.md:10 says 15 päeva about the same thing (both mention hüvitist, kuriteost, politseile, teatama)",
		Hint:    "find out which figure is right and correct the other page; a figure kept once in content/_data/facts.yaml and inserted with {{fact ID}} cannot disagree",
		Related: "content/et/abi.md:10"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	same := page(t, "et", "Kuriteost tuleb politseile teatada 15 päeva jooksul, et saada hüvitist.\n")
	same.File, same.Key = "content/et/teata.md", "teata"
	if ds := Consistency([]*model.Page{a, same}); len(ds) != 0 {
		t.Errorf("pages that agree: got %v", ds)
	}
}
