package check

import (
	"fmt"
	"slices"
	"testing"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
)

// TestAuthoring checks each authoring check on a page body: what it
// reports, at which line of the file, and that accessible markup passes.
func TestAuthoring(t *testing.T) {
	tests := []struct {
		name, file, body string
		want             []string // "code line:col"
	}{
		{"accessible", "content/et/a.md", "## Kuidas helistada\n\n### Öösel\n\nVaata [ohvriabi kontakte](/et/kontaktid/).\n\n![Ohvriabitöötaja vestleb kliendiga](vestlus.jpg)\n\n| Teenus | Telefon |\n|---|---|\n| Ohvriabi | 116 006 |\n\n## Veel\n", nil},
		{"second h1", "content/et/a.md", "# Teine pealkiri\n", []string{"authoring.heading-one 4:1"}},
		{"skipped level", "content/en/a.md", "## Help\n\n#### Details\n", []string{"authoring.heading-skip 6:1"}},
		{"first heading too deep", "content/en/a.md", "### Details\n", []string{"authoring.heading-skip 4:1"}},
		{"vague et", "content/et/a.md", "Loe [siit](/et/b/).\n", []string{"authoring.link-text 4:12"}},
		{"vague ru with punctuation", "content/ru/a.md", "Подробнее [здесь!](/ru/b/).\n", []string{"authoring.link-text 4:20"}},
		{"vague en", "content/en/a.md", "[Read more](/en/b/)\n", []string{"authoring.link-text 4:13"}},
		{"vague word of another language", "content/en/a.md", "[siin](/en/b/)\n", nil},
		{"no alt", "content/et/a.md", "![](pilt.png)\n", []string{"authoring.image-alt 4:5"}},
		{"file name as alt", "content/et/a.md", "![IMG_0042](kaust/IMG_0042.jpg)\n", []string{"authoring.image-alt 4:13"}},
		{"empty table header", "content/et/a.md", "|  |  |\n|---|---|\n| a | b |\n", []string{"authoring.table-header 4:1"}},
	}
	md := markdown.New(markdown.NoHTML)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parse diag.List
			p := render(t, md, tt.file, []byte("---\ntitle: T\n---\n"+tt.body), &parse)
			var diags diag.List
			checkAuthoring(p, &diags)
			var got []string
			for _, d := range diags.Items() {
				if d.Severity != diag.Warning || d.Hint == "" {
					t.Errorf("%s: want a warning with a hint", d)
				}
				got = append(got, fmt.Sprintf("%s %d:%d", d.Code, d.Line, d.Column))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
