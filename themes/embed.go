// Package themes embeds the default theme into the haven binary, so a site
// root holding only content/ builds.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default returns the default theme's folder.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // embedded data: cannot fail
	}
	return sub
}
