package model

import (
	"cmp"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
)

// Index finds a run's pages by translation key, language, folder, URL,
// file, alias and menu: the one index of the pages that the checks, the
// theme's views and the drafts read. It is made once per run by
// [NewIndex] and not changed afterwards; a draft gets its own with
// [Index.Replacing].
type Index struct {
	// Pages in the build only.
	byKey    map[string]map[string]*Page // key → language → page
	byLang   map[string][]*Page          // in page order
	children map[string][]*Page          // language + "\x00" + folder → in weight order
	menus    map[string][]*Page          // language → in weight order
	aliases  map[string]*Page
	near     map[string][]string // URLs and files by parent folder, for did-you-mean
	// Every page, in the build or not; of two pages that share a URL or
	// a key and language, the first in the build wins, else the first.
	byURL    map[string]*Page
	byFile   map[string]*Page
	versions map[string]map[string]*Page // key → language → page
}

// NewIndex indexes pages, which are in page order (content.FileOrder).
func NewIndex(pages []*Page) *Index {
	ix := &Index{byKey: map[string]map[string]*Page{}, byLang: map[string][]*Page{}, children: map[string][]*Page{},
		menus: map[string][]*Page{}, aliases: map[string]*Page{}, near: map[string][]string{},
		byURL: map[string]*Page{}, byFile: map[string]*Page{}, versions: map[string]map[string]*Page{}}
	ix.add(pages, nil)
	for k := range ix.children {
		slices.SortStableFunc(ix.children[k], ByWeight)
	}
	for lang := range ix.byLang {
		ix.addMenu(lang)
	}
	return ix
}

// touched names the entries of an index that a changed page appears in.
type touched struct {
	keys, langs, folders, urls, files, dirs map[string]bool
	// langList holds the keys of langs: one or two, faster to scan than
	// to hash, once for each of the site's pages.
	langList []string
	// urlTops are the first segments of urls ("/et/"): a page whose URL
	// starts with none of them is in no entry by URL.
	urlTops []string
}

func newTouched() *touched {
	return &touched{keys: map[string]bool{}, langs: map[string]bool{}, folders: map[string]bool{},
		urls: map[string]bool{}, files: map[string]bool{}, dirs: map[string]bool{}}
}

// mark records the entries p appears in.
func (t *touched) mark(p *Page) {
	t.keys[p.Key], t.langs[p.Lang], t.folders[folderKey(p.Lang, p.Dir)] = true, true, true
	if !slices.Contains(t.langList, p.Lang) {
		t.langList = append(t.langList, p.Lang)
	}
	t.files[p.File] = true
	t.dirs[parent(p.URL)], t.dirs[parent(p.File)] = true, true
	for _, u := range append([]string{p.URL}, p.Aliases...) {
		t.urls[u] = true
		if top := urlTop(u); !slices.Contains(t.urlTops, top) {
			t.urlTops = append(t.urlTops, top)
		}
	}
}

// urlTop is the first segment of a site path, with its slashes: "/et/"
// of "/et/abi/".
func urlTop(u string) string {
	if i := strings.IndexByte(u[min(1, len(u)):], '/'); i >= 0 {
		return u[:i+2]
	}
	return u
}

// add indexes pages, or with t only under the entries t names.
func (ix *Index) add(pages []*Page, t *touched) {
	for _, p := range pages {
		if !t.inLanguages(p) {
			ix.addOther(p, t)
			continue
		}
		if t == nil || t.files[p.File] {
			ix.byFile[p.File] = p
		}
		if old := ix.byURL[p.URL]; (t == nil || t.urls[p.URL]) && (old == nil || (!old.InBuild && p.InBuild)) {
			ix.byURL[p.URL] = p
		}
		if t == nil || t.keys[p.Key] {
			ix.addVersion(p)
		}
		if p.InBuild {
			ix.addInBuild(p, t)
		}
	}
}

// addOther indexes p, a page of a language t does not name, under the
// entries t names: those by key and by URL (an alias may name any path);
// p's file is below its language's folder, so in none of t's files.
func (ix *Index) addOther(p *Page, t *touched) {
	if slices.Contains(t.urlTops, urlTop(p.URL)) && t.urls[p.URL] {
		if old := ix.byURL[p.URL]; old == nil || (!old.InBuild && p.InBuild) {
			ix.byURL[p.URL] = p
		}
	}
	if t.keys[p.Key] {
		ix.addVersion(p)
		if p.InBuild {
			ix.addKey(p)
		}
	}
	if p.InBuild {
		for _, a := range p.Aliases {
			if t.urls[a] {
				ix.aliases[a] = p
			}
		}
	}
}

// addVersion indexes p under its key and language, unless a page in the
// build is there already.
func (ix *Index) addVersion(p *Page) {
	if ix.versions[p.Key] == nil {
		ix.versions[p.Key] = map[string]*Page{}
	}
	if old := ix.versions[p.Key][p.Lang]; old == nil || (!old.InBuild && p.InBuild) {
		ix.versions[p.Key][p.Lang] = p
	}
}

// addKey indexes p, a page in the build, as its key's page in its language.
func (ix *Index) addKey(p *Page) {
	if ix.byKey[p.Key] == nil {
		ix.byKey[p.Key] = map[string]*Page{}
	}
	ix.byKey[p.Key][p.Lang] = p
}

// inLanguages reports whether t names entries of p's language: the
// languages, folders and dirs t names are those of the pages it marked,
// and none of them can hold a page of another language, since a page's
// file and URL are below its language's folder (package content makes
// them so).
func (t *touched) inLanguages(p *Page) bool { return t == nil || slices.Contains(t.langList, p.Lang) }

// addInBuild indexes a page in the build under the entries t names (all
// when t is nil).
func (ix *Index) addInBuild(p *Page, t *touched) {
	if t == nil || t.keys[p.Key] {
		ix.addKey(p)
	}
	for _, a := range p.Aliases {
		if t == nil || t.urls[a] {
			ix.aliases[a] = p
		}
	}
	if !t.inLanguages(p) {
		return // the rest is by language, folder and dir
	}
	ix.byLang[p.Lang] = append(ix.byLang[p.Lang], p)
	if p.Kind != content.Home {
		if k := folderKey(p.Lang, p.Dir); t == nil || t.folders[k] {
			ix.children[k] = append(ix.children[k], p)
		}
	}
	if t == nil || (t.dirs[parent(p.URL)] || t.dirs[parent(p.File)]) {
		if d := parent(p.URL); t == nil || t.dirs[d] {
			ix.near[d] = append(ix.near[d], p.URL)
		}
		if d := parent(p.File); t == nil || t.dirs[d] {
			ix.near[d] = append(ix.near[d], p.File)
		}
	}
}

// addMenu lists the menu pages of lang in weight order.
func (ix *Index) addMenu(lang string) {
	var menu []*Page
	for _, p := range ix.byLang[lang] {
		if p.Menu != "" {
			menu = append(menu, p)
		}
	}
	if len(menu) == 0 {
		delete(ix.menus, lang)
		return
	}
	slices.SortStableFunc(menu, ByWeight)
	ix.menus[lang] = menu
}

// Replacing returns the index of pages, which are ix's pages with p in
// the place of old (nil when p's file is new): ix's entries, with those
// that old and p appear in worked out again over pages, exactly as
// NewIndex would. ix is not changed; a draft is judged with the result.
func (ix *Index) Replacing(pages []*Page, old, p *Page) *Index {
	t := newTouched()
	for _, q := range []*Page{old, p} {
		if q != nil {
			t.mark(q)
		}
	}
	d := &Index{byKey: maps.Clone(ix.byKey), byLang: maps.Clone(ix.byLang), children: maps.Clone(ix.children),
		menus: maps.Clone(ix.menus), aliases: maps.Clone(ix.aliases), near: maps.Clone(ix.near),
		byURL: maps.Clone(ix.byURL), byFile: maps.Clone(ix.byFile), versions: maps.Clone(ix.versions)}
	forget(d.byKey, t.keys)
	forget(d.versions, t.keys)
	forget(d.byLang, t.langs)
	forget(d.children, t.folders)
	forget(d.aliases, t.urls)
	forget(d.byURL, t.urls)
	forget(d.byFile, t.files)
	forget(d.near, t.dirs)
	d.add(pages, t)
	for f := range t.folders {
		slices.SortStableFunc(d.children[f], ByWeight)
	}
	for lang := range t.langs {
		d.addMenu(lang)
	}
	return d
}

func forget[V any](m map[string]V, keys map[string]bool) {
	for k := range keys {
		delete(m, k)
	}
}

// Translations returns the pages in the build with translation key key,
// by language.
func (ix *Index) Translations(key string) map[string]*Page { return ix.byKey[key] }

// Translation returns the page in the build with key key in lang, or nil.
func (ix *Index) Translation(key, lang string) *Page { return ix.byKey[key][lang] }

// InLanguage returns the pages of lang in the build, in page order.
func (ix *Index) InLanguage(lang string) []*Page { return ix.byLang[lang] }

// Children returns the pages in the build directly in folder of lang
// (section pages of subfolders included, the home not), in weight order.
func (ix *Index) Children(lang, folder string) []*Page { return ix.children[folderKey(lang, folder)] }

// Menu returns the menu pages of lang in the build, in weight order.
func (ix *Index) Menu(lang string) []*Page { return ix.menus[lang] }

// Alias returns the page in the build with the old address a.
func (ix *Index) Alias(a string) *Page { return ix.aliases[a] }

// Near returns the URLs and files of the pages in the build in folder
// dir (a URL or file path without its last part), for did-you-mean.
func (ix *Index) Near(dir string) []string { return ix.near[dir] }

// URL returns the page at url, in the build or not.
func (ix *Index) URL(url string) *Page { return ix.byURL[url] }

// File returns the page of file, in the build or not.
func (ix *Index) File(file string) *Page { return ix.byFile[file] }

// Versions returns every page with translation key key, in the build or
// not, by language: one row of the translation table.
func (ix *Index) Versions(key string) map[string]*Page { return ix.versions[key] }

// Keys returns the translation keys of all pages, sorted.
func (ix *Index) Keys() []string { return slices.Sorted(maps.Keys(ix.versions)) }

// ByWeight orders pages in lists and menus: by weight, then title, then
// URL.
func ByWeight(a, b *Page) int {
	return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.URL, b.URL))
}

func folderKey(lang, folder string) string { return lang + "\x00" + folder }

// parent is the folder of a URL or file path, for did-you-mean.
func parent(p string) string { return path.Dir(strings.TrimSuffix(p, "/")) }
