package legal

import (
	"regexp"
	"slices"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{`RT I 2004,\s*2,\s*3`, []string{"rt i 2004,"}},
		{`116\s?016`, []string{"116"}},
		{`(turvakodu|varjupai(k|ga)|shelter)[^.\n]{0,80}(tn|street)`, []string{"turvakodu", "varjupai", "shelter"}},
		{`детск(ий|ого|ом|ому) дом`, []string{"детск"}},
		{`a*`, nil},
		{`(x|)y`, []string{"y"}},
		{`\d+`, nil},
	}
	for _, tt := range tests {
		got := requiredLiterals(tt.expr)
		slices.Sort(got)
		slices.Sort(tt.want)
		if !slices.Equal(got, tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

// TestPrefilterAgreesWithRegexp checks that the prefilter never hides a
// match: every text the regexp matches passes it.
func TestPrefilterAgreesWithRegexp(t *testing.T) {
	texts := []string{
		"Vaata RT I 2004, 2, 3 kohta", "rt i 2004,2,3", "УБЕЖИЩЕ на улице", "Turvakodu asub Pika tn 5",
		"ДЕТСКИЙ ДОМ", "Детского дома", "ÕIGUSKANTSLER", "õiguskantsler", "helista 116 016", "nothing here",
		"\u212AOHTA", "uſ kohTA", "KOHTA", // Kelvin sign and long s fold to k and s
		"ТУРВАКОДУ ÕIGUSKANTSLER", "Õiguskantsleri", "ДЕТСКОГО ДОМА",
	}
	for _, expr := range []string{`RT I 2004,\s*2,\s*3`, `(turvakodu|убежищ)[^.\n]{0,80}(tn|улиц)`, `детск(ий|ого) дом`, `õiguskantsler`, `116\s?016`, `kohta`, `us k`} {
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
	p := &Pattern{Source: "kohta", re: regexp.MustCompile("(?i)kohta"), literals: newLiterals([]string{"kohta"})}
	if p.mayMatchText(NewText("a h o t k")) {
		t.Error("pairs ko, oh, ht, ta are absent, but the text was not ruled out")
	}
	if !p.mayMatchText(NewText("VAATA KOHTA")) {
		t.Error("upper-case occurrence ruled out")
	}
}
