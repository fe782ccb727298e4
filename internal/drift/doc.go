// Package drift finds translation drift: facts that differ between the
// language versions of a page. A reader who calls an old number from the
// English page loses time the Estonian page would have saved, so every page
// that exists in more than one language is compared with its
// default-language version, and each difference becomes a warning with both
// files and lines:
//
//	content/en/abi.md:14: warning: en/abi.md:14 has 820 € where et/abi.md:12 has 946 €
//
// # Facts
//
// [Facts] reads the Markdown source of a page body (for lines) and its
// rendered links. Formatting does not matter, only the normalised value:
//
//   - phone: tel: links always (unless the link text already shows the same
//     number); in text, conservatively, 112 standing alone, 116 xxx, and
//     7 or 8 digits in groups of 3–4 digits ("5555 1234", "612 3456",
//     "6123456"), optionally after +372, which is dropped. Other
//     international numbers count when written with + or 00 and 7–15
//     digits. Four-digit short numbers such as 1247 are counted only as
//     tel: links: in text they cannot be told from counts and amounts, so
//     link them in every language. Numbers starting with 0, year ranges
//     ("2024-2025") and digits glued to letters or decimals are not phones.
//   - email: lower-cased, from text and mailto: links.
//   - amount: euro amounts before or after €, EUR, euro/eurot/euroni/...,
//     euros or евро, with ranges and thousand/million multipliers. A
//     separator followed by exactly three digits groups thousands, one
//     followed by one or two digits is the decimal point, so "1 234,56 €",
//     "€1,234.56" and "1234,56 eurot" are all 1234.56.
//   - percent: numbers before %, protsenti, percent or процентов.
//   - duration: durations and deadlines written with digits, "15 päeva",
//     "3 aastat", "4 kuud", "15 дней", "within 7 days", as 15d, 3y, 4mo,
//     15d, 7d (also w, wd for working days, h); ages ("under 18 years",
//     "нет 18 лет") are not durations.
//   - date: 25.11.2026, 25/11/2026, 2026-11-25, 25 November 2026,
//     November 25, 2026, 25. novembril 2026, 25 ноября 2026, all as
//     2026-11-25; without a year as --11-25 (ISO 8601). English month
//     names must be capitalised, so "may" the verb is not May.
//   - year: 1900–2099 standing alone, not part of a date, phone or larger
//     number. "2,000" and "2 000" also count as 2000, because a translation
//     may write the same count "2000".
//   - url: links to other sites (http, https, //); scheme, "www.",
//     fragment and trailing slash dropped, host lower-cased, and a path
//     segment naming a language (et, en, ru, ee, est, eng, rus) compared
//     as any language, so /et/abi and /en/abi are the same link. Links
//     inside the site (/et/...) differ by design and are ignored; so are
//     images.
//   - list-items and table-rows: the number of items of each top-level list
//     and of body rows of each table, compared in order (list 2 with list
//     2). Nested items and header rows do not count.
//
// A {{fact ID}} reference counts as the figure it shows. Text inside
// fenced code blocks is skipped.
//
// # Comparing
//
// Values of one kind are compared as multisets: a value on both pages is
// fine (as often as it occurs on both). The rest are paired in order of
// appearance ("has X where Y") and what is left over is reported as "has X,
// missing from et/abi.md" or "lacks X that et/abi.md:8 has". Every
// difference is one warning with code translation.drift, on the
// translation's file and line, with Related pointing at the
// default-language page.
//
// # Acknowledging a deliberate difference
//
// When a difference is deliberate (an English page names the embassy's
// number, which the Estonian page does not need), list the fact in the
// translation's front matter under acknowledge, as written on either page
// or normalised:
//
//	acknowledge: ["820 € @2026-10-01", "5555 1234", "list 2"]
//
// An entry matches a difference when its fact (same kind and normalised
// value) is on either side of it; "list N" and "table N" acknowledge the
// length of the N-th list or table. The optional "@YYYY-MM-DD" is the
// reviewed date of the default-language page when the difference was
// checked: once that page is reviewed again (its reviewed date is later),
// the acknowledgement is stale and the warning comes back, saying so, until
// an editor checks the fact and updates the date. Entries without a date
// never expire; prefer the dated form. An entry haven cannot read is
// reported with code translation.acknowledge.
//
// # Outdated translations
//
// A translation whose reviewed date is older than the default-language
// page's reviewed date gets a translation.outdated warning naming both
// dates: the original changed after the translation was last checked.
package drift
