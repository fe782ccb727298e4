package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
)

// CacheDir is the build cache below the site root. It is safe to delete:
// the next build is then a full one.
const CacheDir = ".haven-cache"

// The cache lets a build with nothing changed finish after reading its
// inputs once. Its rules, in one place:
//
//   - The key is a SHA-256 over every input of a build: the contents and
//     paths of every file under content/ (pages, assets, _data), haven.yaml,
//     rules.yaml and the site's themes/ folder; the modification day of
//     each page (shown as its update date when it has no reviewed); the
//     build options (drafts, base URL, build day); and the haven executable
//     itself, so a new version of haven never reuses an old build.
//   - A build whose key equals the key recorded after the last successful
//     build into the same output folder, and whose output folder still
//     holds exactly the files recorded then (same names, sizes and
//     modification times), is up to date: nothing is rendered or written,
//     and the recorded warnings are reported again.
//   - Anything else is a full build, which records a new key.
//
// So the cache can only skip a build whose result would be byte-for-byte
// the files already in the output folder.
type manifest struct {
	Key         string               `json:"key"`
	Out         string               `json:"out"`
	Files       map[string]fileStamp `json:"files"`
	Diagnostics []string             `json:"diagnostics"` // as printed
	Pages       int                  `json:"pages"`
}

type fileStamp struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime"` // Unix nanoseconds
}

func manifestPath(source string) string {
	return filepath.Join(source, CacheDir, "build.json")
}

// CacheKey hashes every input of a build with opts. Files are hashed in
// parallel and combined in path order.
func CacheKey(opts Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "options drafts=%v base=%q today=%s\n", opts.Drafts, opts.BaseURL, content.Day(opts.Today).Format(content.DateLayout))
	var files []string
	if exe, err := os.Executable(); err == nil {
		files = append(files, exe)
	}
	for _, top := range []string{"haven.yaml", "rules.yaml", content.Dir, "themes"} {
		err := filepath.WalkDir(filepath.Join(opts.Source, top), func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil || d.IsDir() {
				return err
			}
			files = append(files, p)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sums := make([]string, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				sums[i] = fileSum(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, f := range files {
		rel, _ := filepath.Rel(opts.Source, f)
		if i == 0 {
			rel = "haven executable"
		}
		fmt.Fprintf(h, "%s %s\n", filepath.ToSlash(rel), sums[i])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileSum hashes one input file, with the modification day of a page
// (shown as its update date when it has no reviewed date). A file that
// cannot be read hashes as such: the build reports it. A symbolic link is
// hashed with its target's content: the build reads links that stay in
// the site, and hashing one that leaves it only costs a needless rebuild.
func fileSum(path string) string {
	h := sha256.New()
	info, err := os.Stat(path)
	if err != nil {
		return "unreadable"
	}
	if target, err := os.Readlink(path); err == nil {
		fmt.Fprintf(h, "symlink %s\n", target)
	}
	if strings.HasSuffix(path, ".md") {
		fmt.Fprintf(h, "day %s\n", content.Day(info.ModTime()).Format(content.DateLayout))
	}
	f, err := os.Open(path)
	if err != nil {
		return "unreadable"
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "unreadable"
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stampTree records name, size and modification time of every file below
// dir.
func stampTree(dir string) (map[string]fileStamp, error) {
	files := map[string]fileStamp{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = fileStamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
		return nil
	})
	return files, err
}

// UpToDate reports whether out already holds the build of opts, as
// recorded by [RecordBuild] under key. It returns the recorded
// diagnostics (warnings, as printed) and page count so the caller can
// report them again.
func UpToDate(opts Options, out, key string) (bool, []string, int) {
	b, err := os.ReadFile(manifestPath(opts.Source))
	if err != nil {
		return false, nil, 0
	}
	var m manifest
	if json.Unmarshal(b, &m) != nil || m.Key != key || m.Out != absPath(out) {
		return false, nil, 0
	}
	files, err := stampTree(out)
	if err != nil || len(files) != len(m.Files) {
		return false, nil, 0
	}
	for name, st := range files {
		if m.Files[name] != st {
			return false, nil, 0
		}
	}
	return true, m.Diagnostics, m.Pages
}

// RecordBuild notes that out now holds the build with key, so the next
// build with the same inputs can be skipped. Failing to record is not an
// error of the build: the next build is then simply a full one.
func RecordBuild(opts Options, out, key string, pages int, diags []diag.Diagnostic) error {
	files, err := stampTree(out)
	if err != nil {
		return err
	}
	m := manifest{Key: key, Out: absPath(out), Files: files, Pages: pages}
	for _, d := range diags {
		m.Diagnostics = append(m.Diagnostics, d.String())
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	dir := filepath.Join(opts.Source, CacheDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "build-*.json")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), manifestPath(opts.Source))
}

// ForgetBuild removes the record, so the next build is a full one.
func ForgetBuild(source string) {
	os.Remove(manifestPath(source))
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return strings.TrimSuffix(p, "/")
}
