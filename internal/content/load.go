package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/diag"
)

// Dir is the content folder below the site root.
const Dir = "content"

// DataDir is the data folder below content/.
const DataDir = "_data"

// Site is everything loaded from content/.
type Site struct {
	// Pages holds every page that parsed, published or not, sorted by
	// language order, then key.
	Pages []*Page
	// Assets are other files under content/<lang>/ (images, PDFs), as
	// slash paths relative to content/, copied to the output unchanged.
	Assets []string
}

// Options tells Load about the site.
type Options struct {
	// Languages are the site's language codes; folders under content/
	// that are not among them are reported.
	Languages []string
	// Each, when set, is called with every page as soon as it is parsed,
	// on the loading goroutine (so in parallel with other calls), for work
	// that should run while the file is in the cache. Pages reused from
	// Cache are not passed to it again.
	Each func(*Page)
	// Cache, when set, keeps parsed pages between loads: a file whose
	// size and modification time are those of the last load, and that is
	// not in Changed, is not read again. Its page and diagnostics are
	// reused.
	Cache *Cache
	// Context, when set, stops the walk and the reading of pages once it
	// is cancelled; the caller then reports ctx.Err().
	Context context.Context
	// Changed lists files (slash paths from the site root) known to have
	// changed since the last load with Cache; they are always read. When
	// it is not nil and names only pages the last load had, which are
	// still regular files, the folder walk is skipped: Changed is then
	// trusted to be complete (the preview's watcher reports every change).
	Changed []string
}

// Cache holds the pages of the last [Load] that used it (the preview
// server's). It must be dropped when the site's languages change. A Cache
// is not safe for concurrent Loads.
type Cache struct {
	files map[string]cached
	// The last walk: page files in walk order, assets and the walk's own
	// diagnostics, for a load whose changes are all edits of known pages.
	walked    bool
	order     []string
	assets    []string
	walkDiags []diag.Diagnostic
}

type cached struct {
	size  int64
	mod   time.Time
	page  *Page // nil when the file did not parse
	diags []diag.Diagnostic
}

// file is one page file of a Load, with its result.
type file struct {
	path string
	mod  time.Time
	size int64
	out  cached
}

// Load reads every page under content/ of fsys (the site root), in
// parallel, reporting each problem into diags. Files that fail to parse are
// left out of the result.
func Load(fsys fs.FS, opts Options, diags *diag.List) *Site {
	l := &loader{fsys: fsys, opts: opts, changed: map[string]bool{}, work: make(chan *file, 64)}
	for _, f := range opts.Changed {
		l.changed[f] = true
	}
	// Files are read and parsed by workers while the walk goes on; each
	// file's result has its own slot, filled by one worker.
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(l.parseFiles)
	}
	site := &Site{}
	var walkDiags diag.List
	c := opts.Cache
	quick := c != nil && c.walked && opts.Changed != nil && onlyEdits(fsys, c, opts.Changed)
	var files []*file
	if quick {
		files = l.cachedWalk(site, &walkDiags)
	} else {
		files = l.walk(site, &walkDiags)
	}
	close(l.work)
	wg.Wait()
	if !quick {
		sortFiles(files, opts.Languages)
	}
	diags.Add(walkDiags.Items()...)
	site.Pages = make([]*Page, 0, len(files))
	for _, f := range files {
		if f.out.page != nil {
			site.Pages = append(site.Pages, f.out.page)
		}
		diags.Add(f.out.diags...)
	}
	if c != nil {
		c.remember(files, site, walkDiags.Items(), quick, opts.Changed)
	}
	return site
}

// loader is one Load in progress.
type loader struct {
	fsys    fs.FS
	opts    Options
	changed map[string]bool
	work    chan *file // files to read and parse
}

// parseFiles reads and parses the files sent to work until it is closed.
func (l *loader) parseFiles() {
	for f := range l.work {
		f.out = cached{size: f.size, mod: f.mod}
		if ctx := l.opts.Context; ctx != nil && ctx.Err() != nil {
			continue // the caller reports the cancellation
		}
		var d diag.List
		if src := readPage(l.fsys, f, &d); src != nil {
			if p := Parse(f.path, src, &d); p != nil {
				p.ModTime = f.mod
				if l.opts.Each != nil {
					l.opts.Each(p)
				}
				f.out.page = p
			}
		}
		f.out.diags = d.Items()
	}
}

// cachedWalk takes the files of the last load from the cache, already in
// page order, and sends the changed ones to be read again.
func (l *loader) cachedWalk(site *Site, walkDiags *diag.List) []*file {
	c := l.opts.Cache
	var files []*file
	for _, p := range c.order {
		f := &file{path: p, out: c.files[p]}
		f.size, f.mod = f.out.size, f.out.mod
		files = append(files, f)
		if l.changed[p] {
			f.size = -1
			if info, err := fs.Stat(l.fsys, p); err == nil {
				f.mod, f.size = info.ModTime(), info.Size()
			}
			l.work <- f
		}
	}
	site.Assets = slices.Clone(c.assets)
	walkDiags.Add(c.walkDiags...)
	return files
}

// walk walks content/, sending each page file to be read unless the cache
// has it unchanged (same size and modification time, not reported
// changed).
func (l *loader) walk(site *Site, walkDiags *diag.List) []*file {
	var files []*file
	walk(l.fsys, l.opts, walkDiags, func(f *file) {
		files = append(files, f)
		if l.opts.Cache != nil && !l.changed[f.path] {
			if c, ok := l.opts.Cache.files[f.path]; ok && c.size == f.size && c.size >= 0 && c.mod.Equal(f.mod) {
				f.out = c
				return
			}
		}
		l.work <- f
	}, func(rel string) { site.Assets = append(site.Assets, rel) })
	return files
}

// remember keeps the results of a load for the next one: after a quick
// load only the changed files', else the whole walk.
func (c *Cache) remember(files []*file, site *Site, walkDiags []diag.Diagnostic, quick bool, changed []string) {
	if quick {
		for _, p := range changed {
			c.files[p] = files[slices.Index(c.order, p)].out
		}
		return
	}
	c.files = make(map[string]cached, len(files))
	c.order = make([]string, len(files))
	for i, f := range files {
		c.files[f.path] = f.out
		c.order[i] = f.path
	}
	c.walked, c.assets, c.walkDiags = true, slices.Clone(site.Assets), walkDiags
}

// sortFiles puts page files in the order of a Site's pages (see
// [FileOrder]).
func sortFiles(files []*file, langs []string) {
	order := FileOrder(langs)
	slices.SortFunc(files, func(a, b *file) int { return order(a.path, b.path) })
}

// FileOrder returns the order of a Site's pages, as a comparison of their
// files: by language, in the order of langs, then by path. A page's
// language is the first folder below content/.
func FileOrder(langs []string) func(a, b string) int {
	rank := func(file string) int {
		lang, _, _ := strings.Cut(strings.TrimPrefix(file, Dir+"/"), "/")
		return slices.Index(langs, lang)
	}
	return func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	}
}

// onlyEdits reports whether every changed path is a page the cache has
// and still a regular file: then no file appeared or went away.
func onlyEdits(fsys fs.FS, c *Cache, changed []string) bool {
	for _, p := range changed {
		if _, ok := c.files[p]; !ok {
			return false
		}
		if info, err := fs.Stat(fsys, p); err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// walk visits content/: it calls page for each Markdown file and asset for
// every other file inside a language folder (with its path below
// content/), and reports what it skips into diags.
func walk(fsys fs.FS, opts Options, diags *diag.List, page func(*file), asset func(rel string)) {
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if ctx := opts.Context; ctx != nil && ctx.Err() != nil {
			return fs.SkipAll
		}
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				diags.Add(diag.Diagnostic{File: Dir, Severity: diag.Error, Code: "content.missing",
					Message: "no content folder", Hint: "create content/<lang>/_index.md, or pass --source with the site root"})
				return fs.SkipAll
			}
			diags.Errorf(p, 0, 0, "content.read", "cannot read: %v", err)
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, Dir), "/")
		name := d.Name()
		if p != Dir && Ignored(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && !usable(fsys, p, d, diags) {
			return nil
		}
		if d.IsDir() {
			if rel == DataDir {
				return fs.SkipDir
			}
			if !strings.Contains(rel, "/") && rel != "" && !slices.Contains(opts.Languages, rel) {
				unknownLanguage(fsys, p, rel, opts.Languages, diags)
				return fs.SkipDir
			}
			if strings.Contains(rel, "/") {
				if problem := segmentProblem(name, Slugify(name)); problem != "" {
					diags.Add(diag.Diagnostic{File: p, Severity: diag.Error, Code: "content.file-name",
						Message: "the folder name " + problem,
						Hint:    "rename the folder: its name is the URL segment of every page and file in it"})
				}
			}
			return nil
		}
		if !strings.Contains(rel, "/") {
			diags.Add(diag.Diagnostic{File: p, Severity: diag.Warning, Code: "content.outside-language",
				Message: "file is not inside a language folder; skipped", Hint: "move it to content/<lang>/"})
			return nil
		}
		if strings.HasSuffix(name, ".md") {
			f := &file{path: p, size: -1}
			if info, err := d.Info(); err == nil {
				f.mod, f.size = info.ModTime(), info.Size()
			}
			page(f)
		} else if _, err := readMax(fsys, p, 0); errors.Is(err, ErrNotRegular) {
			diags.Add(notRegular(p, fs.ModeIrregular))
		} else if err != nil {
			// Read now, so that a build reports it with every other
			// problem instead of failing when it copies the file.
			diags.Add(diag.Diagnostic{File: p, Severity: diag.Error, Code: "content.read", Message: fmt.Sprintf("cannot read: %v", err),
				Hint: "check the file's permissions (haven must be able to read it to copy it), or delete it"})
		} else {
			asset(rel)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(Dir, 0, 0, "content.read", "cannot read: %v", err)
	}
}

// maxSkippedNamed is how many page files of an unknown language folder
// are named, each in its own warning; the folder's warning counts them
// all.
const maxSkippedNamed = 20

// unknownLanguage reports the folder dir (content/<rel>), which is not
// one of langs, and the page files in it, which are skipped with it.
func unknownLanguage(fsys fs.FS, dir, rel string, langs []string, diags *diag.List) {
	var pages []string
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case p != dir && Ignored(d.Name()):
			if d.IsDir() {
				return fs.SkipDir
			}
		case !d.IsDir() && strings.HasSuffix(d.Name(), ".md"):
			pages = append(pages, p)
		}
		return nil
	})
	list := strings.Join(langs, ", ")
	hint := "add the language to haven.yaml or rename the folder"
	move := "move the page into a language folder"
	if s := diag.Suggest(rel, langs); s != "" && (len(rel) > 2 || strings.EqualFold(rel[:1], s[:1]) || strings.EqualFold(rel[1:], s[1:])) {
		hint += "; did you mean " + Dir + "/" + s + "?"
		move = "move the page into " + Dir + "/" + s + "/"
	}
	msg := fmt.Sprintf("folder %q is not one of the site's languages (%s); skipped", rel, list)
	if len(pages) > 0 {
		verb := "are"
		if len(pages) == 1 {
			verb = "is"
		}
		msg = fmt.Sprintf("folder %q is not one of the site's languages (%s); its %s %s skipped", rel, list, diag.Plural(len(pages), "page"), verb)
		if len(pages) > maxSkippedNamed {
			msg += fmt.Sprintf(" (the first %d are named)", maxSkippedNamed)
		}
	}
	ds := []diag.Diagnostic{{File: dir, Severity: diag.Warning, Code: "content.unknown-language", Message: msg, Hint: hint}}
	for _, p := range pages[:min(len(pages), maxSkippedNamed)] {
		ds = append(ds, diag.Diagnostic{File: p, Line: 1, Column: 1, Severity: diag.Warning, Code: "content.unknown-language",
			Message: fmt.Sprintf("page skipped: its folder %s is not one of the site's languages (%s)", dir, list),
			Hint:    fmt.Sprintf("add %s to languages in haven.yaml, or %s", rel, move)})
	}
	diags.Add(ds...)
}

// SumOf is the content hash of a page's bytes ([Page.Sum]): the first
// eight bytes of their SHA-256, the same in every process, so a memo
// kept on disk between builds (package site) can compare it.
func SumOf(src []byte) uint64 {
	h := sha256.Sum256(src)
	return binary.LittleEndian.Uint64(h[:8])
}

// usable reports whether the file p, which is not a folder, can be read:
// a regular file, or a symbolic link to one inside the site. Anything
// else is reported and skipped before it is opened: opening a FIFO waits
// for a writer forever, and a device such as /dev/zero never ends.
func usable(fsys fs.FS, p string, d fs.DirEntry, diags *diag.List) bool {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			diags.Add(diag.Diagnostic{File: p, Severity: diag.Warning, Code: "content.symlink",
				Message: "symbolic link points outside the site or nowhere; not followed", Hint: "copy the file into content/ instead of linking to it"})
			return false
		case info.IsDir():
			diags.Add(diag.Diagnostic{File: p, Severity: diag.Warning, Code: "content.symlink",
				Message: "symbolic link to a folder; not followed", Hint: "move the folder into content/"})
			return false
		}
		mode = info.Mode().Type()
	}
	if mode.IsRegular() {
		return true
	}
	diags.Add(notRegular(p, mode))
	return false
}

// notRegular is the error about the file p of the given type, which is
// not a regular file.
func notRegular(p string, mode fs.FileMode) diag.Diagnostic {
	kind := "a special file"
	switch {
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case mode&fs.ModeCharDevice != 0:
		kind = "a character device"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return diag.Diagnostic{File: p, Line: 1, Column: 1, Severity: diag.Error, Code: "content.not-regular",
		Message: fmt.Sprintf("%s is %s, not a regular file; haven reads only regular files", path.Base(p), kind),
		Hint:    "replace it with a regular file, or delete it"}
}

// MaxPageSize is the largest Markdown file haven reads (8 MiB).
const MaxPageSize = 8 << 20

// Normalize returns the bytes src of a page file as [Parse] reads them:
// without a leading byte-order mark, every line ending in "\n". A Page's
// Body is the end of them.
func Normalize(src []byte) []byte {
	return unixLines(bytes.TrimPrefix(src, []byte("\ufeff")))
}

// unixLines returns src with "\r\n" and lone "\r" line ends made "\n".
func unixLines(src []byte) []byte {
	if bytes.Contains(src, []byte("\r")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// Parse reads one page from src. file is its path relative to the site
// root (content/<lang>/...md). Problems go to diags; Parse returns nil when
// the page cannot be used at all. It never panics, whatever src holds.
func Parse(file string, src []byte, diags *diag.List) *Page {
	sum := SumOf(src)
	rel := strings.TrimPrefix(file, Dir+"/")
	lang, below, ok := strings.Cut(rel, "/")
	if !ok || !strings.HasSuffix(below, ".md") {
		diags.Errorf(file, 0, 0, "content.path", "expected a path content/<lang>/<path>.md")
		return nil
	}
	errorf := func(line int, code, msg, hint string) {
		diags.Add(diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Code: code, Message: msg, Hint: hint})
	}
	switch {
	case len(src) > MaxPageSize:
		diags.Add(tooLarge(file, int64(len(src))))
		return nil
	case len(bytes.TrimSpace(src)) == 0:
		errorf(1, "content.empty", "empty file; expected front matter with at least a title", "start the file with ---, a line title: ..., and ---, or delete it")
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff")) // a BOM from Windows editors
	if i := bytes.IndexByte(src, 0); i >= 0 {
		errorf(bytes.Count(src[:i], []byte("\n"))+1, "content.encoding", "file contains a NUL byte; it looks like binary data, not text", "save the file as UTF-8 text")
		return nil
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		errorf(bytes.Count(src[:i], []byte("\n"))+1, "content.encoding", "file is not valid UTF-8", "save the file as UTF-8 (not Windows-1257 or Latin-1)")
		return nil
	}
	src = unixLines(src)

	p := &Page{File: file, Lang: lang, Sum: sum}
	raw, format, fmLine, body, bodyLine, err := splitFrontMatter(src)
	switch {
	case errors.Is(err, errNoFrontMatter):
		errorf(1, "frontmatter.missing", "no front matter; expected the page to start with ---, a line title: ..., and ---", "add front matter with at least a title")
		return nil
	case err != nil:
		errorf(1, "frontmatter.syntax", err.Error(), "")
		return nil
	}
	p.Body, p.BodyLine = body, bodyLine
	parse := parseYAML
	if format == "toml" {
		parse = parseTOML
	}
	root, parsed := parse(raw, fmLine, file, diags)
	applyFrontMatter(p, root)
	if p.Title == "" && parsed {
		d := diag.Diagnostic{File: file, Line: fmLine - 1, Severity: diag.Error, Code: "frontmatter.required", Field: "title",
			Message: "title is required", Hint: "add a line title: ... to the front matter"}
		if pos, ok := p.KeyPosition("title"); ok { // title: "" points at itself
			d.Line, d.Column, d.Hint = pos.Line, pos.Col, "write the page title after title:, e.g. title: Abi"
		}
		diags.Add(d)
	}
	p.locate(below, diags)
	return p
}

// locate sets Key, Dir, Section, Kind and URL from the file path and front
// matter, and checks slug, aliases and menu.
func (p *Page) locate(below string, diags *diag.List) {
	stem := strings.TrimSuffix(below, ".md")
	dir, name := path.Split(stem)
	dir = strings.TrimSuffix(dir, "/")
	p.Dir = dir
	segments := []string{}
	if dir != "" {
		segments = strings.Split(dir, "/")
	}
	switch {
	case name == "_index" && dir == "":
		p.Kind = Home
	case name == "_index":
		p.Kind = Section
		p.Key = dir
		p.Dir = path.Dir(dir)
		if p.Dir == "." {
			p.Dir = ""
		}
	default:
		p.Key = stem
	}
	p.Section = p.Dir
	if p.TranslationKey != "" {
		p.Key = p.TranslationKey
	}

	urlSegs := make([]string, 0, len(segments)+1)
	for _, s := range segments {
		urlSegs = append(urlSegs, Slugify(s))
	}
	if p.Kind == Regular {
		urlSegs = append(urlSegs, p.lastSegment(name, diags))
	} else if p.Slug != "" {
		pos := p.keyPos("slug")
		diags.Add(diag.Diagnostic{File: p.File, Line: pos.Line, Column: pos.Col, Severity: diag.Warning, Code: "frontmatter.slug", Field: "slug",
			Message: "slug is ignored on _index.md pages", Hint: "rename the folder to change a section's URL"})
	}
	p.URL = "/" + p.Lang + "/"
	if len(urlSegs) > 0 {
		p.URL += strings.Join(urlSegs, "/") + "/"
	}
	p.cleanAliases(diags)
	if p.Menu != "" && !slices.Contains(Menus, p.Menu) {
		diags.Add(diag.Diagnostic{File: p.File, Line: p.Line("menu"), Severity: diag.Error, Code: "frontmatter.menu", Field: "menu",
			Message: fmt.Sprintf("unknown menu %q", p.Menu), Hint: "use menu: main or menu: footer"})
	}
	if !p.Expires.IsZero() && !p.Publish.IsZero() && !p.Expires.After(p.Publish) {
		diags.Add(diag.Diagnostic{File: p.File, Line: p.Line("expires"), Severity: diag.Error, Code: "frontmatter.dates", Field: "expires",
			Message: "expires is not after publish, so the page would never be shown", Hint: "fix one of the two dates"})
	}
}

// lastSegment returns the last URL segment of a regular page whose file
// is name.md: its slug when it has a valid one, else its slugged file
// name; a bad slug or file name is reported.
func (p *Page) lastSegment(name string, diags *diag.List) string {
	last := Slugify(name)
	if p.Slug != "" {
		pos := p.keyPos("slug")
		d := diag.Diagnostic{File: p.File, Line: pos.Line, Column: pos.Col, Severity: diag.Error, Code: "frontmatter.slug", Field: "slug",
			Hint: "use letters, digits and dashes only, e.g. slug: kriisitelefon"}
		switch s := Slugify(p.Slug); {
		case !validSegment(p.Slug):
			d.Message = fmt.Sprintf("slug %q is not a single URL segment: it would leave the page's folder", p.Slug)
		case s == "":
			d.Message = fmt.Sprintf("slug %q has no letter or digit to make a URL segment from", p.Slug)
		case len(s) > MaxSegment:
			d.Message = fmt.Sprintf("slug makes a URL segment of %d bytes; the limit is %d, the longest file name file systems allow", len(s), MaxSegment)
			d.Hint = "write a short slug of a few words, e.g. slug: kriisitelefon"
		default:
			return s
		}
		diags.Add(d)
	}
	if problem := segmentProblem(name, last); problem != "" && p.Slug == "" {
		diags.Add(diag.Diagnostic{File: p.File, Line: 1, Column: 1, Severity: diag.Error, Code: "content.file-name",
			Message: "the file name " + problem,
			Hint:    "rename the file, or set slug: with letters, digits and dashes, e.g. slug: abi"})
	}
	return last
}

// cleanAliases cleans each of the page's aliases to a site-absolute path,
// reporting those that are not one or have a segment too long.
func (p *Page) cleanAliases(diags *diag.List) {
	for i, a := range p.Aliases {
		pos := p.ItemPosition("aliases", i)
		d := diag.Diagnostic{File: p.File, Line: pos.Line, Column: pos.Col, Severity: diag.Error, Code: "frontmatter.alias", Field: "aliases",
			Message: fmt.Sprintf("alias %q is not a site-absolute path inside the site", a),
			Hint:    "write the old address as a path starting with /, without .. or a host, e.g. /et/vana-leht/"}
		clean, ok := CleanURLPath(a)
		if !ok {
			diags.Add(d)
			continue
		}
		segs := strings.Split(clean, "/")
		if j := slices.IndexFunc(segs, func(s string) bool { return len(s) > MaxSegment }); j >= 0 {
			seg := segs[j]
			d.Message = fmt.Sprintf("alias segment %q… is %d bytes long; the limit is %d, the longest file name file systems allow", string([]rune(seg)[:20]), len(seg), MaxSegment)
			d.Hint = "write the old address as it was; no web address has a segment that long"
			diags.Add(d)
		}
		p.Aliases[i] = clean
	}
}

// MaxSegment is the longest URL segment (slugged file or folder name,
// slug or part of an alias) in bytes: each becomes a file or folder name
// in the output, and file systems allow 255 bytes.
const MaxSegment = 255

// segmentProblem says what is wrong with seg, the URL segment slugged from
// the file or folder name, or returns "".
func segmentProblem(name, seg string) string {
	switch {
	case seg == "":
		return fmt.Sprintf("%q has no letter or digit to make a URL segment from", name)
	case len(seg) > MaxSegment:
		return fmt.Sprintf("makes a URL segment of %d bytes; the limit is %d", len(seg), MaxSegment)
	}
	return ""
}

// keyPos returns the place of a front-matter key, or the first line of
// the front matter when the key is absent.
func (p *Page) keyPos(key string) Pos {
	if pos, ok := p.KeyPosition(key); ok {
		return pos
	}
	return Pos{Line: 1}
}

// validSegment reports whether s stays in its folder: no slashes, no "..".
func validSegment(s string) bool {
	return s != "." && s != ".." && !strings.ContainsAny(s, `/\`) && !strings.Contains(s, "..")
}

// CleanURLPath checks that p is a site-absolute path that stays inside the
// site and returns it cleaned, with a trailing slash unless it names a file
// (has an extension).
func CleanURLPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\?#\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	c := path.Clean(p)
	if c == "/" {
		return "", false
	}
	if path.Ext(c) == "" {
		c += "/"
	}
	return c, true
}

// CacheEntry is one file of a [Cache], as kept on disk between builds
// (package site's memo): its stamp, its page (nil when it did not parse,
// Body dropped) and the diagnostics of reading it.
type CacheEntry struct {
	Path  string
	Size  int64
	Mod   time.Time
	Page  *Page
	Diags []diag.Diagnostic
}

// Entries returns the files of the cache's last load, in walk order.
func (c *Cache) Entries() []CacheEntry {
	out := make([]CacheEntry, 0, len(c.order))
	for _, p := range c.order {
		f := c.files[p]
		out = append(out, CacheEntry{Path: p, Size: f.size, Mod: f.mod, Page: f.page, Diags: f.diags})
	}
	return out
}

// NewCache returns a cache holding entries, as if a load had read them.
// The next load with it walks content/ again: only an entry whose file
// still has its size and modification time is used, so the caller gives
// only entries whose files it knows to be unchanged otherwise (see
// package site's memo, which compares each file's hash).
func NewCache(entries []CacheEntry) *Cache {
	c := &Cache{files: make(map[string]cached, len(entries))}
	for _, e := range entries {
		c.files[e.Path] = cached{size: e.Size, mod: e.Mod, page: e.Page, diags: e.Diags}
	}
	return c
}
