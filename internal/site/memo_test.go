package site

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/haven-cms/haven/internal/testutil"
)

// TestMemoKeepsEveryField writes memos of page records and views whose
// every field is set and reads them back unchanged: a field added to the
// page record that the memo's encoding cannot hold fails here, not in a
// build that restores it wrong.
func TestMemoKeepsEveryField(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	for range 5 {
		in := memoData{Format: memoFormat, Key: "key", Settings: "settings", Listing: 7}
		for range 1 + rnd.IntN(2*memoParts) {
			var e memoEntry
			testutil.Fill(&e, rnd)
			in.Pages = append(in.Pages, e)
		}
		testutil.Fill(&in.Views, rnd)
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
