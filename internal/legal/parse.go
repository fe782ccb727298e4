package legal

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
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
			diags.Add(diag.Diagnostic{File: ext.File, Line: rm.line, Column: rm.col, Severity: diag.Error, Code: "rules.remove", Field: "remove",
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
	out.Concepts = maps.Clone(base.Concepts)
	if out.Concepts == nil {
		out.Concepts = map[string]*Concept{}
	}
	maps.Copy(out.Concepts, ext.Concepts)
	for _, q := range out.Requirements {
		out.link(q)
	}
	(&parser{file: ext.File, diags: diags}).resolve(&out, ext.Requirements)
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

// errorf reports at n, or at the top of the file when n is nil.
func (p *parser) errorf(n *yamlx.Node, code, field, hint, format string, args ...any) {
	if n == nil {
		p.diags.Add(diag.Diagnostic{File: p.file, Severity: diag.Error, Code: code, Field: field, Message: fmt.Sprintf(format, args...), Hint: hint})
		return
	}
	n.Errorf(code, field, hint, format, args...)
}

var topKeys = []string{"version", "jurisdiction", "languages", "extends", "remove", "defaults", "sources", "concepts", "requirements"}

// Parse reads a rulebook from src; file names it in diagnostics. It reports
// every problem and returns what it could read, never nil. It never panics.
func Parse(file string, src []byte, diags *diag.List) *Rulebook {
	p := &parser{file: file, diags: diags}
	r := &Rulebook{File: file, ReviewMonths: 12}
	root, ok := (&yamlx.Reader{File: file, Codes: yamlx.CodesFor("rules"), Diags: diags}).Read(src)
	if !ok {
		return r
	}
	if root.Kind == yamlx.Null {
		p.errorf(root, "rules.empty", "", "start with requirements: and a list of requirements", "empty rulebook")
		return r
	}
	seen := map[string]int{}
	root.Map("", topKeys, func(k, v *yamlx.Node) { p.top(r, k.Text, v, seen) })
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
		r.link(q)
	}
	if r.Extends == "" {
		p.resolve(r)
	}
	return r
}

// top reads top-level key k; seen maps requirement ids to their lines.
func (p *parser) top(r *Rulebook, k string, v *yamlx.Node, seen map[string]int) {
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
		for _, n := range v.Seq(k) {
			r.remove = append(r.remove, removal{p.scalar(n, k), n.Line, n.Col})
		}
	case "defaults":
		v.Map(k, []string{"review_months", "page_front_matter"}, func(k, v *yamlx.Node) {
			if k.Text == "review_months" {
				r.ReviewMonths = p.months(v, k.Text)
				return
			}
			r.PageFrontMatter = p.strings(v, k.Text)
			if r.PageFrontMatter == nil {
				r.PageFrontMatter = []string{}
			}
		})
	case "concepts":
		p.concepts(r, v)
	case "sources":
		for _, n := range v.Seq(k) {
			if s, ok := p.source(n); ok {
				r.Sources = append(r.Sources, s)
			}
		}
	case "requirements":
		for _, n := range v.Seq(k) {
			q := p.requirement(n)
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
}

// source reads one {prefix, url} entry; false when it is unusable.
func (p *parser) source(n *yamlx.Node) (Source, bool) {
	var s Source
	hasURL := false
	n.Map("sources", []string{"prefix", "url"}, func(k, v *yamlx.Node) {
		if k.Text == "prefix" {
			s.Prefix = p.scalar(v, k.Text)
		} else {
			s.URL, hasURL = p.url(v, k.Text), true
		}
	})
	if s.Prefix == "" || !hasURL {
		p.errorf(n, "rules.source", "sources", "", "a source needs prefix and url")
		return s, false
	}
	return s, s.URL != ""
}

type removal struct {
	id        string
	line, col int
}

func prefix(field string) string {
	if field == "" {
		return ""
	}
	return field + ": "
}

func (p *parser) scalar(n *yamlx.Node, field string) string {
	s, _ := n.Str(field)
	return s
}

// strings reads a list of texts, leaving out empty ones.
func (p *parser) strings(n *yamlx.Node, field string) []string {
	var out []string
	for _, s := range n.Strings(field, false) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) languages(n *yamlx.Node, field string) []string {
	var out []string
	for _, item := range n.Seq(field) {
		l := p.scalar(item, field)
		if l == "" {
			continue
		}
		if !langPattern.MatchString(l) {
			p.errorf(item, "rules.language", field, "use lower-case codes such as et, ru, en", "%s%q is not a language code", prefix(field), l)
		}
		out = append(out, l)
	}
	return out
}

func (p *parser) months(n *yamlx.Node, field string) int {
	s := p.scalar(n, field)
	m, err := strconv.Atoi(s)
	if err != nil || m <= 0 || m > 120 {
		p.errorf(n, "rules.type", field, "e.g. review_months: 12", "%sexpected a whole number of months from 1 to 120, found %q", prefix(field), s)
		return 0
	}
	return m
}

func (p *parser) url(n *yamlx.Node, field string) string {
	s := p.scalar(n, field)
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		p.errorf(n, "rules.url", field, "", "%s%q is not an absolute https URL", prefix(field), s)
		return ""
	}
	return s
}

func (p *parser) level(n *yamlx.Node, field string) Level {
	s := p.scalar(n, field)
	if s != string(Must) && s != string(Should) {
		p.errorf(n, "rules.level", field, "", "%sexpected must or should, found %q", prefix(field), s)
		return ""
	}
	return Level(s)
}

func (p *parser) enum(n *yamlx.Node, field string, allowed ...string) string {
	s := p.scalar(n, field)
	if !slices.Contains(allowed, s) {
		p.errorf(n, "rules.value", field, diag.DidYouMean(s, allowed), "%sexpected one of %s, found %q", prefix(field), strings.Join(allowed, ", "), s)
		return ""
	}
	return s
}

// pattern compiles a case-insensitive RE2 pattern.
func (p *parser) pattern(n *yamlx.Node, field string) *Pattern {
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

func (p *parser) forbidden(n *yamlx.Node, field string) []Forbidden {
	var out []Forbidden
	for _, item := range n.Seq(field) {
		f := Forbidden{Severity: SeverityError}
		item.Map(field, []string{"pattern", "severity", "reason"}, func(k, v *yamlx.Node) {
			switch k.Text {
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
		} else if f.Pattern == nil && (item.Kind == yamlx.Map || item.Kind == yamlx.Null) {
			p.errorf(item, "rules.pattern", field, "", "%sentry has no pattern", prefix(field))
		}
	}
	return out
}

var proseKeys = []string{"site_level", "rendered", "checks", "content_checks", "theme_checks", "machine_readable", "language_switcher", "easy_read"}

var evidenceKeys = append([]string{"page_type", "front_matter", "items", "must_not_match", "must_not_match_until_condition",
	"conditional", "site_checks"}, proseKeys...)

func (p *parser) evidence(n *yamlx.Node) Evidence {
	var e Evidence
	if n.Kind == yamlx.Map {
		for _, pr := range n.Pairs {
			if slices.Contains(oldEvidenceKeys, pr.Key.Text) {
				p.errorf(pr.Key, "rules.format", pr.Key.Text, "rewrite each pattern as an item with say: (the editor's instruction per language) and match: (phrases); see docs/rulebook.md",
					"%s is rulebook format 0.3; since 0.4 evidence is a list of items", pr.Key.Text)
			}
		}
	}
	n.Map("evidence", append(slices.Clone(evidenceKeys), oldEvidenceKeys...), func(kn, v *yamlx.Node) {
		switch k := kn.Text; k {
		case "page_type":
			e.PageType = p.scalar(v, k)
		case "front_matter":
			e.FrontMatter = p.strings(v, k)
			e.FrontMatterLine = v.Line
		case "items":
			e.Items = p.items(v)
		case "must_not_match":
			e.MustNotMatch = p.forbidden(v, k)
		case "must_not_match_until_condition":
			e.MustNotMatchUntilCondition = p.forbidden(v, k)
		case "conditional":
			e.Conditional = p.conditionals(v, k)
		case "site_checks":
			for _, item := range v.Seq(k) {
				if s := p.enum(item, k, SiteCheckTranslate); s != "" {
					e.SiteChecks = append(e.SiteChecks, s)
				}
			}
		case "patterns_all", "patterns_any_by_language", "statements_required", "sections_required",
			"should_sections", "headings_any", "links_any": // reported above
		default: // prose
			e.Prose = append(e.Prose, p.prose(k, v))
		}
	})
	return e
}

// conditionals reads a list of {if_matches, then_front_matter}.
func (p *parser) conditionals(v *yamlx.Node, k string) []Conditional {
	var out []Conditional
	for _, item := range v.Seq(k) {
		c := Conditional{Line: item.Line}
		item.Map(k, []string{"if_matches", "then_front_matter"}, func(k2, v2 *yamlx.Node) {
			if k2.Text == "if_matches" {
				c.IfMatches = p.pattern(v2, k+"."+k2.Text)
			} else {
				c.ThenFrontMatter = p.strings(v2, k+"."+k2.Text)
			}
		})
		if c.IfMatches != nil && len(c.ThenFrontMatter) > 0 {
			out = append(out, c)
		} else if item.Kind == yamlx.Map || item.Kind == yamlx.Null {
			p.errorf(item, "rules.conditional", k, "", "conditional needs if_matches and then_front_matter")
		}
	}
	return out
}

func (p *parser) prose(key string, n *yamlx.Node) Prose {
	pr := Prose{Key: key}
	switch n.Kind {
	case yamlx.Scalar, yamlx.Null:
		pr.Text = []string{n.Text}
	case yamlx.List:
		pr.Text = p.strings(n, key)
	case yamlx.Map:
		n.Map(key, nil, func(k, v *yamlx.Node) {
			pr.Text = append(pr.Text, k.Text+": "+p.scalar(v, key))
		})
	}
	return pr
}

var requirementKeys = []string{"id", "title", "legal_basis", "verification", "level", "level_by_language", "applies_to",
	"scope", "status", "condition", "owner", "evidence", "review_months", "review_triggers", "notes"}

// reqState is what requirement checks after reading the keys.
type reqState struct {
	statusNode, condNode *yamlx.Node
	ok, hasLevel         bool
}

func (p *parser) requirement(n *yamlx.Node) *Requirement {
	if n.Kind != yamlx.Map {
		n.Mismatch("requirement", yamlx.TypeMap)
		return nil
	}
	q := &Requirement{File: p.file, Line: n.Line, Scope: PageScope, Title: map[string]string{}}
	st := &reqState{ok: true}
	n.Map("requirement", nil, func(k, v *yamlx.Node) {
		if lang, isTitle := strings.CutPrefix(k.Text, "title_"); isTitle && langPattern.MatchString(lang) {
			q.Title[lang] = p.scalar(v, k.Text)
			return
		}
		if !slices.Contains(requirementKeys, k.Text) {
			k.Unknown("requirement", requirementKeys, "title_<lang>, ")
			return
		}
		p.requirementKey(q, st, k.Text, v)
	})
	if q.ID == "" {
		p.errorf(n, "rules.id", "id", "add id: a short name such as helpline-116006", "requirement has no id")
		return nil
	}
	if !st.hasLevel {
		p.errorf(n, "rules.level", "level", "add level: must or level: should", "requirement %s has no level", q.ID)
	}
	if q.Level == "" {
		q.Level = Must
	}
	if q.Status == Pending && q.Condition == "" {
		p.errorf(st.statusNode, "rules.condition", "condition", "add condition: numbers.<number>.operational", "requirement %s is pending but has no condition", q.ID)
	}
	if q.Condition != "" && q.Status != Pending {
		p.errorf(st.condNode, "rules.condition", "status", "add status: pending", "requirement %s has a condition but is not pending", q.ID)
	}
	if len(q.Evidence.MustNotMatchUntilCondition) > 0 && q.Condition == "" {
		p.errorf(n, "rules.condition", "condition", "add condition: numbers.<number>.operational", "requirement %s has must_not_match_until_condition but no condition", q.ID)
	}
	if !st.ok {
		return nil
	}
	return q
}

// requirementKey reads key k of a requirement.
func (p *parser) requirementKey(q *Requirement, st *reqState, k string, v *yamlx.Node) {
	switch k {
	case "id":
		q.ID = p.scalar(v, k)
		if !idPattern.MatchString(q.ID) {
			p.errorf(v, "rules.id", k, "use lower-case letters, digits and dashes, e.g. helpline-116006", "id %q is not a valid requirement id", q.ID)
			st.ok = false
		}
	case "title":
		v.Map(k, nil, func(lang, tv *yamlx.Node) {
			if !langPattern.MatchString(lang.Text) {
				p.errorf(lang, "rules.language", k, "", "title: %q is not a language code", lang.Text)
				return
			}
			q.Title[lang.Text] = p.scalar(tv, k)
		})
	case "legal_basis":
		q.LegalBasis = p.legalBasis(v, k)
	case "verification":
		q.Verification = p.enum(v, k, Primary, OfficialSecondary, Inferred)
	case "level":
		q.Level, st.hasLevel = p.level(v, k), true
	case "level_by_language":
		q.LevelByLanguage = map[string]Level{}
		v.Map(k, nil, func(lang, lv *yamlx.Node) {
			if !langPattern.MatchString(lang.Text) {
				p.errorf(lang, "rules.language", k, "", "level_by_language: %q is not a language code", lang.Text)
				return
			}
			q.LevelByLanguage[lang.Text] = p.level(lv, k)
		})
	case "applies_to":
		q.AppliesTo = p.languages(v, k)
		if q.AppliesTo == nil {
			q.AppliesTo = []string{}
		}
	case "scope":
		q.Scope = Scope(p.enum(v, k, string(PageScope), string(SiteScope)))
	case "status":
		st.statusNode = v
		q.Status = p.enum(v, k, Pending)
	case "condition":
		st.condNode = v
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
}

// legalBasis reads a list of texts or {text, url, verification} entries.
func (p *parser) legalBasis(v *yamlx.Node, k string) []Basis {
	var out []Basis
	for _, item := range v.Seq(k) {
		if item.Kind == yamlx.Map {
			var b Basis
			item.Map(k, []string{"text", "url", "verification"}, func(k2, v2 *yamlx.Node) {
				switch k2.Text {
				case "text":
					b.Text = p.scalar(v2, k)
				case "url":
					b.URL = p.url(v2, k)
				default:
					b.Verification = p.enum(v2, k+".verification", Primary, OfficialSecondary, Inferred)
				}
			})
			if b.Text != "" {
				out = append(out, b)
			}
			continue
		}
		if s := p.scalar(item, k); s != "" {
			out = append(out, Basis{Text: s})
		}
	}
	return out
}
