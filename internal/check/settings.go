package check

import (
	"fmt"
	"slices"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
)

// checkSettings reports settings of haven.yaml that name pages no page
// has: quick_exit_help must be the key of a page, or the footers would
// silently lose their link to it.
func checkSettings(in *Input, diags *diag.List) {
	key := in.Config.QuickExitHelp
	if key == "" {
		return
	}
	var keys []string
	for _, p := range in.Pages {
		if p.Key == key {
			return
		}
		if p.Key != "" && !slices.Contains(keys, p.Key) {
			keys = append(keys, p.Key)
		}
	}
	hint := diag.DidYouMean(key, keys)
	if hint == "" {
		hint = "name the page's key: its path under content/<lang>/ without .md, or its translation_key"
	}
	diags.Add(diag.Diagnostic{File: config.FileName, Line: in.Config.Line("quick_exit_help"), Severity: diag.Error,
		Code: "config.quick-exit-help", Field: "quick_exit_help",
		Message: fmt.Sprintf("quick_exit_help: no page has the key %q", key), Hint: hint})
}
