package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/publish"
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
		if !p.Published {
			continue
		}
		for _, a := range p.Aliases {
			name := strings.TrimPrefix(a, "/")
			if strings.HasSuffix(name, "/") || name == "" {
				name += "index.html"
			}
			r := &theme.Redirect{Site: site, Lang: p.Lang, Target: p.URL, Title: p.Title, T: l.Theme.Strings(p.Lang)}
			if err := l.writeRedirect(r, name, write); err != nil {
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
// alternates and its last-update day.
func (l *Loaded) sitemap(ix *index) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	esc := func(s string) string {
		var e bytes.Buffer
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	for _, lang := range l.Config.LanguageCodes() {
		for _, p := range ix.byLang[lang] {
			fmt.Fprintf(&b, "<url><loc>%s</loc>", esc(l.Config.BaseURL+p.URL))
			if u := p.Updated(); !u.IsZero() {
				fmt.Fprintf(&b, "<lastmod>%s</lastmod>", u.Format(content.DateLayout))
			}
			if tr := ix.byKey[p.Key]; len(tr) > 1 {
				for _, tl := range l.Config.LanguageCodes() {
					if t := tr[tl]; t != nil {
						fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, tl, esc(l.Config.BaseURL+t.URL))
					}
				}
			}
			b.WriteString("</url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func (l *Loaded) robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + l.Config.BaseURL + "/sitemap.xml\n")
}

// writeSearchIndex writes a language's search index.
func (l *Loaded) writeSearchIndex(ix *index, lang string, out publish.Output) error {
	var entries []theme.SearchEntry
	for _, p := range ix.byLang[lang] {
		entries = append(entries, theme.SearchEntry{Title: p.Title, URL: p.URL, Description: p.Description, Section: p.Dir, Text: p.Doc.Text})
	}
	data, err := theme.BuildSearchIndex(entries)
	if err != nil {
		return err
	}
	return out.WriteFile(theme.SearchIndexPath(lang), data)
}

// writeAssets copies the theme's static files under assets/ with hashed
// names, and the non-Markdown files of content/<lang>/ to the same place
// below the page URLs.
func (l *Loaded) writeAssets(out publish.Output) error {
	names := make([]string, 0, len(l.Theme.Static))
	for name := range l.Theme.Static {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := l.Theme.Static[name]
		if err := l.checkOrigins(name, data); err != nil {
			return err
		}
		if err := out.WriteFile("assets/"+l.Theme.Hashed[name], data); err != nil {
			return err
		}
	}
	for _, rel := range l.Assets {
		data, err := fs.ReadFile(l.FS, content.Dir+"/"+rel)
		if err != nil {
			return err
		}
		dir, file := path.Split(rel)
		segs := strings.Split(strings.TrimSuffix(dir, "/"), "/")
		for i, s := range segs[1:] {
			segs[i+1] = content.Slugify(s)
		}
		if err := out.WriteFile(strings.Join(segs, "/")+"/"+file, data); err != nil {
			return err
		}
	}
	return nil
}

var (
	// Attributes that make a browser fetch something.
	fetchAttr = regexp.MustCompile(`(?i)\s(src|srcset|poster|data|action|formaction|background)\s*=\s*["']?([^"'>\s][^"'>]*)`)
	linkTag   = regexp.MustCompile(`(?i)<link\s[^>]*>`)
	relAttr   = regexp.MustCompile(`(?i)\srel\s*=\s*["']?([^"'>]*)`)
	hrefAttr  = regexp.MustCompile(`(?i)\shref\s*=\s*["']?([^"'>\s]*)`)
	cssURL    = regexp.MustCompile(`(?i)(url\(\s*["']?|@import\s+["'])([^"')\s]+)`)
	remoteURL = regexp.MustCompile(`(?i)^(https?:)?//([^/?#]+)`)
)

// checkOrigins fails the build when an output file makes browsers fetch
// anything from another origin: src, srcset, stylesheet/script/preload
// links, CSS url() and @import. Plain links to other sites are fine. The
// site's own base URL and haven.yaml's allowed_origins are allowed.
func (l *Loaded) checkOrigins(name string, data []byte) error {
	ext := path.Ext(name)
	if ext != ".html" && ext != ".css" && ext != ".svg" {
		return nil
	}
	var bad []string
	check := func(what, u string) {
		for _, part := range strings.Split(u, ",") { // srcset lists
			part = strings.TrimSpace(part)
			if m := remoteURL.FindStringSubmatch(part); m != nil && !l.allowedOrigin(part) {
				bad = append(bad, what+" "+strings.Fields(part)[0])
			}
		}
	}
	s := string(data)
	if ext != ".css" {
		for _, m := range fetchAttr.FindAllStringSubmatch(s, -1) {
			check(m[1], m[2])
		}
		for _, tag := range linkTag.FindAllString(s, -1) {
			rel := ""
			if m := relAttr.FindStringSubmatch(tag); m != nil {
				rel = strings.ToLower(m[1])
			}
			if rel == "canonical" || rel == "alternate" {
				continue // not fetched by browsers
			}
			if m := hrefAttr.FindStringSubmatch(tag); m != nil {
				check("link rel="+rel, m[1])
			}
		}
	}
	for _, m := range cssURL.FindAllStringSubmatch(s, -1) {
		check("CSS url()", m[2])
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("%s loads from another origin: %s; readers' visits must not reach third parties (allow deliberate exceptions with allowed_origins in %s)",
			name, strings.Join(slices.Compact(bad), ", "), "haven.yaml")
	}
	return nil
}

func (l *Loaded) allowedOrigin(u string) bool {
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	for _, o := range append([]string{l.Config.BaseURL}, l.Config.AllowedOrigins...) {
		o = strings.TrimRight(o, "/")
		if strings.EqualFold(u, o) || strings.HasPrefix(strings.ToLower(u), strings.ToLower(o)+"/") {
			return true
		}
	}
	return false
}
