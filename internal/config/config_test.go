package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/diag"
)

func TestDefaults(t *testing.T) {
	var diags diag.List
	cfg := Load(fstest.MapFS{}, &diags)
	if diags.Len() != 0 || strings.Join(cfg.LanguageCodes(), ",") != "et,en,ru" || cfg.DefaultLanguage != "et" || cfg.QuickExitURL("ru") != DefaultQuickExit {
		t.Errorf("defaults = %+v, %v", cfg, diags.Items())
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // diagnostics, as printed
	}{
		{"valid", "title: Abi\nbase_url: https://abi.example.ee/\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\nquick_exit: {en: https://www.bbc.co.uk/weather}\n", nil},
		{"unknown key", "titel: Abi\n", []string{`haven.yaml:1:1: error: unknown setting "titel"; did you mean title?`}},
		{"syntax", "title: Abi\nlanguages: [\n", []string{"haven.yaml:2:13: error: invalid YAML"}},
		{"duplicate key", "base_url: https://a.example\ntitle: Abi\nbase_url: https://b.example\n", []string{"haven.yaml:3:1: error: base_url is set twice, on line 1 and on this line"}},
		{"wrong type", "languages: five\n", []string{`haven.yaml:1:12: error: languages: expected a list, found "five"`, "expected at least one language"}},
		{"bad code and default", "default_language: fi\nlanguages:\n  - {code: EST, name: x}\n", []string{`"EST" is not a language code`, `default_language: "fi" is not one of the site's languages`}},
		{"base url", "base_url: palunabi.ee\n", []string{`base_url: "palunabi.ee" is not an absolute http(s) URL`}},
		{"quick exit must be https", "quick_exit: http://weather.example\n", []string{"is not an absolute https URL"}},
		{"raw html mode", "markdown: {raw_html: all}\n", []string{`markdown.raw_html: "all" is not allowed; expected off or safe`}},
		{"unclosed quote", "title: \"Ohvriabi\nbase_url: https://a.example\n", []string{"haven.yaml:1:8: error: invalid YAML: the quoted text that starts here is never closed"}},
		{"bad code at the code", "languages:\n  - {code: et, name: Eesti}\n  - {code: EN, name: English}\n", []string{`haven.yaml:3:12: error: languages: "EN" is not a language code`}},
		{"language listed twice", "languages:\n  - code: et\n    name: Eesti\n  - code: et\n    name: Eesti\n", []string{`haven.yaml:4:11: error: languages: "et" is listed twice`}},
		{"unknown language key", "languages:\n  - {code: et, nmae: Eesti}\n", []string{`haven.yaml:2:16: error: unknown setting "nmae" in languages; did you mean name?`}},
		{"quick exit at its language", "quick_exit:\n  et: https://www.ilmateenistus.ee/\n  en: ftp://weather.example\n", []string{"haven.yaml:3:7: error: quick_exit: en:"}},
		{"every problem", "titel: x\nbase_url: palunabi.ee\nnumbers: {\"116016\": {operational: maybe}}\ntheme: [a]\n", []string{
			`haven.yaml:1:1: error: unknown setting "titel"`, `haven.yaml:2:11: error: base_url: "palunabi.ee"`,
			`haven.yaml:3:35: error: numbers.116016.operational: expected true or false, found "maybe"`, `haven.yaml:4:8: error: theme: expected string, found a list`}},
		{"quick exit help is a page key", "quick_exit_help: [lahku-kiiresti]\n", []string{"haven.yaml:1:18: error: quick_exit_help: expected string, found a list"}},
		{"allowed origin with path", "allowed_origins: [https://chat.example.ee/widget.js]\n", []string{"haven.yaml:1:19: error: allowed_origins: \"https://chat.example.ee/widget.js\" is not an origin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			Parse([]byte(tt.src), Default(), &diags)
			var got []string
			for _, d := range diags.Items() {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tt.want), all)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing %q in:\n%s", w, all)
				}
			}
		})
	}
}

func TestTitleForEveryLanguage(t *testing.T) {
	var diags diag.List
	cfg := Default()
	Parse([]byte("title: Ohvriabi\n"), cfg, &diags)
	if cfg.SiteTitle("ru") != "Ohvriabi" || cfg.SiteTitle("et") != "Ohvriabi" {
		t.Errorf("a plain title applies to every language: %v", cfg.Title)
	}
}

// TestQuickExitHelp reads the help page's key and remembers its line, for
// the check that a page has that key.
func TestQuickExitHelp(t *testing.T) {
	var diags diag.List
	cfg := Default()
	Parse([]byte("title: Abi\nquick_exit_help: lahku-kiiresti\n"), cfg, &diags)
	if diags.Len() != 0 || cfg.QuickExitHelp != "lahku-kiiresti" {
		t.Errorf("QuickExitHelp = %q, %v", cfg.QuickExitHelp, diags.Items())
	}
	if l, none := cfg.Line("quick_exit_help"), cfg.Line("theme"); l != 2 || none != 0 {
		t.Errorf("Line(quick_exit_help) = %d, Line(theme) = %d; want 2 and 0", l, none)
	}
	if Default().QuickExitHelp != "" {
		t.Error("a site without the setting gets a help page: the engine must not name one")
	}
}
