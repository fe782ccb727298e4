package content

import (
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

func TestFactText(t *testing.T) {
	for _, tc := range []struct {
		value, unit, lang, want string
	}{
		{"946", "eur", "et", "946\u00a0eurot"}, {"946", "eur", "ru", "946\u00a0евро"}, {"946", "eur", "en", "€946"},
		{"1", "eur", "et", "1\u00a0euro"}, {"12000.5", "eur", "et", "12\u00a0000,5\u00a0eurot"}, {"12000.5", "eur", "en", "€12,000.5"},
		{"15", "days", "et", "15\u00a0päeva"}, {"15", "days", "ru", "15\u00a0дней"}, {"15", "days", "en", "15\u00a0days"},
		{"1", "days", "ru", "1\u00a0день"}, {"3", "years", "ru", "3\u00a0года"}, {"21", "years", "ru", "21\u00a0год"}, {"12", "months", "ru", "12\u00a0месяцев"},
		{"1", "years", "et", "1\u00a0aasta"}, {"4", "months", "et", "4\u00a0kuud"}, {"10", "percent", "et", "10%"},
	} {
		f := Fact{Value: tc.value, Unit: tc.unit}
		if got := f.Text(tc.lang); got != tc.want {
			t.Errorf("%s %s in %s: got %q, want %q", tc.value, tc.unit, tc.lang, got, tc.want)
		}
	}
}

func TestParseFacts(t *testing.T) {
	src := `facts:
  - id: cap
    value: 946
    unit: eur
    as_of: 2026-01-01
    renew: yearly
    source: "OAS § 1"
  - id: cap
    value: 9,46
    unit: euro
    as_of: 2026-01-01
    renew: sometimes
    source: x
    colour: red
  - id: deadline
    value: 15
    unit: days
`
	var diags diag.List
	facts := ParseFacts([]byte(src), []string{"et"}, &diags)
	if len(facts) != 1 || facts[0].ID != "cap" || !facts[0].Due.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("facts: %+v", facts)
	}
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.Position()+" "+d.Code+" "+d.Message)
	}
	want := []string{
		`content/_data/facts.yaml:8:9 facts.entry fact id "cap" is also used on line 2`,
		`content/_data/facts.yaml:9:12 facts.entry value "9,46" must be a number written with digits and an optional decimal point`,
		`content/_data/facts.yaml:10:11 facts.entry unit "euro" is not one of eur, percent, days, working-days, weeks, months, years, hours, count`,
		`content/_data/facts.yaml:12:12 facts.entry renew "sometimes" is neither a date nor a period`,
		`content/_data/facts.yaml:14:5 facts.entry unknown key "colour" in facts`,
		`content/_data/facts.yaml:15:5 facts.entry fact has no as_of date`,
		`content/_data/facts.yaml:15:5 facts.entry fact has no source`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
