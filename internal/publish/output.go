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

// Marker is the file every output folder haven writes holds, from the
// moment its staging folder is created. haven replaces or removes only
// folders that hold it (or are empty), so an --out that names a folder
// of the user's is refused instead of deleted. It is a file inside the
// folder, not a record beside it, because it must travel with the folder
// (moved, copied, restored from a backup) and cannot be fooled by a new
// folder that reuses an old one's inode number. The price is one small
// dot file in the published site; it says only that haven wrote it, and
// web servers that hide dot files do not serve it.
const Marker = ".haven-output"

// markerText is the marker's content.
const markerText = "This folder was written by haven build, which replaces it whole on the next build.\n"

// SourceDirs are the folders of a site root that hold its sources; an
// output folder may neither be, hold nor sit inside one of them.
var SourceDirs = []string{"content", "themes", "archetypes"}

// CheckOutput reports an error when a build of the site in source into
// out would replace or delete the site's sources: when out is the site
// root or a folder above it, or is, holds or sits inside its content/,
// themes/ or archetypes/ folder. Paths are compared made absolute, with
// symbolic links evaluated as far as they exist, so a link or "." cannot
// hide the site. It looks at paths only and writes nothing.
func CheckOutput(source, out string) error {
	site, err := resolve(source)
	if err != nil {
		return err
	}
	o, err := resolve(out)
	if err != nil {
		return err
	}
	example := filepath.Join(source, "public")
	if within(site, o) {
		return fmt.Errorf("%s is the site folder %s or a folder holding it: a build replaces its output folder whole and would delete the site's sources; choose a folder that holds none of them, such as %s", out, site, example)
	}
	for _, name := range SourceDirs {
		dir, err := resolve(filepath.Join(source, name))
		if err != nil {
			return err
		}
		if within(dir, o) || within(o, dir) {
			return fmt.Errorf("%s is, holds or sits inside the site's %s/ folder %s: a build replaces its output folder whole and would delete the files there; choose a folder outside %s, such as %s", out, name, dir, strings.Join(SourceDirs, "/, ")+"/", example)
		}
	}
	return nil
}

// resolve makes p absolute and clean and evaluates the symbolic links of
// its longest part that exists; the rest is appended as written.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("cannot make %s absolute: %w", p, err)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		real, err := filepath.EvalSymlinks(dir)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether p is dir or inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkReplaceable reports an error unless out is missing, an empty
// folder or a folder marked as haven's output.
func checkReplaceable(out string) error {
	info, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("cannot look at output folder %s: %w", out, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("output %s is a symbolic link; a build replaces the output folder whole, so it would replace the link: pass the folder it points to as the output instead", out)
	case !info.IsDir():
		return fmt.Errorf("output %s exists and is not a folder; remove it or choose another output folder", out)
	}
	if ours(out) {
		return nil
	}
	return fmt.Errorf("output folder %s already holds files and no %s marker, so haven did not write it; a build replaces its output folder whole: remove the folder yourself if its files can go, or choose another output folder", out, Marker)
}

// ours reports whether dir is a folder haven may replace or remove: one
// holding the marker, or an empty one.
func ours(dir string) bool {
	if info, err := os.Lstat(filepath.Join(dir, Marker)); err == nil {
		return info.Mode().IsRegular()
	}
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	return errors.Is(err, io.EOF)
}
