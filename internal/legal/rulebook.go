package legal

import (
	"regexp"
	"strings"
)

// Level says how binding a requirement is.
type Level string

// The levels of a requirement.
const (
	Must   Level = "must"
	Should Level = "should"
)

// Scope says where a requirement's evidence sits.
type Scope string

// The scopes of a requirement.
const (
	// PageScope needs a covering page in each language.
	PageScope Scope = "page"
	// SiteScope is a property of the whole site; see the package doc.
	SiteScope Scope = "site"
)

// Verification values: how sure the rulebook's authors are of the legal
// basis that sets the level.
const (
	Primary            = "primary"
	OfficialSecondary  = "official-secondary"
	Inferred           = "inferred"
	Pending            = "pending" // the only Status value
	SiteCheckTranslate = "translations"
)

// Severity values of a [Forbidden] pattern.
const (
	SeverityError = "error"
	SeverityWarn  = "warn"
)

// Rulebook is a parsed, validated rulebook.
type Rulebook struct {
	// File is where the rulebook came from: rules.yaml, or
	// "built-in rules.yaml" for the embedded one.
	File string
	// Version is the rulebook's own version string.
	Version string
	// Jurisdiction is a country code such as EE.
	Jurisdiction string
	// Languages is the default applies_to of a requirement.
	Languages []string
	// ReviewMonths is the default review period.
	ReviewMonths int
	// PageFrontMatter lists the front-matter keys every page must have.
	PageFrontMatter []string
	// Sources turn legal_basis texts into links.
	Sources []Source
	// Concepts are the named concepts items share, by name.
	Concepts map[string]*Concept
	// Requirements in file order.
	Requirements []*Requirement
	// Extends is "default" when the file extended the default rulebook.
	Extends string

	remove []removal // ids to drop from the default (extends only)
}

// Source gives the URL of a legal instrument: a legal_basis entry that
// starts with Prefix links to URL.
type Source struct {
	Prefix string
	URL    string
}

// Requirement is one legally grounded information duty.
type Requirement struct {
	ID string
	// Title per language code; title_en in the file is Title["en"].
	Title           map[string]string
	LegalBasis      []Basis
	Verification    string
	Level           Level
	LevelByLanguage map[string]Level
	AppliesTo       []string
	Scope           Scope
	// Status is "" or "pending"; a pending requirement applies once
	// Condition holds.
	Status string
	// Condition is numbers.<number>.operational, or "".
	Condition string
	// ConditionNumber is the <number> of Condition.
	ConditionNumber string
	Owner           string
	Evidence        Evidence
	ReviewMonths    int
	ReviewTriggers  []string
	Notes           string
	// File and Line locate the requirement's "- id:" entry.
	File string
	Line int
}

// Basis is one legal_basis entry.
type Basis struct {
	Text string
	URL  string // empty when no source matches
	// Verification is how sure the rulebook is of this entry (primary,
	// official-secondary or inferred); "" means the requirement's.
	Verification string
}

// Evidence is what a requirement's covering pages must show; see the
// package doc for each key.
type Evidence struct {
	PageType        string
	FrontMatter     []string
	FrontMatterLine int
	// Items are what each covering page is judged on, in file order.
	Items                      []*Item
	MustNotMatch               []Forbidden
	MustNotMatchUntilCondition []Forbidden
	Conditional                []Conditional
	SiteChecks                 []string
	Prose                      []Prose
}

// Pattern is a compiled case-insensitive RE2 pattern with its source.
type Pattern struct {
	Source string // as written in the rulebook, without (?i)
	Line   int
	re     *regexp.Regexp
	// literals holds sets of strings, one string of each of which every
	// match contains (see requiredLiterals); nil when none is known.
	literals [][]literal
}

// mayMatch is a fast test: false means the pattern cannot match s.
func (p *Pattern) mayMatch(s string) bool {
	return containsAllFold(s, p.literals)
}

// MatchString reports whether the pattern matches s.
func (p *Pattern) MatchString(s string) bool { return p.mayMatch(s) && p.re.MatchString(s) }

// FindStringIndex returns the first match in s, or nil.
func (p *Pattern) FindStringIndex(s string) []int {
	if !p.mayMatch(s) {
		return nil
	}
	return p.re.FindStringIndex(s)
}

// FindString returns the first match in s, or "".
func (p *Pattern) FindString(s string) string {
	if !p.mayMatch(s) {
		return ""
	}
	return p.re.FindString(s)
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.Source }

// Forbidden is a must_not_match entry.
type Forbidden struct {
	Pattern  *Pattern
	Severity string // error or warn
	Reason   string
}

// Conditional is a conditional entry: a page whose text matches IfMatches
// must have the ThenFrontMatter keys.
type Conditional struct {
	IfMatches       *Pattern
	ThenFrontMatter []string
	Line            int
}

// Prose is a prose evidence key (site_level, checks, easy_read ...): a
// check done on the built site or by hand, shown to reviewers.
type Prose struct {
	Key  string
	Text []string // one entry per list item; "lang: text" for maps
}

// IDs returns the requirement ids in file order.
func (r *Rulebook) IDs() []string {
	ids := make([]string, len(r.Requirements))
	for i, q := range r.Requirements {
		ids[i] = q.ID
	}
	return ids
}

// Requirement returns the requirement with id, or nil.
func (r *Rulebook) Requirement(id string) *Requirement {
	for _, q := range r.Requirements {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// LevelIn returns the requirement's level in lang.
func (q *Requirement) LevelIn(lang string) Level {
	if l, ok := q.LevelByLanguage[lang]; ok {
		return l
	}
	return q.Level
}

// AppliesIn reports whether the requirement is checked in lang.
func (q *Requirement) AppliesIn(lang string) bool {
	for _, l := range q.AppliesTo {
		if l == lang {
			return true
		}
	}
	return false
}

// TitleIn returns the title in lang, else in fallback, else in English,
// else the id.
func (q *Requirement) TitleIn(lang, fallback string) string {
	for _, l := range []string{lang, fallback, "en"} {
		if t := q.Title[l]; t != "" {
			return t
		}
	}
	return q.ID
}

// Active reports whether a requirement applies: it is not pending, or its
// condition holds. operational tells whether a phone number answers.
func (q *Requirement) Active(operational func(number string) bool) bool {
	if q.Status != Pending {
		return true
	}
	return q.ConditionNumber != "" && operational != nil && operational(q.ConditionNumber)
}

// SiteWide reports whether the requirement is a property of every page
// (scope site, no page_type, and front_matter, must_not_match or
// site_checks evidence) rather than something covering pages show.
func (q *Requirement) SiteWide() bool {
	if q.Scope != SiteScope || q.Evidence.PageType != "" {
		return false
	}
	e := q.Evidence
	return len(e.FrontMatter) > 0 || len(e.MustNotMatch) > 0 || len(e.SiteChecks) > 0
}

// HasSiteCheck reports whether evidence lists the built-in site check name.
func (q *Requirement) HasSiteCheck(name string) bool {
	for _, s := range q.Evidence.SiteChecks {
		if s == name {
			return true
		}
	}
	return false
}

// link gives the requirement's and its items' basis entries their URLs
// and each entry its verification (the requirement's when not given).
func (r *Rulebook) link(q *Requirement) {
	fill := func(bs []Basis) {
		for i, b := range bs {
			if b.URL == "" {
				bs[i].URL = r.linkBasis(b.Text).URL
			}
			if b.Verification == "" {
				bs[i].Verification = q.Verification
			}
		}
	}
	fill(q.LegalBasis)
	for _, it := range q.Evidence.Items {
		fill(it.Basis)
	}
}

func (r *Rulebook) linkBasis(b string) Basis {
	best := Source{}
	for _, s := range r.Sources {
		if strings.HasPrefix(b, s.Prefix) && len(s.Prefix) > len(best.Prefix) {
			best = s
		}
	}
	return Basis{Text: b, URL: best.URL}
}
