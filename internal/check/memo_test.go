package check

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// reportJSON runs the checks and returns the report as JSON.
func reportJSON(t *testing.T, in *Input) string {
	t.Helper()
	var b bytes.Buffer
	if err := Run(in).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMemoGivesFreshResults checks that runs through a Memo report exactly
// what runs without one do: again on the same pages, and after a page
// changed (a new *content.Page, as the preview makes for an edited file).
func TestMemoGivesFreshResults(t *testing.T) {
	in, ar := loadArchive(t, "testdata/site.txtar")
	want := reportJSON(t, in)
	memo := &Memo{}
	withMemo := *in
	withMemo.Memo = memo
	for run := range 2 {
		if got := reportJSON(t, &withMemo); got != want {
			t.Fatalf("run %d with a memo differs:\n%s", run+1, firstDiff(got, want))
		}
	}

	// Edit content/et/abi.md: drop its covers and add forbidden text.
	i := slices.IndexFunc(in.Pages, func(p *model.Page) bool { return p.File == "content/et/abi.md" })
	src := strings.Replace(section(ar, "content/et/abi.md"), "covers:", "old_covers:", 1) + "\nPsühholoogilise abi hüvitis kehtib.\n"
	var d diag.List
	edited := render(t, markdown.New(markdown.NoHTML), "content/et/abi.md", []byte(src), &d)
	changed := *in
	changed.Pages = slices.Clone(in.Pages)
	changed.Pages[i] = edited
	changed.Diagnostics = append(slices.Clone(in.Diagnostics), d.Items()...)
	before := want
	if want = reportJSON(t, &changed); want == before {
		t.Fatal("the edit changes nothing in the report; the test proves nothing")
	}
	changed.Memo = memo
	if got := reportJSON(t, &changed); got != want {
		t.Fatalf("after an edit, the run with a memo differs:\n%s", firstDiff(got, want))
	}
}
