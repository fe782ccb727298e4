package check

import (
	"bytes"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// TestDriftInReport checks that a phone number changed in one translation
// reaches every format of the report, once, naming both files.
func TestDriftInReport(t *testing.T) {
	var diags diag.List
	md := markdown.New(markdown.NoHTML)
	in := &Input{Config: config.Default(), Rules: legal.Default(), Today: today}
	in.Config.Languages = []config.Language{{Code: "et", Name: "Eesti keeles"}, {Code: "en", Name: "In English"}}
	in.Pages = []*model.Page{
		render(t, md, "content/et/abi.md", []byte("---\ntitle: Abi\npublish: 2026-01-01\nreviewed: 2026-02-01\n---\nHelista [116 006](tel:116006) või 5555 1234.\n"), &diags),
		render(t, md, "content/en/abi.md", []byte("---\ntitle: Help\npublish: 2026-01-01\nreviewed: 2026-02-01\n---\nCall [116 006](tel:116006) or 5555 1235.\n"), &diags),
	}
	r := Run(in)
	got := r.Drift()
	if len(got) != 1 {
		t.Fatalf("drift diagnostics = %v, want one", got)
	}
	d := got[0]
	if d.File != "content/en/abi.md" || d.Line != 6 || d.Related != "content/et/abi.md:6" || !strings.Contains(d.Message, "5555 1235") || !strings.Contains(d.Message, "5555 1234") {
		t.Errorf("drift diagnostic = %+v", d)
	}
	formats := map[string]func(*Report, *bytes.Buffer) error{
		"text":  func(r *Report, b *bytes.Buffer) error { return r.WriteText(b) },
		"json":  func(r *Report, b *bytes.Buffer) error { return r.WriteJSON(b) },
		"html":  func(r *Report, b *bytes.Buffer) error { return r.WriteHTML(b) },
		"junit": func(r *Report, b *bytes.Buffer) error { return r.WriteJUnit(b) },
	}
	for name, write := range formats {
		var b bytes.Buffer
		if err := write(r, &b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "5555 1235") || (name != "html" && name != "text" && !strings.Contains(b.String(), "translation.drift")) {
			t.Errorf("%s report lacks the drift warning", name)
		}
	}
}

// TestDriftSkipsBrokenPages checks that a default-language page that does
// not load is not compared: its translations would all "have" facts it
// "lacks".
func TestDriftSkipsBrokenPages(t *testing.T) {
	var diags diag.List
	md := markdown.New(markdown.NoHTML)
	in := &Input{Config: config.Default(), Rules: legal.Default(), Today: today}
	in.Config.Languages = []config.Language{{Code: "et", Name: "Eesti keeles"}, {Code: "en", Name: "In English"}}
	in.Pages = []*model.Page{
		render(t, md, "content/et/abi.md", []byte("---\ntitle: Abi\nweight: [1, 2\n---\nHelista 5555 1234.\n"), &diags),
		render(t, md, "content/en/abi.md", []byte("---\ntitle: Help\n---\nCall 5555 1235.\n"), &diags),
	}
	in.Diagnostics = diags.Items()
	if got := Run(in).Drift(); len(got) != 0 {
		t.Errorf("drift compared a page that did not load: %v", got)
	}
}
