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

// index finds pages by URL, source file and alias.
type index struct {
	in      *Input
	byURL   map[string]*model.Page
	byFile  map[string]*model.Page
	aliases map[string]*model.Page // published pages only
	extra   map[string]bool
	// near holds published URLs and source files by parent folder, for
	// did-you-mean (comparing against every page is too slow on big sites).
	near map[string][]string
	// base, when set, is the index this one overlays: a draft's index
	// holds the entries of the keys the draft touches, worked out again
	// over every page (a nil entry hides base's), and takes the rest from
	// base.
	base *index
}

func newIndex(in *Input) *index {
	ix := &index{in: in, byURL: map[string]*model.Page{}, byFile: map[string]*model.Page{}, aliases: map[string]*model.Page{}, extra: map[string]bool{}, near: map[string][]string{}}
	ix.add(in.Pages, nil)
	for _, l := range in.Config.LanguageCodes() {
		ix.extra["/"+l+"/"] = true
	}
	for _, u := range in.ExtraURLs {
		ix.extra[u] = true
	}
	return ix
}

// add indexes pages under the keys (URLs, files, aliases, folders) keep
// accepts, or under all when keep is nil.
func (ix *index) add(pages []*model.Page, keep map[string]bool) {
	ok := func(k string) bool { return keep == nil || keep[k] }
	for _, p := range pages {
		if keep != nil && !mayTouch(p, keep) {
			continue
		}
		if ok(p.File) {
			ix.byFile[p.File] = p
		}
		// A published page wins over an unpublished one at the same URL.
		if old := ix.byURL[p.URL]; ok(p.URL) && (old == nil || (!old.InBuild && p.InBuild)) {
			ix.byURL[p.URL] = p
		}
		if !p.InBuild {
			continue
		}
		if k := parent(p.URL); ok(k) {
			ix.near[k] = append(ix.near[k], p.URL)
		}
		if k := parent(p.File); ok(k) {
			ix.near[k] = append(ix.near[k], p.File)
		}
		for _, a := range p.Aliases {
			if ok(a) {
				ix.aliases[a] = p
			}
		}
	}
}

// mayTouch reports whether p could be indexed under one of keep's keys:
// its file, URL or an alias is one, or lies in a folder that is one.
// It spares a draft's index the parent folders of every page.
func mayTouch(p *model.Page, keep map[string]bool) bool {
	if keep[p.File] || keep[p.URL] || slices.ContainsFunc(p.Aliases, func(a string) bool { return keep[a] }) {
		return true
	}
	for k := range keep {
		if strings.HasPrefix(p.URL, k) || strings.HasPrefix(p.File, k) {
			return true
		}
	}
	return false
}

// draft returns the index of in's pages, which are ix's with p in the
// place of old (nil when p's file is new).
func (ix *index) draft(in *Input, old, p *model.Page) *index {
	keys := map[string]bool{}
	for _, q := range []*model.Page{old, p} {
		if q == nil {
			continue
		}
		for _, k := range append([]string{q.File, q.URL, parent(q.URL), parent(q.File)}, q.Aliases...) {
			keys[k] = true
		}
	}
	d := &index{in: in, byURL: map[string]*model.Page{}, byFile: map[string]*model.Page{}, aliases: map[string]*model.Page{},
		extra: ix.extra, near: map[string][]string{}, base: ix}
	d.add(in.Pages, keys)
	for k := range keys {
		for _, m := range []map[string]*model.Page{d.byURL, d.byFile, d.aliases} {
			if _, ok := m[k]; !ok {
				m[k] = nil
			}
		}
		if _, ok := d.near[k]; !ok {
			d.near[k] = nil
		}
	}
	return d
}

// lookup returns the entry of key in the map of ix that m picks, or in
// the index ix overlays.
func (ix *index) lookup(m func(*index) map[string]*model.Page, key string) *model.Page {
	for ; ix != nil; ix = ix.base {
		if p, ok := m(ix)[key]; ok {
			return p
		}
	}
	return nil
}

func (ix *index) url(u string) *model.Page {
	return ix.lookup(func(x *index) map[string]*model.Page { return x.byURL }, u)
}

func (ix *index) file(f string) *model.Page {
	return ix.lookup(func(x *index) map[string]*model.Page { return x.byFile }, f)
}

func (ix *index) alias(a string) *model.Page {
	return ix.lookup(func(x *index) map[string]*model.Page { return x.aliases }, a)
}

// nearby returns the published URLs and files in folder dir.
func (ix *index) nearby(dir string) []string {
	for ; ix != nil; ix = ix.base {
		if l, ok := ix.near[dir]; ok {
			return l
		}
	}
	return nil
}

// skippedPrefixes are site paths that are not pages.
var skippedPrefixes = []string{"/assets/", "/api/"}

// checkLinks reports internal links and anchors of a published page that
// do not resolve to a published page and heading.
func checkLinks(ix *index, p *model.Page, diags *diag.List) {
	for _, l := range p.Doc.Links {
		if l.Image {
			continue
		}
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
		if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
			continue // another site, mailto:, tel:
		}
		frag := u.Fragment
		target, name, ok := ix.resolve(p, u.Path)
		switch {
		case !ok:
			continue // not a page link
		case target == nil && strings.HasSuffix(name, ".md"):
			report(diag.Error, "check.link-missing", diag.DidYouMean(name, ix.nearby(parent(name))), "no page file %s", name)
			continue
		case target == nil:
			clean := name
			if a := ix.alias(clean); a != nil {
				report(diag.Warning, "check.link-alias", "link to "+a.URL+" instead", "%s is an old address of %s", clean, a.File)
				target = a
				break
			}
			if ix.extra[clean] {
				continue
			}
			hint := diag.DidYouMean(clean, ix.nearby(parent(clean)))
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
		return ix.file(file), file, true
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
	return ix.url(clean), clean, true
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
