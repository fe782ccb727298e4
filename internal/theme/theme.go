// Package theme reads a theme out of an fs.FS, parses its html/templates
// once with a FuncMap spelled out in code, and runs them on the typed view
// models of view.go.
//
// # Theme layout
//
//	templates/base.html       the page frame; defines "base", calls block "main"
//	templates/partials/*.html shared pieces (quick exit, help contacts,
//	                          languages, dates, lists, footer), by name
//	templates/page.html       regular pages: defines "main"
//	templates/section.html    section pages
//	templates/home.html       language home pages
//	templates/404.html        the not-found page
//	templates/search.html     the search page
//	templates/redirect.html   alias pages and the root page (a Redirect)
//	i18n/<lang>.yaml          interface strings per language
//	static/                   CSS and JS (haven.css, haven.js): served under
//	                          /assets/ with a content hash in the name
//
// # What the default theme promises
//
// Every page starts with a skip link and the quick-exit button (a plain
// link to Page.QuickExitURL that haven.js turns into location.replace,
// also on Shift pressed three times), shows the help contacts as tel:
// links with schema.org data ([ContactJSONLD]), its dates, a language
// switcher and a footer with the quick-exit help page. It loads nothing
// from other origins and runs under the policy of [CSP], which has no
// 'unsafe-inline': data for scripts travels in data- attributes. The
// search page fetches the index written with [BuildSearchIndex].
//
// Templates may call only the functions of [Funcs], plus tr (a theme
// string in another language) and partialCached (a partial rendered once
// per build and key, for the parts that are the same on every page of a
// language: the quick-exit bar, the help numbers). html/template escapes
// everything by context; the only trusted HTML is a page's rendered
// Markdown, which the markdown package made safe.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/haven-cms/haven/internal/yamlx"
)

// Kinds are the page templates a theme must have.
var Kinds = []string{"page", "section", "home", "404", "search"}

// Theme is a parsed theme. It is safe for concurrent use.
type Theme struct {
	pages    map[string]*template.Template
	redirect *template.Template
	strings  map[string]map[string]string
	// Static maps a static file name (haven.css) to its content.
	Static map[string][]byte
	// Hashed maps a static file name to its hashed name (haven.3f2a1c9b.css).
	Hashed map[string]string
	// Dir is where the theme's files are, for diagnostics: themes/<name>
	// for a site's own theme; "" for the built-in one (the caller sets it).
	Dir     string
	sources map[string][]byte // templates and static files by path, for Locate
	bufs    sync.Pool
}

// Partials holds the outputs of partialCached for one build. A build makes
// one with [NewPartials] and hands it to every page through [Site]; two
// builds (the preview renders a page on request while the next build runs)
// never share one, so no page sees another build's partial.
type Partials struct{ m sync.Map } // name + "\x00" + key -> template.HTML

// NewPartials returns an empty cache for one build.
func NewPartials() *Partials { return &Partials{} }

// partialCached renders the template name with data once per build and
// key, and returns the same HTML for every later call with that name and
// key: {{partialCached "quick-exit" . .Lang}} renders the quick-exit bar
// once per language instead of once per page (Hugo's partialCached). The
// key must name everything the partial shows that differs between pages.
// The build is the one of data's Site; data that is not a page, or a page
// without Partials, renders the partial every time.
func partialCached(set *template.Template, name string, data any, key ...any) (template.HTML, error) {
	var cache *Partials
	if p, ok := data.(*Page); ok && p.Site != nil {
		cache = p.Site.Partials
	}
	k := name + "\x00" + fmt.Sprint(key...)
	if cache != nil {
		if v, ok := cache.m.Load(k); ok {
			return v.(template.HTML), nil
		}
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	html := template.HTML(buf.String()) // escaped by html/template as it rendered
	if cache != nil {
		cache.m.Store(k, html)
	}
	return html, nil
}

// Load parses the theme in fsys (the theme's own folder).
func Load(fsys fs.FS) (*Theme, error) {
	t := &Theme{pages: map[string]*template.Template{}, strings: map[string]map[string]string{},
		Static: map[string][]byte{}, Hashed: map[string]string{}}
	t.bufs.New = func() any { return new(bytes.Buffer) }

	funcs := maps.Clone(Funcs)
	funcs["tr"] = func(lang, key string) string { return t.Strings(lang)[key] }
	var base *template.Template
	funcs["partialCached"] = func(name string, data any, key ...any) (template.HTML, error) {
		return partialCached(base, name, data, key...)
	}
	base = template.New("base").Funcs(funcs)
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	if _, err := base.ParseFS(fsys, append([]string{"templates/base.html"}, partials...)...); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	for _, kind := range Kinds {
		clone, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if _, err := clone.ParseFS(fsys, "templates/"+kind+".html"); err != nil {
			return nil, fmt.Errorf("theme: %s: %w", kind, err)
		}
		t.pages[kind] = clone
	}
	redirect, err := template.New("redirect.html").Funcs(funcs).ParseFS(fsys, "templates/redirect.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t.redirect = redirect

	langFiles, _ := fs.Glob(fsys, "i18n/*.yaml")
	for _, f := range langFiles {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		m, err := yamlx.ReadStrings(f, src)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		t.strings[strings.TrimSuffix(path.Base(f), ".yaml")] = m
	}

	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		t.Static[name] = b
		t.Hashed[name] = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("theme: static: %w", err)
	}
	if err := t.readSources(fsys); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return t, nil
}

// Strings returns the interface strings for lang, falling back key by key
// to English and then to the key itself wrapped in brackets, so a missing
// translation is visible but never breaks a page.
func (t *Theme) Strings(lang string) map[string]string {
	out := map[string]string{}
	for _, l := range []string{"en", lang} {
		for k, v := range t.strings[l] {
			out[k] = v
		}
	}
	return out
}

// Languages returns the languages the theme has strings for.
func (t *Theme) Languages() []string {
	var ls []string
	for l := range t.strings {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	return ls
}

// Render writes the page p with the template for p.Kind.
func (t *Theme) Render(w io.Writer, p *Page) error {
	tmpl := t.pages[p.Kind]
	if tmpl == nil {
		return fmt.Errorf("theme: no template for %q", p.Kind)
	}
	return t.execute(w, tmpl, "base", p)
}

// RenderRedirect writes an alias or root page.
func (t *Theme) RenderRedirect(w io.Writer, r *Redirect) error {
	return t.execute(w, t.redirect, "redirect.html", r)
}

// execute renders into a pooled buffer first, so a failing template never
// leaves half a page in w.
func (t *Theme) execute(w io.Writer, tmpl *template.Template, name string, data any) error {
	buf := t.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer t.bufs.Put(buf)
	if err := tmpl.ExecuteTemplate(buf, name, data); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}
