package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/corpus"
	"github.com/haven-cms/haven/internal/site"
	"github.com/haven-cms/haven/themes"
)

var (
	incSeed  = flag.Uint64("inc.seed", 0, "replay TestPersistentBuild with this seed only")
	incSeeds = flag.Int("inc.seeds", 3, "how many seeds TestPersistentBuild tries")
	incSteps = flag.Int("inc.steps", 10, "random edits per seed in TestPersistentBuild")
)

// TestPersistentBuild is the property of haven build's memo (see
// internal/site/memo.go): after any sequence of edits (pages created,
// deleted, renamed, front matter (alone, or with the body) and body
// edited, the data file and the theme edited), a build that reuses the memo of the one before writes
// exactly the files, byte for byte, that a fresh build of the same site
// writes, and reports the same problems. A build after an edit of one
// page's body takes most of its files over from the last output (the same
// inode), so the property is about builds that did reuse.
func TestPersistentBuild(t *testing.T) {
	seeds := []uint64{*incSeed}
	if *incSeed == 0 {
		seeds = nil
		for i := range *incSeeds {
			seeds = append(seeds, uint64(i+1))
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { persistentBuild(t, seed, *incSteps) })
	}
}

func persistentBuild(t *testing.T, seed uint64, steps int) {
	t.Setenv(site.VerifyMemoEnv, "1") // a memo part kept must be what the build would write
	dir := t.TempDir()
	src, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := corpus.Generate(src, corpus.Options{Pages: 30, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "themes", "default"), themes.Default()); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 7))
	opts := site.Options{Source: src, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	build1 := func(o site.Options, out string, noCache bool) (int, string) {
		var stdout, stderr bytes.Buffer
		code, err := build(context.Background(), o, out, noCache, &stdout, &stderr)
		if err != nil { // a failure of the build as a whole is an outcome too
			fmt.Fprintf(&stderr, "error: %v\n", err)
		}
		return code, stderr.String()
	}
	if code, errs := build1(opts, out, false); code != 0 {
		t.Fatalf("the generated site does not build:\n%s", errs)
	}
	reusedSome := false
	partsKept := 0
	for step := range steps {
		what := randomEdit(t, r, src)
		before := inodes(t, out)
		parts := memoParts(t, src)
		code, errs := build1(opts, out, false)
		partsKept += keptFiles(parts, memoParts(t, src))
		if strings.Contains(errs, "note:") {
			t.Fatalf("step %d (%s): %s", step, what, errs)
		}
		// The oracle: a fresh build of a copy of the site, with no memo.
		ref := filepath.Join(dir, fmt.Sprintf("ref-%d", step))
		copyTree(t, src, filepath.Join(ref, "site"))
		refOpts := opts
		refOpts.Source = filepath.Join(ref, "site")
		refCode, refErrs := build1(refOpts, filepath.Join(ref, "public"), true)
		refErrs = strings.ReplaceAll(strings.ReplaceAll(refErrs, refOpts.Source, src), filepath.Join(ref, "public"), out)
		if code != refCode || errs != refErrs {
			t.Fatalf("step %d (%s): exit %d, want %d; problems:\n%s\nwant:\n%s", step, what, code, refCode, errs, refErrs)
		}
		if code != 0 {
			continue
		}
		sameTree(t, out, filepath.Join(ref, "public"), fmt.Sprintf("step %d (%s)", step, what))
		after := inodes(t, out)
		kept := keptFiles(before, after)
		reusedSome = reusedSome || kept > 0
		if strings.HasPrefix(what, "body of ") && kept < len(after)*3/4 {
			t.Errorf("step %d (%s): only %d of %d files taken over from the last build", step, what, kept, len(after))
		}
		os.RemoveAll(ref)
	}
	if !reusedSome {
		t.Error("no build took a file over from the last one: the property says nothing about the memo")
	}
	if partsKept == 0 {
		t.Error("no build kept a part of the memo: the property says nothing about keeping them")
	}
}

// memoParts returns the inode of each part file of the memo of the site
// src: a part kept by a build keeps its inode, one written is new.
func memoParts(t *testing.T, src string) map[string]uint64 {
	t.Helper()
	parts, _ := filepath.Glob(filepath.Join(src, site.CacheDir, "memo-*.pack"))
	out := map[string]uint64{}
	for _, p := range parts {
		if info, err := os.Stat(p); err == nil {
			out[p] = info.Sys().(*syscall.Stat_t).Ino
		}
	}
	return out
}

// randomEdit makes one random edit below the site src and says what it did.
func randomEdit(t *testing.T, r *rand.Rand, src string) string {
	t.Helper()
	var pages []string
	_ = filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			pages = append(pages, p)
		}
		return nil
	})
	slices.Sort(pages)
	p := pages[r.IntN(len(pages))]
	rel, _ := filepath.Rel(src, p)
	read := func(f string) string {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(f, s string) {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := r.IntN(1000)
	switch k := r.IntN(11); k {
	case 0, 1, 2:
		write(p, read(p)+fmt.Sprintf("\nA new paragraph %d, with a [link](/et/) and ## no heading.\n\n## Heading %d\n", n, n))
		return "body of " + rel
	case 3:
		write(p, strings.Replace(read(p), "title: ", fmt.Sprintf("title: Retitled %d ", n), 1))
		return "title of " + rel
	case 4:
		fm := regexp.MustCompile(`(?m)^(weight|menu): .*\n`).ReplaceAllString(read(p), "")
		write(p, strings.Replace(fm, "---\n", fmt.Sprintf("---\nweight: %d\nmenu: main\n", n%7), 1))
		return "menu of " + rel
	case 5:
		lang := []string{"et", "en", "ru"}[r.IntN(3)]
		write(filepath.Join(src, "content", lang, "abi", fmt.Sprintf("uus-%d.md", n)), fmt.Sprintf("---\ntitle: Uus %d\ntranslation_key: uus-%d\n---\nNew page %d.\n", n, n%3, n))
		return fmt.Sprintf("new page %s/abi/uus-%d.md", lang, n)
	case 6:
		if strings.HasSuffix(p, "_index.md") || strings.Contains(read(p), "covers:") {
			return "nothing (kept " + rel + ")"
		}
		os.Remove(p)
		return "deleted " + rel
	case 7:
		if strings.HasSuffix(p, "_index.md") || strings.Contains(read(p), "covers:") {
			return "nothing (kept " + rel + ")"
		}
		to := strings.TrimSuffix(p, ".md") + fmt.Sprintf("-r%d.md", n)
		if err := os.Rename(p, to); err != nil {
			t.Fatal(err)
		}
		return "renamed " + rel
	case 9:
		// Front matter alone: the body, and so the rendered Markdown the
		// memo keeps without its text, is the same.
		fm := regexp.MustCompile(`(?m)^(reviewed|draft): .*\n`).ReplaceAllString(read(p), "")
		extra := fmt.Sprintf("reviewed: 2026-%02d-%02d\n", n%11+1, n%28+1)
		if n%4 == 0 {
			extra = "draft: true\n"
		}
		write(p, strings.Replace(fm, "---\n", "---\n"+extra, 1))
		return "front matter of " + rel
	case 8:
		f := filepath.Join(src, "content", "_data", "contacts.yaml")
		write(f, strings.Replace(read(f), `number: "112"`, fmt.Sprintf(`number: "112 %d"`, n), 1))
		return "data file"
	default:
		f := filepath.Join(src, "themes", "default", "templates", "base.html")
		write(f, read(f)+fmt.Sprintf("{{/* edit %d */}}\n", n))
		return "theme"
	}
}

// inodes returns the inode of every file below dir.
func inodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = info.Sys().(*syscall.Stat_t).Ino
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTree copies the site from to to, keeping modification times (a
// page's update date is its file's), without the cache and the output.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if rel == site.CacheDir {
			return filepath.SkipDir
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameTree fails unless the folders a and b hold the same files with the
// same bytes.
func sameTree(t *testing.T, a, b, what string) {
	t.Helper()
	files := func(dir string) map[string]string {
		out := map[string]string{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	got, want := files(a), files(b)
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is missing", what, name)
		} else if g != w {
			t.Errorf("%s: %s differs from a fresh build's:\n%s\nwant:\n%s", what, name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is not in a fresh build", what, name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// A memo that cannot be read (its header or one of its parts broken or
// missing) is a full build with a note, and the site is the one a fresh
// build writes.
func TestBrokenMemo(t *testing.T) {
	dir, src, out, opts := generatedSite(t, 5)
	for _, broken := range []struct{ file, bytes string }{
		{"memo.gob", "not a gob at all"}, {"memo.gob", ""}, {"memo-2.pack", "not a memo at all"}, {"memo-0.pack", "-"},
	} {
		var stdout, stderr bytes.Buffer
		if code, err := build(context.Background(), opts, out, false, &stdout, &stderr); code != 0 || err != nil {
			t.Fatalf("build: %d %v\n%s", code, err, stderr.String())
		}
		memo := filepath.Join(src, site.CacheDir, broken.file)
		if broken.bytes == "-" {
			if err := os.Remove(memo); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(memo, []byte(broken.bytes), 0o644); err != nil {
			t.Fatal(err)
		}
		addLine(t, src)
		stdout.Reset()
		stderr.Reset()
		if code, err := build(context.Background(), opts, out, false, &stdout, &stderr); code != 0 || err != nil {
			t.Fatalf("build with a broken memo: %d %v\n%s", code, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "haven build: note: the build memo "+filepath.Join(site.CacheDir, "memo.gob")+" cannot be read") {
			t.Errorf("%s %q: no note about it:\n%s", broken.file, broken.bytes, stderr.String())
		}
		ref := filepath.Join(dir, "ref")
		os.RemoveAll(ref)
		copyTree(t, src, filepath.Join(ref, "site"))
		refOpts := opts
		refOpts.Source = filepath.Join(ref, "site")
		if code, err := build(context.Background(), refOpts, filepath.Join(ref, "public"), true, io.Discard, io.Discard); code != 0 || err != nil {
			t.Fatal(code, err)
		}
		sameTree(t, out, filepath.Join(ref, "public"), fmt.Sprintf("%s %q", broken.file, broken.bytes))
	}
}

// A part of the memo damaged on disk in a way that still decodes (one
// letter of a page's title changed) is not used: its checksum differs, so
// the build is a full one with a note, and the site shows the title the
// page has, not the damaged one.
func TestDamagedMemoPart(t *testing.T) {
	dir, src, out, opts := generatedSite(t, 6)
	if code, err := build(context.Background(), opts, out, false, io.Discard, io.Discard); code != 0 || err != nil {
		t.Fatal(code, err)
	}
	title, part := damageTitle(t, src)
	addLine(t, src) // another page: the damaged one's record would be used
	var stderr bytes.Buffer
	if code, err := build(context.Background(), opts, out, false, io.Discard, &stderr); code != 0 || err != nil {
		t.Fatalf("build with a damaged memo: %d %v\n%s", code, err, stderr.String())
	}
	if want := part + " is damaged"; !strings.Contains(stderr.String(), want) {
		t.Errorf("no note that %s (title %q):\n%s", want, title, stderr.String())
	}
	ref := filepath.Join(dir, "ref")
	copyTree(t, src, filepath.Join(ref, "site"))
	refOpts := opts
	refOpts.Source = filepath.Join(ref, "site")
	if code, err := build(context.Background(), refOpts, filepath.Join(ref, "public"), true, io.Discard, io.Discard); code != 0 || err != nil {
		t.Fatal(code, err)
	}
	sameTree(t, out, filepath.Join(ref, "public"), "damaged memo part")
}

// damageTitle changes, in the memo of the generated site src, the case
// of the first letter of a title of a page other than the one addLine
// edits, in the part file that holds it, and returns the title and the
// file's name.
func damageTitle(t *testing.T, src string) (title, part string) {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(src, "content", "en", "*", "leht-*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatal("no page in the generated site", err)
	}
	page, err := os.ReadFile(pages[0])
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(page), "\ntitle: ")
	title, _, _ = strings.Cut(rest, "\n")
	title = strings.Trim(title, `"'`)
	if len(title) < 8 || title[0]|0x20 < 'a' || title[0]|0x20 > 'z' {
		t.Fatalf("the generated page's title %q is not a word or more, beginning with a letter", title)
	}
	for i := 1; i <= 16; i++ {
		name := filepath.Join(src, site.CacheDir, fmt.Sprintf("memo-%d.pack", i))
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if at := bytes.Index(data, []byte(title)); at >= 0 {
			data[at] ^= 0x20 // the letter's other case
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
			return title, filepath.Base(name)
		}
	}
	t.Fatalf("no part of the memo holds the title %q", title)
	return "", ""
}

// The memo is used however --source is spelled: a build after an edit,
// given the site's folder relative to the working folder where the last
// build was given it absolute, takes most files over from the last output.
func TestMemoWhateverTheSourceSpelling(t *testing.T) {
	dir, src, out, opts := generatedSite(t, 3)
	if code, err := build(context.Background(), opts, out, false, io.Discard, io.Discard); code != 0 || err != nil {
		t.Fatal(code, err)
	}
	addLine(t, src)
	before := inodes(t, out)
	t.Chdir(dir)
	opts.Source = "site"
	var stderr bytes.Buffer
	if code, err := build(context.Background(), opts, out, false, io.Discard, &stderr); code != 0 || err != nil {
		t.Fatal(code, err, stderr.String())
	}
	after := inodes(t, out)
	if kept := keptFiles(before, after); kept < len(after)*3/4 {
		t.Errorf("only %d of %d files taken over from the last build: the memo was not used", kept, len(after))
	}
}

// generatedSite generates a 12-page site with seed in a new temporary
// folder dir: its source src, its output folder out and the options of a
// build of it.
func generatedSite(t *testing.T, seed uint64) (dir, src, out string, opts site.Options) {
	t.Helper()
	dir = t.TempDir()
	src, out = filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if err := corpus.Generate(src, corpus.Options{Pages: 12, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return dir, src, out, site.Options{Source: src, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
}

// addLine edits one page's body of the generated site src: a line more.
func addLine(t *testing.T, src string) {
	t.Helper()
	page := filepath.Join(src, "content", "et", "abi", "_index.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(b, "\nOne more line.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keptFiles counts the files of after (see inodes) that are the very
// files of before: taken over, not written again.
func keptFiles(before, after map[string]uint64) int {
	kept := 0
	for name, ino := range after {
		if before[name] == ino {
			kept++
		}
	}
	return kept
}
