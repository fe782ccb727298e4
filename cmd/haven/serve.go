package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/haven-cms/haven/internal/serve"
)

// cmdServe previews the site from memory with live reload until ctx is
// cancelled (Ctrl-C or SIGTERM).
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := flag.NewFlagSet("haven serve", flag.ContinueOnError)
	source := flags.String("source", ".", "site root holding content/")
	addr := flags.String("addr", serve.DefaultAddr, "address to listen on (keep it on 127.0.0.1)")
	drafts := flags.Bool("drafts", false, "show drafts, scheduled and expired pages, with a banner")
	pos, err := parseFlags(flags, args, stderr)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "haven serve: unexpected argument %q\n", pos[0])
		return exitUsage, errUsage
	}
	if err := serve.Run(ctx, serve.Options{Source: *source, Addr: *addr, Drafts: *drafts, Log: stdout}); err != nil {
		return exitContent, err
	}
	return exitOK, nil
}
