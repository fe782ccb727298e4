package site

import (
	"bufio"
	"encoding/gob"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/haven-cms/haven/internal/beneath"

	"github.com/haven-cms/haven/internal/testutil"
)

// TestMemoKeepsEveryField writes memos of page records and views whose
// every field is set and reads them back unchanged: a field added to the
// page record that the memo's encoding cannot hold fails here, not in a
// build that restores it wrong.
func TestMemoKeepsEveryField(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for range 5 {
		in := memoData{Format: memoFormat, Key: "key", Settings: "settings", Listing: 7,
			Parts: make([]string, memoParts+1), Views: make([][]memoView, memoParts+1), Shards: make([][]memoEntry, memoParts)}
		for range 1 + rnd.IntN(2*memoParts) {
			var e memoEntry
			testutil.Fill(&e, rnd)
			i := memoShard(e.Entry.Path)
			in.Shards[i] = append(in.Shards[i], e)
		}
		for i := range in.Views {
			testutil.Fill(&in.Views[i], rnd)
		}
		src := t.TempDir()
		if err := writeMemo(src, &in); err != nil {
			t.Fatal(err)
		}
		var out memoData
		ok, err := readMemo(filepath.Join(src, CacheDir), &out, func(m *memoData) bool { return m.Key == in.Key })
		if err != nil || !ok {
			t.Fatalf("read the memo back: %v %v", ok, err)
		}
		if !reflect.DeepEqual(in, out) {
			t.Fatalf("the memo came back different:\n in %+v\nout %+v", in, out)
		}
	}
}

// TestMemoKeepsPartsOnDisk checks that a memo written with the ids of
// parts already on disk leaves those files as they are and reads back
// whole, and that a header read with a part of another memo is refused.
func TestMemoKeepsPartsOnDisk(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	src := t.TempDir()
	dir := filepath.Join(src, CacheDir)
	m := memoData{Format: memoFormat, Key: "one", Parts: make([]string, memoParts+1), Views: make([][]memoView, memoParts+1), Shards: make([][]memoEntry, memoParts)}
	for range 4 * memoParts {
		var e memoEntry
		testutil.Fill(&e, rnd)
		i := memoShard(e.Entry.Path)
		m.Shards[i] = append(m.Shards[i], e)
	}
	if err := writeMemo(src, &m); err != nil {
		t.Fatal(err)
	}
	stamp := func(i int) beneath.Stamp {
		info, err := os.Stat(filepath.Join(dir, memoPart(i)))
		if err != nil {
			t.Fatal(err)
		}
		return beneath.StampOf(info)
	}
	before := stamp(3)
	next := m
	next.Key, next.Parts, next.Sums = "two", slices.Clone(m.Parts), slices.Clone(m.Sums)
	for i := range next.Parts {
		if i != 3 {
			next.Parts[i] = ""
		}
	}
	next.Shards = slices.Clone(m.Shards)
	next.Shards[0] = nil // part 1 changes; part 3 (shard 2) is kept
	if err := writeMemo(src, &next); err != nil {
		t.Fatal(err)
	}
	if stamp(3) != before {
		t.Error("a part kept by its id was written again")
	}
	if next.Parts[1] == m.Parts[1] {
		t.Error("a part written again kept its old id")
	}
	var out memoData
	if ok, err := readMemo(dir, &out, func(*memoData) bool { return true }); err != nil || !ok {
		t.Fatalf("read the memo back: %v %v", ok, err)
	}
	if !reflect.DeepEqual(next, out) {
		t.Fatalf("the memo came back different:\n in %+v\nout %+v", next, out)
	}
	// The header of the first memo, with the parts of the second.
	if err := writeCacheFile(src, memoFile, func(w *bufio.Writer) error {
		head := m
		head.Views, head.Shards = nil, nil
		return gob.NewEncoder(w).Encode(&head)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := readMemo(dir, &memoData{}, func(*memoData) bool { return true }); err == nil {
		t.Error("a header was read with parts it does not list")
	}
}
