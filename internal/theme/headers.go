package theme

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
)

// CSP returns the Content Security Policy of every page: resources only
// from the site itself ('self'), no inline scripts or styles, no plugins,
// no frames, forms posting only to the site. allowedOrigins (haven.yaml
// allowed_origins, e.g. https://chat.example.ee) are added to the fetch
// directives as deliberate exceptions; anything that is not a plain
// origin (a scheme, a host and an optional port) is ignored, so a
// configuration value can never inject a directive.
//
// The result suits a <meta http-equiv> tag; [SecurityHeaders] adds the
// directives that work only as an HTTP header (frame-ancestors).
func CSP(allowedOrigins []string) string {
	extra := ""
	for _, o := range cleanOrigins(allowedOrigins) {
		extra += " " + o
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'" + extra,
		"style-src 'self'" + extra,
		"img-src 'self' data:" + extra,
		"font-src 'self'" + extra,
		"connect-src 'self'" + extra,
		"media-src 'self'" + extra,
		"frame-src " + orNone(extra),
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
	}, "; ")
}

func orNone(extra string) string {
	if extra == "" {
		return "'none'"
	}
	return strings.TrimSpace(extra)
}

// cleanOrigins keeps the values that are plain http(s) origins, lower-cased,
// sorted and without duplicates.
func cleanOrigins(origins []string) []string {
	var out []string
	for _, o := range origins {
		o = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(o), "/"))
		rest, ok := strings.CutPrefix(o, "https://")
		if !ok {
			if rest, ok = strings.CutPrefix(o, "http://"); !ok {
				continue
			}
		}
		if rest == "" || strings.ContainsFunc(rest, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':')
		}) {
			continue
		}
		out = append(out, o)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// SecurityHeaders returns the HTTP response headers every page should be
// served with: the [CSP] plus frame-ancestors, no referrer, no MIME
// sniffing, no framing and no powerful browser features. The preview
// server sets them on each response; [Headers] writes them for static
// hosts.
func SecurityHeaders(allowedOrigins []string) http.Header {
	h := http.Header{}
	h.Set("Content-Security-Policy", CSP(allowedOrigins)+"; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), interest-cohort=(), magnetometer=(), microphone=(), payment=(), usb=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	return h
}

// HeadersFile is the output path of the file written by [Headers].
const HeadersFile = "_headers"

// Headers returns the content of a Netlify/Cloudflare Pages style
// _headers file that sends [SecurityHeaders] with every response and lets
// browsers cache the content-hashed files under /assets/ for a year.
func Headers(allowedOrigins []string) []byte {
	var b bytes.Buffer
	b.WriteString("/*\n")
	h := SecurityHeaders(allowedOrigins)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString("  " + k + ": " + h.Get(k) + "\n")
	}
	b.WriteString("/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n")
	return b.Bytes()
}
