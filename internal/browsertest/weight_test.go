package browsertest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// budget is the most CSS and JavaScript one page may load, minified.
const budget = 30 * 1024

var (
	stylesheetRE = regexp.MustCompile(`<link[^>]+rel="?stylesheet"?[^>]*>`)
	scriptRE     = regexp.MustCompile(`<script[^>]+src="?([^" >]+)`)
	hrefAttrRE   = regexp.MustCompile(`href="?([^" >]+)`)
)

// TestPageWeight adds up the CSS and JavaScript files each page links to,
// as published (the site package minifies them), and fails a page over
// 30 KB. It needs no browser.
func TestPageWeight(t *testing.T) {
	heaviest, name := 0, ""
	for _, p := range sitePages(t) {
		var urls []string
		for _, tag := range stylesheetRE.FindAllString(p.HTML, -1) {
			if m := hrefAttrRE.FindStringSubmatch(tag); m != nil {
				urls = append(urls, m[1])
			}
		}
		for _, m := range scriptRE.FindAllStringSubmatch(p.HTML, -1) {
			urls = append(urls, m[1])
		}
		total := 0
		for _, u := range urls {
			if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
				t.Errorf("%s loads %s from elsewhere", p.Path, u)
				continue
			}
			fi, err := os.Stat(filepath.Join(env.siteDir, filepath.FromSlash(u)))
			if err != nil {
				t.Errorf("%s: %v", p.Path, err)
				continue
			}
			total += int(fi.Size())
		}
		if total > budget {
			t.Errorf("%s loads %d bytes of CSS and JavaScript, budget %d", p.Path, total, budget)
		}
		if total > heaviest {
			heaviest, name = total, p.Path
		}
	}
	t.Logf("heaviest page %s: %d bytes of CSS+JS (budget %d)", name, heaviest, budget)
}
