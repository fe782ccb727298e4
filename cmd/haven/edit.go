package main

import (
	"context"
	"io"
	"net/http"

	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// cmdEdit runs the preview server with the web editor under /_haven/edit/
// until ctx is cancelled (Ctrl-C or SIGTERM). On a git repository whose
// site branch has a roles file, saves go to change proposals.
func cmdEdit(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("edit")
	source := flags.String("source", ".", "site root `DIR` holding content/, or the site's git repository")
	addr := flags.String("addr", serve.DefaultAddr, "`ADDRESS` to listen on (keep it on 127.0.0.1: the editor writes files)")
	drafts := flags.Bool("drafts", false, "show drafts, scheduled and expired pages in the preview, with a banner")
	branch := flags.String("branch", "main", "the site `BRANCH` of a git repository with "+havenstore.RolesFile)
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
	eo := edit.Options{Source: *source}
	ts, err := edit.OpenTeam(ctx, *source, *branch)
	if err != nil {
		return exitContent, err
	}
	if ts != nil {
		me, err := ts.Team.Git.User(ctx)
		if err != nil {
			return exitContent, err
		}
		ts.Team.Person = func(*http.Request) (havenstore.Person, bool) { return me, true }
		eo = edit.Options{Source: ts.Preview, State: ts.State, Team: ts.Team}
	}
	opts := serve.Options{Source: eo.Source, Addr: *addr, Drafts: *drafts, Log: stdout,
		Editor: func(s *serve.Server) http.Handler { eo.Site = s.Site; return edit.New(eo) }}
	if err := serve.Run(ctx, opts); err != nil {
		return exitContent, err
	}
	return exitOK, nil
}
