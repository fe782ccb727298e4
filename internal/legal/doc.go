// Package legal holds haven's rulebook: the legally grounded information
// sections a victim-support website must (or should) publish, per language,
// and the evidence that shows a page publishes them. The default rulebook for
// Estonian victim-support sites is embedded ([Default]); a site may replace
// or extend it with rules.yaml at its root ([Load]). The package parses and
// validates rulebooks; it does no checking of pages itself (see
// internal/check) and no I/O beyond the fs.FS it is given.
//
// # File format
//
// A rulebook is one YAML file. Every key is known and typed; an unknown key,
// a wrong type, a bad regular expression or a duplicate requirement id is an
// error with file:line:
//
//	version: 0.4.0            # the rulebook's own version, shown in reports
//	jurisdiction: EE
//	languages: [et, ru, en]   # default applies_to
//	extends: default          # optional, see "Extending" below
//	remove: [some-id]         # optional, only with extends: drop requirements
//	defaults:
//	  review_months: 12       # when a requirement gives none
//	  page_front_matter: [title]  # keys every page must have
//	sources:                  # links for legal_basis entries, by prefix
//	  - prefix: "Directive 2012/29/EU"
//	    url: https://eur-lex.europa.eu/eli/dir/2012/29/oj
//	concepts:                 # optional: shared evidence concepts
//	  free: {say: {...}, match: {...}}
//	requirements:
//	  - id: helpline-116006   # lower case letters, digits, dashes
//	    title_en: ...         # title_<lang>, one per language (or title: {en: ...})
//	    legal_basis: ["Directive 2012/29/EU art 4(1)(a)", {text: ..., url: ...}]
//	    verification: primary # primary | official-secondary | inferred
//	    level: must           # must | should
//	    level_by_language: {ru: should}
//	    applies_to: [et, ru, en]
//	    scope: page           # page | site
//	    status: pending       # optional; with condition
//	    condition: numbers.116016.operational
//	    owner: Ohvriabi osakond   # optional, shown to reviewers
//	    evidence: {...}       # see below
//	    review_months: 6
//	    review_triggers: [...]
//	    notes: ...
//
// # Evidence
//
// A requirement's evidence is a list of items, each something every
// language's covering pages must convey ([Item]): an instruction for the
// editor per language (say:), and phrases per language (match:, with any:
// for every language without its own) or a shared concept from the
// top-level concepts: (concept: NAME). An item is conveyed when one
// sentence of a covering page's body matches one of its phrases
// ([Sentences], [Sentence.Match]): terms that must all stand in the
// sentence, in any order, compared on Snowball stems (package stem), with
// =word, word*, a/b, #number, #phone, @email, -word and the polarity
// markers ~ ? ! (docs/rulebook.md has the table). The title, link
// addresses and e-mail addresses are never words of a sentence.
//
//	items: [{id, concept, say: {lang: text}, match: {lang|any: [phrases]},
//	         link: RE2 on link destinations, in: text|heading,
//	         level: should, basis: [text | {text, url, verification}]}]
//	front_matter               keys each covering page must have; on a
//	                           site-wide requirement: every published page
//	must_not_match             [{pattern, severity: error|warn, reason}],
//	                           applied to every published page (RE2,
//	                           case-insensitive; \b and \w are ASCII-only,
//	                           next to Cyrillic write (^|[^\p{L}]))
//	must_not_match_until_condition   same, while condition is not met
//	conditional                [{if_matches, then_front_matter: [keys]}]
//	site_checks                [translations]: built-in site-wide checks
//	page_type                  names the kind of page that covers a site
//	                           requirement (accessibility-statement)
//
// The pattern keys of format 0.3 (patterns_all, statements_required,
// sections_required, headings_any, links_any ...) are errors (rules.format)
// that say how to rewrite them.
//
// Prose keys record checks done on the built site or by hand; they are kept
// and shown in the reviewers' report, never executed: site_level, rendered,
// checks, content_checks, theme_checks, machine_readable,
// language_switcher, easy_read.
//
// # Scope
//
// scope: page needs a covering page (one listing the id in its front-matter
// covers) in each language. scope: site with page_type, or with no
// executable site-wide evidence, is covered the same way. scope: site
// without page_type but with front_matter, must_not_match or site_checks is
// a property of every published page of the language.
//
// # Pending requirements
//
// status: pending with condition: numbers.<number>.operational is skipped
// until haven.yaml declares numbers: {"<number>": {operational: true}}.
// Until then its must_not_match_until_condition patterns apply to every
// page (no page may show a number that does not answer yet).
//
// # Extending
//
// A site's rules.yaml replaces the default rulebook, unless it starts with
// extends: default. Then a requirement whose id is already in the default
// replaces that requirement as a whole; a new id is added at the end;
// remove drops default requirements by id; languages, defaults and version
// replace the default's when given; sources and concepts are added to the
// default's (a site's concept replaces a default one of the same name).
package legal
