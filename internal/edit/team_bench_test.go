package edit_test

import (
	"context"
	"testing"

	"github.com/haven-cms/haven/internal/edit"
)

// BenchmarkPublishCheck: haven build's checks on the sample site, which
// every publish runs on the site it would make (edit.CheckSite).
func BenchmarkPublishCheck(b *testing.B) {
	dir := copySampleSite(b)
	for b.Loop() {
		if err := edit.CheckSite(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
