package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// artifacts returns the folder for screenshots: $HAVEN_ARTIFACTS or
// haven-screenshots in the temporary directory.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HAVEN_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "haven-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestScreenshots saves full-page screenshots of the Estonian home page
// and a content page, and a Russian content page, at 320 and 1280 pixels,
// for people to look at.
func TestScreenshots(t *testing.T) {
	tb := newTab(t, "")
	dir := artifacts(t)
	shots := map[string]string{
		"et-home": "/et/",
		"et-page": contentPage(t, "et").Path,
		"ru-page": contentPage(t, "ru").Path,
	}
	for name, path := range shots {
		for _, w := range []int64{320, 1280} {
			tb.do(emulateWidth(w))
			tb.open(path)
			png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, name+"-"+strings.TrimSpace(itoa(w))+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			// What a reader sees first, without scrolling.
			top, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(strings.TrimSuffix(file, ".png")+"-top.png", top, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

func itoa(n int64) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
