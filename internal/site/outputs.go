package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/theme"
)

var emptyDoc = &markdown.Result{}

// writeRedirects writes the root page (to the default language) and one
// page per alias.
func (l *Loaded) writeRedirects(site *theme.Site, ix *index, write func(string, []byte) error) error {
	def := l.Config.DefaultLanguage
	root := &theme.Redirect{Site: site, Lang: def, Target: "/" + def + "/", Title: l.Config.SiteTitle(def), T: l.Theme.Strings(def)}
	for _, lang := range l.Config.Languages {
		root.Languages = append(root.Languages, theme.Translation{Lang: lang.Code, Name: lang.Name, URL: "/" + lang.Code + "/", Exists: true})
	}
	if err := l.writeRedirect(root, "index.html", write); err != nil {
		return err
	}
	for _, p := range l.Pages {
		if !p.InBuild {
			continue
		}
		for _, a := range p.Aliases {
			r := &theme.Redirect{Site: site, Lang: p.Lang, Target: p.URL, Title: p.Title, T: l.Theme.Strings(p.Lang)}
			if err := l.writeRedirect(r, aliasOutput(a), write); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *Loaded) writeRedirect(r *theme.Redirect, name string, write func(string, []byte) error) error {
	var buf bytes.Buffer
	if err := l.Theme.RenderRedirect(&buf, r); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return write(name, buf.Bytes())
}

// sitemap lists every published page with its translations as hreflang
// alternates and its last-update day: what listingSum hashes, and the
// base URL, so a build whose listing is the last one's takes the last
// sitemap over (see run.takenListing). Whatever it shows more must be
// hashed there too.
func (l *Loaded) sitemap(ix *index) []byte {
	var b bytes.Buffer
	b.Grow(len(l.Pages) * 400) // a URL's entry with its translations' links: about 400 bytes
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) {
		if plainXML(s) {
			b.WriteString(s) // nearly every URL: EscapeText would copy it twice
			return
		}
		_ = xml.EscapeText(&b, []byte(s))
	}
	for _, lang := range l.Config.LanguageCodes() {
		for _, p := range ix.InLanguage(lang) {
			b.WriteString("<url><loc>")
			esc(l.Config.BaseURL + p.URL)
			b.WriteString("</loc>")
			if u := p.Updated(); !u.IsZero() {
				b.WriteString("<lastmod>")
				b.WriteString(u.Format(content.DateLayout))
				b.WriteString("</lastmod>")
			}
			if tr := ix.Translations(p.Key); len(tr) > 1 {
				for _, tl := range l.Config.LanguageCodes() {
					if t := tr[tl]; t != nil {
						b.WriteString(`<xhtml:link rel="alternate" hreflang="`)
						esc(tl)
						b.WriteString(`" href="`)
						esc(l.Config.BaseURL + t.URL)
						b.WriteString(`"/>`)
					}
				}
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// plainXML reports whether xml.EscapeText leaves s as it is: printable
// ASCII without quotes, ampersands or angle brackets.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\'', c == '&', c == '<', c == '>':
			return false
		}
	}
	return true
}

func (l *Loaded) robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + l.Config.BaseURL + "/sitemap.xml\n")
}

// writeSearchIndex writes a language's search index from the entries
// made as each page was written.
func (w *writer) writeSearchIndex(lang string) error {
	_, remade := w.remade.Load(lang)
	if done, err := w.run.takenLanguage(theme.SearchIndexPath(lang), remade); err != nil || done {
		return err
	}
	var entries []theme.SearchEntry
	for _, p := range w.ix.InLanguage(lang) {
		e, _ := w.search.Load(p)
		entries = append(entries, e.(theme.SearchEntry))
	}
	return w.out.WriteFile(theme.SearchIndexPath(lang), theme.BuildSearchIndex(entries))
}

// writeAssets copies the theme's static files under assets/ with hashed
// names, and the non-Markdown files of content/<lang>/ to the same place
// below the page URLs. A content file that cannot be read (the load found
// it readable) and a theme file that loads from another origin are errors
// in diags, not failures of the build.
func (w *writer) writeAssets(ctx context.Context) error {
	l, out, diags := w.l, w.out, w.diags
	names := make([]string, 0, len(l.Theme.Static))
	for name := range l.Theme.Static {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := l.Theme.Static[name]
		if oe := l.checkOrigins(name, data); oe != nil {
			w.addOrigins("", nil, oe)
			continue
		}
		if err := out.WriteFile(l.themeAssetOutput(name), data); err != nil {
			return err
		}
	}
	for _, rel := range l.Assets {
		if err := ctx.Err(); err != nil {
			return err
		}
		if data, ok := l.contentAsset(rel, diags); ok {
			if err := out.WriteFile(AssetOutput(rel), data); err != nil {
				return err
			}
		}
	}
	return nil
}

// contentAsset reads the non-Markdown file rel of content/ and checks it
// as the site's own files are: an HTML, CSS or SVG file that makes
// browsers fetch something from another origin (a script, a stylesheet,
// an image) is reported into diags at each URL's place. It reports
// whether the file may be written.
func (l *Loaded) contentAsset(rel string, diags *diag.List) ([]byte, bool) {
	file := content.Dir + "/" + rel
	data, err := fs.ReadFile(l.FS, file)
	if err != nil {
		diags.Add(diag.Diagnostic{File: file, Severity: diag.Error, Code: "content.read", Message: fmt.Sprintf("cannot read: %v", err),
			Hint: "check the file's permissions (haven must be able to read it to copy it), or delete it"})
		return nil, false
	}
	if oe := l.checkOrigins(AssetOutput(rel), data); oe != nil {
		diags.Add(assetOriginDiagnostics(file, data, oe)...)
		return nil, false
	}
	return data, true
}

// themeAssetOutput is the output name of the theme's static file name:
// under assets/, with its content hash (assets/haven.3f2a1c9b.css).
func (l *Loaded) themeAssetOutput(name string) string { return "assets/" + l.Theme.Hashed[name] }

// AssetOutput is the output name of the content asset rel (a path below
// content/): its folders slugged like the pages beside it, its file name
// kept. Its site address is "/" and the name.
func AssetOutput(rel string) string {
	dir, file := path.Split(rel)
	segs := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	for i, s := range segs[1:] {
		segs[i+1] = content.Slugify(s)
	}
	return strings.Join(segs, "/") + "/" + file
}
