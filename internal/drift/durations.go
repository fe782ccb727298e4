package drift

import (
	"regexp"
	"strings"
)

// Durations and deadlines ("15 päeva", "3 aastat", "4 kuud", "15 дней",
// "within 7 days") are facts of kind duration, normalised to the number
// and a unit: 15d, 15wd (working days), 2w, 4mo, 3y, 24h. Only numbers
// written as digits (at most three) count; "seitsme päeva" and "seven
// days" do not. Ages are not durations: "18-aastane" (joined by a
// hyphen), "under 18" and "нет 18 лет", "до 18 лет", "старше 18 лет"
// are left out.

// durationUnits maps a unit word's stem (lower case, longest first where
// one is a prefix of another) to its normalised unit.
var durationUnits = []struct {
	stem, unit string
	whole      bool // the stem or its plural in -s only (English)
}{
	{"tööpäev", "wd", false}, {"рабочих дн", "wd", false}, {"рабочий день", "wd", false}, {"рабочего дня", "wd", false},
	{"working day", "wd", true}, {"business day", "wd", true},
	{"päev", "d", false}, {"ööpäev", "d", false}, {"дн", "d", false}, {"день", "d", false}, {"сут", "d", false}, {"day", "d", true},
	{"nädal", "w", false}, {"недел", "w", false}, {"week", "w", true},
	{"kuu", "mo", false}, {"месяц", "mo", false}, {"month", "mo", true},
	{"aasta", "y", false}, {"год", "y", false}, {"лет", "y", false}, {"year", "y", true},
	{"tund", "h", false}, {"tunni", "h", false}, {"час", "h", false}, {"hour", "h", true},
}

// durationWords is the cheap test before the pattern runs.
var durationWords = []string{"päev", "nädal", "kuu", "aast", "tund", "tunni", "дн", "ден", "сут", "недел", "месяц", "год", "лет", "час", "рабоч",
	"day", "Day", "week", "Week", "month", "Month", "year", "Year", "hour", "Hour"}

var durationRe = regexp.MustCompile(`(?i)(\d{1,3})` + sp + `((?:рабочих|рабочий|рабочего|working|business)` + sp + `)?(\p{L}+)`)

// agePrefix are words before a number that make "18 лет" an age.
var agePrefix = []string{"нет ", "до ", "старше ", "младше ", "под ", "under ", "over ", "alla ", "üle "}

// durations finds durations in s (see above).
func durations(s []byte, add func(kind, value string, start, end int)) {
	if !mentions(s, durationWords) {
		return
	}
	for _, m := range durationRe.FindAllSubmatchIndex(s, -1) {
		if !numberStart(s, m[0]) || !numberEnd(s, m[3]) || !wordEnd(s, m[1]) {
			continue
		}
		word := strings.ToLower(string(s[m[6]:m[7]]))
		if m[4] >= 0 {
			word = strings.ToLower(string(s[m[4]:m[5]])) + word
		}
		unit := durationUnit(word)
		if unit == "" {
			continue
		}
		before := strings.ToLower(string(s[max(0, m[0]-24):m[0]]))
		after := strings.ToLower(string(s[m[1]:min(len(s), m[1]+4)]))
		if unit == "y" && (hasAgePrefix(before) || after == " old") {
			continue
		}
		add(KindDuration, normalNumber(string(s[m[2]:m[3]]), "")+unit, m[0], m[1])
		mask(s, m[0], m[1])
	}
}

// durationUnit returns the normalised unit word names, or "". English
// words must be the unit or its plural; the others may take any ending.
func durationUnit(word string) string {
	word = strings.Join(strings.Fields(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(word)), " ")
	for _, u := range durationUnits {
		if !strings.HasPrefix(word, u.stem) {
			continue
		}
		rest := word[len(u.stem):]
		if u.whole && rest != "" && rest != "s" {
			continue // "days" but not "daylight"
		}
		if u.stem == "лет" && rest != "" {
			continue // "летом"
		}
		if u.stem == "год" && rest != "" && rest != "а" && rest != "у" && rest != "ов" && rest != "ам" {
			continue // "годный"
		}
		return u.unit
	}
	return ""
}

func hasAgePrefix(before string) bool {
	for _, p := range agePrefix {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}
