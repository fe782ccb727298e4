package site

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/beneath"
)

// TestCacheKeyStamps checks the stamp rules of the build cache: an input
// whose size, modification and status change times are unchanged, and old
// enough, is trusted without reading; one modified within the racy window
// before the record is read again; any change of size or time is read
// again, even an edit that keeps the size and sets the modification time
// back (its status change time still moves).
func TestCacheKeyStamps(t *testing.T) {
	dir := copySite(t, "testdata/site")
	page := filepath.Join(dir, "content/et/abi/kriisitelefon.md")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: dir, Today: fixtureDay}
	record := func() *BuildKey {
		t.Helper()
		key, err := CacheKey(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := RecordBuild(opts, filepath.Join(dir, "public"), key, 1, nil, nil); err != nil {
			t.Fatal(err)
		}
		return key
	}
	// sameSizeEdit swaps one byte and sets the modification time to mod.
	sameSizeEdit := func(mod time.Time) {
		t.Helper()
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)-2] ^= 1
		if err := os.WriteFile(page, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(page, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "public"), 0o755)
	first := record()

	// Same stamp, old enough: trusted, not read (the recorded sum is
	// taken as it is).
	info, err := os.Lstat(page)
	if err != nil {
		t.Fatal(err)
	}
	prev := map[string]inputStamp{page: {Stamp: beneath.StampOf(info), Sum: "recorded"}}
	if got := stampInput(page, dir, prev, time.Now().Add(time.Hour).UnixNano()); got.Sum != "recorded" {
		t.Errorf("an input with a trusted stamp was read again: sum %q", got.Sum)
	}

	// Edited with its size kept and its modification time set back: the
	// status change time moved, so it is read again.
	sameSizeEdit(old)
	if runtime.GOOS == "linux" {
		if key, _ := CacheKey(context.Background(), opts); key.Sum == first.Sum {
			t.Error("a same-size edit with the old modification time restored kept the key")
		}
	}

	// Modified within the racy window: read again, the edit is seen.
	recent := time.Now()
	if err := os.Chtimes(page, recent, recent); err != nil {
		t.Fatal(err)
	}
	second := record()
	sameSizeEdit(recent)
	if key, _ := CacheKey(context.Background(), opts); key.Sum == second.Sum {
		t.Error("an edit within the racy window kept the key")
	}

	// Any other change of modification time: read again.
	third := record()
	later := recent.Add(-30 * time.Minute)
	sameSizeEdit(later)
	if key, _ := CacheKey(context.Background(), opts); key.Sum == third.Sum {
		t.Error("an edit with a new modification time kept the key")
	}
}
