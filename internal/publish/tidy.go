package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// stagingPrefix is how the staging folders of builds into out are named
// beside it: .<name>.staging-<random>.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".staging-" }

// oldPrefix is how a replaced output of a build into out is named beside
// it until it is removed: .<name>.old-<random>.
func oldPrefix(out string) string { return "." + filepath.Base(out) + ".old-" }

// tidy clears up after builds into out that were killed or crashed; the
// caller holds out's lock, so none of them still runs. When out is
// missing and a replaced output is beside it (a two-step swap stopped
// between its renames), that one is moved back. Then every staging and
// replaced folder of out that is haven's (marked, or empty) is removed.
// Folders without the marker are left alone. What it does is written to
// log (when not nil); failures are reported there too, as the build can
// go on without it.
func tidy(out string, log io.Writer) {
	note := func(format string, args ...any) {
		if log != nil {
			fmt.Fprintf(log, "haven build: "+format+"\n", args...)
		}
	}
	staged, olds := leftovers(out)
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if i := newest(olds); i >= 0 {
			if err := os.Rename(olds[i], out); err != nil {
				note("warning: %s is missing and the previous output at %s could not be put back: %v", out, olds[i], err)
			} else {
				note("put the previous output back into %s from %s, where an interrupted build had left it", out, olds[i])
				olds = append(olds[:i], olds[i+1:]...)
			}
		}
	}
	for _, p := range append(staged, olds...) {
		if !ours(p) {
			continue
		}
		if err := removeAll(p); err != nil {
			note("warning: cannot remove %s, left by an interrupted build: %v; delete it yourself", p, err)
		} else {
			note("removed %s, left by an interrupted build", p)
		}
	}
}

// leftovers lists the staging and replaced folders beside out.
func leftovers(out string) (staged, olds []string) {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, nil
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		switch name := e.Name(); {
		case strings.HasPrefix(name, stagingPrefix(out)):
			staged = append(staged, filepath.Join(parent, name))
		case strings.HasPrefix(name, oldPrefix(out)):
			olds = append(olds, filepath.Join(parent, name))
		}
	}
	return staged, olds
}

// newest returns the index of the most recently modified marked folder
// of dirs, or -1.
func newest(dirs []string) int {
	best := -1
	var bestInfo fs.FileInfo
	for i, d := range dirs {
		info, err := os.Lstat(filepath.Join(d, Marker))
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if best < 0 || info.ModTime().After(bestInfo.ModTime()) {
			best, bestInfo = i, info
		}
	}
	return best
}
