package corpus

import (
	"os"
	"path/filepath"
)

// hugoFiles is a Hugo site over ../content: the same languages, the
// publication date from publish, and layouts close to what haven's theme
// shows (language links, section menu, a quick-exit link, the update day).
var hugoFiles = map[string]string{
	"hugo.toml": `baseURL = "https://example.org/"
defaultContentLanguage = "et"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]

[frontmatter]
date = ["publish", ":default"]
publishDate = ["publish", ":default"]

[markup.goldmark.renderer]
unsafe = false

[languages.et]
contentDir = "../content/et"
weight = 1
[languages.en]
contentDir = "../content/en"
weight = 2
[languages.ru]
contentDir = "../content/ru"
weight = 3
`,
	"layouts/_default/baseof.html": `<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<a id="quick-exit" href="https://www.ilmateenistus.ee/">Exit</a>
<nav>
<ul>{{ range .Site.Home.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ul>{{ range .Translations }}<li><a lang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Lang }}</a></li>{{ end }}</ul>
</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Lastmod.Format "2006-01-02" }}</footer>
</body>
</html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
}

// writeHugo writes hugoFiles into dir/hugo.
func writeHugo(dir string) error {
	for name, text := range hugoFiles {
		p := filepath.Join(dir, "hugo", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
