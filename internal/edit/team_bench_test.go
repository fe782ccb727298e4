package edit_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/site"
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

// BenchmarkProposalSite: what opening a page in a proposal costs on top
// of opening it on the site branch, once after each save into it: the
// proposal's files exported from git and the site loaded as the preview
// loads it (edit's siteOf), on the sample site.
func BenchmarkProposalSite(b *testing.B) {
	ctx := context.Background()
	ts, err := edit.OpenTeam(ctx, teamRepo(b), "main")
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "proposal")
	for b.Loop() {
		if err := ts.Team.Git.Export(ctx, "main", dir); err != nil {
			b.Fatal(err)
		}
		var diags diag.List
		if _, err := site.Load(ctx, site.Options{Source: dir, Today: today}, &diags); err != nil {
			b.Fatal(err)
		}
	}
}
