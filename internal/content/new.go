package content

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ArchetypeDir holds per-section page templates for haven new:
// archetypes/<section>.md, else archetypes/default.md, at the site root.
const ArchetypeDir = "archetypes"

// NewPagePath turns the argument of haven new (et/abi/leht, et/abi/leht.md
// or content/et/abi/leht.md) into a site-root-relative file path, checking
// that it stays inside content/<lang>/.
func NewPagePath(arg string, languages []string) (string, error) {
	p := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(arg, `\`, "/")), "/")
	if strings.Contains(arg, "..") {
		return "", fmt.Errorf("path %q must stay inside content/", arg)
	}
	p = strings.TrimPrefix(p, Dir+"/")
	if !strings.HasSuffix(p, ".md") {
		p += ".md"
	}
	lang, rest, ok := strings.Cut(p, "/")
	if !ok || rest == "" || !slices.Contains(languages, lang) {
		return "", fmt.Errorf("path %q must start with a language folder (%s), e.g. %s/abi/uus-leht.md", arg, strings.Join(languages, ", "), languages[0])
	}
	return Dir + "/" + p, nil
}

// NewPage returns the text of a new page at file (content/<lang>/...md):
// the section's archetype from fsys when there is one, else a skeleton
// with every documented key. {{title}} and {{today}} are filled in;
// reviewed and publish are today, and the page starts as a draft.
func NewPage(fsys fs.FS, file string, today time.Time) []byte {
	rel := strings.TrimPrefix(file, Dir+"/")
	_, below, _ := strings.Cut(rel, "/")
	section := ""
	if i := strings.IndexByte(below, '/'); i >= 0 {
		section = below[:i]
	}
	day := today.Format(DateLayout)
	title := titleFromName(strings.TrimSuffix(path.Base(file), ".md"))
	if path.Base(file) == "_index.md" {
		title = titleFromName(path.Base(path.Dir(file)))
	}
	for _, name := range []string{section, "default"} {
		if name == "" || fsys == nil {
			continue
		}
		if b, err := fs.ReadFile(fsys, ArchetypeDir+"/"+name+".md"); err == nil {
			s := strings.ReplaceAll(string(b), "{{title}}", title)
			return []byte(strings.ReplaceAll(s, "{{today}}", day))
		}
	}
	return []byte(fmt.Sprintf(`---
title: %q
description: ""
publish: %s
reviewed: %s
owner: ""
covers: []
draft: true
---

Write the page here. Start headings at ##: the title is the page's h1.
`, title, day, day))
}

func titleFromName(name string) string {
	s := strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }), " ")
	if s == "" {
		return "New page"
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
