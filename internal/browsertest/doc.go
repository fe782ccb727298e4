// Package browsertest holds haven's end-to-end tests of the default theme
// in a real browser. It has no code of its own: the tests build the sample
// site (the content/ folder at the repository root) with `haven build`,
// serve it on a loopback port with net/http/httptest, and drive Debian's
// headless Chromium through github.com/chromedp/chromedp.
//
// # What the tests check
//
//   - axe-core finds no WCAG 2.0/2.1 A or AA violation on any page of any
//     language (axe-core comes from $HAVEN_AXE or node_modules/axe-core at
//     the repository root: `npm install --no-save axe-core`);
//   - no page makes a request to any host but the loopback server, and no
//     page breaks its Content Security Policy or throws;
//   - quick exit: Shift pressed three times leaves for the neutral site with
//     location.replace, so Back does not return to the page; another key
//     resets the count; the exit link works with JavaScript switched off;
//     the button stays in view when the page scrolls;
//   - pages reflow at 320 CSS pixels and with text at 200 %;
//   - search folds Estonian diacritics and Russian ё;
//   - each page loads less than 30 KB of CSS and JavaScript;
//   - the preview (package serve, on a copy of its test site) reloads an
//     open page after an edit, after a build that fails (the reload shows
//     the error overlay) and after the fix, under the same Content
//     Security Policy.
//
// Screenshots of a home page and a content page at 320 and 1280 pixels go
// to $HAVEN_ARTIFACTS, or else to haven-screenshots in the temporary
// directory; the test log names the folder.
//
// # Running
//
// The browser tests skip when Chromium is not installed ($HAVEN_CHROMIUM,
// else chromium on $PATH), unless CI is set, in which case they fail. The
// neutral quick-exit site is never contacted: every request to another
// host is intercepted in the browser, recorded, and answered (the neutral
// site by a stub page) or failed. $HAVEN_SITE_DIR serves an already built
// site instead of building one.
package browsertest
