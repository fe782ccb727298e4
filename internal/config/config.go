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
	"github.com/haven-cms/haven/internal/yamlx"
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
	// QuickExitHelp is the key of the page that explains quick exit and
	// how to clear history (e.g. lahku-kiiresti); every footer links to
	// its translation in the reader's language. Empty means no such link.
	QuickExitHelp string `yaml:"quick_exit_help"`

	lines map[string]int // each setting's line in haven.yaml
}

// Line returns the line of a top-level setting in haven.yaml, or 0 when
// the file does not set it.
func (c *Config) Line(setting string) int { return c.lines[setting] }

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
	r := &yamlx.Reader{File: FileName, Codes: yamlx.CodesFor("config"), KeyNoun: "setting", Diags: diags,
		Hint: "fix the syntax; keys and values are separated by ': '"}
	root, ok := r.Read(src)
	if !ok || root.Kind == yamlx.Null {
		return
	}
	if root.Kind != yamlx.Map {
		root.Errorf("config.type", "", "write one setting a line, e.g. title: Ohvriabi", "expected a mapping of settings at the top level, found %s", kind(root))
		return
	}
	at := &places{keys: map[string]*yamlx.Node{}, values: map[string]*yamlx.Node{}, quickExit: map[string]*yamlx.Node{}}
	cfg.lines = map[string]int{}
	root.Map("", known, func(k, v *yamlx.Node) {
		at.keys[k.Text], at.values[k.Text] = k, v
		cfg.lines[k.Text] = k.Line
		setting(cfg, at, k.Text, v)
	})
	if t, ok := cfg.Title["*"]; ok && len(cfg.Title) == 1 { // a plain title is every language's
		for _, l := range cfg.Languages {
			cfg.Title[l.Code] = t
		}
	}
	validate(cfg, at, diags)
}

// known are the settings of haven.yaml.
var known = []string{"title", "base_url", "default_language", "languages", "quick_exit", "quick_exit_help", "allowed_origins", "markdown", "numbers", "theme"}

// places remembers where settings are, for the checks after reading.
type places struct {
	keys      map[string]*yamlx.Node // each setting's key
	values    map[string]*yamlx.Node // each setting's value
	languages []*yamlx.Node          // each language's entry, in order
	quickExit map[string]*yamlx.Node // each quick_exit destination by language
	origins   []*yamlx.Node          // each allowed_origins item
	rawHTML   *yamlx.Node            // markdown.raw_html's value
}

// setting reads the value v of setting key into cfg.
func setting(cfg *Config, at *places, key string, v *yamlx.Node) {
	switch key {
	case "title":
		cfg.Title = perLanguage(v, key, nil)
	case "quick_exit":
		cfg.QuickExit = perLanguage(v, key, at.quickExit)
	case "base_url":
		cfg.BaseURL, _ = v.Str(key)
	case "default_language":
		cfg.DefaultLanguage, _ = v.Str(key)
	case "theme":
		cfg.Theme, _ = v.Str(key)
	case "quick_exit_help":
		cfg.QuickExitHelp, _ = v.Str(key)
	case "languages":
		cfg.Languages, at.languages = languages(v)
	case "allowed_origins":
		at.origins = v.Seq(key)
		cfg.AllowedOrigins = v.Strings(key, false)
	case "markdown":
		v.Map(key, []string{"raw_html"}, func(k, v *yamlx.Node) {
			at.rawHTML = v
			cfg.Markdown.RawHTML, _ = v.Str("markdown.raw_html")
		})
	case "numbers":
		cfg.Numbers = numbers(v)
	}
}

// perLanguage reads a text per language, or one text for every language
// (kept under "*"); where, when not nil, gets each value's node.
func perLanguage(v *yamlx.Node, key string, where map[string]*yamlx.Node) map[string]string {
	if v.Kind == yamlx.Scalar {
		if where != nil {
			where["*"] = v
		}
		return map[string]string{"*": v.Text}
	}
	m, _ := v.StringMap(key)
	if where != nil {
		for _, p := range v.Pairs {
			where[p.Key.Text] = p.Value
		}
	}
	return m
}

// languages reads the list of {code, name} entries.
func languages(v *yamlx.Node) ([]Language, []*yamlx.Node) {
	var out []Language
	var where []*yamlx.Node
	for _, item := range v.Seq("languages") {
		var l Language
		if !item.Map("languages", []string{"code", "name"}, func(k, v *yamlx.Node) {
			if k.Text == "code" {
				l.Code, _ = v.Str("languages.code")
			} else {
				l.Name, _ = v.Str("languages.name")
			}
		}) {
			continue
		}
		out = append(out, l)
		where = append(where, item)
	}
	return out, where
}

// numbers reads {"116016": {operational: true}}.
func numbers(v *yamlx.Node) map[string]Number {
	out := map[string]Number{}
	v.Map("numbers", nil, func(k, v *yamlx.Node) {
		var n Number
		v.Map("numbers."+k.Text, []string{"operational"}, func(_, op *yamlx.Node) {
			n.Operational, _ = op.Bool("numbers." + k.Text + ".operational")
		})
		out[k.Text] = n
	})
	return out
}

func kind(n *yamlx.Node) string {
	if n.Kind == yamlx.List {
		return "a list"
	}
	return "a single value"
}

func validate(cfg *Config, at *places, diags *diag.List) {
	errorf := func(n *yamlx.Node, code, format string, args ...any) {
		line, col := 0, 0
		if n != nil {
			line, col = n.Line, n.Col
		}
		diags.Errorf(FileName, line, col, code, format, args...)
	}
	validateLanguages(cfg, at, errorf)
	if len(cfg.Languages) > 0 && !cfg.HasLanguage(cfg.DefaultLanguage) {
		errorf(value(at, "default_language"), "config.default-language", "default_language: %q is not one of the site's languages (%s)", cfg.DefaultLanguage, strings.Join(cfg.LanguageCodes(), ", "))
	}
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		errorf(value(at, "base_url"), "config.base-url", "base_url: %v", err)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	for lang, dest := range cfg.QuickExit {
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			errorf(or(at.quickExit[lang], at.keys["quick_exit"]), "config.quick-exit", "quick_exit: %s: %q is not an absolute https URL; expected a neutral site such as %s", lang, dest, DefaultQuickExit)
		}
	}
	for i, o := range cfg.AllowedOrigins {
		u, err := url.Parse(o)
		if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") {
			errorf(item(at.origins, i, at.keys["allowed_origins"]), "config.allowed-origins", "allowed_origins: %q is not an origin; expected scheme and host only, e.g. https://chat.example.ee", o)
		}
	}
	switch cfg.Markdown.RawHTML {
	case "", "off":
		cfg.Markdown.RawHTML = "off"
	case "safe":
	default:
		errorf(or(at.rawHTML, at.keys["markdown"]), "config.markdown", "markdown.raw_html: %q is not allowed; expected off or safe", cfg.Markdown.RawHTML)
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

// validateLanguages checks the codes: well formed and each listed once.
func validateLanguages(cfg *Config, at *places, errorf func(*yamlx.Node, string, string, ...any)) {
	if len(cfg.Languages) == 0 {
		errorf(at.keys["languages"], "config.languages", "languages: expected at least one language, e.g. - {code: et, name: Eesti keeles}")
	}
	seen := map[string]bool{}
	for i, l := range cfg.Languages {
		n := item(at.languages, i, at.keys["languages"])
		if n != nil && n.Get("code") != nil {
			n = n.Get("code")
		}
		if !langCode.MatchString(l.Code) {
			errorf(n, "config.languages", "languages: %q is not a language code; expected a lower-case code such as et, en or ru", l.Code)
		}
		if seen[l.Code] {
			errorf(n, "config.languages", "languages: %q is listed twice", l.Code)
		}
		seen[l.Code] = true
	}
}

// value returns the value of setting key, or nil when it is absent.
func value(at *places, key string) *yamlx.Node { return at.values[key] }

func item(list []*yamlx.Node, i int, fallback *yamlx.Node) *yamlx.Node {
	if i < len(list) {
		return list[i]
	}
	return fallback
}

func or(a, b *yamlx.Node) *yamlx.Node {
	if a != nil {
		return a
	}
	return b
}
