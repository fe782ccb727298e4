package site

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/pack"
	"github.com/haven-cms/haven/internal/theme"
	"golang.org/x/sync/errgroup"
)

// The memo of haven build is the state an [Incremental] keeps between the
// preview's builds, kept on disk between builds in .haven-cache/memo.gob
// and the memo-N.pack files beside it (see memoData), so that a build
// after an edit does only the work the edit affects. Its rules, in one
// place:
//
//   - It is written only by a build without errors, with its build key
//     (while its output is committed), and used only when the last record
//     of [RecordBuild] is of that key, for the same output folder: the
//     output folder then holds what the memo describes. A build that
//     fails to commit leaves a memo no record is of.
//
//   - It is used only by the haven executable that wrote it, with the
//     same haven.yaml, rules.yaml, themes/, content/_data/, options and
//     build day (its settings sum); otherwise the build is a full one, as
//     it is when the memo is missing. A memo that cannot be read, or is of
//     another format, is reported in a note and ignored. Deleting it is
//     always safe.
//
//   - A page file's record (its parse, rendered Markdown without HTML
//     and plain text, own checks with the coverage's verdicts, translation
//     facts, search entry and API document path) is used only when the
//     file's hash, from the build key (which re-reads files whose stamps
//     it cannot trust), is the one recorded, and its size and
//     modification time are too.
//
//   - A theme page or API document is taken over from the last output
//     (a hard link, [publish.Staging.Reuse]) only when the memo proves its
//     bytes unchanged, by the same rules as the preview's [Incremental]
//     (the page's file, rendered body and listing are the recorded ones,
//     or its view hashes the same), and the old file still has the size,
//     modification and change time recorded after the last build.
//     Everything else is rendered, like a full build; a page restored
//     without its HTML and text is read and rendered again when it must
//     be (see fullDoc).
//
//   - A part of the memo whose pages' records and views are those the
//     last memo held (see samePages) is not written again: the new
//     header names the part file already there. Each part file begins with an id of
//     its own, which the header lists, so a header is never read with a
//     part of another memo; the header also lists each part's CRC-32C, so
//     a part damaged on disk is never used (the build is a full one).
//
// So the output is byte for byte that of a full build; see
// TestPersistentBuild.
const memoFile = "memo.gob"

// memoParts is how many files beside memoFile hold the memo's pages, each
// the pages whose path hashes to it (memoShard) and the views of their
// theme pages, so that a build after an edit writes only the parts of
// the pages it changed (the views of the pages haven makes are one more).
const memoParts = 16

// memoFormat changes whenever the memo's layout or meaning does.
const memoFormat = 8 // 5: pages in parts by path, each part with an id; 6: views with their pages; 7: parts' checksums; 8: body lengths

// memoData is the memo: on disk, its header (memoData without Views
// and Shards) in memoFile, and the rest in memoParts+1 files of their own
// beside it (see writeMemo), so that they are written and read in
// parallel. The coverage cells are not kept: a build works them out
// again from the pages' verdicts, which is cheaper than reading them.
type memoData struct {
	Format   int
	Key      string // BuildKey.Sum of the build it is the memo of
	Settings string // settingsSum of that build
	Listing  uint64
	Parts    []string      // the id each part file begins with (see memoPart); "" for one to write
	Sums     []uint32      // the CRC-32C of each part file, as written (see readMemo)
	Views    [][]memoView  // the views of each part, by name (see viewPart)
	Shards   [][]memoEntry // the pages of parts 1 to memoParts, in walk order
}

// memoEntry is what the memo holds of one page file: the loader's
// cache entry with the file's hash in the build key, and the page's
// record when it parsed (see keptPage and derived).
type memoEntry struct {
	Entry  content.CacheEntry
	Input  string
	Record *memoPage
}

// memoPage is the record of one page. Its plain text, two thirds of a
// memo that kept it, is not in it: what the checks read of it is in Own,
// Verdicts and SiteMatches.
type memoPage struct {
	BodySum     uint64
	BodyLen     int // see keptPage
	Diags       []diag.Diagnostic
	Doc         *markdown.Result // without HTML and Text
	Facts       []model.Fact
	Own         []diag.Diagnostic
	Verdicts    []model.Verdict
	SiteMatches []model.SiteMatch
	Checked     bool
	Derived     *memoDerived
}

// memoDerived is a page's derived outputs without the API document's
// bytes, which are in the last output.
type memoDerived struct {
	SameDoc   bool // made from the page's recorded Doc
	Published bool
	Tr        map[string]string
	Search    theme.SearchEntry
	APIPath   string
}

// memoView is what the last build knew of one theme page (pageEntry).
type memoView struct {
	Name    string
	Sum     uint64
	File    string // "" for the pages haven makes
	SameDoc bool
}

// settingsSum hashes what every page of a build depends on: the haven
// executable, haven.yaml, rules.yaml, themes/, content/_data/ and the
// options, from the build key's file hashes.
func settingsSum(key *BuildKey, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "format %d drafts=%v base=%q today=%s\n", memoFormat, opts.Drafts, opts.BaseURL, content.Day(opts.Today).Format(content.DateLayout))
	var lines []string
	for f, st := range key.inputs {
		rel, below := relInput(opts.Source, f)
		if below && strings.HasPrefix(rel, content.Dir+"/") && !NeedsFullLoad(rel) {
			continue // a page or an asset
		}
		name := f // the executable, or a file outside the site
		if below {
			name = rel // the same however --source is spelled
		}
		lines = append(lines, name+" "+st.Sum+"\n")
	}
	slices.Sort(lines)
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// relInput is a build key's input file as a slash path from the site
// root, when it is below it.
func relInput(source, f string) (string, bool) {
	rel, err := filepath.Rel(source, f)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// OpenIncremental returns the builder of haven build into out: with the
// memo of the last build (see memoFile) when it may be used with key,
// the build key of this one, else empty, so the build is a full one. The
// note says why a memo that exists was not used when that is worth
// telling ("" otherwise).
func OpenIncremental(opts Options, out string, key *BuildKey) (c *Incremental, note string) {
	opts.Today = content.Day(opts.Today)
	c = NewIncremental(opts)
	if key == nil {
		return c, ""
	}
	c.inputs = key.inputs
	var m memoData
	fits, err := readMemo(filepath.Join(opts.Source, CacheDir), &m, func(m *memoData) bool {
		// Another output, or other settings: a full build, as expected.
		return key.last != nil && key.last.Key == m.Key && key.last.Out == absPath(out) && m.Settings == settingsSum(key, opts)
	})
	if errors.Is(err, fs.ErrNotExist) && m.Format == 0 {
		return c, ""
	}
	name := filepath.Join(CacheDir, memoFile)
	switch {
	case err != nil:
		return c, fmt.Sprintf("the build memo %s cannot be read (%v); building in full", name, err)
	case m.Format != memoFormat:
		return c, fmt.Sprintf("the build memo %s is of another haven; building in full", name)
	case !fits:
		return c, ""
	}
	if err := c.restore(&m, key); err != nil {
		return NewIncremental(opts), fmt.Sprintf("the build memo %s does not fit the site (%v); building in full", name, err)
	}
	return c, ""
}

// Restored reports whether the builder holds a memo restored from disk
// that its next Run has not used yet: that Run is an incremental build.
func (c *Incremental) Restored() bool { return c.restored }

// restore installs the memo m: the settings are read again (they are
// unchanged), the records of files whose hash changed are left out.
func (c *Incremental) restore(m *memoData, key *BuildKey) error {
	root, err := openSiteFS(c.opts.Source)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := c.loadBase(root); err != nil {
		return err
	}
	n := 0
	for _, shard := range m.Shards {
		n += len(shard)
	}
	entries := make([]content.CacheEntry, 0, n)
	pages := make(map[string]*content.Page, n)
	today := content.Day(c.opts.Today)
	c.kept = make(map[string]keptPage, n)
	c.bare = make(map[*markdown.Result]bool, n)
	c.derived = make(map[*content.Page]derived, n)
	docs := make(map[string]*markdown.Result, n)
	for me := range flat(m.Shards) {
		e := me.Entry
		if st, ok := key.inputs[filepath.Join(c.opts.Source, filepath.FromSlash(e.Path))]; !ok || st.Sum != me.Input {
			continue
		}
		entries = append(entries, e)
		r := me.Record
		if e.Page == nil || r == nil || r.Doc == nil {
			continue
		}
		cp := e.Page
		pages[e.Path] = cp
		p := model.New(cp, today, c.opts.Drafts)
		p.SetDoc(r.Doc)
		p.Facts, p.Own, p.Verdicts, p.SiteMatches, p.Checked = r.Facts, r.Own, r.Verdicts, r.SiteMatches, r.Checked
		c.kept[e.Path] = keptPage{page: p, bodySum: r.BodySum, bodyLen: r.BodyLen, diags: r.Diags, today: today, base: c.bases}
		docs[e.Path] = r.Doc
		c.bare[r.Doc] = true
		if d := r.Derived; d != nil {
			doc := r.Doc
			if !d.SameDoc {
				doc = &markdown.Result{} // matches nothing: made again
			}
			c.derived[cp] = derived{doc: doc, published: d.Published, tr: d.Tr, made: true, search: d.Search, apiPath: d.APIPath}
		}
	}
	c.parsed = content.NewCache(entries)
	c.pages = make(map[string]pageEntry, n)
	for v := range flat(m.Views) {
		e := pageEntry{sum: v.Sum}
		if v.File != "" {
			if e.page = pages[v.File]; e.page == nil {
				continue
			}
			e.doc = &markdown.Result{}
			if v.SameDoc && docs[v.File] != nil {
				e.doc = docs[v.File]
			}
		}
		c.pages[v.Name] = e
	}
	c.listing = m.Listing
	c.outStamps = key.last.Files
	c.restored = true
	c.last = m
	return nil
}

// flat yields the elements of the memo's parts (its pages, or its
// views), part by part.
func flat[T any](parts [][]T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, part := range parts {
			for _, v := range part {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// fullDoc gives a page whose rendered body was restored from the memo
// without its HTML and text (c.bare) its whole body again: rendered from
// its Markdown, read again from its file in fsys when the build does not
// hold it (see readBody). Other pages are left as they are.
func (c *Incremental) fullDoc(fsys fs.FS, p *model.Page) error {
	if !c.isBare(p.Doc) {
		return nil
	}
	if p.Body == nil {
		if err := c.readBody(fsys, p); err != nil {
			return err
		}
	}
	var d diag.List // reported when the page was first rendered
	p.SetDoc(renderBody(c.md, p.Page, false, &d))
	return nil
}

// isBare reports whether doc is a rendered body without its HTML (or
// text): see fullDoc. Safe for concurrent use.
func (c *Incremental) isBare(doc *markdown.Result) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bare[doc]
}

// dropText drops the plain text of page p, prepared for the checks, so
// that a build holds no page's text once written: its rendered body is
// then made again should a later run need it (see fullDoc).
func (c *Incremental) dropText(p *model.Page) {
	p.Doc.Text, p.Evidence, p.Text = "", "", nil
	c.mu.Lock()
	c.bare[p.Doc] = true
	c.mu.Unlock()
}

// Save keeps the state of the last [Incremental.Run] in the memo on
// disk, for the build with key (see memoFile), which must have had no
// errors; the memo is used once [RecordBuild] has recorded that key
// after the commit, and may be written while the output is committed.
// Failing to save is not an error of the build: the next one is then a
// full one.
func (c *Incremental) Save(key *BuildKey) error {
	if c.base == nil || key == nil {
		return nil
	}
	m := memoData{Format: memoFormat, Key: key.Sum, Settings: settingsSum(key, c.opts), Listing: c.listing,
		Parts: make([]string, memoParts+1), Sums: make([]uint32, memoParts+1), Views: make([][]memoView, memoParts+1), Shards: make([][]memoEntry, memoParts)}
	for _, e := range c.parsed.Entries() {
		me := memoEntry{Entry: e}
		if st, ok := key.inputs[filepath.Join(c.opts.Source, filepath.FromSlash(e.Path))]; ok {
			me.Input = st.Sum
		}
		if k, ok := c.kept[e.Path]; ok && e.Page != nil && k.page.Page == e.Page {
			me.Record = c.record(k)
		}
		i := memoShard(e.Path)
		m.Shards[i] = append(m.Shards[i], me)
	}
	docs := map[*content.Page]*markdown.Result{}
	for _, k := range c.kept {
		docs[k.page.Page] = k.page.Doc
	}
	for name, e := range c.pages {
		v := memoView{Name: name, Sum: e.sum}
		if e.page != nil {
			v.File, v.SameDoc = e.page.File, docs[e.page] == e.doc
		}
		i := viewPart(v)
		m.Views[i] = append(m.Views[i], v)
	}
	for _, views := range m.Views {
		slices.SortFunc(views, func(a, b memoView) int { return strings.Compare(a.Name, b.Name) })
	}
	if last := c.last; last != nil {
		for i := range m.Parts {
			if slices.Equal(m.Views[i], last.Views[i]) && (i == 0 || samePages(m.Shards[i-1], last.Shards[i-1])) {
				m.Parts[i], m.Sums[i] = last.Parts[i], last.Sums[i]
			}
		}
	}
	if err := writeMemo(c.opts.Source, &m); err != nil {
		return err
	}
	c.last = &m
	return nil
}

// viewPart is the part of the memo that holds the view v: its page
// file's (see memoShard), or part 0 for the pages haven makes.
func viewPart(v memoView) int {
	if v.File == "" {
		return 0
	}
	return memoShard(v.File) + 1
}

// memoShard is the part of the memo (0 to memoParts-1, stored in part
// file 1 to memoParts) that holds the page file path: a hash of the path,
// so a page stays in its part as others come and go.
func memoShard(path string) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % memoParts)
}

// samePages reports whether the pages of a part of the memo a build
// saves are those of the memo it restored, so that the part file on disk
// holds them already. Each page's file and parse are the ones restored
// (the same hash, stamp and parsed page: the loader hands an unchanged
// file's page back), and so, as the settings are the same (the memo
// would not have been restored otherwise), is everything worked out from
// them alone: the rendered body (by its sum) and its diagnostics, facts,
// own checks, verdicts and site matches (the very slices restored, which
// a page reuses while its file is unchanged). What depends on other
// pages, the derived outputs, is compared by value. VerifyMemoEnv
// checks this rule against the encoding itself.
func samePages(pages, last []memoEntry) bool {
	if len(pages) != len(last) {
		return false
	}
	for i, a := range pages {
		b := last[i]
		if a.Input != b.Input || a.Entry.Path != b.Entry.Path || a.Entry.Size != b.Entry.Size || !a.Entry.Mod.Equal(b.Entry.Mod) ||
			a.Entry.Page != b.Entry.Page || !sameSlice(a.Entry.Diags, b.Entry.Diags) || !sameRecord(a.Record, b.Record) {
			return false
		}
	}
	return true
}

// sameRecord is samePages for one page's record.
func sameRecord(a, b *memoPage) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.BodySum == b.BodySum && (a.Doc == nil) == (b.Doc == nil) && a.Checked == b.Checked &&
		sameSlice(a.Diags, b.Diags) && sameSlice(a.Facts, b.Facts) && sameSlice(a.Own, b.Own) &&
		sameSlice(a.Verdicts, b.Verdicts) && sameSlice(a.SiteMatches, b.SiteMatches) && sameDerived(a.Derived, b.Derived)
}

// sameDerived compares a page's derived outputs by value.
func sameDerived(a, b *memoDerived) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.SameDoc == b.SameDoc && a.Published == b.Published && a.APIPath == b.APIPath && a.Search == b.Search && maps.Equal(a.Tr, b.Tr)
}

// sameSlice reports whether a and b are the very same slice: the same
// elements in memory, or both empty in the same way (nil or not, which
// the memo's encoding keeps apart).
func sameSlice[T any](a, b []T) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0]
}

// record is the memo's record of a kept page.
func (c *Incremental) record(k keptPage) *memoPage {
	p := k.page
	r := &memoPage{BodySum: k.bodySum, BodyLen: k.bodyLen, Diags: k.diags, Facts: p.Facts,
		Own: p.Own, Verdicts: p.Verdicts, SiteMatches: p.SiteMatches, Checked: p.Checked}
	if p.Doc != nil {
		doc := *p.Doc
		doc.HTML, doc.Text = nil, ""
		r.Doc = &doc
	}
	if d, ok := c.derived[p.Page]; ok {
		r.Derived = &memoDerived{SameDoc: d.doc == p.Doc, Published: d.published, Tr: d.tr, Search: d.search, APIPath: d.apiPath}
	}
	return r
}

// memoPart names part i of the memo (see memoData): 0 holds the views
// of the pages haven makes, 1 to memoParts the pages of each shard
// (memoShard) and the views of their theme pages.
func memoPart(i int) string { return fmt.Sprintf("memo-%d.pack", i) }

// writeMemo writes m below the cache folder of the site source: each part
// whose id m.Parts does not give already (so its file holds it, and
// m.Sums its checksum), in parallel (package pack), under a new id, which
// it begins with, then its views, then (but part 0) the count of its
// pages and each page, its checksum kept in m.Sums; then the header (gob,
// which any haven reads to tell a memo of another format), so that a
// header is never newer than its parts. Each file replaces the old one
// at once (writeCacheFile).
func writeMemo(source string, m *memoData) error {
	if len(m.Sums) != len(m.Parts) {
		m.Sums = make([]uint32, len(m.Parts)) // a memo of new parts only
	}
	var g errgroup.Group
	for i, id := range m.Parts {
		if id != "" {
			if os.Getenv(VerifyMemoEnv) != "" {
				verifyPart(source, i, m)
			}
			continue
		}
		id = newPartID()
		m.Parts[i] = id
		g.Go(func() error {
			return writeCacheFile(source, memoPart(i), func(w *bufio.Writer) error {
				h := crc32.New(partTable)
				err := encodePart(io.MultiWriter(w, h), id, i, m)
				m.Sums[i] = h.Sum32()
				return err
			})
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	head := *m
	head.Views, head.Shards = nil, nil
	return writeCacheFile(source, memoFile, func(w *bufio.Writer) error { return gob.NewEncoder(w).Encode(&head) })
}

// partTable is the CRC-32C table of the memo parts' checksums: a part
// damaged on disk that still decodes would otherwise give a build the
// records of pages it never had (a title, a phone number, a check's
// verdict), published unseen. CRC-32C is computed by the CPU on amd64 and
// arm64: under a millisecond for the 18 MB of a 10,000-page memo.
var partTable = crc32.MakeTable(crc32.Castagnoli)

// partFlush is how much of a part's encoding encodePart holds before it
// writes it out.
const partFlush = 256 << 10

// encodePart writes part i of m to w, beginning with its id.
func encodePart(w io.Writer, id string, i int, m *memoData) error {
	e := pack.NewEncoder(partFlush + 64<<10)
	if err := errors.Join(e.Encode(&id), e.Encode(&m.Views[i])); err != nil || i == 0 {
		return errors.Join(err, e.Flush(w))
	}
	// Page by page, flushed as it goes: 30,000 pages' records are 55 MB,
	// which the build need not hold twice, and the seventeen parts are
	// written at once.
	pages := m.Shards[i-1]
	n := len(pages)
	if err := e.Encode(&n); err != nil {
		return err
	}
	for j := range pages {
		if err := e.Encode(&pages[j]); err != nil {
			return err
		}
		if len(e.Bytes()) >= partFlush {
			if err := e.Flush(w); err != nil {
				return err
			}
		}
	}
	return e.Flush(w)
}

// newPartID returns a new id for a part file of the memo.
func newPartID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// VerifyMemoEnv names the environment variable that, set to anything,
// makes a build check each part of the memo it keeps (see samePages)
// against the part file: the pages and views read back from it must be
// deeply equal to those the build would write, or the build panics, as
// the memo would be stale. TestPersistentBuild sets it; it costs more than
// writing the part.
const VerifyMemoEnv = "HAVEN_VERIFY_MEMO"

// verifyPart is the check of VerifyMemoEnv for part i of m. Pages and
// views are compared as values: the bytes of a part are not the same for
// equal pages, as maps are written in no particular order.
func verifyPart(source string, i int, m *memoData) {
	data, err := os.ReadFile(filepath.Join(source, CacheDir, memoPart(i)))
	var id string
	var views []memoView
	var pages []memoEntry
	if err == nil {
		d := pack.NewDecoder(data)
		err = errors.Join(d.Decode(&id), d.Decode(&views))
		if err == nil && i > 0 {
			err = decodePages(d, &pages)
		}
	}
	if err == nil && crc32.Checksum(data, partTable) != m.Sums[i] {
		err = errors.New("checksum differs")
	}
	if err != nil || id != m.Parts[i] || !reflect.DeepEqual(views, m.Views[i]) || i > 0 && !reflect.DeepEqual(pages, m.Shards[i-1]) {
		panic(fmt.Sprintf("memo part %d kept, but %s does not hold its pages and views (%v)", i, memoPart(i), err))
	}
}

// readMemo reads what writeMemo wrote in the cache folder dir: the header,
// and then, when it is of this format and fits says the memo may be used,
// the parts in parallel. It reports whether it read them; a part whose id
// is not the header's is an error.
func readMemo(dir string, m *memoData, fits func(*memoData) bool) (bool, error) {
	if err := decodeFile(filepath.Join(dir, memoFile), func(dec *gob.Decoder) error { return dec.Decode(m) }); err != nil {
		return false, err
	}
	if m.Format != memoFormat || !fits(m) {
		return false, nil
	}
	if len(m.Parts) != memoParts+1 || len(m.Sums) != memoParts+1 {
		return false, fmt.Errorf("%s lists %d parts and %d checksums, not %d", memoFile, len(m.Parts), len(m.Sums), memoParts+1)
	}
	m.Views, m.Shards = make([][]memoView, memoParts+1), make([][]memoEntry, memoParts)
	var g errgroup.Group
	for i := 0; i <= memoParts; i++ {
		g.Go(func() error {
			data, err := os.ReadFile(filepath.Join(dir, memoPart(i)))
			if err != nil {
				return err
			}
			if crc32.Checksum(data, partTable) != m.Sums[i] {
				return fmt.Errorf("%s is damaged: its checksum is not the one %s lists", memoPart(i), memoFile)
			}
			d := pack.NewDecoderOwning(data) // data is the decoder's alone: 16 MB not copied
			var id string
			if err := d.Decode(&id); err != nil {
				return fmt.Errorf("%s: %w", memoPart(i), err)
			}
			if id != m.Parts[i] {
				return fmt.Errorf("%s is not the part %s lists", memoPart(i), memoFile)
			}
			err = d.Decode(&m.Views[i])
			if err == nil && i > 0 {
				err = decodePages(d, &m.Shards[i-1])
			}
			if err == nil && d.More() {
				err = errors.New("input left after the memo")
			}
			if err != nil {
				return fmt.Errorf("%s: %w", memoPart(i), err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return false, err
	}
	return true, nil
}

// decodePages reads the pages of a part of the memo: their count, then
// each page.
func decodePages(d *pack.Decoder, pages *[]memoEntry) error {
	var n int
	if err := d.Decode(&n); err != nil {
		return err
	}
	if n < 0 || n > 1<<24 {
		return fmt.Errorf("%d pages", n)
	}
	if n == 0 {
		return nil // as written: a part with no pages is nil
	}
	*pages = make([]memoEntry, n)
	for j := range *pages {
		if err := d.Decode(&(*pages)[j]); err != nil {
			return err
		}
	}
	return nil
}

// decodeFile opens the file name and calls decode with a gob decoder
// reading it.
func decodeFile(name string, decode func(*gob.Decoder) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return decode(gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)))
}

// writeCacheFile writes name below the cache folder through a temporary
// file and a rename, so a reader sees the old file or the whole new one.
func writeCacheFile(source, name string, write func(*bufio.Writer) error) error {
	dir := filepath.Join(source, CacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())           // after the rename, there is nothing left to remove
	w := bufio.NewWriterSize(tmp, 64<<10) // the memo's parts come in flushes of their own
	if err := write(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}

// ForgetMemo removes the memo's header, so the next build is a full one
// unless this one saves a memo: parts are never read without a header
// that lists them, and a memo saved keeps the parts it has not changed
// (see samePages). It also removes the parts of the gob memo of havens
// before format 4.
func ForgetMemo(source string) {
	dir := filepath.Join(source, CacheDir)
	os.Remove(filepath.Join(dir, memoFile))
	for i := 0; i <= 4; i++ {
		os.Remove(filepath.Join(dir, fmt.Sprintf("memo-%d.gob", i)))
	}
}
