package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/site"
	"github.com/haven-cms/haven/internal/testutil"
)

// longDrift are two more translations for the facts test site whose
// drift warnings carry long words without a hyphen to break at: links to
// other sites that differ.
const longDrift = `
-- content/et/lingid.md --
---
title: Lingid
publish: 2026-01-01
reviewed: 2026-10-01
---
Vaata [Sotsiaalkindlustusameti lehte](https://www.sotsiaalkindlustusamet.ee/et/ohvriabi/KuriteoohvriHuvitisJaTaotlemiseTingimusedKuniAastani2026ViimatiMuudetudKuupaeval).
-- content/en/lingid.md --
---
title: Links
publish: 2026-01-01
reviewed: 2026-10-01
---
See [the Board's page](https://www.sotsiaalkindlustusamet.ee/en/victimsupport/CompensationForVictimsOfCrimeAndTheConditionsOfApplyingUntil2024LastChangedOn).
`

// writeReport writes the HTML check report of the facts test site of
// package site (two Estonian pages that disagree on a deadline, a
// translation with an outdated cap) with longDrift added into dir.
func writeReport(t *testing.T, dir string) {
	t.Helper()
	ar, err := os.ReadFile(filepath.Join(env.root, "internal", "site", "testdata", "facts.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	src := testutil.WriteTxtar(t, append(ar, longDrift...))
	var diags diag.List
	l, err := site.Check(context.Background(), site.Options{Source: src, Today: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Report.Drift()) < 3 {
		t.Fatalf("the test site has %d drift warnings, want at least 3", len(l.Report.Drift()))
	}
	f, err := os.Create(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := l.Report.WriteHTML(f); err != nil {
		t.Fatal(err)
	}
}

// overflow lists the elements of the report wider than the page or than
// their table cell: what a reader would find clipped or would have to
// scroll sideways for.
const overflow = `(() => {
  const out = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) out.push("page " + page.scrollWidth + " > " + page.clientWidth);
  for (const el of document.querySelectorAll("table, td, th, code, li, p")) {
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + " " + el.scrollWidth + " > " + el.clientWidth + ": " + el.textContent.slice(0, 60));
    const r = el.getBoundingClientRect();
    if (r.right > page.clientWidth + 1) out.push(el.tagName + " ends at " + Math.round(r.right) + ": " + el.textContent.slice(0, 60));
  }
  return out;
})()`

// TestReportFitsAndPrints opens the HTML check report at 1280 pixels and
// with print media at the width of an A4 page inside its 15 mm margins
// (680 CSS pixels): no element is wider than the page or its cell, so the
// drift table and the findings on the cells wrap instead of being clipped.
// The screenshot and a PDF print go to the artifacts folder.
func TestReportFitsAndPrints(t *testing.T) {
	tb := newTab(t, "")
	dir := t.TempDir()
	writeReport(t, dir)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	out := artifacts(t)
	for _, media := range []struct {
		name  string
		width int64
	}{{"screen", 1280}, {"print", 680}} {
		tb.do(emulateWidth(media.width),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media.name})
				return err
			}),
			chromedp.Navigate(srv.URL+"/report.html"))
		if bad := eval[[]string](tb, overflow); len(bad) > 0 {
			t.Errorf("%s at %d px: %d elements overflow:\n%s", media.name, media.width, len(bad), strings.Join(bad, "\n"))
		}
		if n := eval[int](tb, `document.querySelectorAll("table.drift tbody tr").length`); n < 3 {
			t.Errorf("%s: the drift table has %d rows, want at least 3", media.name, n)
		}
		png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, "check-report-"+media.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var pdf cdppage.PrintToPDFResult
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		var err error
		pdf, err = cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true)})
		return err
	}))
	if err := os.WriteFile(filepath.Join(out, "check-report.pdf"), pdf.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("report screenshots and PDF in %s", out)
}
