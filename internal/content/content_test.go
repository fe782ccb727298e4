package content

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

// parse parses src as content/et/abi/leht.md and returns the page and the
// diagnostics as strings.
func parse(t *testing.T, src string) (*Page, []string) {
	t.Helper()
	var diags diag.List
	p := Parse("content/et/abi/leht.md", []byte(src), &diags)
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return p, out
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // substrings, one per expected diagnostic, in order
		ok   bool     // a page comes back
	}{
		{"empty file", "", []string{"leht.md:1: error: empty file"}, false},
		{"only blanks", "\n  \n", []string{"leht.md:1: error: empty file"}, false},
		{"no front matter", "# Abi\n", []string{"leht.md:1: error: no front matter"}, false},
		{"unclosed yaml", "---\ntitle: Abi\n\nTekst\n", []string{"leht.md:1: error: front matter opened with --- is never closed"}, false},
		{"unclosed toml", "+++\ntitle = 'Abi'\n", []string{"never closed"}, false},
		{"malformed yaml at line", "---\ntitle: Abi\nowner: a: b\n---\n", []string{"leht.md:3:9: error: invalid YAML front matter: mapping values"}, true},
		{"yaml tab", "---\ntitle: Abi\n\tweight: 1\n---\n", []string{"leht.md:3:1: error: invalid YAML front matter: found a tab"}, true},
		{"unclosed flow list", "---\ntitle: Abi\nweight: [1, 2\ndescription: x\n---\n", []string{"leht.md:3:9: error: invalid YAML front matter: did not find expected ',' or ']'"}, true},
		{"key indented wrong", "---\ntitle: Abi\nowner:\n  a: 1\n b: 2\n---\n", []string{"leht.md:5:2: error: invalid YAML front matter: did not find expected key"}, true},
		{"list item after keys", "---\ntitle: Abi\nweight: 1\n- x\n---\n", []string{"leht.md:4:1: error: invalid YAML front matter: did not find expected key"}, true},
		{"duplicate key", "---\ntitle: Abi\nweight: 1\ntitle: Teine\n---\n", []string{"leht.md:4:1: error: title is set twice, on line 2 and on this line"}, true},
		{"malformed toml at line", "+++\ntitle = 'Abi'\nweight = = 3\n+++\n", []string{"leht.md:3:10: error: invalid TOML front matter"}, true},
		{"unknown key with suggestion", "---\ntitel: Abi\n---\n", []string{"leht.md:1: error: title is required", `leht.md:2:1: error: unknown front-matter key "titel"; did you mean title?`}, true},
		{"unknown key without suggestion", "---\ntitle: Abi\nzzzzzzzzzz: 1\n---\n", []string{"known front-matter keys: title, description"}, true},
		{"wrong type list for string", "---\ntitle: [a, b]\n---\n", []string{"leht.md:2:1: error: title is required", "leht.md:2:1: error: title: expected string, found a list"}, true},
		{"wrong type bool", "---\ntitle: Abi\ndraft: maybe\n---\n", []string{`draft: expected true or false, found "maybe"`}, true},
		{"wrong type int", "---\ntitle: Abi\nweight: heavy\n---\n", []string{`weight: expected whole number, found "heavy"`}, true},
		{"impossible date", "---\ntitle: Abi\nreviewed: 2026-02-30\n---\n", []string{`leht.md:3:1: error: reviewed: expected date (YYYY-MM-DD), "2026-02-30" is not a real calendar date; write the day as YYYY-MM-DD`}, true},
		{"date wrong format", "---\ntitle: Abi\npublish: 30.01.2026\n---\n", []string{`publish: expected date (YYYY-MM-DD), found "30.01.2026"`}, true},
		{"toml impossible date", "+++\ntitle = 'Abi'\nreviewed = 2026-02-30\n+++\n", []string{"leht.md:3:12: error: invalid TOML front matter"}, true},
		{"NUL byte", "---\ntitle: Abi\n---\nA\x00B\n", []string{"leht.md:4: error: file contains a NUL byte"}, false},
		{"invalid UTF-8", "---\ntitle: Abi\n---\nT\xe4iesti\n", []string{"leht.md:4: error: file is not valid UTF-8"}, false},
		{"slug escaping", "---\ntitle: Abi\nslug: ../../etc\n---\n", []string{`leht.md:3:1: error: slug "../../etc" is not a single URL segment`}, true},
		{"slug with slash", "---\ntitle: Abi\nslug: a/b\n---\n", []string{"is not a single URL segment"}, true},
		{"alias escaping", "---\ntitle: Abi\naliases: [/et/../../x/]\n---\n", []string{`leht.md:3:11: error: aliases: alias "/et/../../x/" is not a site-absolute path inside the site`}, true},
		{"alias relative", "---\ntitle: Abi\naliases: [vana/]\n---\n", []string{"is not a site-absolute path"}, true},
		{"alias other host", "---\ntitle: Abi\naliases: [//evil.example/]\n---\n", []string{"is not a site-absolute path"}, true},
		{"unknown menu", "---\ntitle: Abi\nmenu: side\n---\n", []string{`unknown menu "side"; use menu: main or menu: footer`}, true},
		{"expires before publish", "---\ntitle: Abi\npublish: 2026-05-01\nexpires: 2026-04-01\n---\n", []string{"expires is not after publish"}, true},
		{"all errors reported", "---\ntitel: Abi\ndraft: maybe\nreviewed: 2026-13-01\n---\n", []string{"title is required", "unknown front-matter key", "draft: expected", "reviewed: expected"}, true},
		{"empty title at the title", "---\nweight: 1\ntitle: \"\"\n---\n", []string{"leht.md:3:1: error: title is required"}, true},
		{"unterminated quote where it opens", "---\ntitle: \"Abi\nweight: 1\ndescription: x\n---\n", []string{"leht.md:2:8: error: invalid YAML front matter: the quoted text that starts here is never closed"}, true},
		{"yaml error has a column", "---\ntitle: Abi\ndescription: [a, b]]\n---\n", []string{"leht.md:3:20: error: invalid YAML front matter"}, true},
		{"covers item not text", "---\ntitle: Abi\ncovers:\n  - a\n  - {b: c}\n---\n", []string{"leht.md:5:5: error: covers: expected list of strings, found a mapping"}, true},
		{"front matter too large", "---\ntitle: Abi\ndescription: " + strings.Repeat("x", MaxFrontMatter) + "\n---\n", []string{"leht.md:2: error: YAML front matter is 65 KiB; the limit is 64 KiB"}, true},
		{"valid yaml", "---\ntitle: Abi\n---\nTekst\n", nil, true},
		{"valid toml", "+++\ntitle = 'Abi'\nreviewed = 2026-01-02\ncovers = ['helpline-116006']\n+++\nTekst\n", nil, true},
		{"BOM", "\ufeff---\ntitle: Abi\n---\nTekst\n", nil, true},
		{"CRLF", "---\r\ntitle: Abi\r\nweight: 2\r\n---\r\nTekst\r\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, got := parse(t, tt.src)
			if (p != nil) != tt.ok {
				t.Errorf("page returned = %v, want %v", p != nil, tt.ok)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("diagnostic %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	src := "---\ntitle: \"Küsi abi: kohe\"\ndescription: Abi\nslug: Küsi Abi\ncovers: [helpline-116006, victim-support-service]\nreviewed: 2026-10-01\npublish: 2026-01-15\nexpires: 2027-01-01\nowner: Ohvriabi\ndraft: false\naliases: [/et/vana/]\nweight: 3\nmenu: main\namounts_as_of: 2026-01-01\ntranslation_key: abi/kohe\neasy_read: true\n---\n\n## Pealkiri\n"
	p, diags := parse(t, src)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	day := func(s string) time.Time { d, _ := time.Parse(DateLayout, s); return d }
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", p.Title, "Küsi abi: kohe"},
		{"url", p.URL, "/et/abi/kusi-abi/"},
		{"key", p.Key, "abi/kohe"},
		{"covers", strings.Join(p.Covers, ","), "helpline-116006,victim-support-service"},
		{"reviewed", p.Reviewed, day("2026-10-01")},
		{"publish", p.Publish, day("2026-01-15")},
		{"expires", p.Expires, day("2027-01-01")},
		{"aliases", strings.Join(p.Aliases, ","), "/et/vana/"},
		{"weight", p.Weight, 3},
		{"menu", p.Menu, "main"},
		{"easy_read", p.EasyRead, true},
		{"body line", p.BodyLine, 18},
		{"covers line", p.Line("covers"), 5},
		{"section", p.Section, "abi"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestURLs(t *testing.T) {
	tests := []struct{ file, fm, url, key string }{
		{"content/et/_index.md", "", "/et/", ""},
		{"content/et/abi/_index.md", "", "/et/abi/", "abi"},
		{"content/et/Õigusabi ja KAEBUSED.md", "", "/et/oigusabi-ja-kaebused/", "Õigusabi ja KAEBUSED"},
		{"content/ru/помощь/жертвам.md", "", "/ru/pomoshch/zhertvam/", "помощь/жертвам"},
		{"content/ru/abi.md", "slug: Помощь жертвам\n", "/ru/pomoshch-zhertvam/", "abi"},
		{"content/en/abi.md", "slug: šokk-žürii\n", "/en/sokk-zurii/", "abi"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var diags diag.List
			p := Parse(tt.file, []byte("---\ntitle: T\n"+tt.fm+"---\n"), &diags)
			if diags.Len() > 0 {
				t.Fatalf("diagnostics: %v", diags.Items())
			}
			if p.URL != tt.url || p.Key != tt.key {
				t.Errorf("URL, Key = %q, %q; want %q, %q", p.URL, p.Key, tt.url, tt.key)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"content/et/_index.md":        {Data: []byte("---\ntitle: Avaleht\n---\n")},
		"content/et/abi.md":           {Data: []byte("---\ntitle: Abi\n---\n")},
		"content/et/pilt.png":         {Data: []byte("PNG")},
		"content/et/.abi.md.swp":      {Data: []byte("swap")},
		"content/et/abi.md~":          {Data: []byte("backup")},
		"content/en/abi.md":           {Data: []byte("---\ntitle: Help\n---\n")},
		"content/fr/aide.md":          {Data: []byte("---\ntitle: Aide\n---\n")},
		"content/loose.md":            {Data: []byte("---\ntitle: Loose\n---\n")},
		"content/_data/contacts.yaml": {Data: []byte("contacts: []\n")},
		"content/en/broken.md":        {Data: []byte("---\ntitel: x\n---\n")},
	}
	var diags diag.List
	site := Load(fsys, Options{Languages: []string{"et", "en"}}, &diags)
	var files []string
	for _, p := range site.Pages {
		files = append(files, p.File)
	}
	if got, want := strings.Join(files, " "), "content/et/_index.md content/et/abi.md content/en/abi.md content/en/broken.md"; got != want {
		t.Errorf("pages = %s, want %s", got, want)
	}
	if got := strings.Join(site.Assets, " "); got != "et/pilt.png" {
		t.Errorf("assets = %s", got)
	}
	var codes []string
	for _, d := range diags.Items() {
		codes = append(codes, d.File+" "+d.Code)
	}
	want := "content/en/broken.md frontmatter.required,content/en/broken.md frontmatter.unknown-key,content/fr content.unknown-language,content/fr/aide.md content.unknown-language,content/loose.md content.outside-language"
	if got := strings.Join(codes, ","); got != want {
		t.Errorf("diagnostics = %s\nwant %s", got, want)
	}
}

func TestLargePage(t *testing.T) {
	body := bytes.Repeat([]byte("Lause, mis kordub. "), 5<<20/19)
	p, diags := parse(t, "---\ntitle: Suur\n---\n"+string(body))
	if p == nil || len(diags) > 0 {
		t.Fatalf("a 5 MB page should load: %v", diags)
	}
	_, diags = parse(t, "---\ntitle: Liiga suur\n---\n"+strings.Repeat("x", MaxPageSize))
	if len(diags) != 1 || !strings.Contains(diags[0], "the limit is 8 MiB") {
		t.Errorf("diagnostics = %v", diags)
	}
}

func TestNewPage(t *testing.T) {
	day, _ := time.Parse(DateLayout, "2026-11-25")
	fsys := fstest.MapFS{"archetypes/abi.md": {Data: []byte("---\ntitle: \"{{title}}\"\nreviewed: {{today}}\n---\n")}}
	got := string(NewPage(fsys, "content/et/abi/uus-leht.md", day))
	if got != "---\ntitle: \"Uus leht\"\nreviewed: 2026-11-25\n---\n" {
		t.Errorf("archetype page = %q", got)
	}
	got = string(NewPage(fsys, "content/et/muu/teine.md", day))
	var diags diag.List
	p := Parse("content/et/muu/teine.md", []byte(got), &diags)
	if diags.Len() > 0 || p.Title != "Teine" || !p.Reviewed.Equal(day) || !p.Draft {
		t.Errorf("default skeleton does not parse as a draft reviewed today: %q %v", got, diags.Items())
	}
	for _, bad := range []string{"../x.md", "fr/x.md", "et"} {
		if _, err := NewPagePath(bad, []string{"et", "en"}); err == nil {
			t.Errorf("NewPagePath(%q) accepted", bad)
		}
	}
	if got, _ := NewPagePath("et/abi/uus", []string{"et"}); got != "content/et/abi/uus.md" {
		t.Errorf("NewPagePath = %q", got)
	}
}

// TestCacheLoadsEdits checks a Load with a Cache: an edit the caller
// reports is read (without a walk), a new file is found (by a walk), and
// an edit the caller does not report is still caught by its changed size.
func TestCacheLoadsEdits(t *testing.T) {
	fsys := fstest.MapFS{
		"content/et/a.md": {Data: []byte("---\ntitle: A\n---\n"), ModTime: time.Unix(1, 0)},
		"content/et/b.md": {Data: []byte("---\ntitle: B\n---\n"), ModTime: time.Unix(1, 0)},
	}
	cache := &Cache{}
	load := func(changed []string) map[string]string {
		t.Helper()
		var d diag.List
		titles := map[string]string{}
		for _, p := range Load(fsys, Options{Languages: []string{"et"}, Cache: cache, Changed: changed}, &d).Pages {
			titles[p.File] = p.Title
		}
		return titles
	}
	load(nil)
	fsys["content/et/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A2\n---\n"), ModTime: time.Unix(2, 0)}
	if got := load([]string{"content/et/a.md"}); got["content/et/a.md"] != "A2" || got["content/et/b.md"] != "B" {
		t.Errorf("after a reported edit: %v", got)
	}
	fsys["content/et/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\n---\n"), ModTime: time.Unix(3, 0)}
	if got := load([]string{"content/et/c.md"}); got["content/et/c.md"] != "C" || len(got) != 3 {
		t.Errorf("after a new file: %v", got)
	}
	fsys["content/et/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B22\n---\n"), ModTime: time.Unix(4, 0)}
	if got := load(nil); got["content/et/b.md"] != "B22" {
		t.Errorf("an unreported edit was missed on a full walk: %v", got)
	}
}

// TestBodyIsEndOfNormalize checks what a build relies on to read a
// page's body again without parsing it (package site): Parse's Body is
// the end of Normalize of the file's bytes, with a byte-order mark, Windows
// or old Mac line ends, or neither.
func TestBodyIsEndOfNormalize(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: A\n---\nBody.\n",
		"\ufeff---\r\ntitle: A\r\n---\r\nOne.\r\n\r\nTwo.\r\n",
		"---\rtitle: A\r---\rOne.\rTwo.",
		"---\ntitle: A\n---\n",
	} {
		var diags diag.List
		p := Parse("content/et/a.md", []byte(src), &diags)
		if p == nil {
			t.Fatalf("%q: %v", src, diags.Items())
		}
		n := Normalize([]byte(src))
		if !bytes.HasSuffix(n, p.Body) {
			t.Errorf("%q: Body %q is not the end of Normalize %q", src, p.Body, n)
		}
	}
}
