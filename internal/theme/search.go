package theme

import "encoding/json"

// SearchEntry is one page in a language's search index.
type SearchEntry struct {
	Title       string `json:"t"`
	URL         string `json:"u"`
	Description string `json:"d,omitempty"`
	Section     string `json:"s,omitempty"`
	// Text is the page's plain text, used for matching.
	Text string `json:"x,omitempty"`
}

// SearchIndexPath returns the output path of a language's search index.
func SearchIndexPath(lang string) string { return "api/v1/search/" + lang + ".json" }

// BuildSearchIndex encodes a language's search index for the theme's
// search script.
func BuildSearchIndex(entries []SearchEntry) ([]byte, error) {
	return json.Marshal(struct {
		Version int           `json:"version"`
		Pages   []SearchEntry `json:"pages"`
	}{1, entries})
}
