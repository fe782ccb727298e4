package site

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/model"
	"github.com/haven-cms/haven/internal/theme"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"golang.org/x/net/html"
)

// fetchAttrs are the attributes whose URL a browser fetches, or sends
// something to (action, formaction, ping), without the reader choosing to
// follow a link.
var fetchAttrs = []string{"src", "srcset", "imagesrcset", "poster", "data", "action", "formaction", "background", "ping", "manifest", "codebase", "archive", "lowsrc"}

// svgFetchers are the SVG elements whose href (or xlink:href) is fetched.
var svgFetchers = []string{"image", "use", "feimage", "script"}

// cssAttrs are the attributes read as CSS: style, and SVG presentation
// attributes, which may hold url().
var cssAttrs = []string{"style", "fill", "stroke", "filter", "clip-path", "mask", "marker-start", "marker-mid", "marker-end", "cursor"}

// originError reports an output file that would make browsers fetch
// something from another origin.
type originError struct {
	name string
	bad  []string // "what URL", sorted: "src https://cdn.example.com/a.png"
	urls []string // the URL of each of bad
}

func (e *originError) Error() string {
	return fmt.Sprintf("%s loads from another origin: %s; readers' visits must not reach third parties (allow deliberate exceptions with allowed_origins in haven.yaml)",
		e.name, strings.Join(e.bad, ", "))
}

// originDiagnostics reports that the theme page of source (the file of
// page p; "" and nil for a file haven makes) would load from another
// origin: each URL that an image of p's Markdown brings in at that image's
// line and column, each URL the theme's files hold at its place in them
// (the same for every page, without naming one), the others at source.
func (l *Loaded) originDiagnostics(source string, p *model.Page, oe *originError) []diag.Diagnostic {
	const hint = "host the file on this site, or allow the origin deliberately with allowed_origins in haven.yaml"
	var out []diag.Diagnostic
	rest := &originError{name: oe.name}
	for i, u := range oe.urls {
		if ds := imageOriginDiagnostics(source, p, oe, i); len(ds) > 0 {
			for j := range ds {
				ds[j].Hint = hint
			}
			out = append(out, ds...)
			continue
		}
		if spot, ok := l.themeSpot(u); ok {
			out = append(out, diag.Diagnostic{File: l.Theme.Dir + "/" + spot.File, Line: spot.Line, Column: spot.Column, Severity: diag.Error, Code: "origin.third-party",
				Message: fmt.Sprintf("the theme loads from another origin: %s; readers' visits must not reach third parties", oe.bad[i]), Hint: hint})
			continue
		}
		rest.bad, rest.urls = append(rest.bad, oe.bad[i]), append(rest.urls, u)
	}
	if len(rest.bad) > 0 {
		file := source
		if file == "" && l.Theme != nil {
			file = l.Theme.Dir
		}
		out = append(out, diag.Diagnostic{File: file, Severity: diag.Error, Code: "origin.third-party", Message: rest.Error(), Hint: hint})
	}
	return out
}

// assetOriginDiagnostics reports the loads from other origins that oe
// found in the content file source, whose bytes are data: each at the
// line and column where its URL first stands in the file, or at the file
// when the URL is written otherwise there (escaped).
func assetOriginDiagnostics(source string, data []byte, oe *originError) []diag.Diagnostic {
	out := make([]diag.Diagnostic, 0, len(oe.urls))
	for i, u := range oe.urls {
		d := diag.Diagnostic{File: source, Severity: diag.Error, Code: "origin.third-party",
			Message: fmt.Sprintf("%s loads from another origin (%s); readers' visits must not reach third parties", oe.name, oe.bad[i]),
			Hint:    "host the file on this site, or allow the origin deliberately with allowed_origins in haven.yaml"}
		if at := bytes.Index(data, []byte(u)); at >= 0 && u != "" {
			start := bytes.LastIndexByte(data[:at], '\n') + 1
			d.Line, d.Column = bytes.Count(data[:start], []byte("\n"))+1, utf8.RuneCount(data[start:at])+1
		}
		out = append(out, d)
	}
	return out
}

// themeSpot returns the place in the site's own theme that holds the URL
// u; false for the built-in theme, which has no file in the site.
func (l *Loaded) themeSpot(u string) (theme.Spot, bool) {
	if l.Theme == nil || l.Theme.Dir == "" {
		return theme.Spot{}, false
	}
	return l.Theme.Locate(u)
}

// imageOriginDiagnostics reports the images of p's Markdown whose
// destination is the i-th URL of oe, at their lines and columns in source.
func imageOriginDiagnostics(source string, p *model.Page, oe *originError, i int) []diag.Diagnostic {
	if p == nil || p.Doc == nil {
		return nil
	}
	var out []diag.Diagnostic
	for _, l := range p.Doc.Links {
		if !l.Image || !sameURL(l.Dest, oe.urls[i]) {
			continue
		}
		line := p.BodyLine
		if l.Line > 0 {
			line += l.Line - 1
		}
		out = append(out, diag.Diagnostic{File: source, Line: line, Column: l.Column, Severity: diag.Error, Code: "origin.third-party",
			Message: fmt.Sprintf("image %s loads from another origin (%s of %s); readers' visits must not reach third parties", l.Dest, oe.bad[i], oe.name)})
	}
	return out
}

// sameURL reports whether the Markdown destination dest and the URL raw
// of the rendered page are one address: the renderer percent-encodes what
// the editor wrote.
func sameURL(dest, raw string) bool {
	if strings.TrimSpace(dest) == strings.TrimSpace(raw) {
		return true
	}
	a, errA := url.Parse(strings.TrimSpace(dest))
	b, errB := url.Parse(strings.TrimSpace(raw))
	if errA != nil || errB != nil {
		return false
	}
	qa, _ := url.QueryUnescape(a.RawQuery)
	qb, _ := url.QueryUnescape(b.RawQuery)
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host) && a.Path == b.Path && qa == qb
}

// checkOrigins returns an error when an output file makes browsers fetch
// anything from another origin: src, srcset and similar attributes, ping,
// base href, stylesheet, script, preload and icon links, SVG image and use
// hrefs, CSS url(), image-set() and @import. Plain links to other sites are
// fine, and so are the site's own base URL and haven.yaml's
// allowed_origins.
//
// It reads HTML and SVG with the tokenizer browsers follow
// (golang.org/x/net/html) and CSS with a CSS lexer, and resolves each URL
// against the file's own address the way browsers do, so "http:evil.example"
// on an https page, "\\evil.example" and "&#47;/evil.example" are other
// origins too.
func (l *Loaded) checkOrigins(name string, data []byte) *originError {
	ext := path.Ext(name)
	if ext != ".html" && ext != ".css" && ext != ".svg" {
		return nil
	}
	s := l.newOriginScan(name)
	if ext == ".css" {
		s.css(data)
	} else {
		s.html(data)
	}
	return s.err(name)
}

// err returns the third-party fetches found in the file name, sorted
// and each once, or nil.
func (s *originScan) err(name string) *originError {
	if len(s.bad) == 0 {
		return nil
	}
	e := &originError{name: name}
	order := make([]int, len(s.bad))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(s.bad[a], s.bad[b]) })
	for _, i := range order {
		if n := len(e.bad); n == 0 || e.bad[n-1] != s.bad[i] {
			e.bad, e.urls = append(e.bad, s.bad[i]), append(e.urls, s.urls[i])
		}
	}
	return e
}

// checkBodyOrigins reports the images of published pages' Markdown that
// load from another origin, at their lines, without the theme: for a build
// that writes no page because it already has errors, so that these are
// reported with them. (A page's theme page is checked as a whole when it
// is rendered.)
func (l *Loaded) checkBodyOrigins(diags *diag.List) {
	for _, p := range l.Pages {
		if !p.InBuild || p.Doc == nil {
			continue
		}
		name := OutputPath(p.URL)
		s := l.newOriginScan(name)
		for _, link := range p.Doc.Links {
			if link.Image {
				s.check("src", link.Dest)
			}
		}
		if e := s.err(name); e != nil {
			diags.Add(l.originDiagnostics(p.File, p, e)...)
		}
	}
}

// originScan collects the third-party fetches of one file.
type originScan struct {
	page    *url.URL   // the file's own address
	allowed []*url.URL // the base URL and allowed_origins
	bad     []string   // "what URL"
	urls    []string   // the URL of each of bad
}

func (l *Loaded) newOriginScan(name string) *originScan {
	s := &originScan{}
	for _, o := range append([]string{l.Config.BaseURL}, l.Config.AllowedOrigins...) {
		if u, err := url.Parse(strings.TrimRight(o, "/")); err == nil && u.Host != "" {
			s.allowed = append(s.allowed, u)
		}
	}
	page, err := url.Parse(strings.TrimRight(l.Config.BaseURL, "/") + "/" + name)
	if err != nil || page.Host == "" {
		page, _ = url.Parse("https://site.invalid/" + name)
	}
	s.page = page
	return s
}

// html scans HTML or SVG.
func (s *originScan) html(data []byte) {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			s.tag(z, tag, more)
			switch tag {
			case "style":
				if z.Next() == html.TextToken {
					s.css(z.Text())
				}
			case "noscript":
				// Read as markup: without scripts (Tor Browser's
				// safest level) browsers fetch what it holds.
				z.NextIsNotRawText()
			}
		}
	}
}

// tag checks the attributes of the start tag z is at.
func (s *originScan) tag(z *html.Tokenizer, tag string, more bool) {
	var href, rel string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch key := string(k); {
		case key == "srcset" || key == "imagesrcset":
			for _, u := range srcsetURLs(string(v)) {
				s.check(key, u)
			}
		case key == "ping":
			for _, u := range strings.Fields(string(v)) {
				s.check(key, u)
			}
		case slices.Contains(fetchAttrs, key):
			s.check(key, string(v))
		case slices.Contains(cssAttrs, key):
			s.css(v)
		case key == "href" || key == "xlink:href":
			href = string(v)
			if slices.Contains(svgFetchers, tag) {
				s.check(key, href)
			}
		case key == "rel":
			rel = strings.ToLower(strings.TrimSpace(string(v)))
		}
	}
	switch {
	case tag == "base" && href != "":
		s.check("base href", href)
	case tag == "link" && href != "" && rel != "" && rel != "canonical" && rel != "alternate":
		s.check("link rel="+rel, href)
	}
}

// srcsetURLs returns the URLs of a srcset: comma-separated candidates of a
// URL and optional descriptors.
func srcsetURLs(v string) []string {
	var urls []string
	for v != "" {
		v = strings.TrimLeft(v, " \t\n\r\f,")
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			u = trimmed // no descriptors: the comma ended the candidate
		} else if c := strings.IndexByte(v, ','); c >= 0 {
			v = v[c+1:]
		} else {
			v = ""
		}
		if u != "" {
			urls = append(urls, u)
		}
	}
	return urls
}

// css scans a style sheet, a <style> element or a style attribute.
func (s *originScan) css(data []byte) {
	in := parse.NewInputBytes(data)
	defer in.Restore() // it borrows the byte after data
	l := css.NewLexer(in)
	var prev, fn string // the last at-keyword or function before the token
	for {
		tt, text := l.Next()
		switch tt {
		case css.ErrorToken:
			return
		case css.URLToken:
			s.check("CSS url()", cssURL(text))
		case css.StringToken:
			switch {
			case prev == "@import":
				s.check("CSS @import", cssString(text))
			case strings.HasSuffix(fn, "image-set("):
				s.check("CSS image-set()", cssString(text))
			}
		case css.AtKeywordToken:
			prev = strings.ToLower(string(text))
			continue
		case css.FunctionToken:
			fn = strings.ToLower(string(text))
		case css.RightParenthesisToken, css.SemicolonToken, css.LeftBraceToken:
			fn = ""
		}
		if tt != css.WhitespaceToken && tt != css.CommentToken {
			prev = ""
		}
	}
}

// cssURL returns the URL of a url(…) token.
func cssURL(tok []byte) string {
	v := strings.TrimSpace(string(tok[4 : len(tok)-1]))
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		return cssString([]byte(v))
	}
	return cssUnescape(v)
}

// cssString returns the value of a quoted CSS string token.
func cssString(tok []byte) string {
	if len(tok) >= 2 && tok[len(tok)-1] == tok[0] {
		tok = tok[1 : len(tok)-1]
	} else if len(tok) >= 1 {
		tok = tok[1:]
	}
	return cssUnescape(string(tok))
}

// cssUnescape decodes CSS escapes: \ and up to six hex digits (and one
// blank after them), or \ and any other character.
func cssUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && j < i+7 && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
			j++
		}
		if j == i+1 {
			b.WriteByte(s[j])
			i = j
			continue
		}
		r, _ := strconv.ParseUint(s[i+1:j], 16, 32)
		b.WriteRune(rune(r))
		if j < len(s) && strings.IndexByte(" \t\n", s[j]) >= 0 {
			j++
		}
		i = j - 1
	}
	return b.String()
}

// check records raw, a URL fetched as what, when it resolves to another
// origin than the allowed ones.
func (s *originScan) check(what, raw string) {
	u := resolve(s.page, raw)
	if u == nil || s.allow(u) {
		return
	}
	s.bad = append(s.bad, what+" "+strings.TrimSpace(raw))
	s.urls = append(s.urls, strings.TrimSpace(raw))
}

// resolve returns the absolute http(s) URL a browser on page fetches for
// raw, or nil when raw stays on page's origin or is not fetched over the
// network (data:, mailto:, an unknown scheme). Like browsers (WHATWG URL
// parsing) it drops tabs and newlines, trims spaces and control
// characters, reads \ as / in http(s) URLs, and reads "https:host" as
// https://host when the page is not itself https.
func resolve(page *url.URL, raw string) *url.URL {
	v := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' }))
	scheme, rest := splitScheme(v)
	switch scheme {
	case "":
		rest = v
	case "http", "https", "ws", "wss", "ftp":
	default:
		return nil
	}
	if end := strings.IndexAny(rest, "?#"); end >= 0 {
		rest = strings.ReplaceAll(rest[:end], `\`, "/") + rest[end:]
	} else {
		rest = strings.ReplaceAll(rest, `\`, "/")
	}
	switch {
	case scheme != "" && scheme != page.Scheme:
		// Another special scheme: any slashes, then the host.
		rest = "//" + strings.TrimLeft(rest, "/")
	case !strings.HasPrefix(rest, "//"):
		return nil // a path on this origin
	}
	if scheme == "" {
		scheme = page.Scheme
	}
	u, err := url.Parse(scheme + ":" + rest)
	if err != nil {
		return &url.URL{Scheme: scheme, Host: "invalid"} // unreadable: not ours
	}
	return u
}

// splitScheme returns the lower-cased scheme of v and what follows its
// colon, or "" and v when v has none.
func splitScheme(v string) (scheme, rest string) {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == ':' && i > 0:
			return strings.ToLower(v[:i]), v[i+1:]
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return "", v
		}
	}
	return "", v
}

// allow reports whether u is below the base URL or an allowed origin:
// same scheme, host and port, and a path at or below theirs.
func (s *originScan) allow(u *url.URL) bool {
	for _, o := range s.allowed {
		if !strings.EqualFold(u.Scheme, o.Scheme) || !strings.EqualFold(hostPort(u), hostPort(o)) || u.User != nil {
			continue
		}
		p := strings.TrimRight(o.Path, "/")
		if p == "" || strings.EqualFold(u.Path, p) || strings.HasPrefix(strings.ToLower(u.Path), strings.ToLower(p)+"/") {
			return true
		}
	}
	return false
}

// hostPort returns u's host with the scheme's default port dropped.
func hostPort(u *url.URL) string {
	h := u.Host
	if p := u.Port(); (p == "443" && u.Scheme == "https") || (p == "80" && u.Scheme == "http") {
		h = strings.TrimSuffix(h, ":"+p)
	}
	return h
}
