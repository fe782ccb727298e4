package site

import (
	"slices"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/model"
)

// Page returns the loaded page of the file (a slash path from the site
// root, content/<lang>/….md), published or not, or nil when no page of
// the site has it (it is not a page, or did not parse).
func (l *Loaded) Page(file string) *model.Page {
	order := content.FileOrder(l.Config.LanguageCodes())
	if i, ok := slices.BinarySearchFunc(l.Pages, file, func(p *model.Page, f string) int { return order(p.File, f) }); ok {
		return l.Pages[i]
	}
	return nil
}
