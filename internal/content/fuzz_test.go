package content

import (
	"testing"

	"github.com/haven-cms/haven/internal/diag"
)

// FuzzParse checks that no input makes Parse panic, and that a page it
// returns has a URL inside its language.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"---\ntitle: Abi\n---\nTekst\n",
		"+++\ntitle = 'Abi'\nreviewed = 2026-01-02\n+++\n",
		"---\ntitle: [\n---\n",
		"---\ntitle: Abi\nslug: ../x\naliases: [/../]\n---\n",
		"\ufeff---\r\ntitle: x\r\n---\r\n",
		"---\n&a x: *a\n---\n",
		"---\ntitle: Abi\ncovers: {a: b}\n---\n",
		"",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var diags diag.List
		p := Parse("content/et/abi/leht.md", []byte(src), &diags)
		if p != nil && (len(p.URL) < 4 || p.URL[:4] != "/et/") {
			t.Errorf("URL %q outside the language", p.URL)
		}
	})
}
