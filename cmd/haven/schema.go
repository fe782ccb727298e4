package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/haven-cms/haven/internal/api"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
)

const schemaUsage = `Usage:
  haven schema frontmatter [--source DIR]   JSON Schema of page front matter
  haven schema api [NAME]                   JSON Schemas of the content API
                                            (all as one object, or one of: %s)
`

// cmdSchema prints JSON Schemas: of page front matter for the site at
// --source (with its rulebook's requirement ids), or of the API documents.
func cmdSchema(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		fmt.Fprintf(stderr, schemaUsage, strings.Join(api.SchemaNames(), ", "))
		return exitUsage, errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprintf(stdout, schemaUsage, strings.Join(api.SchemaNames(), ", "))
		return exitOK, errHelp
	case "frontmatter":
		return schemaFrontMatter(args[1:], stdout, stderr)
	case "api":
		return schemaAPI(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "haven schema: unknown schema %q%s\n", args[0], suggestion(args[0], []string{"frontmatter", "api"}))
	fmt.Fprintf(stderr, schemaUsage, strings.Join(api.SchemaNames(), ", "))
	return exitUsage, errUsage
}

// schemaFrontMatter prints the front-matter schema of the site at --source.
func schemaFrontMatter(args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("schema frontmatter")
	source := flags.String("source", ".", "site root `DIR` (its rules.yaml gives the requirement ids)")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("schema", *source, stderr); err != nil {
		return exitUsage, err
	}
	root, err := os.OpenRoot(*source)
	if err != nil {
		return exitContent, err
	}
	defer root.Close()
	var diags diag.List
	rules := legal.Load(root.FS(), &diags)
	if diags.HasErrors() {
		_ = diags.WriteText(stderr)
		return exitContent, nil
	}
	_, err = stdout.Write(api.FrontMatterSchema(rules.IDs(), rules.PageFrontMatter))
	return exitOK, err
}

// schemaAPI prints one or all JSON Schemas of the content API.
func schemaAPI(args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("schema api")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	names := api.SchemaNames()
	switch len(pos) {
	case 0:
		// All schemas as one JSON object, name -> schema, so the output
		// stays one JSON document: haven schema api | jq '.pages'.
		var b bytes.Buffer
		b.WriteString("{\n")
		for i, name := range names {
			var s bytes.Buffer
			if err := json.Indent(&s, bytes.TrimSpace(api.Schema(name)), "  ", "  "); err != nil {
				return exitContent, fmt.Errorf("schema %s: %w", name, err)
			}
			fmt.Fprintf(&b, "  %q: %s", name, s.Bytes())
			if i < len(names)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("}\n")
		_, err = stdout.Write(b.Bytes())
		return exitOK, err
	case 1:
		name := strings.TrimSuffix(pos[0], ".json")
		data := api.Schema(name)
		if data == nil {
			fmt.Fprintf(stderr, "haven schema api: no schema %q; expected one of %s\n", pos[0], strings.Join(names, ", "))
			return exitUsage, errUsage
		}
		_, err = stdout.Write(data)
		return exitOK, err
	}
	fmt.Fprintf(stderr, "haven schema api: expected at most one schema name, got %d\n", len(pos))
	return exitUsage, errUsage
}
