package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
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
		{"decorative", "content/et/a.md", "![](pilt.png)<!-- decorative -->\n", nil},
		{"decorative, any spacing and a title", "content/et/a.md", "Tekst ![](pilt.png \"Pealkiri (1)\")  <!--Decorative -->\n", nil},
		{"the mark is another image's", "content/et/a.md", "![](a.png) ![](b.png)<!-- decorative -->\n", []string{"authoring.image-alt 4:5"}},
		{"the mark not right after", "content/et/a.md", "![](pilt.png) tekst <!-- decorative -->\n", []string{"authoring.image-alt 4:5"}},
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

// TestTranslatedAlt: an image of a translation whose alternative text is
// the one the same image has in another language version is reported on
// the translation at the image's line, through Validate (haven build and
// check) as through a draft; a translated text, a decorative image and
// the default-language page are not.
func TestTranslatedAlt(t *testing.T) {
	md := markdown.New(markdown.NoHTML)
	files := map[string]string{
		"content/et/a.md": "---\ntitle: A\n---\n![Ohvriabitöötaja vestleb kliendiga](/assets/et/vestlus.jpg)\n\n![](/assets/et/joon.png)<!-- decorative -->\n",
		"content/ru/a.md": "---\ntitle: A\n---\nТекст.\n\n![Ohvriabitöötaja vestleb kliendiga](/assets/et/vestlus.jpg)\n\n![](/assets/et/joon.png)<!-- decorative -->\n",
		"content/en/a.md": "---\ntitle: A\n---\n![A victim support worker talks with a client](/assets/et/vestlus.jpg)\n",
	}
	var parse diag.List
	in := &Input{Config: config.Default(), Rules: &legal.Rulebook{}, Today: today}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		in.Pages = append(in.Pages, render(t, md, f, []byte(files[f]), &parse))
	}
	in.Index = model.NewIndex(in.Pages)
	var diags diag.List
	Validate(in, &diags)
	var got []string
	for _, d := range diags.Items() {
		got = append(got, fmt.Sprintf("%s %s %d:%d", d.File, d.Code, d.Line, d.Column))
	}
	want := []string{"content/ru/a.md authoring.image-alt 6:38"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if m := diags.Items()[0].Message; !strings.Contains(m, "et version (content/et/a.md)") {
		t.Errorf("the message does not name the version the text is from: %s", m)
	}
	// The draft of the Russian page says the same, and a translated
	// description clears it.
	rep := Run(in)
	ix := in.Index
	for i, p := range in.Pages {
		if p.File != "content/ru/a.md" {
			continue
		}
		for _, tc := range []struct{ body, want string }{
			{files[p.File], "authoring.image-alt 6:38"},
			{strings.Replace(files[p.File], "[Ohvriabitöötaja vestleb kliendiga]", "[Сотрудник помощи жертвам беседует с клиентом]", 1), ""},
		} {
			dp := render(t, md, p.File, []byte(tc.body), &parse)
			pages := slices.Clone(in.Pages)
			pages[i] = dp
			var codes []string
			for _, d := range rep.Draft(pages, ix.Replacing(pages, p, dp), dp, false).Diagnostics {
				codes = append(codes, fmt.Sprintf("%s %d:%d", d.Code, d.Line, d.Column))
			}
			if strings.Join(codes, ",") != tc.want {
				t.Errorf("draft: got %v, want %q", codes, tc.want)
			}
		}
	}
}
