// Package floor is the least a generator must do to publish a site like
// haven's with the same libraries: read each page, split its front matter,
// render its Markdown with goldmark, minify the HTML with tdewolff/minify,
// encode a JSON document of it, and write both files (the page's
// index.html and its API document) into a fresh folder, on every core.
// No templates, no checks, no indexes.
//
// [Write] is the plainer floor below that: writing bytes already in memory
// into a fresh folder. `bash .ci/bench` runs both (command runfloor) beside
// haven build in one run, so haven's own overhead is the difference.
package floor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/adrg/frontmatter"
	"github.com/tdewolff/minify/v2"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Outputs maps a page file (slash path below the site root,
// content/et/abi/kriisitelefon.md) to the two files a build writes for it,
// as haven names them: et/abi/kriisitelefon/index.html and
// api/v1/et/pages/abi/kriisitelefon.json. It ignores slugs.
func Outputs(file string) (html, doc string) {
	rel := strings.TrimSuffix(strings.TrimPrefix(file, "content/"), ".md")
	lang, rest, _ := strings.Cut(rel, "/")
	if rest == "_index" {
		rest = ""
	}
	rest = strings.TrimSuffix(rest, "/_index")
	html = path.Join(lang, rest, "index.html")
	if rest == "" {
		rest = "index"
	}
	return html, "api/v1/" + lang + "/pages/" + rest + ".json"
}

// Stats counts what a run wrote.
type Stats struct {
	Files int64
	Bytes int64
}

// Build reads every .md page below site/content (skipping _data) and
// writes its minified HTML and its JSON document into out, which must not
// exist yet.
func Build(site, out string) (Stats, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "_data" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true})
	w := newWriter(out)
	err = parallel(len(files), func(i int, buf *bytes.Buffer) error {
		src, err := os.ReadFile(files[i])
		if err != nil {
			return err
		}
		var fm map[string]any
		body, err := frontmatter.Parse(bytes.NewReader(src), &fm)
		if err != nil {
			return fmt.Errorf("%s: %w", files[i], err)
		}
		buf.Reset()
		if err := md.Convert(body, buf); err != nil {
			return err
		}
		html, err := m.Bytes("text/html", buf.Bytes())
		if err != nil {
			return err
		}
		var doc bytes.Buffer
		enc := json.NewEncoder(&doc)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"front_matter": fm, "html": string(buf.Bytes())}); err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, files[i])
		htmlName, docName := Outputs(filepath.ToSlash(rel))
		if err := w.write(htmlName, html); err != nil {
			return err
		}
		return w.write(docName, doc.Bytes())
	})
	return w.stats(), err
}

// Read returns every file below dir, by slash path: the bytes [Write]
// writes.
func Read(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

// Write writes files into out, which must not exist yet, on every core:
// one mkdir per folder, one create and write per file.
func Write(files map[string][]byte, out string) (Stats, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	w := newWriter(out)
	err := parallel(len(names), func(i int, _ *bytes.Buffer) error { return w.write(names[i], files[names[i]]) })
	return w.stats(), err
}

// parallel runs fn(i) for i in [0, n) on every core and returns the
// first error.
func parallel(n int, fn func(i int, buf *bytes.Buffer) error) error {
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if err := fn(i, &buf); err != nil {
					first.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	wg.Wait()
	if e := first.Load(); e != nil {
		return *e
	}
	return nil
}

// writer writes files below a folder, making each folder once.
type writer struct {
	out          string
	dirs         sync.Map // folder -> *sync.Once
	files, bytes atomic.Int64
}

func newWriter(out string) *writer { return &writer{out: out} }

func (w *writer) write(name string, data []byte) error {
	dir := filepath.Join(w.out, filepath.FromSlash(path.Dir(name)))
	once, _ := w.dirs.LoadOrStore(dir, new(sync.Once))
	var err error
	once.(*sync.Once).Do(func() { err = os.MkdirAll(dir, 0o755) })
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.out, filepath.FromSlash(name)), data, 0o644); err != nil {
		return err
	}
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
	return nil
}

func (w *writer) stats() Stats { return Stats{Files: w.files.Load(), Bytes: w.bytes.Load()} }
