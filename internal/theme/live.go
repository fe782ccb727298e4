package theme

import _ "embed"

// Paths the preview server answers for live reload.
const (
	// LiveReloadPath serves [LiveReloadJS] (as text/javascript); pages
	// rendered with Page.Preview load it from here.
	LiveReloadPath = "/_haven/live.js"
	// LiveEventsPath is the server-sent events stream the script listens
	// to. Each message's data is either the word "reload", which reloads
	// the page, or a JSON [LiveError] object, which shows an overlay
	// describing a failed build (a later "reload" clears it).
	LiveEventsPath = "/_haven/events"
)

// LiveReloadJS is the preview's live-reload script. It connects to
// [LiveEventsPath] with EventSource, reloads the page on "reload" and
// shows build failures in an overlay built with DOM calls only (no
// innerHTML, no inline styles in markup), so it runs under the same
// Content Security Policy as the pages.
//
//go:embed live.js
var LiveReloadJS []byte

// LiveError is the JSON data of a failed-build event on [LiveEventsPath].
type LiveError struct {
	// Errors are the diagnostics to show, most important first.
	Errors []LiveDiagnostic `json:"errors"`
}

// LiveDiagnostic is one problem in a failed build.
type LiveDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	// Source holds a few lines of the file around Line.
	Source []SourceLine `json:"source,omitempty"`
}

// SourceLine is one numbered line of a source file.
type SourceLine struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}
