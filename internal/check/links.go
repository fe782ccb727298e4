package check

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
)

// index finds pages by URL, source file and alias (the run's
// model.Index), and knows the URLs the build writes besides pages.
type index struct {
	*model.Index
	extra     map[string]bool
	files     map[string]bool     // Input.Files
	filesNear map[string][]string // Input.Files by folder, for did-you-mean
	def       string              // the default language
}

func newIndex(in *Input) *index {
	ix := &index{Index: in.Index, extra: map[string]bool{}, files: map[string]bool{}, filesNear: map[string][]string{},
		def: in.Config.DefaultLanguage}
	for _, f := range in.Files {
		ix.files[f] = true
		ix.filesNear[path.Dir(f)] = append(ix.filesNear[path.Dir(f)], f)
	}
	for _, l := range in.Config.LanguageCodes() {
		ix.extra["/"+l+"/"] = true
	}
	for _, u := range in.ExtraURLs {
		ix.extra[u] = true
	}
	return ix
}

// skippedPrefixes are site paths that are not pages.
var skippedPrefixes = []string{"/assets/", "/api/"}

// checkLinks reports internal links and anchors of a published page that
// do not resolve to a published page and heading, and images and links
// to files (a PDF, an image) that the build does not write.
func checkLinks(ix *index, p *model.Page, diags *diag.List) {
	checkTranslatedAlt(ix, p, diags) // images: the one check of them that reads other pages
	for _, l := range p.Doc.Links {
		line := p.BodyLine
		if l.Line > 0 {
			line = p.BodyLine + l.Line - 1
		}
		report := func(sev diag.Severity, code, hint, format string, args ...any) {
			diags.Add(diag.Diagnostic{File: p.File, Line: line, Column: l.Column, Severity: sev, Code: code,
				Message: fmt.Sprintf("link %s: ", l.Dest) + fmt.Sprintf(format, args...), Hint: hint})
		}
		dest := strings.TrimSpace(l.Dest)
		if dest == "" {
			report(diag.Error, "check.link", "", "empty link target")
			continue
		}
		u, err := url.Parse(dest)
		if err != nil {
			report(diag.Error, "check.link", "write the address without spaces, or percent-encode them", "malformed address")
			continue
		}
		if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") || l.Email {
			continue // another site, mailto:, tel:
		}
		frag := u.Fragment
		target, name, ok := ix.resolve(p, u.Path)
		switch {
		case l.Image || !ok:
			if file := name; ix.missingFile(file) {
				what := "no file"
				if l.Image {
					what = "no image"
				}
				report(diag.Error, "check.link-missing", ix.fileHint(file), "%s at %s in this build", what, file)
			}
			continue // not a page link
		case target == nil && strings.HasSuffix(name, ".md"):
			report(diag.Error, "check.link-missing", diag.DidYouMean(name, ix.Near(parent(name))), "no page file %s", name)
			continue
		case target == nil:
			clean := name
			if a := ix.Alias(clean); a != nil {
				report(diag.Warning, "check.link-alias", "link to "+a.URL+" instead", "%s is an old address of %s", clean, a.File)
				target = a
				break
			}
			if ix.extra[clean] {
				continue
			}
			hint := diag.DidYouMean(clean, ix.Near(parent(clean)))
			if hint == "" {
				hint = "check the address; pages are at /<lang>/<path>/"
			}
			report(diag.Error, "check.link-missing", hint, "no page has the address %s", clean)
			continue
		case !target.InBuild:
			report(diag.Error, "check.link-unpublished", "publish that page or remove the link",
				"%s is not published in this build (%s)", target.File, target.Unpublished())
			continue
		}
		if frag != "" {
			if hint, ok := missingAnchor(target, frag); ok {
				where := "on " + target.File
				if target == p {
					where = "on this page"
				}
				report(diag.Error, "check.link-anchor", hint, "no heading with id %q %s", frag, where)
			}
		}
	}
}

// missingAnchor reports whether target has no heading with id frag, with
// a hint naming the ids it has.
func missingAnchor(target *model.Page, frag string) (hint string, missing bool) {
	ids := make([]string, len(target.Doc.Headings))
	for i, h := range target.Doc.Headings {
		ids[i] = h.ID
	}
	if slices.Contains(ids, frag) {
		return "", false
	}
	hint = diag.DidYouMean(frag, ids)
	if hint == "" && len(ids) > 0 {
		hint = "anchors there: #" + strings.Join(ids, ", #")
	}
	return hint, true
}

// resolve maps a link path to the page it names and returns the cleaned
// URL or source file it stands for. ok is false when the path is not a page
// link (an asset, /assets/, /api/, the root); target is nil when it is a
// page link to no page.
func (ix *index) resolve(from *model.Page, p string) (target *model.Page, name string, ok bool) {
	if p == "" {
		return from, from.URL, true
	}
	if strings.HasSuffix(p, ".md") {
		if unescaped, err := url.PathUnescape(p); err == nil {
			p = unescaped
		}
		var file string
		if strings.HasPrefix(p, "/") {
			file = content.Dir + path.Clean(p)
		} else {
			file = path.Join(path.Dir(from.File), p)
		}
		return ix.File(file), file, true
	}
	clean := ix.targetURL(from, p)
	if clean == "/" || path.Ext(strings.TrimSuffix(clean, "/")) != "" {
		return nil, clean, false
	}
	for _, pre := range skippedPrefixes {
		if strings.HasPrefix(clean, pre) {
			return nil, clean, false
		}
	}
	return ix.URL(clean), clean, true
}

// missingFile reports whether file, a link's target as resolve cleaned
// it, names a file (a path with an extension: not a page, a page file or
// a folder) that the build does not write. Links below /assets/ and
// /api/, and to a page's index.html, are not judged.
func (ix *index) missingFile(file string) bool {
	if strings.HasSuffix(file, "/") || strings.HasSuffix(file, ".md") || ix.files[file] {
		return false
	}
	for _, pre := range skippedPrefixes {
		if strings.HasPrefix(file, pre) {
			return false
		}
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok && (ix.URL(dir+"/") != nil || ix.extra[dir+"/"]) {
		return false
	}
	return true
}

// fileHint suggests a file the build writes in file's folder.
func (ix *index) fileHint(file string) string {
	if hint := diag.DidYouMean(file, ix.filesNear[path.Dir(file)]); hint != "" {
		return hint
	}
	return "put the file beside the page in content/ (the editor's image upload does), or correct the address"
}

// parent is the folder of a URL or file path, for did-you-mean.
func parent(p string) string {
	return path.Dir(strings.TrimSuffix(p, "/"))
}

// targetURL resolves a link path against the page's URL, as a browser
// does, and cleans it to the site's URL form: /a/b/ for pages, /a/b.ext for
// files.
func (ix *index) targetURL(from *model.Page, p string) string {
	if unescaped, err := url.PathUnescape(p); err == nil {
		p = unescaped
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join(from.URL, p)
	}
	c := path.Clean(p)
	if c != "/" && path.Ext(c) == "" {
		c += "/"
	}
	return c
}
