package site

import (
	"bytes"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// legacyFetchAttrs is the old fetchAttrs.
var legacyFetchAttrs = []string{"src", "srcset", "poster", "data", "action", "formaction", "background", "imagesrcset"}

// BenchmarkCheckOrigins compares the tokenizer check with the old
// backwards scan on a theme page and on a long one.
func BenchmarkCheckOrigins(b *testing.B) {
	page, err := os.ReadFile("../theme/testdata/page-et.html")
	if err != nil {
		b.Fatal(err)
	}
	i := bytes.Index(page, []byte("<main"))
	j := bytes.LastIndex(page, []byte("</main>"))
	long := slices.Concat(page[:i], bytes.Repeat(page[i:j], 50), page[j:])
	l := originsSite("https://abi.example.ee")
	for _, in := range []struct {
		name string
		data []byte
	}{{"page", page}, {"long", long}} {
		if l.checkOrigins("a.html", in.data) != nil || l.legacyCheckOrigins("a.html", in.data) != nil {
			b.Fatal("the benchmark page must pass")
		}
		b.Run("tokenizer/"+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				_ = l.checkOrigins("a.html", in.data)
			}
		})
		b.Run("backwards/"+in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				_ = l.legacyCheckOrigins("a.html", in.data)
			}
		})
	}
}

// legacyCheckOrigins is checkOrigins as it was before it read HTML with a
// tokenizer (commit 4645023), kept for BenchmarkCheckOrigins only. It
// returns an *originError when an output file makes browsers fetch
// anything from another origin: src, srcset and similar attributes,
// stylesheet, script, preload and icon links, CSS url() and @import. Plain
// links to other sites are fine, and so are the site's own base URL and
// haven.yaml's allowed_origins.
//
// It looks only at the places where an absolute or protocol-relative URL
// starts ("//"), and reads backwards from there to the attribute or CSS
// function that holds it, so a page costs one bytes.Index pass.
func (l *Loaded) legacyCheckOrigins(name string, data []byte) error {
	ext := path.Ext(name)
	if ext != ".html" && ext != ".css" && ext != ".svg" {
		return nil
	}
	var bad []string
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("//"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + 2
		start := at
		if s := bytes.LastIndexAny(data[max(0, at-7):at], "\"'( \t\n="); s >= 0 {
			start = max(0, at-7) + s + 1
		} else {
			continue // "//" in the middle of text or a path
		}
		scheme := strings.ToLower(string(data[start:at]))
		if scheme != "" && scheme != "http:" && scheme != "https:" {
			continue
		}
		end := start
		for end < len(data) && !strings.ContainsRune("\"' \t\n)>,", rune(data[end])) {
			end++
		}
		url := string(data[start:end])
		if l.legacyAllowedOrigin(url) {
			continue
		}
		if what := legacyFetchContext(data, start, ext == ".css"); what != "" {
			bad = append(bad, what+" "+url)
		}
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return &originError{name: name, bad: slices.Compact(bad)}
	}
	return nil
}

// fetchContext says how the URL starting at offset start is used, when a
// browser would fetch it ("src", "link rel=stylesheet", "CSS url()"), or
// returns "" for plain links and text.
func legacyFetchContext(data []byte, start int, css bool) string {
	before := data[max(0, start-400):start]
	// CSS: url( or @import just before the URL, in a stylesheet, a style
	// attribute or a <style> element.
	trimmed := bytes.TrimRight(before, "\"' \t\n")
	lower := bytes.ToLower(trimmed[max(0, len(trimmed)-8):])
	if bytes.HasSuffix(lower, []byte("url(")) {
		return "CSS url()"
	}
	if bytes.HasSuffix(lower, []byte("@import")) {
		return "CSS @import"
	}
	if css {
		return ""
	}
	// HTML: the URL must be an attribute value inside a tag.
	lt := bytes.LastIndexByte(before, '<')
	if lt < 0 || bytes.LastIndexByte(before, '>') > lt {
		return ""
	}
	tag := before[lt+1:]
	eq := bytes.LastIndexByte(tag, '=')
	if eq < 0 {
		return ""
	}
	nameEnd := bytes.TrimRight(tag[:eq], " \t\n")
	k := bytes.LastIndexAny(nameEnd, " \t\n")
	attr := strings.ToLower(string(nameEnd[k+1:]))
	if slices.Contains(legacyFetchAttrs, attr) {
		return attr
	}
	if attr != "href" {
		return ""
	}
	tagName := strings.ToLower(string(bytes.Fields(tag)[0]))
	if tagName != "link" {
		return "" // <a href>: a plain link
	}
	// Find the whole tag to read its rel.
	rest := data[start-len(tag)-1:]
	if gt := bytes.IndexByte(rest, '>'); gt >= 0 {
		rest = rest[:gt]
	}
	rel := legacyAttrValue(rest, "rel")
	if rel == "canonical" || rel == "alternate" || rel == "" {
		return "" // not fetched by browsers
	}
	return "link rel=" + rel
}

// attrValue returns the lower-cased value of attribute name in a tag.
func legacyAttrValue(tag []byte, name string) string {
	s := strings.ToLower(string(tag))
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return ""
		}
		at := i + j
		i = at + len(name)
		if at == 0 || !strings.ContainsRune(" \t\n", rune(s[at-1])) {
			continue
		}
		v := strings.TrimLeft(s[i:], " \t\n")
		if !strings.HasPrefix(v, "=") {
			continue
		}
		v = strings.TrimLeft(v[1:], " \t\n")
		if v == "" {
			return ""
		}
		if q := v[0]; q == '"' || q == '\'' {
			if end := strings.IndexByte(v[1:], q); end >= 0 {
				return v[1 : end+1]
			}
			return v[1:]
		}
		return strings.Fields(v)[0]
	}
}

func (l *Loaded) legacyAllowedOrigin(u string) bool {
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	for _, o := range append([]string{l.Config.BaseURL}, l.Config.AllowedOrigins...) {
		o = strings.TrimRight(o, "/")
		if strings.EqualFold(u, o) || strings.HasPrefix(strings.ToLower(u), strings.ToLower(o)+"/") {
			return true
		}
	}
	return false
}
