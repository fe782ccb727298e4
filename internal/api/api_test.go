package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// today is the build day of the fixture site.
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// built is the fixed build time of the fixture, the one field that would
// otherwise change between runs.
var built = time.Date(2026, 6, 1, 12, 30, 0, 0, time.UTC)

// fixture is a small two-language site: a home per language, a section, a
// page translated under another slug, a page pair tied by translation_key,
// a draft, a scheduled page and an easy-read page.
var fixture = map[string]string{
	"content/et/_index.md":     "---\ntitle: Ohvriabi\ndescription: Abi vägivalla ja kuriteo korral.\nreviewed: 2026-05-01\n---\n\nSiit leiad abi.\n",
	"content/en/_index.md":     "---\ntitle: Victim Support\nreviewed: 2026-05-02\n---\n\nHelp is here.\n",
	"content/et/abi/_index.md": "---\ntitle: Abi\ndescription: Kust abi saada.\nweight: 2\n---\n\nAbi liigid.\n",
	"content/et/abi/kriisitelefon.md": `---
title: Kriisitelefon 116 006
description: Ööpäevaringne ohvriabi kriisitelefon.
covers: [helpline-116006, crisis-support]
publish: 2025-03-03
reviewed: 2026-04-20
owner: Ohvriabi osakond
weight: 1
---

Helista **116 006** ööl ja päeval. <script>alert(1)</script>

## Kes vastab

Vastab [ohvriabi](/et/abi/) töötaja & tõlk.
`,
	"content/en/abi/kriisitelefon.md": "---\ntitle: Crisis line 116 006\nslug: crisis-line\ncovers: helpline-116006\nreviewed: 2026-04-21\n---\n\nCall **116 006** day and night.\n",
	"content/et/tolk.md":              "---\ntitle: Tõlk\ntranslation_key: interpreter\nmenu: main\n---\n\nTõlk on tasuta.\n",
	"content/en/interpreter.md":       "---\ntitle: Interpreter\ntranslation_key: interpreter\nmenu: main\n---\n\nAn interpreter is free.\n",
	"content/et/lihtne.md":            "---\ntitle: Abi lihtsas keeles\neasy_read: true\nexpires: 2099-12-31\nreviewed: 2026-01-10\n---\n\nSa saad abi.\n",
	"content/et/mustand.md":           "---\ntitle: Salajane mustand\ndraft: true\n---\n\nMUSTAND-TEKST\n",
	"content/et/tulevik.md":           "---\ntitle: Tulevane teade\npublish: 2099-01-01\n---\n\nTULEVIK-TEKST\n",
}

const contactsYAML = `contacts:
  - id: victim-helpline
    number: 116 006
    tel: "116006"
    name: {et: Ohvriabi kriisitelefon, en: Victim support helpline}
    hours: {et: ööpäevaringselt, en: 24/7}
    verified: 2026-05-15
  - id: chat
    url: https://chat.example.ee/
    name: {et: Vestlus, en: Chat}
    verified: 2026-05-16
`

// coverageReport is a report in the shape of haven check --format json
// (docs/schema/check.schema.json), as package site hands it over.
const coverageReport = `{"version":1,"summary":{"pages":7,"errors":0,"warnings":1},` +
	`"diagnostics":[{"file":"content/en/abi/kriisitelefon.md","line":0,"column":0,"severity":"warning","code":"check.stale","message":"reviewed over a year ago"}],` +
	`"coverage":[{"requirement":"helpline-116006","level":"must","languages":{"et":{"status":"covered","level":"must","pages":["content/et/abi/kriisitelefon.md"],"reviewed":"2026-04-20"},` +
	`"en":{"status":"weak","level":"must","pages":["content/en/abi/kriisitelefon.md"],"reviewed":"2026-04-21","missing":["hours"]}}},` +
	`{"requirement":"womens-helpline-116016","level":"should","pending":true,"languages":{}}]}`

// parsePages parses and renders files the way package site does, marking
// each page published as a build on today would.
func parsePages(t *testing.T, files map[string]string) []*model.Page {
	t.Helper()
	md := markdown.New(markdown.NoHTML)
	var diags diag.List
	var pages []*model.Page
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	})
	for _, name := range names {
		p := content.Parse(name, []byte(files[name]), &diags)
		if p == nil {
			continue
		}
		p.ModTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		doc, err := md.Render(p.Body)
		if err != nil {
			t.Fatalf("render %s: %v", name, err)
		}
		mp := model.New(p, today, false)
		mp.SetDoc(doc)
		pages = append(pages, mp)
	}
	if diags.HasErrors() {
		t.Fatalf("fixture does not parse:\n%s", diagText(&diags))
	}
	return pages
}

func diagText(d *diag.List) string {
	var b strings.Builder
	_ = d.WriteText(&b)
	return b.String()
}

func fixtureInput(t *testing.T, files map[string]string) api.Input {
	t.Helper()
	cfg := config.Default()
	cfg.BaseURL = "https://ohvriabi.example"
	cfg.Languages = []config.Language{{Code: "et", Name: "Eesti keeles"}, {Code: "en", Name: "In English"}}
	var diags diag.List
	contacts := content.ParseContacts([]byte(contactsYAML), cfg.LanguageCodes(), &diags)
	if diags.HasErrors() {
		t.Fatalf("contacts:\n%s", diagText(&diags))
	}
	return api.Input{
		Config:    cfg,
		Generator: "haven test",
		Built:     built,
		Pages:     parsePages(t, files),
		Contacts:  contacts,
		Coverage:  []byte(coverageReport),
	}
}

func build(t *testing.T, in api.Input) api.Documents {
	t.Helper()
	docs, err := api.Build(in)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return docs
}

// TestGolden compares every document of the fixture site with
// testdata/golden. Run go test ./internal/api -update to rewrite them.
func TestGolden(t *testing.T) {
	docs := build(t, fixtureInput(t, fixture))
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	var want []string
	for _, name := range docs.Paths() {
		if strings.HasPrefix(name, api.Root+"/schema/") {
			continue // the embedded schemas themselves; see TestSchemasServed
		}
		// Documents are compact; golden files are indented to read well.
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, docs[name], "", "  "); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = pretty.Bytes()
		want = append(want, name)
		file := filepath.Join(dir, filepath.FromSlash(name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, docs[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Run(name, func(t *testing.T) {
			golden, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(docs[name], golden) {
				t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", name, file, docs[name])
			}
		})
	}
	// No stale golden files: the set of files is part of the API.
	var have []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			have = append(have, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(have)
	if !slices.Equal(have, want) {
		t.Errorf("golden files %v, want %v (run go test -update)", have, want)
	}
}

// TestSchemasServed checks that the schemas under api/v1/schema/ are the
// embedded ones, valid JSON, and that index.json names each of them.
func TestSchemasServed(t *testing.T) {
	docs := build(t, fixtureInput(t, fixture))
	for _, name := range api.SchemaNames() {
		got := docs[api.SchemaPath(name)]
		if !bytes.Equal(got, api.Schema(name)) || !json.Valid(got) {
			t.Errorf("%s: not the embedded schema, or not JSON", api.SchemaPath(name))
		}
	}
	if api.Schema("nope") != nil || api.Schema("../api") != nil {
		t.Error("Schema returns something for an unknown name")
	}
}

// compiler returns the API schemas compiled, by name. Schemas are added
// under the URL they are served from on the fixture site.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, name := range api.SchemaNames() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.Schema(name)))
		if err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
		if err := c.AddResource(schemaURL(name), doc); err != nil {
			t.Fatalf("schema %s: %v", name, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range api.SchemaNames() {
		s, err := c.Compile(schemaURL(name))
		if err != nil {
			t.Fatalf("compile schema %s: %v", name, err)
		}
		out[name] = s
	}
	return out
}

func schemaURL(name string) string { return "https://ohvriabi.example/" + api.SchemaPath(name) }

// schemaFor names the schema a document path must follow.
func schemaFor(path string) string {
	rel := strings.TrimPrefix(path, api.Root+"/")
	switch {
	case rel == "index.json", rel == "contacts.json", rel == "coverage.json":
		return strings.TrimSuffix(rel, ".json")
	case strings.HasPrefix(rel, "search/"):
		return "search"
	case strings.HasPrefix(rel, "schema/"):
		return "" // JSON Schemas; compiled above
	case strings.HasSuffix(rel, "/pages.json"):
		return "pages"
	case strings.Contains(rel, "/pages/"):
		return "page"
	}
	return "?"
}

func decode(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return v
}

// TestDocumentsValidate validates every emitted document against its
// schema, checks that its $schema names that schema, and that the schemas
// reject what they should.
func TestDocumentsValidate(t *testing.T) {
	schemas := compileSchemas(t)
	docs := build(t, fixtureInput(t, fixture))
	// The search index is written by package theme (theme.BuildSearchIndex),
	// not by Build; validate a sample of its format here. Keep the sample
	// in step with theme.SearchEntry.
	docs[api.SearchPath("et")] = []byte(`{"version":1,"pages":[{"t":"Kriisitelefon","u":"/et/abi/kriisitelefon/","d":"Ööpäevaringne.","s":"abi","x":"helista ool"},{"t":"Tõlk","u":"/et/tolk/"}]}`)
	for _, path := range docs.Paths() {
		name := schemaFor(path)
		if name == "" {
			continue
		}
		t.Run(path, func(t *testing.T) {
			s := schemas[name]
			if s == nil {
				t.Fatalf("no schema for %s", path)
			}
			v := decode(t, docs[path])
			if err := s.Validate(v); err != nil {
				t.Fatalf("does not validate against %s: %v", name, err)
			}
			m, _ := v.(map[string]any)
			if name == "search" {
				return // its $schema is up to package theme
			}
			if m["$schema"] != "/"+api.SchemaPath(name) {
				t.Errorf("$schema = %v, want /%s", m["$schema"], api.SchemaPath(name))
			}
			if fmt.Sprint(m["version"]) != "1" {
				t.Errorf("version = %v, want 1", m["version"])
			}
		})
	}

	// The schemas are not vacuous: each rejects a broken document.
	bad := []struct {
		name, schema, doc string
	}{
		{"unknown field", "pages", `{"$schema":"/api/v1/schema/pages.json","version":1,"language":"et","pages":[],"extra":1}`},
		{"wrong version", "pages", `{"$schema":"/api/v1/schema/pages.json","version":2,"language":"et","pages":[]}`},
		{"page without id", "page", strings.Replace(string(docs[api.Root+"/et/pages/tolk.json"]), `"id"`, `"idd"`, 1)},
		{"bad date", "page", strings.Replace(string(docs[api.Root+"/et/pages/abi/kriisitelefon.json"]), `"2026-04-20"`, `"20.04.2026"`, 1)},
		{"contact without tel or url", "contacts", `{"$schema":"/api/v1/schema/contacts.json","version":1,"contacts":[{"id":"x","name":{"et":"X"},"verified":"2026-01-01"}]}`},
		{"index without languages", "index", `{"$schema":"/api/v1/schema/index.json","version":1,"generator":"g","built":"2026-01-01T00:00:00Z","site":{"base_url":"https://a.ee","default_language":"et"},"languages":[],"contacts":"/api/v1/contacts.json","schemas":{}}`},
		{"search entry without url", "search", `{"version":1,"pages":[{"t":"x"}]}`},
		{"coverage without $schema", "coverage", strings.Replace(string(docs[api.Root+"/coverage.json"]), `"$schema":"/api/v1/schema/coverage.json",`, "", 1)},
		{"coverage with an unknown status", "coverage", strings.Replace(string(docs[api.Root+"/coverage.json"]), `"status":"weak"`, `"status":"fine"`, 1)},
		{"coverage without summary", "coverage", `{"$schema":"/api/v1/schema/coverage.json","version":1,"diagnostics":[],"coverage":[]}`},
		{"coverage cell without pages", "coverage", strings.Replace(string(docs[api.Root+"/coverage.json"]), `"pages":["content/et/abi/kriisitelefon.md"],`, "", 1)},
	}
	for _, tc := range bad {
		t.Run("rejects "+tc.name, func(t *testing.T) {
			if err := schemas[tc.schema].Validate(decode(t, []byte(tc.doc))); err == nil {
				t.Errorf("schema %s accepted %s", tc.schema, tc.doc)
			}
		})
	}
}

// links returns every site-absolute API URL in a JSON document.
func links(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "$schema" {
				out = append(out, x.(string))
				continue
			}
			out = append(out, links(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, links(x)...)
		}
	case string:
		if strings.HasPrefix(v, "/"+api.Root+"/") {
			out = append(out, v)
		}
	}
	return out
}

// TestDiscoverable follows links from index.json: every link resolves to
// an emitted document (or to a search index, which package site writes),
// and every emitted document is reached.
func TestDiscoverable(t *testing.T) {
	docs := build(t, fixtureInput(t, fixture))
	index := docs[api.Root+"/index.json"]
	reached := map[string]bool{}
	queue := []string{api.Root + "/index.json"}
	var search []string
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if reached[path] {
			continue
		}
		reached[path] = true
		if strings.HasPrefix(path, api.Root+"/schema/") {
			continue // JSON Schemas hold no API links
		}
		for _, l := range links(decode(t, docs[path])) {
			target := strings.TrimPrefix(l, "/")
			if strings.HasPrefix(target, api.Root+"/search/") {
				search = append(search, target)
				continue
			}
			if _, ok := docs[target]; !ok {
				t.Errorf("%s links %s, which is not emitted", path, l)
				continue
			}
			queue = append(queue, target)
		}
	}
	for _, path := range docs.Paths() {
		if !reached[path] {
			t.Errorf("%s is not reachable from index.json", path)
		}
	}
	for _, lang := range []string{"et", "en"} {
		if !slices.Contains(search, api.SearchPath(lang)) {
			t.Errorf("index.json does not link the search index %s", api.SearchPath(lang))
		}
		if !bytes.Contains(index, []byte(`"/`+api.Root+`/`+lang+`/pages.json"`)) {
			t.Errorf("index.json does not link the %s page list", lang)
		}
	}
}

// TestDraftsAbsent checks that drafts, scheduled and expired pages appear
// in no document, even when the build includes drafts (--drafts marks
// every page published).
func TestDraftsAbsent(t *testing.T) {
	for _, previewBuild := range []bool{false, true} {
		t.Run(fmt.Sprintf("drafts flag %v", previewBuild), func(t *testing.T) {
			in := fixtureInput(t, fixture)
			if previewBuild {
				for i := range in.Pages {
					in.Pages[i].InBuild = true
				}
			}
			docs := build(t, in)
			for _, path := range docs.Paths() {
				for _, secret := range []string{"MUSTAND-TEKST", "Salajane mustand", "/et/mustand/", "mustand.json"} {
					if bytes.Contains(docs[path], []byte(secret)) {
						t.Errorf("%s contains the draft (%q)", path, secret)
					}
				}
				if !previewBuild && bytes.Contains(docs[path], []byte("TULEVIK")) {
					t.Errorf("%s contains the scheduled page", path)
				}
			}
		})
	}
}

// pageByURL decodes one page's entry from its language's pages.json.
func pageByURL(t *testing.T, docs api.Documents, lang, url string) map[string]any {
	t.Helper()
	var list struct {
		Pages []map[string]any `json:"pages"`
	}
	if err := json.Unmarshal(docs[api.Root+"/"+lang+"/pages.json"], &list); err != nil {
		t.Fatal(err)
	}
	for _, p := range list.Pages {
		if p["url"] == url {
			return p
		}
	}
	t.Fatalf("%s/pages.json has no page %s", lang, url)
	return nil
}

// TestIDStableAcrossRename renames a page within its section and checks
// which renames keep its id (and so its link to its translation).
func TestIDStableAcrossRename(t *testing.T) {
	const old = "content/et/abi/kriisitelefon.md"
	src := fixture[old]
	tests := []struct {
		name    string
		file    string // the renamed file
		src     string
		url     string
		keepsID bool
	}{
		{"unchanged", old, src, "/et/abi/kriisitelefon/", true},
		{"renamed, translation_key keeps the old key", "content/et/abi/kriisiabi-telefon.md",
			strings.Replace(src, "---\ntitle:", "---\ntranslation_key: abi/kriisitelefon\ntitle:", 1), "/et/abi/kriisiabi-telefon/", true},
		{"slug changed, file kept", old,
			strings.Replace(src, "---\ntitle:", "---\nslug: telefon\ntitle:", 1), "/et/abi/telefon/", true},
		{"renamed without translation_key", "content/et/abi/kriisiabi-telefon.md", src, "/et/abi/kriisiabi-telefon/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range fixture {
				files[k] = v
			}
			delete(files, old)
			files[tc.file] = tc.src
			docs := build(t, fixtureInput(t, files))
			p := pageByURL(t, docs, "et", tc.url)
			tr, _ := p["translations"].(map[string]any)
			if tc.keepsID {
				if p["id"] != "abi/kriisitelefon" {
					t.Errorf("id = %v, want abi/kriisitelefon", p["id"])
				}
				if tr["en"] != "/en/abi/crisis-line/" || tr["et"] != tc.url {
					t.Errorf("translations = %v, want et %s and en /en/abi/crisis-line/", tr, tc.url)
				}
			} else {
				if p["id"] == "abi/kriisitelefon" {
					t.Errorf("id = %v; a rename without translation_key is documented to change the id", p["id"])
				}
				if _, ok := tr["en"]; ok {
					t.Errorf("translations = %v, want no en translation", tr)
				}
			}
		})
	}
}

// TestIDs checks the id rule on the fixture and the id collisions Build
// refuses.
func TestIDs(t *testing.T) {
	docs := build(t, fixtureInput(t, fixture))
	for _, tc := range []struct{ lang, url, id string }{
		{"et", "/et/", "home"},
		{"en", "/en/", "home"},
		{"et", "/et/abi/", "abi"},
		{"et", "/et/tolk/", "interpreter"},
		{"en", "/en/interpreter/", "interpreter"},
	} {
		if got := pageByURL(t, docs, tc.lang, tc.url)["id"]; got != tc.id {
			t.Errorf("%s: id = %v, want %s", tc.url, got, tc.id)
		}
	}

	for _, tc := range []struct {
		name, file, src, want string
	}{
		{"a page keyed home", "content/et/home.md", "---\ntitle: Kodu\n---\n", `page id "home"`},
		{"two pages, one key", "content/et/teine-tolk.md", "---\ntitle: Teine\ntranslation_key: interpreter\n---\n", `page id "interpreter"`},
		{"a page at the home document", "content/et/index.md", "---\ntitle: Index\n---\n", "index.json is also written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.src}
			for k, v := range fixture {
				files[k] = v
			}
			_, err := api.Build(fixtureInput(t, files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Build error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestDeterministic builds twice from differently ordered input.
func TestDeterministic(t *testing.T) {
	a := fixtureInput(t, fixture)
	b := fixtureInput(t, fixture)
	slices.Reverse(b.Pages)
	da, db := build(t, a), build(t, b)
	if !slices.Equal(da.Paths(), db.Paths()) {
		t.Fatalf("paths differ: %v vs %v", da.Paths(), db.Paths())
	}
	for _, p := range da.Paths() {
		if !bytes.Equal(da[p], db[p]) {
			t.Errorf("%s differs between builds", p)
		}
	}
}

// TestNoCoverage leaves coverage out when there is no report, and
// rejects a report that is not JSON.
func TestNoCoverage(t *testing.T) {
	in := fixtureInput(t, fixture)
	in.Coverage = nil
	docs := build(t, in)
	if _, ok := docs[api.Root+"/coverage.json"]; ok {
		t.Error("coverage.json written without a report")
	}
	var index map[string]any
	if err := json.Unmarshal(docs[api.Root+"/index.json"], &index); err != nil {
		t.Fatal(err)
	}
	if c, ok := index["coverage"]; ok {
		t.Errorf("index.json links coverage %v without a report", c)
	}
	for _, bad := range []string{"{not json", `[1]`, `{"$schema":"/x.json","version":1}`} {
		in.Coverage = []byte(bad)
		if _, err := api.Build(in); err == nil {
			t.Errorf("Build accepted the coverage report %s, which is not JSON, not an object or has its own $schema", bad)
		}
	}
}

// TestCoverageSchemaIsCheckSchema checks that the coverage schema is the
// schema of haven check --format json (docs/schema/check.schema.json)
// with $schema added, so the two cannot drift apart.
func TestCoverageSchemaIsCheckSchema(t *testing.T) {
	var cov, chk map[string]any
	if err := json.Unmarshal(api.Schema("coverage"), &cov); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, "docs", "schema", "check.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &chk); err != nil {
		t.Fatal(err)
	}
	props, _ := cov["properties"].(map[string]any)
	if props["$schema"] == nil {
		t.Fatal("coverage schema has no $schema property")
	}
	delete(props, "$schema")
	for _, key := range []string{"properties", "$defs", "type", "additionalProperties"} {
		if !reflect.DeepEqual(cov[key], chk[key]) {
			t.Errorf("coverage schema's %s differs from docs/schema/check.schema.json's", key)
		}
	}
	want := append([]any{"$schema"}, chk["required"].([]any)...)
	if !reflect.DeepEqual(cov["required"], want) {
		t.Errorf("coverage schema requires %v, want %v", cov["required"], want)
	}
}

// TestCoverageDocument puts "$schema" first and keeps the report's own
// fields after it, compact, whatever the report's whitespace; a report
// with "$schema" only inside a value is still accepted.
func TestCoverageDocument(t *testing.T) {
	in := fixtureInput(t, fixture)
	for report, want := range map[string]string{
		"{}": `{"$schema":"/api/v1/schema/coverage.json"}`,
		"{\n  \"version\": 1,\n  \"s\": \"a b\"\n}\n": `{"$schema":"/api/v1/schema/coverage.json","version":1,"s":"a b"}`,
		`{"note":{"$schema":1}}`:                      `{"$schema":"/api/v1/schema/coverage.json","note":{"$schema":1}}`,
	} {
		in.Coverage = []byte(report)
		docs := build(t, in)
		got := string(docs[api.Root+"/coverage.json"])
		if got != want+"\n" {
			t.Errorf("report %q: coverage.json = %q, want %q", report, got, want+"\n")
		}
		// A report that names the schema first already, as
		// check.Report.CompactJSON(api.CoverageSchema) writes it, is
		// written as it is.
		if report == "{}" {
			continue // no member follows the schema: read again, and refused for its $schema
		}
		in.Coverage = []byte(got)
		if again := string(build(t, in)[api.Root+"/coverage.json"]); again != got {
			t.Errorf("report %q with its schema: coverage.json = %q, want %q", got, again, got)
		}
	}
}
