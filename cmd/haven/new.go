package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
)

// cmdNew writes a new page from its section's archetype, never over an
// existing file.
func cmdNew(args []string, stdout, stderr io.Writer) (int, error) {
	flags := flag.NewFlagSet("haven new", flag.ContinueOnError)
	source := flags.String("source", ".", "site root holding content/")
	pos, err := parseFlags(flags, args, stderr)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "haven new: expected one PATH, e.g. haven new et/abi/uus-leht.md")
		return exitUsage, errUsage
	}
	root, err := os.OpenRoot(*source)
	if err != nil {
		return exitContent, err
	}
	defer root.Close()
	var diags diag.List
	cfg := config.Load(root.FS(), &diags)
	if diags.HasErrors() {
		_ = diags.WriteText(stderr)
		return exitContent, nil
	}
	rel, err := content.NewPagePath(pos[0], cfg.LanguageCodes())
	if err != nil {
		fmt.Fprintf(stderr, "haven new: %v\n", err)
		return exitUsage, errUsage
	}
	if _, err := root.Stat(rel); err == nil {
		fmt.Fprintf(stderr, "haven new: %s already exists; nothing was written\n", rel)
		return exitContent, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return exitContent, err
	}
	src := content.NewPage(root.FS(), rel, time.Now())
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return exitContent, err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return exitContent, err
	}
	_, werr := f.Write(src)
	if err := errors.Join(werr, f.Close()); err != nil {
		return exitContent, err
	}
	fmt.Fprintf(stdout, "created %s\n", rel)
	return exitOK, nil
}
