package legal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
)

// oldEvidenceKeys are the pattern keys of rulebook format 0.3, replaced by
// items; a rulebook that still uses one is told how to rewrite it.
var oldEvidenceKeys = []string{"patterns_all", "patterns_any_by_language", "statements_required", "sections_required",
	"should_sections", "headings_any", "links_any"}

var itemKeys = []string{"id", "concept", "say", "match", "link", "in", "level", "basis"}

var conceptKeys = []string{"say", "match"}

// concepts reads the top-level concepts: {name: {say, match}}.
func (p *parser) concepts(r *Rulebook, v *yamlx.Node) {
	if r.Concepts == nil {
		r.Concepts = map[string]*Concept{}
	}
	v.Map("concepts", nil, func(k, cv *yamlx.Node) {
		name := k.Text
		if !idPattern.MatchString(name) {
			p.errorf(k, "rules.id", "concepts", "use lower-case letters, digits and dashes, e.g. free", "concept name %q is not valid", name)
			return
		}
		c := &Concept{Name: name, Line: k.Line}
		cv.Map("concepts."+name, conceptKeys, func(k2, v2 *yamlx.Node) {
			if k2.Text == "say" {
				c.Say = p.say(v2)
			} else {
				c.Match = p.match(v2)
			}
		})
		if len(c.Match) == 0 {
			p.errorf(k, "rules.item", "match", "add match: {et: [...], ru: [...], en: [...]}", "concept %s has no match", name)
		}
		r.Concepts[name] = c
	})
}

// say reads {lang: instruction}.
func (p *parser) say(v *yamlx.Node) map[string]string {
	out := map[string]string{}
	v.Map("say", nil, func(k, sv *yamlx.Node) {
		if !langPattern.MatchString(k.Text) {
			p.errorf(k, "rules.language", "say", "use language codes such as et, ru, en", "say: %q is not a language code", k.Text)
			return
		}
		if s := strings.TrimSpace(p.scalar(sv, "say")); s != "" {
			out[k.Text] = s
		} else {
			p.errorf(sv, "rules.item", "say", "write what the page must say, in that language", "say: empty instruction for %s", k.Text)
		}
	})
	return out
}

// match reads {lang|any: [phrases]} (a single phrase may stand alone).
func (p *parser) match(v *yamlx.Node) map[string][]*Phrase {
	out := map[string][]*Phrase{}
	v.Map("match", nil, func(k, mv *yamlx.Node) {
		lang := k.Text
		if lang != AnyLanguage && !langPattern.MatchString(lang) {
			p.errorf(k, "rules.language", "match", "use language codes such as et, ru, en, or any", "match: %q is not a language code", lang)
			return
		}
		items := []*yamlx.Node{mv}
		if mv.Kind == yamlx.List {
			items = mv.Seq("match")
		}
		for _, n := range items {
			if ph := p.phrase(n, lang); ph != nil {
				out[lang] = append(out[lang], ph)
			}
		}
	})
	return out
}

// phrase parses one phrase, reporting a bad term at its column when the
// phrase is written on one line.
func (p *parser) phrase(n *yamlx.Node, lang string) *Phrase {
	s := p.scalar(n, "match")
	ph, err := parsePhrase(lang, s)
	if err != nil {
		at := n
		if bad := badTerm(err.Error()); bad != "" {
			if i := strings.Index(s, bad); i >= 0 && !strings.Contains(s, "\n") {
				off := 0
				if n.Quoted {
					off = 1
				}
				at = n.At(n.Line, n.Col+off+len([]rune(s[:i])))
			}
		}
		p.errorf(at, "rules.phrase", "match", "a phrase is words that must all stand in one sentence: word (its inflected forms), =word (this form only), a/b (either), word* (starts with), *word (ends with), ~ (a negation is required), #116006 (a number), #phone, @email",
			"match: %v", err)
		return nil
	}
	ph.Line = n.Line
	return ph
}

// badTerm returns the quoted term an error of parsePhrase names, or "".
func badTerm(msg string) string {
	_, rest, ok := strings.Cut(msg, "term \"")
	if !ok {
		return ""
	}
	t, _, _ := strings.Cut(rest, "\"")
	return t
}

// items reads evidence items.
func (p *parser) items(v *yamlx.Node) []*Item {
	var out []*Item
	seen := map[string]int{}
	for _, n := range v.Seq("items") {
		it := p.item(n)
		if it == nil {
			continue
		}
		if line, dup := seen[it.ID]; dup {
			p.errorf(n, "rules.duplicate-id", "items", "give each item its own id", "item id %q is also used on line %d", it.ID, line)
			continue
		}
		seen[it.ID] = it.Line
		out = append(out, it)
	}
	return out
}

func (p *parser) item(n *yamlx.Node) *Item {
	if n.Kind != yamlx.Map {
		n.Mismatch("items", yamlx.TypeMap)
		return nil
	}
	it := &Item{Line: n.Line, Col: n.Col, In: InText}
	var conceptNode, inNode *yamlx.Node
	n.Map("items", itemKeys, func(k, v *yamlx.Node) {
		switch k.Text {
		case "id":
			it.ID = p.scalar(v, "id")
			if !idPattern.MatchString(it.ID) {
				p.errorf(v, "rules.id", "id", "use lower-case letters, digits and dashes, e.g. free", "item id %q is not valid", it.ID)
			}
		case "concept":
			it.Concept, conceptNode = p.scalar(v, "concept"), v
		case "say":
			it.Say = p.say(v)
		case "match":
			before := p.diags.Len()
			it.Match = p.match(v)
			it.badPhrase = p.diags.Len() > before
		case "link":
			it.Link, it.In = p.pattern(v, "link"), InLink
		case "in":
			it.In, inNode = p.enum(v, "in", InText, InHeading), v
		case "level":
			it.Should = p.level(v, "level") == Should
		case "basis":
			it.Basis = p.legalBasis(v, "basis")
		}
	})
	if it.ID == "" {
		p.errorf(n, "rules.id", "id", "add id: a short name such as free", "item has no id")
		return nil
	}
	if it.In == InLink {
		if inNode != nil || it.Match != nil || conceptNode != nil {
			p.errorf(n, "rules.item", "link", "an item is either link: (a link destination) or match:/concept: (text)", "item %s has link and text evidence", it.ID)
		}
	}
	it.conceptNode = conceptNode
	return it
}

// resolve fills items from the concepts they name and checks that each
// has an instruction and phrases for each language it applies in.
// Only the requirements in only are checked, when given (an extending
// file's own).
func (p *parser) resolve(r *Rulebook, only ...[]*Requirement) {
	reqs := r.Requirements
	if len(only) > 0 {
		reqs = only[0]
	}
	for _, q := range reqs {
		for _, it := range q.Evidence.Items {
			if it.Concept != "" {
				c := r.Concepts[it.Concept]
				if c == nil {
					names := make([]string, 0, len(r.Concepts))
					for n := range r.Concepts {
						names = append(names, n)
					}
					slices.Sort(names)
					p.errorf(it.conceptNode, "rules.concept", "concept", diag.DidYouMean(it.Concept, names), "item %s: no concept %q in concepts:", it.ID, it.Concept)
					continue
				}
				if it.Match == nil {
					it.Match = c.Match
				}
				say := map[string]string{}
				for l, s := range c.Say {
					say[l] = s
				}
				for l, s := range it.Say {
					say[l] = s
				}
				it.Say = say
			}
			p.complete(q, it)
		}
	}
}

// complete reports, once per item, the languages it has no instruction
// or phrases for.
func (p *parser) complete(q *Requirement, it *Item) {
	var noSay, noMatch []string
	for _, lang := range q.AppliesTo {
		if !langPattern.MatchString(lang) {
			continue // reported where it is written
		}
		if it.Say[lang] == "" {
			noSay = append(noSay, lang)
		}
		if it.In != InLink && !it.badPhrase && len(it.Phrases(lang)) == 0 {
			noMatch = append(noMatch, lang)
		}
	}
	report := func(field string, langs []string, hint string) {
		if len(langs) > 0 {
			p.diags.Add(diag.Diagnostic{File: p.file, Line: it.Line, Column: it.Col, Severity: diag.Error, Code: "rules.item", Field: field,
				Message: fmt.Sprintf("item %s/%s has no %s for %s", q.ID, it.ID, field, strings.Join(langs, ", ")), Hint: hint})
		}
	}
	report("say", noSay, "add say: {<lang>: what the page must convey, in words an editor understands}")
	report("match", noMatch, "add match: {<lang>: [phrases]} or match: {any: [...]}, or concept: NAME")
}
