package main

import (
	"github.com/haven-cms/haven/internal/testutil"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildRefusesSourcesAsOut checks that an --out that would replace
// the site's sources is a usage error (exit 2) that names the flag, and
// that the sources survive it.
func TestBuildRefusesSourcesAsOut(t *testing.T) {
	dir := testutil.CopySample(t)
	for _, out := range []string{dir, filepath.Join(dir, "content"), filepath.Join(dir, "content", "et"), filepath.Dir(dir)} {
		code, _, stderr := runHaven(t, "build", "--source", dir, "--out", out)
		if code != exitUsage || !strings.HasPrefix(stderr, "haven build: --out "+out+" ") {
			t.Errorf("--out %s: exit %d, stderr %q; want exit 2 naming --out", out, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "et", "_index.md")); err != nil {
		t.Errorf("the sources did not survive: %v", err)
	}
}
