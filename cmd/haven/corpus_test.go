package main

import (
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/corpus"
)

// The benchmark corpus is a site haven builds without an error or a
// warning (so the benchmark times a clean build), for several seeds, and
// haven check reads it without an error.
func TestCorpusBuildsClean(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		dir := t.TempDir()
		if err := corpus.Generate(dir, corpus.Options{Pages: 90, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runHaven(t, "build", "--source", dir, "--today", "2026-12-02")
		if code != 0 || stderr != "" || !strings.Contains(stdout, "built 123 pages in 3 languages") || !strings.HasSuffix(stdout, "; 0 warnings\n") {
			t.Errorf("seed %d: build: exit %d\n%s%s", seed, code, stdout, stderr)
		}
		code, stdout, stderr = runHaven(t, "check", "--source", dir, "--today", "2026-12-02")
		if code != 0 || !strings.Contains(stdout, ", 0 errors,") {
			t.Errorf("seed %d: check: exit %d\n%s", seed, code, stderr)
		}
	}
}
