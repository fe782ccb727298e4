package main

import (
	"context"
	"io"

	"github.com/haven-cms/haven/internal/serve"
)

// cmdServe previews the site from memory with live reload until ctx is
// cancelled (Ctrl-C or SIGTERM).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("serve")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	addr := flags.String("addr", serve.DefaultAddr, "`ADDRESS` to listen on (keep it on 127.0.0.1)")
	drafts := flags.Bool("drafts", false, "show drafts, scheduled and expired pages, with a banner")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("serve", *source, stderr); err != nil {
		return exitUsage, err
	}
	if err := serve.Run(ctx, serve.Options{Source: *source, Addr: *addr, Drafts: *drafts, Log: stdout}); err != nil {
		return exitContent, err
	}
	return exitOK, nil
}
