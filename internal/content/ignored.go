package content

import "strings"

// Ignored reports whether a file or folder name is an editor's temporary,
// backup, swap or lock file, or hidden. Such files are never pages or
// assets: the loader skips them and the preview's watcher does not react
// to them. The one list, for both:
//
//   - hidden names: .DS_Store, Emacs' lock .#page.md, vim's .page.md.swp
//   - Emacs' autosave #page.md# and backups page.md~
//   - vim's probe for a writable folder, 4913, and swap files *.swp,
//     *.swx, *.swo (also when not hidden, with `set directory=.`)
func Ignored(name string) bool {
	switch {
	case name == "4913":
		return true
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"):
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	}
	for _, ext := range []string{".swp", ".swx", ".swo"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}
