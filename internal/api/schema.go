package api

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// schemaFS holds the canonical JSON Schemas of the v1 documents.
//
//go:embed schema/*.json
var schemaFS embed.FS

// SchemaNames returns the names of the API schemas in sorted order:
// contacts, coverage, index, page, pages, search.
func SchemaNames() []string {
	entries, err := fs.ReadDir(schemaFS, "schema")
	if err != nil {
		panic("api: embedded schemas missing: " + err.Error()) // ruled out by the tests
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
	}
	slices.Sort(names)
	return names
}

// Schema returns a copy of the JSON Schema called name (see
// [SchemaNames]), or nil when there is none.
func Schema(name string) []byte {
	if !slices.Contains(SchemaNames(), name) {
		return nil
	}
	data, err := schemaFS.ReadFile("schema/" + name + ".json")
	if err != nil {
		return nil
	}
	return data
}
