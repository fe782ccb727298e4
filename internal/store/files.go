package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/haven-cms/haven/internal/content"
)

// MaxFile caps the files a store reads: a page's limit.
const MaxFile = content.MaxPageSize

// Files is a [Store] on a plain folder, the site root, read and written
// through an os.Root so that no name (.., a symbolic link) reaches outside
// it. A version is the SHA-256 of the bytes, as the editor's forms carry.
// Author and note of a write are not kept anywhere.
type Files struct {
	// Dir is the site root.
	Dir string

	mu sync.Mutex // a write reads, compares and renames at once
}

// NewFiles returns the store of the site folder dir.
func NewFiles(dir string) *Files { return &Files{Dir: dir} }

// hashVersion is the version [Files] gives data.
func hashVersion(data []byte) Version {
	sum := sha256.Sum256(data)
	return Version(hex.EncodeToString(sum[:]))
}

// open opens the site root.
func (f *Files) open() (*os.Root, error) {
	root, err := os.OpenRoot(f.Dir)
	if err != nil {
		return nil, fmt.Errorf("open the site folder: %w; check that %s exists and can be read", err, f.Dir)
	}
	return root, nil
}

// Read returns the file's bytes and their hash.
func (f *Files) Read(_ context.Context, name string) ([]byte, Version, error) {
	if err := checkPath(name); err != nil {
		return nil, "", err
	}
	root, err := f.open()
	if err != nil {
		return nil, "", err
	}
	defer root.Close()
	return readRoot(root, name)
}

// readRoot reads name below root, at most [MaxFile] bytes.
func readRoot(root *os.Root, name string) ([]byte, Version, error) {
	file, err := root.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Absent, nil
	} else if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", name, err)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxFile+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFile {
		return nil, "", fmt.Errorf("%s is over %d MiB; edit it in a text editor and split it", name, MaxFile>>20)
	}
	return data, hashVersion(data), nil
}

// Write replaces the file atomically when its hash is still base: the
// bytes go to a hidden temporary file in the same folder (one the site
// loader and the preview's watcher ignore), are synced, and the file is
// renamed over the old one, so a reader sees the old or the new text,
// never a part. A new file's folders are made. The check and the rename
// are atomic among the writes of this Files, not against other programs.
func (f *Files) Write(_ context.Context, name string, data []byte, base Version, _ Change) (Version, error) {
	if err := checkPath(name); err != nil {
		return "", err
	}
	if base == "" {
		return "", fmt.Errorf("save %s: no base version given; read the file first and pass its version (or %q for a new file)", name, Absent)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	root, err := f.open()
	if err != nil {
		return "", err
	}
	defer root.Close()
	theirs, now, err := readRoot(root, name)
	if err != nil {
		return "", err
	}
	if now != base {
		return "", &Conflict{Path: name, Base: base, Theirs: theirs, TheirVersion: now}
	}
	if err := ReplaceFile(root, name, data); err != nil {
		return "", err
	}
	return hashVersion(data), nil
}

// ReplaceFile writes data to name below root atomically: through a synced
// hidden temporary file in the same folder (one the site loader and the
// preview's watcher ignore) and a rename, keeping the old file's
// permissions and making missing folders, so a reader sees the old or the
// new text, never a part.
func ReplaceFile(root *os.Root, name string, data []byte) error {
	dir := path.Dir(name)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("make the folder %s: %w", dir, err)
	}
	mode := fs.FileMode(0o644)
	if fi, err := root.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp := path.Join(dir, "."+path.Base(name)+"."+strings.ToLower(rand.Text()[:12])+".tmp")
	if err := WriteSynced(root, tmp, data, mode); err != nil {
		_ = root.Remove(tmp)
		return fmt.Errorf("save %s: %w", name, err)
	}
	if err := root.Rename(tmp, name); err != nil {
		_ = root.Remove(tmp)
		return fmt.Errorf("save %s: %w", name, err)
	}
	if d, err := root.Open(dir); err == nil { // make the rename durable
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// WriteSynced creates name (which must not exist) in root with data and
// syncs it.
func WriteSynced(root *os.Root, name string, data []byte, mode fs.FileMode) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// List returns the regular files below dir, leaving out hidden and
// editor-temporary files and folders (those the site loader ignores).
func (f *Files) List(_ context.Context, dir string) ([]string, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	root, err := f.open()
	if err != nil {
		return nil, err
	}
	defer root.Close()
	start := dir
	if start == "" {
		start = "."
	}
	var out []string
	err = fs.WalkDir(root.FS(), start, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != start && content.Ignored(d.Name()):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.Type().IsRegular():
			out = append(out, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("list %s: %w", start, err)
	}
	sort.Strings(out)
	return out, nil
}

// History returns [ErrNoHistory]: a plain folder keeps none.
func (f *Files) History(context.Context, string) ([]Revision, error) { return nil, ErrNoHistory }
