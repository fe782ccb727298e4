package site

import (
	"fmt"
	"path"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/theme"
)

// claim is an output file that a page's URL, an alias or a copied
// content file would write.
type claim struct {
	file  string      // the source file
	what  string      // "URL", "alias" or "file"
	url   string      // the URL or alias as the site has it
	pos   content.Pos // where in file; zero for a copied file
	field string      // the front-matter key at pos, if any
}

// where is the claim's place, FILE:LINE:COL.
func (c claim) where() string {
	return diag.Diagnostic{File: c.file, Line: c.pos.Line, Column: c.pos.Col}.Position()
}

// role says what the claim is, for another claim's message.
func (c claim) role() string {
	if c.what == "file" {
		return "a file copied to " + c.url
	}
	return c.what
}

// error returns an error of code at the claim's place.
func (c claim) error(code, msg string) diag.Diagnostic {
	hint := "give one of the pages another file name, slug or alias"
	if code == "url.reserved" {
		switch c.what {
		case "alias":
			hint = "choose another old address"
		case "file":
			hint = "rename the file or its folder"
		default:
			hint = "rename the file or set another slug"
		}
	}
	return diag.Diagnostic{File: c.file, Line: c.pos.Line, Column: c.pos.Col, Severity: diag.Error, Code: code, Field: c.field, Message: msg, Hint: hint}
}

// reservedOutputs names the files haven writes itself in a site of
// langs, by output name; a name ending in / stands for everything below.
func reservedOutputs(langs []string) map[string]string {
	r := map[string]string{
		"index.html":      "the root page, which sends readers to the default language",
		"404.html":        "the site's 404 page",
		"sitemap.xml":     "the sitemap",
		"robots.txt":      "robots.txt",
		theme.HeadersFile: "the " + theme.HeadersFile + " file of security headers",
		publish.Marker:    "the marker file of haven's output folder",
		"assets/":         "the theme's files under /assets/",
		"api/":            "the content API under /api/",
	}
	for _, lang := range langs {
		r[lang+"/404.html"] = "the " + lang + " 404 page"
		r[lang+"/search/index.html"] = "the " + lang + " search page"
	}
	return r
}

// reservedAt returns what haven writes at the output name, if anything.
func reservedAt(reserved map[string]string, name string) (string, bool) {
	if what, ok := reserved[name]; ok {
		return what, true
	}
	if top, _, ok := strings.Cut(name, "/"); ok {
		what, ok := reserved[top+"/"]
		return what, ok
	}
	return "", false
}

// aliasOutput is the output name of the redirect page of alias a (a
// cleaned site-absolute path).
func aliasOutput(a string) string {
	name := strings.TrimPrefix(a, "/")
	if strings.HasSuffix(name, "/") || name == "" {
		name += "index.html"
	}
	return name
}

// urlClaim is the claim of p's URL, at its slug when the slug makes it.
func urlClaim(p *model.Page) claim {
	c := claim{file: p.File, what: "URL", url: p.URL, pos: content.Pos{Line: 1, Col: 1}}
	if pos, ok := p.KeyPosition("slug"); ok && p.Slug != "" && p.Kind == content.Regular {
		c.pos, c.field = pos, "slug"
	}
	return c
}

// checkURLs reports every output file that two published pages, a page
// and an alias, or a copied content file and either would write; those
// that would overwrite a file haven writes itself (the root page, 404
// pages, sitemap, robots.txt, _headers, the search pages, /api/,
// /assets/); and those that need a folder where another is a file. Each
// is reported at the slug or alias item that makes it, or at line 1 of a
// page whose URL comes from its file name, with the first claimer's place
// in Related.
func (l *Loaded) checkURLs(pages []*model.Page, diags *diag.List) {
	langs := l.Config.LanguageCodes()
	reserved := reservedOutputs(langs)
	claims := map[string]claim{}
	var order []string
	add := func(name string, c claim) {
		if what, ok := reservedAt(reserved, name); ok {
			diags.Add(c.error("url.reserved", fmt.Sprintf("%s %s would overwrite a file haven writes itself: %s", c.what, c.url, what)))
			return
		}
		if prev, ok := claims[name]; ok {
			d := c.error("url.duplicate", fmt.Sprintf("%s %s is also claimed by %s (%s)", c.what, c.url, prev.where(), prev.role()))
			d.Related = prev.where()
			diags.Add(d)
			return
		}
		claims[name] = c
		order = append(order, name)
	}
	for _, rel := range l.Assets {
		name := AssetOutput(rel)
		add(name, claim{file: content.Dir + "/" + rel, what: "file", url: "/" + name})
	}
	for _, p := range pages {
		if p.InBuild {
			add(OutputPath(p.URL), urlClaim(p))
		}
	}
	for _, lang := range langs {
		if _, ok := claims[lang+"/index.html"]; !ok {
			reserved[lang+"/index.html"] = "the " + lang + " home page haven makes (there is no " + content.Dir + "/" + lang + "/_index.md)"
		}
	}
	for _, p := range pages {
		if !p.InBuild {
			continue
		}
		for i, a := range p.Aliases {
			add(aliasOutput(a), claim{file: p.File, what: "alias", url: a, pos: p.ItemPosition("aliases", i), field: "aliases"})
		}
	}
	checkKeys(pages, diags)
	// A file where another output needs a folder: robots.txt and an
	// alias /robots.txt/vana/, or an alias /et/a.b and a file et/a.b/c.png.
	for _, name := range order {
		c := claims[name]
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if other, ok := claims[dir]; ok {
				at, by := c, other
				if c.what == "file" && other.what != "file" {
					at, by = other, c // report where there is a line to fix
				}
				d := at.error("url.duplicate", fmt.Sprintf("%s %s and %s %s of %s cannot both be written: one is a file where the other needs a folder", at.what, at.url, by.what, by.url, by.where()))
				d.Related = by.where()
				diags.Add(d)
				break
			}
			if what, ok := reserved[dir]; ok {
				diags.Add(c.error("url.reserved", fmt.Sprintf("%s %s needs a folder /%s/ where haven writes %s", c.what, c.url, dir, what)))
				break
			}
		}
	}
}

// checkKeys reports two public pages of one language with the same
// translation key (from translation_key, or from the file path: abi.md
// and abi/_index.md): readers' language switchers and the content API
// would not know which of them translates the others. The later page in
// file order is reported, at its translation_key (line 1 without one).
func checkKeys(pages []*model.Page, diags *diag.List) {
	seen := map[string]*model.Page{} // language + "\x00" + key
	for _, p := range pages {
		if !p.InBuild || !p.Public() {
			continue
		}
		k := p.Lang + "\x00" + p.Key
		prev, ok := seen[k]
		if !ok {
			seen[k] = p
			continue
		}
		d := diag.Diagnostic{File: p.File, Line: 1, Column: 1, Severity: diag.Error, Code: "content.duplicate-key", Field: "translation_key",
			Message: fmt.Sprintf("%s and %s are both the %s page with translation key %q", prev.File, p.File, p.Lang, p.Key),
			Hint:    "give one of them another translation_key (the key of the pages it translates), or remove the one that is a copy",
			Related: prev.File}
		if pos, ok := p.KeyPosition("translation_key"); ok {
			d.Line, d.Column = pos.Line, pos.Col
		}
		diags.Add(d)
	}
}
