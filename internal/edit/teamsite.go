package edit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/site"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// TeamSite is a site in a git repository with a roles file, set up for
// the team workflow: the store, and the folders the editor keeps below
// the repository's git folder.
type TeamSite struct {
	// Team is the workflow; its Person is the caller's to set.
	Team *Team
	// Preview is the folder holding the site branch's files, exported
	// from git: what the preview server builds. It follows every publish.
	Preview string
	// State is where the editor keeps its own files: recovery copies and
	// the audit log ([AuditFile]).
	State string
}

// OpenTeam returns the team workflow of the site repository at dir (a
// bare repository, or a working tree in which branch is not checked out)
// when branch holds [havenstore.RolesFile], and nil without an error when
// dir is no git repository or branch has no roles file: a single editor's
// folder. The audit log is opened for appending. Publishing runs haven build's checks on the site it would make
// and refuses one with errors.
func OpenTeam(ctx context.Context, dir, branch string) (*TeamSite, error) {
	probe, err := havenstore.OpenGit(ctx, dir, havenstore.GitOptions{Branch: branch, AllowCheckedOut: true})
	if err != nil {
		return nil, nil // not a git repository: a single editor's folder
	}
	if _, v, err := probe.Read(ctx, havenstore.RolesFile); err != nil || v == havenstore.Absent {
		return nil, err
	}
	g, err := havenstore.OpenGit(ctx, dir, havenstore.GitOptions{Branch: branch})
	if err != nil {
		return nil, fmt.Errorf("%s has %s, so the editor works with change proposals on %s; %w", dir, havenstore.RolesFile, probe.Branch, err)
	}
	g.Validate = CheckSite
	state := filepath.Join(g.Dir(), "haven")
	if err := os.MkdirAll(state, 0o700); err != nil {
		return nil, fmt.Errorf("make the editor's state folder: %w", err)
	}
	audit, err := OpenAudit(filepath.Join(state, AuditFile))
	if err != nil {
		return nil, err
	}
	ts := &TeamSite{Team: &Team{Git: g, Audit: audit}, Preview: filepath.Join(state, "site"), State: state}
	if err := ts.export(ctx, g.Branch); err != nil {
		return nil, err
	}
	ts.Team.Published = func(ctx context.Context, commit string) { _ = ts.export(ctx, commit) }
	return ts, nil
}

// export writes the site branch's commit into the preview folder.
func (ts *TeamSite) export(ctx context.Context, commit string) error {
	if err := ts.Team.Git.Export(ctx, commit, ts.Preview); err != nil {
		return fmt.Errorf("export %s for the preview: %w", commit, err)
	}
	return nil
}

// CheckSite runs haven build's checks on the site at dir and returns its
// errors, each as haven build prints it, or nil.
func CheckSite(ctx context.Context, dir string) error {
	var diags diag.List
	if _, err := site.Check(ctx, site.Options{Source: dir}, &diags); err != nil {
		return err
	}
	if !diags.HasErrors() {
		return nil
	}
	var msgs []string
	for _, d := range diags.Items() {
		if d.Severity == diag.Error {
			msgs = append(msgs, d.String())
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}
