package check

import (
	"testing"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// TestQuickExitHelpSetting checks that quick_exit_help must name the key
// of a page: a typo is an error at its line in haven.yaml with a
// suggestion, an existing key or no setting is fine.
func TestQuickExitHelpSetting(t *testing.T) {
	md := markdown.New(markdown.NoHTML)
	var loadDiags diag.List
	pages := []*model.Page{
		render(t, md, "content/et/lahku-kiiresti.md", []byte("---\ntitle: Lahku kiiresti\n---\nTekst.\n"), &loadDiags),
		render(t, md, "content/en/leave.md", []byte("---\ntitle: Leave quickly\ntranslation_key: lahku-kiiresti\n---\nText.\n"), &loadDiags),
	}
	for _, tt := range []struct {
		name, yaml string
		want       string // the diagnostic, "" for none
	}{
		{"typo", "title: Abi\nquick_exit_help: lahku-kiirest\n",
			`haven.yaml:2: error: quick_exit_help: no page has the key "lahku-kiirest"; did you mean lahku-kiiresti?`},
		{"a page's key", "quick_exit_help: lahku-kiiresti\n", ""},
		{"not set", "title: Abi\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			var diags diag.List
			config.Parse([]byte(tt.yaml), cfg, &diags)
			Validate(&Input{Config: cfg, Pages: pages, Today: today}, &diags)
			var got []string
			for _, d := range diags.Items() {
				if d.Code == "config.quick-exit-help" {
					got = append(got, d.String())
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("unexpected %q", got)
			case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if loadDiags.Len() != 0 {
		t.Fatalf("fixture pages do not load cleanly: %v", loadDiags.Items())
	}
}
