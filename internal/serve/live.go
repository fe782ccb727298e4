package serve

import _ "embed"

// Paths the preview server answers for live reload.
const (
	// LiveReloadPath serves [LiveReloadJS] (as text/javascript); the
	// server adds a script tag loading it to every HTML page it serves.
	LiveReloadPath = "/_haven/live.js"
	// LiveEventsPath is the server-sent events stream the script listens
	// to. A message whose data is the word "reload" reloads the page;
	// after a failed build the reloaded page is the preview's error
	// overlay.
	LiveEventsPath = "/_haven/events"
)

// LiveReloadJS is the preview's live-reload script. It connects to
// [LiveEventsPath] with EventSource and reloads the page on "reload". It
// has no inline code, so it runs under the same Content Security Policy as
// the pages.
//
//go:embed live.js
var LiveReloadJS []byte
