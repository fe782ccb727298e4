package legal

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr string
		want [][]string
	}{
		{`RT I 2004,\s*2,\s*3`, [][]string{{"rt i 2004,"}, {"2,"}}},
		{`116\s?016`, [][]string{{"116"}, {"016"}}},
		{`(turvakodu|varjupai(k|ga)|shelter)[^.\n]{0,80}(tn|street)`, [][]string{{"turvakodu", "varjupai", "shelter"}, {"tn", "street"}}},
		{`детск(ий|ого|ом|ому) дом`, [][]string{{"детск"}, {" дом"}}},
		{`a*`, nil},
		{`(xx|)yy`, [][]string{{"yy"}}},
		{`(x|)y`, nil}, // a single letter rules nothing out
		{`\d+`, nil},
		// Each alternative's sets, crossed: 612 or 16106 stands in every match.
		{`(612|16106)[^.]{0,60}(ohvriabi|victim)|(ohvriabi|victim)[^.]{0,60}(612|16106)`, [][]string{
			{"612", "16106", "ohvriabi", "victim"}, {"612", "16106", "612", "16106"},
			{"ohvriabi", "victim", "ohvriabi", "victim"}, {"ohvriabi", "victim", "612", "16106"}}},
	}
	for _, tt := range tests {
		got := requiredLiterals(tt.expr)
		if show(got) != show(tt.want) {
			t.Errorf("requiredLiterals(%q) = %s, want %s", tt.expr, show(got), show(tt.want))
		}
	}
}

// show writes sets of strings in an order of their own.
func show(sets [][]string) string {
	var out []string
	for _, set := range sets {
		set = slices.Clone(set)
		slices.Sort(set)
		out = append(out, fmt.Sprintf("%q", set))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestPrefilterAgreesWithRegexp checks that the prefilter never hides a
// match: every text the regexp matches passes it.
func TestPrefilterAgreesWithRegexp(t *testing.T) {
	texts := []string{
		"Vaata RT I 2004, 2, 3 kohta", "rt i 2004,2,3", "УБЕЖИЩЕ на улице", "Turvakodu asub Pika tn 5",
		"ДЕТСКИЙ ДОМ", "Детского дома", "ÕIGUSKANTSLER", "õiguskantsler", "helista 116 016", "nothing here",
		"\u212AOHTA", "uſ kohTA", "KOHTA", "OHVRIABI 116", "116 on ohvriabi", "ohvriabi ohvriabi", // Kelvin sign and long s fold to k and s
		"ТУРВАКОДУ ÕIGUSKANTSLER", "Õiguskantsleri", "ДЕТСКОГО ДОМА",
	}
	for _, expr := range []string{`(116|ohvriabi)[^.]{0,20}(ohvriabi|116)`, `RT I 2004,\s*2,\s*3`, `(turvakodu|убежищ)[^.\n]{0,80}(tn|улиц)`, `детск(ий|ого) дом`, `õiguskantsler`, `116\s?016`, `kohta`, `us k`} {
		re := regexp.MustCompile("(?i)" + expr)
		p := &Pattern{Source: expr, re: re, literals: newLiterals(requiredLiterals(expr))}
		for _, s := range texts {
			if re.MatchString(s) != p.MatchString(s) {
				t.Errorf("%q on %q: regexp %v, pattern %v", expr, s, re.MatchString(s), p.MatchString(s))
			}
			if re.MatchString(s) != p.MatchText(NewText(s)) {
				t.Errorf("%q on %q: regexp %v, MatchText %v", expr, s, re.MatchString(s), p.MatchText(NewText(s)))
			}
		}
	}
}

// TestTextRulesOutAbsentPairs checks that the pair set does its job: a
// literal whose letters all occur, but never next to each other, is ruled
// out without a scan.
func TestTextRulesOutAbsentPairs(t *testing.T) {
	p := &Pattern{Source: "kohta", re: regexp.MustCompile("(?i)kohta"), literals: newLiterals([][]string{{"kohta"}})}
	if p.mayMatchText(NewText("a h o t k")) {
		t.Error("pairs ko, oh, ht, ta are absent, but the text was not ruled out")
	}
	if !p.mayMatchText(NewText("VAATA KOHTA")) {
		t.Error("upper-case occurrence ruled out")
	}
}

// TestPrefilterAgreesOnRulebook runs every pattern of the default
// rulebook's must_not_match lists over texts that some of them match and
// near misses, on the words the prefilter looks for, and checks that the prefilter
// agrees with the regexp on each.
func TestPrefilterAgreesOnRulebook(t *testing.T) {
	texts := []string{
		"Ohvriabi üldinfo telefon on 612 1360.", "Call 16106 for VICTIM support", "Ohvriabi: 6121360",
		"Turvakodu asub Pika tn 5", "the shelter on Main Road", "Приют: ул. Ленина",
		"psychological care compensation", "Compensation for the cost of psychological counselling", "компенсация расходов психологической помощи",
		"Helista 116 016", "116016", "детский дом", "Детского дома", "RT I 2004, 2, 3", "ohvriabi seaduse § 6¹", "ohvriabi seaduse §61",
		"psühholoogilise abi kulude hüvitis", "6 kuud kestev tervisehäire", "6 months' health", "Lastemaja asub Tallinnas, maja 5",
	}
	nearMisses := []string{"ohvriabi 116 006", "Приют на улице Ленина", "shelter. Road", "", "nothing here"}
	matched := map[string]bool{}
	for _, q := range Default().Requirements {
		for _, f := range slices.Concat(q.Evidence.MustNotMatch, q.Evidence.MustNotMatchUntilCondition) {
			for _, s := range slices.Concat(texts, nearMisses) {
				want := f.Pattern.re.MatchString(s)
				if got := f.Pattern.MatchText(NewText(s)); got != want {
					t.Errorf("%q on %q: regexp %v, MatchText %v", f.Pattern.Source, s, want, got)
				}
				if got := f.Pattern.MatchString(s); got != want {
					t.Errorf("%q on %q: regexp %v, MatchString %v", f.Pattern.Source, s, want, got)
				}
				matched[s] = matched[s] || want
			}
		}
	}
	for _, s := range texts {
		if !matched[s] {
			t.Errorf("no pattern matches %q: the text tests nothing", s)
		}
	}
}
