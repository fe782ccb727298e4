package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
)

// keyOf is the cache key of the site in dir.
func keyOf(t *testing.T, dir string) string {
	t.Helper()
	key, err := CacheKey(context.Background(), Options{Source: dir, Today: fixtureDay})
	if err != nil {
		t.Fatal(err)
	}
	return key.Sum
}

// moveAndLink moves the folder rel of the site in dir to to and links rel
// to it with the relative target link.
func moveAndLink(t *testing.T, dir, rel, to, link string) {
	t.Helper()
	if err := os.Rename(filepath.Join(dir, rel), filepath.Join(dir, to)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(link, filepath.Join(dir, rel)); err != nil {
		t.Fatal(err)
	}
}

// TestCacheKeyFollowsLinksInside checks that the cache key sees edits
// behind symbolic links to folders that stay inside the site, which the
// build follows: a linked theme, a linked content folder, and a link loop
// that must end.
func TestCacheKeyFollowsLinksInside(t *testing.T) {
	dir := copySite(t, "testdata/site")
	moveAndLink(t, dir, "themes/default", "mine", "../mine")
	moveAndLink(t, dir, "content", "src", "src")
	if err := os.Symlink("..", filepath.Join(dir, "src/et/loop")); err != nil {
		t.Fatal(err)
	}
	before := keyOf(t, dir)
	writeFile(t, filepath.Join(dir, "mine/static/haven.css"), "body{color:red}")
	afterTheme := keyOf(t, dir)
	if afterTheme == before {
		t.Error("an edit in a theme linked from themes/default kept the key")
	}
	writeFile(t, filepath.Join(dir, "src/et/abi/kriisitelefon.md"), "---\ntitle: Muudetud\n---\n")
	if keyOf(t, dir) == afterTheme {
		t.Error("an edit of a page in a content folder reached through a link kept the key")
	}
}

// TestThemeLinkedOutsideIsReported checks that a themes/default that links
// out of the site is reported like every such link, not silently replaced
// by the built-in theme.
func TestThemeLinkedOutsideIsReported(t *testing.T) {
	dir := copySite(t, "testdata/site")
	outside := t.TempDir()
	if err := os.Rename(filepath.Join(dir, "themes/default"), filepath.Join(outside, "default")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "default"), filepath.Join(dir, "themes/default")); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	if _, err := Build(context.Background(), Options{Source: dir, Today: fixtureDay}, publish.NewMemory(nil), &diags); err != nil {
		t.Fatal(err)
	}
	if !hasDiag(diags.Items(), "themes/default: warning: symbolic link points outside the site or nowhere; not followed, so the built-in default theme is used") {
		t.Errorf("no warning about the theme's link in\n%v", diags.Items())
	}
}
