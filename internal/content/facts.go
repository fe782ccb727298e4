package content

import (
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
)

// FactsFile is the registry of the figures a site repeats, relative to
// the site root.
const FactsFile = Dir + "/" + DataDir + "/facts.yaml"

// Fact is one figure a site repeats (a compensation cap, a deadline, a
// percentage), kept once and inserted into pages with {{fact ID}}.
type Fact struct {
	ID string `json:"id"`
	// Value is the number in canonical form: digits, a dot before
	// decimals (946, 12.5).
	Value string `json:"value"`
	// Unit is one of [FactUnits].
	Unit string `json:"unit"`
	// AsOf is the day the value holds from.
	AsOf time.Time `json:"as_of"`
	// Renew is the renewal as written: a date, or a period after AsOf
	// (yearly, every 6 months); "" when the value does not expire.
	Renew string `json:"renew,omitempty"`
	// Due is the day the value must be checked again, from Renew; zero
	// when it does not expire.
	Due time.Time `json:"due,omitzero"`
	// Source says where the value comes from (an act and its section, a
	// decision).
	Source string `json:"source"`
	// Label names the fact per language, for reviewers.
	Label map[string]string `json:"label,omitempty"`
	// Words are, per language, word stems of the sentences that state the
	// fact: a sentence with a figure of the fact's unit and one of these
	// words states this fact ("teraapia", "psühhol").
	Words map[string][]string `json:"words,omitempty"`
	Line  int                 `json:"-"`
}

// FactUnits are the units a fact may have.
var FactUnits = []string{"eur", "percent", "days", "working-days", "weeks", "months", "years", "hours", "count"}

// Overdue reports whether the fact's value must be checked again on today.
func (f Fact) Overdue(today time.Time) bool { return !f.Due.IsZero() && !today.Before(f.Due) }

// FactByID returns the fact with id, or false.
func FactByID(facts []Fact, id string) (Fact, bool) {
	i := slices.IndexFunc(facts, func(f Fact) bool { return f.ID == id })
	if i < 0 {
		return Fact{}, false
	}
	return facts[i], true
}

// LoadFacts reads content/_data/facts.yaml. A site without one has no
// facts; that is fine.
func LoadFacts(fsys fs.FS, languages []string, diags *diag.List) []Fact {
	src, err := fs.ReadFile(fsys, FactsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		diags.Errorf(FactsFile, 0, 0, "facts.read", "cannot read: %v", err)
		return nil
	}
	return ParseFacts(src, languages, diags)
}

var (
	factID      = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	factNumber  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	renewPeriod = regexp.MustCompile(`^every ([0-9]+) (year|month|day)s?$`)
)

var factKeys = []string{"id", "value", "unit", "as_of", "renew", "source", "label", "words"}

// ParseFacts reads the facts registry from src. Each problem sits at the
// key or value that causes it (code facts.entry); a fact with a problem is
// left out.
func ParseFacts(src []byte, languages []string, diags *diag.List) []Fact {
	r := &yamlx.Reader{File: FactsFile, Diags: diags,
		Codes: yamlx.Codes{Syntax: "facts.syntax", Type: "facts.entry", UnknownKey: "facts.entry", DuplicateKey: "facts.entry"}}
	root, ok := r.Read(src)
	if !ok || root.Kind == yamlx.Null {
		return nil
	}
	list := root.Get("facts")
	if root.Kind != yamlx.Map || list == nil || (list.Kind != yamlx.List && list.Kind != yamlx.Null) {
		root.Errorf("facts.entry", "facts", "see README.md, Facts", "expected facts: followed by a list of facts")
		return nil
	}
	root.Map("", []string{"facts"}, func(_, _ *yamlx.Node) {})
	var out []Fact
	ids := map[string]int{}
	for _, n := range list.Items {
		if f, ok := parseFact(n, languages, ids); ok {
			out = append(out, f)
		}
	}
	return out
}

// parseFact reads one entry; false when it has a problem (reported).
func parseFact(n *yamlx.Node, languages []string, ids map[string]int) (Fact, bool) {
	f := Fact{Line: n.Line}
	if n.Kind != yamlx.Map {
		n.Errorf("facts.entry", "", "write id:, value:, unit:, as_of: and source: indented below the '- '", "expected a fact with id, value, unit, as_of and source, found %s", kindOf(n))
		return f, false
	}
	ok := true
	n.Map("facts", factKeys, func(k, v *yamlx.Node) {
		ok = factValue(&f, k.Text, v) && ok
	})
	for _, p := range n.Pairs {
		ok = ok && slices.Contains(factKeys, p.Key.Text)
	}
	return f, checkFact(&f, n, ids) && ok
}

// factValue stores the value v of key k in f; false when it is wrong.
func factValue(f *Fact, k string, v *yamlx.Node) bool {
	var ok bool
	switch k {
	case "id":
		f.ID, ok = v.Str(k)
	case "value":
		f.Value, ok = v.Str(k)
	case "unit":
		f.Unit, ok = v.Str(k)
	case "as_of":
		f.AsOf, ok = v.Date(k)
	case "renew":
		f.Renew, ok = v.Str(k)
	case "source":
		f.Source, ok = v.Str(k)
	case "label":
		f.Label, ok = v.StringMap(k)
	case "words":
		f.Words = map[string][]string{}
		ok = v.Map(k, nil, func(lk, lv *yamlx.Node) {
			f.Words[lk.Text] = lv.Strings(k+"."+lk.Text, true)
		})
	}
	return ok
}

// checkFact reports what a fact lacks or has wrong, at the value
// involved, or at the entry when the key is missing; it works out Due.
func checkFact(f *Fact, n *yamlx.Node, ids map[string]int) bool {
	ok := true
	bad := func(key, msg, hint string) {
		n.Where(key).Errorf("facts.entry", key, hint, "%s", msg)
		ok = false
	}
	switch {
	case f.ID == "":
		bad("", "fact has no id", "add id: a short name such as therapy-cost-cap")
	case !factID.MatchString(f.ID):
		bad("id", fmt.Sprintf("fact id %q must be lower-case letters, digits and hyphens", f.ID), "e.g. id: therapy-cost-cap")
	case ids[f.ID] > 0:
		bad("id", fmt.Sprintf("fact id %q is also used on line %d", f.ID, ids[f.ID]), "give each fact its own id")
	default:
		ids[f.ID] = n.Line
	}
	if !factNumber.MatchString(f.Value) {
		bad(cond(n.Get("value") != nil, "value", ""), fmt.Sprintf("value %q must be a number written with digits and an optional decimal point", f.Value), "e.g. value: 946 or value: 12.5")
	}
	if !slices.Contains(FactUnits, f.Unit) {
		bad(cond(n.Get("unit") != nil, "unit", ""), fmt.Sprintf("unit %q is not one of %s", f.Unit, strings.Join(FactUnits, ", ")), "e.g. unit: eur")
	}
	if f.AsOf.IsZero() {
		bad(cond(n.Get("as_of") != nil, "as_of", ""), "fact has no as_of date", "add as_of: YYYY-MM-DD, the day the value holds from")
	}
	if f.Source == "" {
		bad(cond(n.Get("source") != nil, "source", ""), "fact has no source", "add source: the act and section or the decision the value comes from")
	}
	if f.Renew != "" && !f.AsOf.IsZero() {
		due, err := renewal(f.AsOf, f.Renew)
		if err != nil {
			bad("renew", err.Error(), "write renew: YYYY-MM-DD, yearly, monthly or every N years/months/days")
		}
		f.Due = due
	}
	return ok
}

func cond(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// renewal returns the day a value as of asOf must be checked again.
func renewal(asOf time.Time, renew string) (time.Time, error) {
	s := strings.ToLower(strings.TrimSpace(renew))
	switch s {
	case "yearly", "every year":
		return asOf.AddDate(1, 0, 0), nil
	case "monthly", "every month":
		return asOf.AddDate(0, 1, 0), nil
	}
	if m := renewPeriod.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		switch m[2] {
		case "year":
			return asOf.AddDate(n, 0, 0), nil
		case "month":
			return asOf.AddDate(0, n, 0), nil
		}
		return asOf.AddDate(0, 0, n), nil
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("renew %q is neither a date nor a period", renew)
	}
	if !d.After(asOf) {
		return time.Time{}, fmt.Errorf("renew %s is not after as_of %s", renew, asOf.Format(DateLayout))
	}
	return d, nil
}

// Text returns the fact as a page in lang shows it: the number in the
// language's format with its unit ("946 eurot", "946 евро", "€946",
// "15 päeva", "15 дней", "15 days"). Languages other than et and ru get
// the English form.
func (f Fact) Text(lang string) string {
	n := f.Number(lang)
	switch f.Unit {
	case "eur":
		switch lang {
		case "et":
			return n + "\u00a0" + plural(lang, f.Value, "euro", "eurot", "eurot")
		case "ru":
			return n + "\u00a0евро"
		}
		return "€" + n
	case "percent":
		return n + "%"
	case "count":
		return n
	}
	forms := unitForms[f.Unit][langForms(lang)]
	return n + "\u00a0" + plural(lang, f.Value, forms[0], forms[1], forms[2])
}

// unitForms are a duration unit's words per language: one, few, many
// (Russian: 1, 2–4, 5+; Estonian and English: 1 and the rest).
var unitForms = map[string]map[string][3]string{
	"days":         {"et": {"päev", "päeva", "päeva"}, "ru": {"день", "дня", "дней"}, "en": {"day", "days", "days"}},
	"working-days": {"et": {"tööpäev", "tööpäeva", "tööpäeva"}, "ru": {"рабочий день", "рабочих дня", "рабочих дней"}, "en": {"working day", "working days", "working days"}},
	"weeks":        {"et": {"nädal", "nädalat", "nädalat"}, "ru": {"неделя", "недели", "недель"}, "en": {"week", "weeks", "weeks"}},
	"months":       {"et": {"kuu", "kuud", "kuud"}, "ru": {"месяц", "месяца", "месяцев"}, "en": {"month", "months", "months"}},
	"years":        {"et": {"aasta", "aastat", "aastat"}, "ru": {"год", "года", "лет"}, "en": {"year", "years", "years"}},
	"hours":        {"et": {"tund", "tundi", "tundi"}, "ru": {"час", "часа", "часов"}, "en": {"hour", "hours", "hours"}},
}

func langForms(lang string) string {
	if lang == "et" || lang == "ru" {
		return lang
	}
	return "en"
}

// plural picks the form of a unit after the number value.
func plural(lang, value, one, few, many string) string {
	if strings.Contains(value, ".") {
		return few // 1.5 päeva, 1,5 дня, 1.5 days
	}
	n, _ := strconv.Atoi(value)
	if lang != "ru" {
		if n == 1 {
			return one
		}
		return many
	}
	switch {
	case n%10 == 1 && n%100 != 11:
		return one
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return few
	}
	return many
}

// Number returns the fact's number in lang's format: a no-break space
// between thousands and a decimal comma in Estonian and Russian
// ("1 000,50"), a comma between thousands and a decimal point otherwise
// ("1,000.50").
func (f Fact) Number(lang string) string {
	intPart, frac, _ := strings.Cut(f.Value, ".")
	group, point := ",", "."
	if lang == "et" || lang == "ru" {
		group, point = "\u00a0", ","
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// Normal returns the value as package drift normalises figures: 946 for
// an amount, 15d for a duration. Kind is drift's kind (amount, percent,
// duration), "" for a count.
func (f Fact) Normal() (kind, value string) {
	r, ok := new(big.Rat).SetString(f.Value)
	v := f.Value
	if ok {
		v = strings.TrimRight(strings.TrimRight(r.FloatString(6), "0"), ".")
	}
	switch f.Unit {
	case "eur":
		return "amount", v
	case "percent":
		return "percent", v
	case "count":
		return "", v
	}
	return "duration", v + map[string]string{"days": "d", "working-days": "wd", "weeks": "w", "months": "mo", "years": "y", "hours": "h"}[f.Unit]
}
