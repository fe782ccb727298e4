package api_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"
)

// repoRoot is the sample site: the repository's own content/.
const repoRoot = "../.."

// frontMatterSchema compiles the schema for the sample site's rulebook.
func frontMatterSchema(t *testing.T) (*jsonschema.Schema, *legal.Rulebook) {
	t.Helper()
	var diags diag.List
	rules := legal.Load(os.DirFS(repoRoot), &diags)
	if diags.HasErrors() {
		t.Fatalf("rulebook:\n%s", diagText(&diags))
	}
	data := api.FrontMatterSchema(rules.IDs(), rules.PageFrontMatter)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("schema is not JSON: %v\n%s", err, data)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://ohvriabi.example/frontmatter.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return s, rules
}

// frontMatterValue parses YAML front matter the way an editor's YAML
// tooling does (YAML 1.2 core schema: an unquoted date stays a string)
// into a JSON value.
func frontMatterValue(t *testing.T, src string) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("YAML: %v", err)
	}
	var v any = map[string]any{}
	if len(doc.Content) > 0 {
		v = yamlValue(doc.Content[0])
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("not representable as JSON: %v", err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// yamlValue converts a YAML node to plain Go values, keeping timestamps
// as the strings they are written as.
func yamlValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, yamlValue(c))
		}
		return l
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float":
		var v any
		if err := n.Decode(&v); err == nil {
			return v
		}
	}
	return n.Value
}

// TestFrontMatterSchema checks the schema against hand-written front
// matter: what haven accepts passes, unknown keys and wrong types fail,
// and each case agrees with content.Parse.
func TestFrontMatterSchema(t *testing.T) {
	s, rules := frontMatterSchema(t)
	if len(rules.IDs()) == 0 {
		t.Fatal("the default rulebook has no requirements")
	}
	id := rules.IDs()[0]
	tests := []struct {
		name string
		fm   string
		ok   bool
	}{
		{"title only", "title: Abi", true},
		{"every key", "title: Abi\ndescription: Kiire abi.\nslug: kiire-abi\ncovers: [" + id + "]\nreviewed: 2026-03-01\nowner: Ohvriabi\ndraft: false\npublish: 2026-01-01\nexpires: 2027-01-01\naliases: [/et/vana/]\nweight: 3\nmenu: footer\namounts_as_of: 2026-02-01\ntranslation_key: abi/kiire\neasy_read: true\nacknowledge: [820 €]", true},
		{"covers as a single id", "title: Abi\ncovers: " + id, true},
		{"unknown key", "title: Abi\ncategories: [abi]", false},
		{"misspelt key", "title: Abi\nreviewd: 2026-03-01", false},
		{"unknown requirement id", "title: Abi\ncovers: [no-such-requirement]", false},
		{"date in another format", "title: Abi\nreviewed: 01.03.2026", false},
		{"weight not a number", "title: Abi\nweight: first", false},
		{"unknown menu", "title: Abi\nmenu: sidebar", false},
		{"alias not site-absolute", "title: Abi\naliases: [vana]", false},
		{"no title", "description: Abi", false},
		{"nested value", "title: Abi\nowner: {name: X}", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(frontMatterValue(t, tc.fm))
			if (err == nil) != tc.ok {
				t.Errorf("schema valid = %v, want %v: %v", err == nil, tc.ok, err)
			}
			// haven itself must agree, or the schema misleads editors.
			var diags diag.List
			content.Parse("content/et/abi.md", []byte("---\n"+tc.fm+"\n---\n"), &diags)
			if tc.ok && diags.HasErrors() {
				t.Errorf("schema accepts front matter that haven rejects:\n%s", diagText(&diags))
			}
			if !tc.ok && !diags.HasErrors() && !strings.Contains(tc.name, "requirement") {
				t.Errorf("schema rejects front matter that haven accepts")
			}
		})
	}
}

// TestFrontMatterSchemaSampleSite validates the front matter of every page
// of the sample site in content/.
func TestFrontMatterSchemaSampleSite(t *testing.T) {
	s, _ := frontMatterSchema(t)
	dir := filepath.Join(repoRoot, content.Dir)
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no sample site in " + dir)
	}
	for _, file := range files {
		rel, _ := filepath.Rel(repoRoot, file)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text := strings.ReplaceAll(string(src), "\r\n", "\n")
			rest, ok := strings.CutPrefix(strings.TrimPrefix(text, "\ufeff"), "---\n")
			if !ok {
				t.Skip("no YAML front matter (TOML front matter is not covered by the editor tooling)")
			}
			fm, _, ok := strings.Cut(rest, "\n---\n")
			if !ok {
				t.Fatal("front matter is not closed")
			}
			if err := s.Validate(frontMatterValue(t, fm)); err != nil {
				t.Errorf("front matter does not validate: %v", err)
			}
		})
	}
}

// TestFrontMatterSchemaShape checks that every key of content.Fields is in
// the schema, in order, with its documentation, and nothing else.
func TestFrontMatterSchemaShape(t *testing.T) {
	data := api.FrontMatterSchema([]string{"a", "b"}, []string{"title", "not-a-key", "title"})
	var doc struct {
		Schema               string `json:"$schema"`
		AdditionalProperties *bool  `json:"additionalProperties"`
		Required             []string
		Properties           map[string]struct{ Description string }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != api.FrontMatterDraft || doc.AdditionalProperties == nil || *doc.AdditionalProperties {
		t.Errorf("$schema %q, additionalProperties %v", doc.Schema, doc.AdditionalProperties)
	}
	if !slices.Equal(doc.Required, []string{"title"}) {
		t.Errorf("required = %v, want [title]", doc.Required)
	}
	if len(doc.Properties) != len(content.Fields) {
		t.Errorf("%d properties, want %d", len(doc.Properties), len(content.Fields))
	}
	last := -1
	for _, f := range content.Fields {
		p, ok := doc.Properties[f.Name]
		if !ok || !strings.HasPrefix(p.Description, f.Doc) {
			t.Errorf("%s: missing or without its documentation", f.Name)
		}
		i := bytes.Index(data, []byte(`"`+f.Name+`": {`))
		if i < last {
			t.Errorf("%s out of order", f.Name)
		}
		last = i
	}
	if !bytes.Contains(data, []byte(`"enum": [`)) || !bytes.Contains(data, []byte(`"a",`)) {
		t.Errorf("covers has no enum of the ids:\n%s", data)
	}
}
