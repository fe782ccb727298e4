// Package config reads a site's optional haven.yaml: languages, the default
// language, base URL, titles, menus, quick-exit destinations and the other
// site-wide settings. A missing file means the defaults (et, en, ru with et
// first). Unknown keys and wrong types are diagnostics with file:line.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"gopkg.in/yaml.v3"
)

// FileName is the configuration file at the site root.
const FileName = "haven.yaml"

// Language is one language of the site.
type Language struct {
	Code string `yaml:"code"` // BCP 47 code, e.g. et
	Name string `yaml:"name"` // the language named in itself, e.g. Eesti keeles
}

// Config is a site's configuration after defaults are applied.
type Config struct {
	// Title is the site title per language code.
	Title map[string]string `yaml:"title"`
	// BaseURL is the absolute URL the site is served from, without a
	// trailing slash, e.g. https://palunabi.ee. Used for sitemap and
	// canonical links.
	BaseURL string `yaml:"base_url"`
	// DefaultLanguage is the authoritative language; the root page sends
	// readers there.
	DefaultLanguage string `yaml:"default_language"`
	// Languages lists the site's languages in display order.
	Languages []Language `yaml:"languages"`
	// QuickExit is where the quick-exit button leaves to, per language
	// code; "*" is the fallback for every language.
	QuickExit map[string]string `yaml:"quick_exit"`
	// AllowedOrigins are other origins that output pages may load
	// resources from (deliberate exceptions to the no-third-party rule),
	// e.g. https://chat.example.ee.
	AllowedOrigins []string `yaml:"allowed_origins"`
	// Markdown holds rendering options.
	Markdown Markdown `yaml:"markdown"`
	// Numbers records facts about phone numbers, e.g. whether 116 016
	// answers yet: numbers: {"116016": {operational: true}}.
	Numbers map[string]Number `yaml:"numbers"`
	// Theme names a theme folder under themes/ at the site root; empty or
	// "default" means the embedded default theme.
	Theme string `yaml:"theme"`
}

// Markdown holds Markdown rendering options.
type Markdown struct {
	// RawHTML is "off" (default: raw HTML is dropped) or "safe" (a small
	// documented subset of inline tags without attributes other than
	// lang, dir and title passes through).
	RawHTML string `yaml:"raw_html"`
}

// Number records facts about one phone number.
type Number struct {
	Operational bool `yaml:"operational"`
}

// DefaultQuickExit is the neutral destination of the quick-exit button: a
// weather service, not personalised and unrelated to help.
const DefaultQuickExit = "https://www.ilmateenistus.ee/"

// Default returns the configuration of a site without haven.yaml.
func Default() *Config {
	return &Config{
		Title:           map[string]string{"et": "Ohvriabi", "en": "Victim Support", "ru": "Помощь жертвам"},
		BaseURL:         "https://example.org",
		DefaultLanguage: "et",
		Languages: []Language{
			{Code: "et", Name: "Eesti keeles"},
			{Code: "en", Name: "In English"},
			{Code: "ru", Name: "На русском"},
		},
		QuickExit: map[string]string{"*": DefaultQuickExit},
		Markdown:  Markdown{RawHTML: "off"},
	}
}

// LanguageCodes returns the language codes in display order.
func (c *Config) LanguageCodes() []string {
	codes := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		codes[i] = l.Code
	}
	return codes
}

// HasLanguage reports whether code is one of the site's languages.
func (c *Config) HasLanguage(code string) bool {
	return slices.ContainsFunc(c.Languages, func(l Language) bool { return l.Code == code })
}

// LanguageName returns the language's name in itself, or the code.
func (c *Config) LanguageName(code string) string {
	for _, l := range c.Languages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// SiteTitle returns the title for a language, falling back to the default
// language's.
func (c *Config) SiteTitle(lang string) string {
	if t := c.Title[lang]; t != "" {
		return t
	}
	return c.Title[c.DefaultLanguage]
}

// QuickExitURL returns the quick-exit destination for a language.
func (c *Config) QuickExitURL(lang string) string {
	if u := c.QuickExit[lang]; u != "" {
		return u
	}
	if u := c.QuickExit["*"]; u != "" {
		return u
	}
	return DefaultQuickExit
}

var langCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Load reads haven.yaml from the root of fsys, reporting problems into
// diags. A missing file yields Default().
func Load(fsys fs.FS, diags *diag.List) *Config {
	cfg := Default()
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg
	}
	if err != nil {
		diags.Errorf(FileName, 0, 0, "config.read", "cannot read: %v", err)
		return cfg
	}
	Parse(src, cfg, diags)
	return cfg
}

// Parse reads configuration from src over the defaults in cfg.
func Parse(src []byte, cfg *Config, diags *diag.List) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := diag.SplitYAMLError(err, src)
		diags.Add(diag.Diagnostic{File: FileName, Line: line, Severity: diag.Error, Code: "config.syntax",
			Message: "invalid YAML: " + msg, Hint: "fix the syntax; keys and values are separated by ': '"})
		return
	}
	if len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(FileName, root.Line, root.Column, "config.type", "expected a mapping of settings at the top level")
		return
	}
	known := []string{"title", "base_url", "default_language", "languages", "quick_exit", "allowed_origins", "markdown", "numbers", "theme"}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if line, dup := seen[k.Value]; dup { // YAML allows it; the last would win unseen
			diags.Add(diag.Diagnostic{File: FileName, Line: k.Line, Column: k.Column, Severity: diag.Error, Code: "config.duplicate-key", Field: k.Value,
				Message: fmt.Sprintf("%s is set twice, on line %d and on this line", k.Value, line), Hint: "keep one of the two"})
			continue
		}
		seen[k.Value] = k.Line
		if !slices.Contains(known, k.Value) {
			diags.Add(diag.Diagnostic{File: FileName, Line: k.Line, Column: k.Column, Severity: diag.Error, Code: "config.unknown-key", Field: k.Value,
				Message: fmt.Sprintf("unknown setting %q", k.Value), Hint: hintOr(diag.DidYouMean(k.Value, known), "known settings: "+strings.Join(known, ", "))})
			continue
		}
		var err error
		switch k.Value {
		case "title":
			// A plain string sets the title for every language.
			if v.Kind == yaml.ScalarNode {
				cfg.Title = map[string]string{"*": v.Value}
			} else {
				cfg.Title = nil
				err = v.Decode(&cfg.Title)
			}
		case "base_url":
			err = v.Decode(&cfg.BaseURL)
		case "default_language":
			err = v.Decode(&cfg.DefaultLanguage)
		case "languages":
			cfg.Languages = nil
			err = v.Decode(&cfg.Languages)
		case "quick_exit":
			if v.Kind == yaml.ScalarNode {
				cfg.QuickExit = map[string]string{"*": v.Value}
			} else {
				cfg.QuickExit = nil
				err = v.Decode(&cfg.QuickExit)
			}
		case "allowed_origins":
			err = v.Decode(&cfg.AllowedOrigins)
		case "markdown":
			err = v.Decode(&cfg.Markdown)
		case "numbers":
			err = v.Decode(&cfg.Numbers)
		case "theme":
			err = v.Decode(&cfg.Theme)
		}
		if err != nil {
			diags.Add(diag.Diagnostic{File: FileName, Line: v.Line, Column: v.Column, Severity: diag.Error, Code: "config.type", Field: k.Value,
				Message: "wrong type: " + strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "), Hint: "see the configuration reference in README.md"})
		}
		if k.Value == "title" && cfg.Title["*"] != "" {
			t := cfg.Title["*"]
			cfg.Title = map[string]string{}
			for _, l := range cfg.Languages {
				cfg.Title[l.Code] = t
			}
			cfg.Title["*"] = t
		}
	}
	validate(cfg, root, diags)
}

func validate(cfg *Config, root *yaml.Node, diags *diag.List) {
	line := func(key string) int {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				return root.Content[i].Line
			}
		}
		return 0
	}
	if len(cfg.Languages) == 0 {
		diags.Errorf(FileName, line("languages"), 0, "config.languages", "languages: expected at least one language, e.g. - {code: et, name: Eesti keeles}")
	}
	seen := map[string]bool{}
	for _, l := range cfg.Languages {
		if !langCode.MatchString(l.Code) {
			diags.Errorf(FileName, line("languages"), 0, "config.languages", "languages: %q is not a language code; expected a lower-case code such as et, en or ru", l.Code)
		}
		if seen[l.Code] {
			diags.Errorf(FileName, line("languages"), 0, "config.languages", "languages: %q is listed twice", l.Code)
		}
		seen[l.Code] = true
	}
	if len(cfg.Languages) > 0 && !cfg.HasLanguage(cfg.DefaultLanguage) {
		diags.Errorf(FileName, line("default_language"), 0, "config.default-language", "default_language: %q is not one of the site's languages (%s)", cfg.DefaultLanguage, strings.Join(cfg.LanguageCodes(), ", "))
	}
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		diags.Errorf(FileName, line("base_url"), 0, "config.base-url", "base_url: %v", err)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	for lang, dest := range cfg.QuickExit {
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			diags.Errorf(FileName, line("quick_exit"), 0, "config.quick-exit", "quick_exit: %s: %q is not an absolute https URL; expected a neutral site such as %s", lang, dest, DefaultQuickExit)
		}
	}
	for _, o := range cfg.AllowedOrigins {
		u, err := url.Parse(o)
		if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") {
			diags.Errorf(FileName, line("allowed_origins"), 0, "config.allowed-origins", "allowed_origins: %q is not an origin; expected scheme and host only, e.g. https://chat.example.ee", o)
		}
	}
	switch cfg.Markdown.RawHTML {
	case "", "off":
		cfg.Markdown.RawHTML = "off"
	case "safe":
	default:
		diags.Errorf(FileName, line("markdown"), 0, "config.markdown", "markdown.raw_html: %q is not allowed; expected off or safe", cfg.Markdown.RawHTML)
	}
}

// CheckBaseURL returns an error unless s is an absolute http(s) URL: the
// rule for base_url in haven.yaml and for haven build --base-url.
func CheckBaseURL(s string) error {
	if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL; expected e.g. https://palunabi.ee", s)
	}
	return nil
}

func hintOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
