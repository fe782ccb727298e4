package main

import (
	"context"
	"io"
	"net/http"

	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
)

// cmdEdit runs the preview server with the web editor under /_haven/edit/
// until ctx is cancelled (Ctrl-C or SIGTERM).
func cmdEdit(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("edit")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	addr := flags.String("addr", serve.DefaultAddr, "`ADDRESS` to listen on (keep it on 127.0.0.1: the editor writes files)")
	drafts := flags.Bool("drafts", false, "show drafts, scheduled and expired pages in the preview, with a banner")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("edit", *source, stderr); err != nil {
		return exitUsage, err
	}
	opts := serve.Options{Source: *source, Addr: *addr, Drafts: *drafts, Log: stdout,
		Editor: func(s *serve.Server) http.Handler { return edit.New(edit.Options{Source: *source, Site: s.Site}) }}
	if err := serve.Run(ctx, opts); err != nil {
		return exitContent, err
	}
	return exitOK, nil
}
