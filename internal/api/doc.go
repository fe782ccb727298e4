// Package api builds the documents of haven's static JSON content API, as
// output path -> bytes. Other systems of a victim-support service (a chat
// widget, an intranet, a mobile app, a national portal) read the same
// content as the website through it. The package does no I/O: package site
// hands it the published pages, the configuration and the help contacts
// and writes what [Build] returns under public/.
//
// # Documents
//
// Every path below is relative to the site root; links inside documents
// are site-absolute paths (/api/v1/et/pages.json), to be resolved against
// the URL the document was fetched from, so a mirror or the local preview
// works like the live site. index.json is the one entry point: everything
// else is reachable from it.
//
//	api/v1/index.json                  site, languages, build time, links
//	api/v1/<lang>/pages.json           every published page of a language
//	api/v1/<lang>/pages/<path>.json    one page with its HTML and plain text
//	api/v1/contacts.json               the help contacts
//	api/v1/coverage.json               the legal-coverage report, when built
//	api/v1/search/<lang>.json          the theme's search index (written by
//	                                   package site, linked from index.json)
//	api/v1/schema/<name>.json          the JSON Schema of each document
//
// <path> is the page's URL path without the language and the slashes
// (/et/abi/kriisitelefon/ -> abi/kriisitelefon); the home page is index.
//
// Every document except the search index (see [SearchPath]) carries
// "$schema", the site-absolute URL of its schema, and "version": 1. The
// schemas are JSON Schema 2020-12, embedded in the binary ([Schemas]) and
// printed by haven schema api.
//
// # Page ids
//
// A page's id is shared by all translations of the page and survives
// rebuilds and renames: it is the page's translation key ([content.Page]
// Key). That key is the front-matter translation_key when set, else the
// file's path below the language folder without .md (abi/kriisitelefon;
// abi for abi/_index.md). The home page's key is empty; its id is "home".
// So renaming or moving a file changes its id unless the page sets
// translation_key, and setting translation_key to the old path keeps the
// id: translation_key: abi/kriisitelefon on content/et/abi/kriis.md.
// Within a language ids are unique; a page whose key is "home" next to a
// home page is an error.
//
// # Versions
//
// v1 only grows: a new optional field may appear (consumers must ignore
// fields they do not know), a field is never removed, renamed or retyped.
// A change that would break a consumer is published as api/v2/ beside v1.
//
// # Drafts
//
// Only pages public on the build day ([model.Page.Public]) appear: never
// a draft, a scheduled or an expired page, whatever the build's --drafts
// flag says.
package api
