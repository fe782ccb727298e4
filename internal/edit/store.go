package edit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	havenstore "github.com/haven-cms/haven/internal/store"

	"github.com/haven-cms/haven/internal/content"
)

// absentHash is the version hash of a page file that does not exist yet.
const absentHash = "absent"

// versionHash is the hash every edit form carries of the file version it
// was loaded from: the SHA-256 of its bytes, or [absentHash].
func versionHash(data []byte, exists bool) string {
	if !exists {
		return absentHash
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// pageFile checks that file names a page the editor may read and write:
// content/<lang>/<path>.md for a site language, clean, without hidden or
// editor-temporary segments, not under content/_data/. It returns the path
// below content/ that the store opens through its os.Root.
func pageFile(file string, languages []string) (string, error) {
	example := "content/" + first(languages) + "/abi.md"
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("file %q: %s; give a page of the site such as %s", file, why, example)
	}
	switch {
	case file == "":
		return bad("no page given")
	case !utf8.ValidString(file) || strings.ContainsAny(file, "\\\x00:"):
		return bad("the name has a backslash, colon or a byte that is not text")
	case path.Clean(file) != file || strings.HasPrefix(file, "/"):
		return bad("the path is not clean (no /, . or .. segments allowed)")
	}
	rel, ok := strings.CutPrefix(file, content.Dir+"/")
	if !ok {
		return bad("only pages under content/ can be edited")
	}
	segs := strings.Split(rel, "/")
	if len(segs) < 2 || !slices.Contains(languages, segs[0]) {
		return bad("the path must start with a language folder (" + strings.Join(languages, ", ") + ")")
	}
	for _, s := range segs {
		if s == ".." || content.Ignored(s) || strings.HasPrefix(s, "_") && s != "_index.md" || len(s) > 255 {
			return bad(fmt.Sprintf("%q is not a page name the site publishes", s))
		}
	}
	if path.Ext(rel) != ".md" {
		return bad("only Markdown pages (.md) can be edited")
	}
	return rel, nil
}

func first(s []string) string {
	if len(s) == 0 {
		return "et"
	}
	return s[0]
}

// store reads and writes page files below one site's content/ folder,
// always through an os.Root, so that no name (.., a symbolic link) reaches
// outside it.
type store struct {
	dir string // the site's content/ folder
}

// read returns the file's bytes and whether it exists.
func (s store) read(rel string) ([]byte, bool, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, false, fmt.Errorf("open %s: %w", s.dir, err)
	}
	defer root.Close()
	f, err := root.Open(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", path.Join(content.Dir, rel), err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, content.MaxPageSize+1))
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", path.Join(content.Dir, rel), err)
	}
	if len(data) > content.MaxPageSize {
		return nil, false, fmt.Errorf("%s is over %d MiB; edit it in a text editor and split it", path.Join(content.Dir, rel), content.MaxPageSize>>20)
	}
	return data, true, nil
}

// exists reports whether a file or folder rel is there.
func (s store) exists(rel string) (bool, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return false, fmt.Errorf("open %s: %w", s.dir, err)
	}
	defer root.Close()
	_, err = root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// remove deletes the file rel.
func (s store) remove(rel string) error {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.dir, err)
	}
	defer root.Close()
	if err := root.Remove(rel); err != nil {
		return fmt.Errorf("%s: %w", content.Dir, err)
	}
	return nil
}

// write replaces the file atomically (see [store.ReplaceFile]); a new
// page's folders are made.
func (s store) write(rel string, data []byte) error {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.dir, err)
	}
	defer root.Close()
	if err := havenstore.ReplaceFile(root, rel, data); err != nil {
		return fmt.Errorf("%s: %w", content.Dir, err)
	}
	return nil
}

func contentDir(source string) string { return filepath.Join(source, content.Dir) }
