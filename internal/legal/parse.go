package legal

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"gopkg.in/yaml.v3"
)

// FileName is the rulebook file at a site's root.
const FileName = "rules.yaml"

// DefaultFile is the name the embedded rulebook is reported under.
const DefaultFile = "built-in rules.yaml"

//go:embed rules.yaml
var defaultRules []byte

// DefaultSource returns the embedded default rulebook's YAML.
func DefaultSource() []byte { return slices.Clone(defaultRules) }

// Default returns a fresh copy of the embedded default rulebook. It panics
// if the embedded file is malformed, which the package tests rule out.
func Default() *Rulebook {
	var diags diag.List
	r := Parse(DefaultFile, defaultRules, &diags)
	if diags.HasErrors() {
		var b strings.Builder
		_ = diags.WriteText(&b)
		panic("legal: embedded rulebook is malformed:\n" + b.String())
	}
	return r
}

// Load returns the rulebook of the site whose root is fsys: the embedded
// default when rules.yaml is absent, the site's file when it replaces the
// default, or the default extended by it (extends: default). Problems go to
// diags with file:line; the result is never nil.
func Load(fsys fs.FS, diags *diag.List) *Rulebook {
	src, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return Default()
	}
	if err != nil {
		diags.Errorf(FileName, 0, 0, "rules.read", "cannot read: %v", err)
		return Default()
	}
	site := Parse(FileName, src, diags)
	if site.Extends == "" {
		return site
	}
	return Merge(Default(), site, diags)
}

// Merge returns base extended by ext as the package doc describes. ext's
// remove list must have been parsed by [Parse]; unknown ids in it are
// reported into diags.
func Merge(base, ext *Rulebook, diags *diag.List) *Rulebook {
	out := *base
	out.File = ext.File
	out.Extends = ext.Extends
	if ext.Version != "" {
		out.Version = base.Version + "+" + ext.Version
	}
	if ext.Jurisdiction != "" {
		out.Jurisdiction = ext.Jurisdiction
	}
	if len(ext.Languages) > 0 {
		out.Languages = ext.Languages
	}
	if ext.ReviewMonths > 0 {
		out.ReviewMonths = ext.ReviewMonths
	}
	if ext.PageFrontMatter != nil {
		out.PageFrontMatter = ext.PageFrontMatter
	}
	out.Sources = append(slices.Clone(base.Sources), ext.Sources...)
	out.Requirements = slices.Clone(base.Requirements)
	for _, rm := range ext.remove {
		i := slices.IndexFunc(out.Requirements, func(q *Requirement) bool { return q.ID == rm.id })
		if i < 0 {
			diags.Add(diag.Diagnostic{File: ext.File, Line: rm.line, Severity: diag.Error, Code: "rules.remove", Field: "remove",
				Message: fmt.Sprintf("remove: no requirement %q in the default rulebook", rm.id), Hint: diag.DidYouMean(rm.id, base.IDs())})
			continue
		}
		out.Requirements = slices.Delete(out.Requirements, i, i+1)
	}
	for _, q := range ext.Requirements {
		if i := slices.IndexFunc(out.Requirements, func(b *Requirement) bool { return b.ID == q.ID }); i >= 0 {
			out.Requirements[i] = q
		} else {
			out.Requirements = append(out.Requirements, q)
		}
	}
	out.remove = nil
	for _, q := range out.Requirements {
		for i, b := range q.LegalBasis {
			if b.URL == "" {
				q.LegalBasis[i] = out.linkBasis(b.Text)
			}
		}
	}
	return &out
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	condPattern = regexp.MustCompile(`^numbers\.([0-9+]+)\.operational$`)
)

// parser walks a rulebook's YAML nodes, reporting into diags.
type parser struct {
	file  string
	diags *diag.List
}

func (p *parser) errorf(n *yaml.Node, code, field, hint, format string, args ...any) {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	p.diags.Add(diag.Diagnostic{File: p.file, Line: line, Column: col, Severity: diag.Error, Code: code, Field: field,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Parse reads a rulebook from src; file names it in diagnostics. It reports
// every problem and returns what it could read, never nil. It never panics.
func Parse(file string, src []byte, diags *diag.List) *Rulebook {
	p := &parser{file: file, diags: diags}
	r := &Rulebook{File: file, ReviewMonths: 12}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := diag.SplitYAMLError(err, src)
		diags.Add(diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Code: "rules.syntax",
			Message: "invalid YAML: " + msg})
		return r
	}
	if len(doc.Content) == 0 {
		p.errorf(&doc, "rules.empty", "", "start with requirements: and a list of requirements", "empty rulebook")
		return r
	}
	root := doc.Content[0]
	top := []string{"version", "jurisdiction", "languages", "extends", "remove", "defaults", "sources", "requirements"}
	seen := map[string]int{}
	p.mapping(root, "", top, func(k string, v *yaml.Node) {
		switch k {
		case "version":
			r.Version = p.scalar(v, k)
		case "jurisdiction":
			r.Jurisdiction = p.scalar(v, k)
		case "languages":
			r.Languages = p.languages(v, k)
		case "extends":
			r.Extends = p.scalar(v, k)
			if r.Extends != "default" {
				p.errorf(v, "rules.extends", k, "write extends: default, or leave it out to replace the default rulebook", "extends: %q is not known", r.Extends)
				r.Extends = ""
			}
		case "remove":
			for _, n := range p.seq(v, k) {
				r.remove = append(r.remove, removal{p.scalar(n, k), n.Line})
			}
		case "defaults":
			p.mapping(v, k, []string{"review_months", "page_front_matter"}, func(k string, v *yaml.Node) {
				switch k {
				case "review_months":
					r.ReviewMonths = p.months(v, k)
				case "page_front_matter":
					r.PageFrontMatter = p.strings(v, k)
					if r.PageFrontMatter == nil {
						r.PageFrontMatter = []string{}
					}
				}
			})
		case "sources":
			for _, n := range p.seq(v, k) {
				var s Source
				hasURL := false
				p.mapping(n, k, []string{"prefix", "url"}, func(k string, v *yaml.Node) {
					switch k {
					case "prefix":
						s.Prefix = p.scalar(v, k)
					case "url":
						s.URL, hasURL = p.url(v, k), true
					}
				})
				if s.Prefix == "" || !hasURL {
					p.errorf(n, "rules.source", "sources", "", "a source needs prefix and url")
					continue
				}
				if s.URL == "" {
					continue
				}
				r.Sources = append(r.Sources, s)
			}
		case "requirements":
			for _, n := range p.seq(v, k) {
				q := p.requirement(n, r)
				if q == nil {
					continue
				}
				if line, dup := seen[q.ID]; dup {
					p.errorf(n, "rules.duplicate-id", "id", "give each requirement its own id", "requirement id %q is also used on line %d", q.ID, line)
					continue
				}
				seen[q.ID] = q.Line
				r.Requirements = append(r.Requirements, q)
			}
		}
	})
	if len(r.remove) > 0 && r.Extends == "" {
		p.errorf(root, "rules.remove", "remove", "add extends: default", "remove only makes sense with extends: default")
	}
	if len(r.Languages) == 0 {
		r.Languages = []string{"et", "ru", "en"}
	}
	for _, q := range r.Requirements {
		if q.AppliesTo == nil {
			q.AppliesTo = r.Languages
		}
		if q.ReviewMonths == 0 {
			q.ReviewMonths = r.ReviewMonths
		}
		for i, b := range q.LegalBasis {
			if b.URL == "" {
				q.LegalBasis[i] = r.linkBasis(b.Text)
			}
		}
	}
	return r
}

type removal struct {
	id   string
	line int
}

// mapping calls f for each key of n in order, reporting unknown keys and
// non-mappings. known nil accepts any key.
func (p *parser) mapping(n *yaml.Node, field string, known []string, f func(k string, v *yaml.Node)) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rules.type", field, "", "%sexpected a mapping of keys", prefix(field))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "rules.type", field, "", "%sexpected a plain key", prefix(field))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, "rules.duplicate-key", k.Value, "keep one of them", "%q is also set on line %d", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			hint := diag.DidYouMean(k.Value, known)
			if hint == "" {
				hint = "known keys: " + strings.Join(known, ", ")
			}
			p.errorf(k, "rules.unknown-key", k.Value, hint, "unknown key %q%s", k.Value, in(field))
			continue
		}
		f(k.Value, v)
	}
}

func prefix(field string) string {
	if field == "" {
		return ""
	}
	return field + ": "
}

func in(field string) string {
	if field == "" {
		return ""
	}
	return " in " + field
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode && depth < 10; depth++ {
		n = n.Alias
	}
	if n == nil {
		return &yaml.Node{}
	}
	return n
}

func (p *parser) scalar(n *yaml.Node, field string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "rules.type", field, "", "%sexpected a single value, found a list or mapping", prefix(field))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (p *parser) seq(n *yaml.Node, field string) []*yaml.Node {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil // an empty list
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "rules.type", field, "write a list: [a, b] or one '- item' a line", "%sexpected a list", prefix(field))
		return nil
	}
	return n.Content
}

func (p *parser) strings(n *yaml.Node, field string) []string {
	var out []string
	for _, item := range p.seq(n, field) {
		if s := p.scalar(item, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) languages(n *yaml.Node, field string) []string {
	out := p.strings(n, field)
	for i, l := range out {
		if !langPattern.MatchString(l) {
			p.errorf(resolve(n).Content[i], "rules.language", field, "use lower-case codes such as et, ru, en", "%s%q is not a language code", prefix(field), l)
		}
	}
	return out
}

func (p *parser) months(n *yaml.Node, field string) int {
	s := p.scalar(n, field)
	m, err := strconv.Atoi(s)
	if err != nil || m <= 0 || m > 120 {
		p.errorf(n, "rules.type", field, "e.g. review_months: 12", "%sexpected a whole number of months from 1 to 120, found %q", prefix(field), s)
		return 0
	}
	return m
}

func (p *parser) url(n *yaml.Node, field string) string {
	s := p.scalar(n, field)
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		p.errorf(n, "rules.url", field, "", "%s%q is not an absolute https URL", prefix(field), s)
		return ""
	}
	return s
}

func (p *parser) level(n *yaml.Node, field string) Level {
	s := p.scalar(n, field)
	if s != string(Must) && s != string(Should) {
		p.errorf(n, "rules.level", field, "", "%sexpected must or should, found %q", prefix(field), s)
		return ""
	}
	return Level(s)
}

func (p *parser) enum(n *yaml.Node, field string, allowed ...string) string {
	s := p.scalar(n, field)
	if !slices.Contains(allowed, s) {
		p.errorf(n, "rules.value", field, diag.DidYouMean(s, allowed), "%sexpected one of %s, found %q", prefix(field), strings.Join(allowed, ", "), s)
		return ""
	}
	return s
}

// pattern compiles a case-insensitive RE2 pattern.
func (p *parser) pattern(n *yaml.Node, field string) *Pattern {
	s := p.scalar(n, field)
	if s == "" {
		p.errorf(n, "rules.pattern", field, "", "%sempty pattern", prefix(field))
		return nil
	}
	re, err := regexp.Compile("(?i)" + s)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		p.errorf(n, "rules.pattern", field, "patterns are RE2: no lookaround, no backreferences", "%sbad regular expression: %s", prefix(field), msg)
		return nil
	}
	return &Pattern{Source: s, Line: n.Line, re: re, literals: newLiterals(requiredLiterals(s))}
}

func (p *parser) patterns(n *yaml.Node, field string) []*Pattern {
	var out []*Pattern
	for _, item := range p.seq(n, field) {
		if pt := p.pattern(item, field); pt != nil {
			out = append(out, pt)
		}
	}
	return out
}

// byLanguage reads {lang: [patterns]}.
func (p *parser) byLanguage(n *yaml.Node, field string) map[string][]*Pattern {
	out := map[string][]*Pattern{}
	p.mapping(n, field, nil, func(k string, v *yaml.Node) {
		if !langPattern.MatchString(k) {
			p.errorf(v, "rules.language", field, "", "%s%q is not a language code", prefix(field), k)
			return
		}
		if resolve(v).Kind == yaml.ScalarNode {
			if pt := p.pattern(v, field); pt != nil {
				out[k] = []*Pattern{pt}
			}
			return
		}
		out[k] = p.patterns(v, field)
	})
	return out
}

// statement reads {<lang>|any_language: pattern} with an optional id.
func (p *parser) statement(n *yaml.Node, field, kind, name string, should, wantID bool) (Statement, bool) {
	st := Statement{ID: name, Kind: kind, Should: should, ByLanguage: map[string]*Pattern{}, Line: resolve(n).Line}
	ok := true
	p.mapping(n, field, nil, func(k string, v *yaml.Node) {
		switch {
		case k == "id" && wantID:
			st.ID = p.scalar(v, field+".id")
		case k == "any_language":
			st.Any = p.pattern(v, field)
			ok = ok && st.Any != nil
		case langPattern.MatchString(k):
			pt := p.pattern(v, field)
			st.ByLanguage[k] = pt
			ok = ok && pt != nil
		default:
			hint := "expected a language code or any_language"
			if wantID {
				hint = "expected id, a language code or any_language"
			}
			p.errorf(v, "rules.unknown-key", field, hint, "unknown key %q in %s", k, field)
			ok = false
		}
	})
	if st.ID == "" {
		p.errorf(n, "rules.statement", field, "add id: a short name such as free", "%sstatement has no id", prefix(field))
		ok = false
	}
	if st.Any == nil && len(st.ByLanguage) == 0 && ok {
		p.errorf(n, "rules.statement", field, "", "%s%s has no pattern", prefix(field), st.ID)
		ok = false
	}
	return st, ok
}

func (p *parser) forbidden(n *yaml.Node, field string) []Forbidden {
	var out []Forbidden
	for _, item := range p.seq(n, field) {
		f := Forbidden{Severity: SeverityError}
		p.mapping(item, field, []string{"pattern", "severity", "reason"}, func(k string, v *yaml.Node) {
			switch k {
			case "pattern":
				f.Pattern = p.pattern(v, field)
			case "severity":
				f.Severity = p.enum(v, field+".severity", SeverityError, SeverityWarn)
			case "reason":
				f.Reason = p.scalar(v, field+".reason")
			}
		})
		if f.Pattern != nil && f.Severity != "" {
			out = append(out, f)
		} else if f.Pattern == nil && resolve(item).Kind == yaml.MappingNode {
			p.errorf(item, "rules.pattern", field, "", "%sentry has no pattern", prefix(field))
		}
	}
	return out
}

var proseKeys = []string{"site_level", "rendered", "checks", "content_checks", "theme_checks", "machine_readable", "language_switcher", "easy_read"}

var evidenceKeys = append([]string{"page_type", "front_matter", "patterns_all", "patterns_any_by_language", "statements_required",
	"sections_required", "should_sections", "headings_any", "links_any", "must_not_match", "must_not_match_until_condition",
	"conditional", "site_checks"}, proseKeys...)

func (p *parser) evidence(n *yaml.Node) Evidence {
	var e Evidence
	p.mapping(n, "evidence", evidenceKeys, func(k string, v *yaml.Node) {
		switch k {
		case "page_type":
			e.PageType = p.scalar(v, k)
		case "front_matter":
			e.FrontMatter = p.strings(v, k)
			e.FrontMatterLine = v.Line
		case "patterns_all":
			e.PatternsAll = p.patterns(v, k)
		case "patterns_any_by_language":
			e.PatternsAnyByLanguage = p.byLanguage(v, k)
		case "headings_any":
			e.HeadingsAny = p.byLanguage(v, k)
		case "links_any":
			e.LinksAny = p.patterns(v, k)
		case "statements_required":
			for _, item := range p.seq(v, k) {
				if st, ok := p.statement(item, k, "statement", "", false, true); ok {
					e.Statements = append(e.Statements, st)
				}
			}
		case "sections_required", "should_sections":
			p.mapping(v, k, nil, func(name string, sv *yaml.Node) {
				if st, ok := p.statement(sv, k, "section", name, k == "should_sections", false); ok {
					e.Statements = append(e.Statements, st)
				}
			})
		case "must_not_match":
			e.MustNotMatch = p.forbidden(v, k)
		case "must_not_match_until_condition":
			e.MustNotMatchUntilCondition = p.forbidden(v, k)
		case "conditional":
			for _, item := range p.seq(v, k) {
				c := Conditional{Line: resolve(item).Line}
				p.mapping(item, k, []string{"if_matches", "then_front_matter"}, func(k2 string, v2 *yaml.Node) {
					switch k2 {
					case "if_matches":
						c.IfMatches = p.pattern(v2, k+"."+k2)
					case "then_front_matter":
						c.ThenFrontMatter = p.strings(v2, k+"."+k2)
					}
				})
				if c.IfMatches != nil && len(c.ThenFrontMatter) > 0 {
					e.Conditional = append(e.Conditional, c)
				} else if resolve(item).Kind == yaml.MappingNode {
					p.errorf(item, "rules.conditional", k, "", "conditional needs if_matches and then_front_matter")
				}
			}
		case "site_checks":
			for _, item := range p.seq(v, k) {
				if s := p.enum(item, k, SiteCheckTranslate); s != "" {
					e.SiteChecks = append(e.SiteChecks, s)
				}
			}
		default: // prose
			e.Prose = append(e.Prose, p.prose(k, v))
		}
	})
	return e
}

func (p *parser) prose(key string, n *yaml.Node) Prose {
	pr := Prose{Key: key}
	n = resolve(n)
	switch n.Kind {
	case yaml.ScalarNode:
		pr.Text = []string{n.Value}
	case yaml.SequenceNode:
		pr.Text = p.strings(n, key)
	case yaml.MappingNode:
		p.mapping(n, key, nil, func(k string, v *yaml.Node) {
			pr.Text = append(pr.Text, k+": "+p.scalar(v, key))
		})
	default:
		p.errorf(n, "rules.type", key, "", "%s: expected text", key)
	}
	return pr
}

var requirementKeys = []string{"id", "title", "legal_basis", "verification", "level", "level_by_language", "applies_to",
	"scope", "status", "condition", "owner", "evidence", "review_months", "review_triggers", "notes"}

func (p *parser) requirement(n *yaml.Node, r *Rulebook) *Requirement {
	q := &Requirement{File: p.file, Line: resolve(n).Line, Scope: PageScope, Title: map[string]string{}}
	var statusNode, condNode *yaml.Node
	ok, hasLevel := true, false
	p.mapping(n, "requirement", nil, func(k string, v *yaml.Node) {
		if lang, isTitle := strings.CutPrefix(k, "title_"); isTitle && langPattern.MatchString(lang) {
			q.Title[lang] = p.scalar(v, k)
			return
		}
		if !slices.Contains(requirementKeys, k) {
			hint := diag.DidYouMean(k, requirementKeys)
			if hint == "" {
				hint = "known keys: title_<lang>, " + strings.Join(requirementKeys, ", ")
			}
			p.errorf(keyNode(n, k), "rules.unknown-key", k, hint, "unknown key %q in requirement", k)
			return
		}
		switch k {
		case "id":
			q.ID = p.scalar(v, k)
			if !idPattern.MatchString(q.ID) {
				p.errorf(v, "rules.id", k, "use lower-case letters, digits and dashes, e.g. helpline-116006", "id %q is not a valid requirement id", q.ID)
				ok = false
			}
		case "title":
			p.mapping(v, k, nil, func(lang string, tv *yaml.Node) {
				if !langPattern.MatchString(lang) {
					p.errorf(tv, "rules.language", k, "", "title: %q is not a language code", lang)
					return
				}
				q.Title[lang] = p.scalar(tv, k)
			})
		case "legal_basis":
			for _, item := range p.seq(v, k) {
				if resolve(item).Kind == yaml.MappingNode {
					var b Basis
					p.mapping(item, k, []string{"text", "url"}, func(k2 string, v2 *yaml.Node) {
						if k2 == "text" {
							b.Text = p.scalar(v2, k)
						} else {
							b.URL = p.url(v2, k)
						}
					})
					if b.Text != "" {
						q.LegalBasis = append(q.LegalBasis, b)
					}
					continue
				}
				if s := p.scalar(item, k); s != "" {
					q.LegalBasis = append(q.LegalBasis, Basis{Text: s})
				}
			}
		case "verification":
			q.Verification = p.enum(v, k, Primary, OfficialSecondary, Inferred)
		case "level":
			q.Level, hasLevel = p.level(v, k), true
		case "level_by_language":
			q.LevelByLanguage = map[string]Level{}
			p.mapping(v, k, nil, func(lang string, lv *yaml.Node) {
				if !langPattern.MatchString(lang) {
					p.errorf(lv, "rules.language", k, "", "level_by_language: %q is not a language code", lang)
					return
				}
				q.LevelByLanguage[lang] = p.level(lv, k)
			})
		case "applies_to":
			q.AppliesTo = p.languages(v, k)
			if q.AppliesTo == nil {
				q.AppliesTo = []string{}
			}
		case "scope":
			q.Scope = Scope(p.enum(v, k, string(PageScope), string(SiteScope)))
		case "status":
			statusNode = v
			q.Status = p.enum(v, k, Pending)
		case "condition":
			condNode = v
			q.Condition = p.scalar(v, k)
			if m := condPattern.FindStringSubmatch(q.Condition); m != nil {
				q.ConditionNumber = m[1]
			} else {
				p.errorf(v, "rules.condition", k, "write e.g. condition: numbers.116016.operational", "condition %q is not known", q.Condition)
			}
		case "owner":
			q.Owner = p.scalar(v, k)
		case "evidence":
			q.Evidence = p.evidence(v)
		case "review_months":
			q.ReviewMonths = p.months(v, k)
		case "review_triggers":
			q.ReviewTriggers = p.strings(v, k)
		case "notes":
			q.Notes = strings.TrimSpace(p.scalar(v, k))
		}
	})
	if resolve(n).Kind != yaml.MappingNode {
		return nil
	}
	if q.ID == "" {
		p.errorf(n, "rules.id", "id", "add id: a short name such as helpline-116006", "requirement has no id")
		return nil
	}
	if !hasLevel {
		p.errorf(n, "rules.level", "level", "add level: must or level: should", "requirement %s has no level", q.ID)
	}
	if q.Level == "" {
		q.Level = Must
	}
	if q.Status == Pending && q.Condition == "" {
		p.errorf(statusNode, "rules.condition", "condition", "add condition: numbers.<number>.operational", "requirement %s is pending but has no condition", q.ID)
	}
	if q.Condition != "" && q.Status != Pending {
		p.errorf(condNode, "rules.condition", "status", "add status: pending", "requirement %s has a condition but is not pending", q.ID)
	}
	if len(q.Evidence.MustNotMatchUntilCondition) > 0 && q.Condition == "" {
		p.errorf(n, "rules.condition", "condition", "add condition: numbers.<number>.operational", "requirement %s has must_not_match_until_condition but no condition", q.ID)
	}
	if !ok {
		return nil
	}
	return q
}

// keyNode returns the key node named k of mapping n, for positions.
func keyNode(n *yaml.Node, k string) *yaml.Node {
	n = resolve(n)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == k {
			return n.Content[i]
		}
	}
	return n
}
