package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkPolicy is the AST pass that decides what every URL of the page may
// do, and nothing else. A link or autolink to a dangerous URL (see
// [IsDangerousURL]) is removed, a link or image leaving its text (the
// alt text of an image) in its place. Links that leave the site get rel="noreferrer". What
// it removes is listed in the Result's Blocked. It runs first (goldmark
// runs lower priorities first), so later passes never see those URLs.
type linkPolicy struct{}

// Transform applies the policy to every link, image and autolink of doc.
func (linkPolicy) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocked []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if IsDangerousURL(string(n.Destination)) {
				blocked = append(blocked, n)
			} else if leavesSite(string(n.Destination)) {
				n.SetAttributeString("rel", []byte("noreferrer"))
			}
		case *ast.Image:
			if IsDangerousURL(string(n.Destination)) {
				blocked = append(blocked, n)
			}
		case *ast.AutoLink:
			if IsDangerousURL(string(n.URL(src))) {
				blocked = append(blocked, n)
			} else if n.AutoLinkType == ast.AutoLinkURL {
				n.SetAttributeString("rel", []byte("noreferrer"))
			}
		}
		return ast.WalkContinue, nil
	})
	if len(blocked) == 0 {
		return
	}
	res, _ := pc.Get(keyResult).(*Result)
	lines := newLineIndex(src)
	for _, n := range blocked {
		if res != nil {
			res.Blocked = append(res.Blocked, blockedLink(n, src, lines))
		}
		neutralise(n)
	}
}

// blockedLink describes the link, image or autolink n for Result.Blocked.
func blockedLink(n ast.Node, src []byte, lines lineIndex) Link {
	block := n.Parent()
	for block != nil && (block.Type() != ast.TypeBlock || block.Lines().Len() == 0) {
		block = block.Parent()
	}
	switch n := n.(type) {
	case *ast.Link:
		return linkAt(string(n.Destination), plainText(n, src), false, block, lines)
	case *ast.Image:
		return linkAt(string(n.Destination), plainText(n, src), true, block, lines)
	case *ast.AutoLink:
		return linkAt(string(n.URL(src)), string(n.Label(src)), false, block, lines)
	}
	return Link{}
}

// neutralise takes the link, image or autolink n out of the page,
// leaving its text: the link text, the alt text of an image, nothing of
// an autolink (its text is the URL).
func neutralise(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// browserURL returns dest the way a browser reads it from goldmark's
// HTML: backslash escapes and character references decoded (goldmark
// decodes them when it writes the attribute), then every space and
// control character dropped, which is stricter than browsers (they drop
// tabs and newlines anywhere, other controls and spaces at the ends).
func browserURL(dest string) string {
	b := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(dest))))
	var s strings.Builder
	s.Grow(len(b))
	for _, c := range b {
		if c > ' ' {
			s.WriteByte(c)
		}
	}
	return s.String()
}

// scheme returns the lower-cased scheme of a URL read by browserURL, or ""
// for a relative one.
func scheme(u string) string {
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c == ':' && i > 0:
			return strings.ToLower(u[:i])
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return ""
		}
	}
	return ""
}

// IsDangerousURL reports whether a link target would run code or embed
// data when followed: javascript:, vbscript:, data: and file: URLs, in any
// case, written with character references or backslash escapes, and with
// any whitespace or control characters browsers ignore.
func IsDangerousURL(dest string) bool {
	switch scheme(browserURL(dest)) {
	case "javascript", "vbscript", "data", "file":
		return true
	}
	return false
}

// leavesSite reports whether following dest leaves the site: an http: or
// https: URL, or one that starts with two slashes (browsers read a
// backslash as a slash there).
func leavesSite(dest string) bool {
	u := browserURL(dest)
	if s := scheme(u); s == "http" || s == "https" {
		return true
	}
	return strings.HasPrefix(u, "//") || strings.HasPrefix(u, `\\`) || strings.HasPrefix(u, `/\`) || strings.HasPrefix(u, `\/`)
}
