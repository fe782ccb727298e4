package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"

	"github.com/haven-cms/haven/internal/edit"
	"github.com/haven-cms/haven/internal/serve"
	"github.com/haven-cms/haven/internal/signin"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// secretEnv holds the editor's OpenID Connect client secret (an
// environment variable, so that it is not in the process list).
const secretEnv = "HAVEN_OIDC_CLIENT_SECRET"

// editFlags are haven edit's command line.
type editFlags struct {
	source, addr, branch, issuer, clientID, url *string
	drafts                                      *bool
}

// cmdEdit runs the preview server with the web editor under /_haven/edit/
// until ctx is cancelled (Ctrl-C or SIGTERM). On a git repository whose
// site branch has a roles file, saves go to change proposals; off
// loopback, or with --oidc-issuer, everyone signs in first.
func cmdEdit(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("edit")
	f := editFlags{
		source:   flags.String("source", ".", "site root `DIR` holding content/, or the site's git repository"),
		addr:     flags.String("addr", serve.DefaultAddr, "`ADDRESS` to listen on; off 127.0.0.1 everyone signs in (--oidc-issuer)"),
		drafts:   flags.Bool("drafts", false, "show drafts, scheduled and expired pages in the preview, with a banner"),
		branch:   flags.String("branch", "main", "the site `BRANCH` of a git repository with "+havenstore.RolesFile),
		issuer:   flags.String("oidc-issuer", "", "OpenID Connect issuer `URL` people sign in at (client secret in $"+secretEnv+")"),
		clientID: flags.String("oidc-client-id", "", "the editor's client `ID` at the issuer"),
		url:      flags.String("url", "", "the editor's `URL` as browsers reach it (default http://ADDRESS)"),
	}
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("edit", *f.source, stderr); err != nil {
		return exitUsage, err
	}
	if *f.issuer == "" && !loopback(*f.addr) {
		fmt.Fprintf(stderr, "haven edit: --addr %s is reachable from other machines, so everyone must sign in: give --oidc-issuer and --oidc-client-id (and $%s), or keep the editor on 127.0.0.1\n", *f.addr, secretEnv)
		return exitUsage, errUsage
	}
	opts, err := editOptions(ctx, f, stdout)
	if err != nil {
		return exitContent, err
	}
	if err := serve.Run(ctx, opts); err != nil {
		return exitContent, err
	}
	return exitOK, nil
}

// editOptions sets up the editor: a single editor's folder, or a team's
// repository with the person from git (on loopback) or from sign-in.
func editOptions(ctx context.Context, f editFlags, log io.Writer) (serve.Options, error) {
	eo := edit.Options{Source: *f.source}
	opts := serve.Options{Addr: *f.addr, Drafts: *f.drafts, Log: log}
	ts, err := edit.OpenTeam(ctx, *f.source, *f.branch)
	if err != nil {
		return opts, err
	}
	if ts != nil {
		eo = edit.Options{Source: ts.Preview, State: ts.State, Team: ts.Team}
	}
	if *f.issuer == "" {
		if ts != nil {
			me, err := ts.Team.Git.User(ctx)
			if err != nil {
				return opts, err
			}
			ts.Team.Person = func(*http.Request) (havenstore.Person, bool) { return me, true }
		}
	} else {
		if ts == nil {
			return opts, fmt.Errorf("--oidc-issuer: a signed-in team works with change proposals, which need the site's git repository with %s on %s; give --source the repository", havenstore.RolesFile, *f.branch)
		}
		si, base, err := signIn(ctx, f, func(r *http.Request, ev signin.Event) {
			en := edit.AuditEntry{Person: ev.Email, Name: ev.Name, Action: ev.Action, Outcome: edit.AuditOK, Reason: ev.Reason}
			if ev.Refused {
				en.Outcome = edit.AuditRefused
			}
			_ = ts.Team.Audit.RecordRequest(r, en)
		})
		if err != nil {
			return opts, err
		}
		opts.Wrap, opts.Hosts, eo.CSRF = si.Wrap, []string{base.Hostname()}, signin.CSRF
		ts.Team.Person = func(r *http.Request) (havenstore.Person, bool) {
			p, ok := signin.FromContext(r.Context())
			return havenstore.Person{Name: p.Name, Email: p.Email}, ok
		}
	}
	opts.Source = eo.Source
	opts.Editor = func(s *serve.Server) http.Handler { eo.Site = s.Site; return edit.New(eo) }
	return opts, nil
}

// signIn discovers the issuer and returns the sign-in, telling log what
// it does and refuses, and the editor's URL.
func signIn(ctx context.Context, f editFlags, log func(*http.Request, signin.Event)) (*signin.SignIn, *url.URL, error) {
	raw := *f.url
	if raw == "" {
		raw = "http://" + *f.addr
	}
	base, err := url.Parse(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("--url %q: %w", raw, err)
	}
	if *f.clientID == "" {
		return nil, nil, errors.New("--oidc-issuer needs --oidc-client-id: the editor's registration at the identity provider")
	}
	si, err := signin.New(ctx, signin.Config{Issuer: *f.issuer, ClientID: *f.clientID, ClientSecret: os.Getenv(secretEnv), BaseURL: base.String(), Log: log})
	return si, base, err
}

// loopback reports whether addr listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
