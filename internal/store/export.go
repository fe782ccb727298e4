package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Export writes the files of treeish (a commit or tree id) into dir, made
// if needed, and removes the files of dir the tree does not have, so that
// dir is the tree's site: what the preview builds and a publish is
// checked on. It uses a temporary index file of its own; no checkout's
// index or working tree is touched.
func (g *Git) Export(ctx context.Context, treeish, dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("export %s: %w", short(treeish), err)
	}
	tmp, err := os.MkdirTemp("", "haven-export-")
	if err != nil {
		return fmt.Errorf("make a temporary index: %w", err)
	}
	defer os.RemoveAll(tmp)
	env := []string{"GIT_INDEX_FILE=" + filepath.Join(tmp, "index")}
	if _, err := g.run(ctx, nil, env, "read-tree", treeish); err != nil {
		return err
	}
	if _, err := g.run(ctx, nil, env, "--work-tree="+abs, "checkout-index", "-a", "-f"); err != nil {
		return err
	}
	out, err := g.run(ctx, nil, nil, "ls-tree", "-r", "-z", "--name-only", treeish)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, p := range strings.Split(string(out), "\x00") {
		keep[p] = true
	}
	return removeOthers(abs, keep)
}

// removeOthers removes the files below dir whose slash path is not in
// keep, and the folders left empty.
func removeOthers(dir string, keep map[string]bool) error {
	var stale, dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel := filepath.ToSlash(p[len(dir)+1:])
		switch {
		case d.IsDir():
			dirs = append(dirs, p)
		case !keep[rel]:
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = os.Remove(dirs[i]) // only succeeds when empty
	}
	return nil
}
