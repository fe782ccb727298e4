// Package check tests a loaded site against the rulebook (internal/legal)
// and reports what reviewers sign off on.
//
// [Validate] runs the checks every build runs and reports into a
// diag.List: unknown ids in covers (with a did-you-mean), must_not_match
// patterns of the rulebook on the text of every published page (shelter
// addresses, repealed-law references, a helpline number before it answers),
// conditional front matter (amounts_as_of once a euro sum appears), and
// internal links and #anchors.
//
// [Run] adds coverage and the site-wide checks and returns a [Report] that
// writes itself as text, JSON, HTML or JUnit XML.
//
// # Coverage status
//
// For every requirement and every site language the requirement applies to:
//
//	covered  a published page in that language lists the id in covers, the
//	         evidence the rule asks for is in its text, and it was reviewed
//	         within the rule's review_months
//	weak     a page claims it, but an evidence item is conveyed by none
//	         of its pages (the report gives the item's instruction)
//	stale    the evidence is there, but a covering page has no reviewed
//	         date or one older than review_months
//	missing  no published page in that language claims it
//
// Drafts, scheduled (future publish) and expired pages never count; the
// report notes them. A page that merely mentions a phone number without
// listing the requirement in covers does not cover it. Each covering page
// is judged on its own ([PageEvidence]: the sentence that conveys each
// item, with its line, and the items it lacks); the cell pools them, so
// evidence may be spread over several pages, and the oldest reviewed date
// decides staleness. A draft ([Report.Draft]) judges only its own page and
// pools it with the Run's verdicts of the others.
//
// Items are matched on the sentences of the rendered plain text (one block
// a line, link text included; see legal.Sentences): not the title, link
// destinations or e-mail addresses. Link items match link destinations
// (tel:116006, https://www.politsei.ee/); heading items the title and
// the headings.
//
// Site-wide requirements (scope site, no page_type, with front_matter,
// must_not_match or site_checks evidence) are judged over every published
// page of a language: weak when some page lacks a front-matter key, cites a
// forbidden pattern or is untranslated, stale when some page's reviewed date
// (if the rule asks for it) is past the period or a translation was
// reviewed before its default-language source. Their pages list names the
// offending pages; it is empty when covered.
//
// A pending requirement (status: pending) whose condition does not hold is
// listed with "pending": true and no languages.
//
// # Links
//
// A Markdown link is internal when it has no scheme and no host. It may be
// site-absolute (/et/abi/, /et/abi), relative to the page's URL (../abi/,
// the way a browser resolves it), or name a source file (abi.md relative to
// the page's file, /et/abi.md under content/). A #fragment must be a
// heading id of the target page ("#x" alone: this page). Links to files
// with an extension, to /assets/ and /api/ and to "/" are not page links.
// A link to a page that is not published in this run is an error; a link
// to an alias is a warning.
package check
