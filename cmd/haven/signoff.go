package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/signoff"
	"github.com/haven-cms/haven/internal/site"
	"github.com/haven-cms/haven/internal/store"
)

// cmdSignoff records a reviewer's decision on one coverage cell in
// signoff.yaml, with the content revision and the hash of the cell's
// pages, written atomically.
func cmdSignoff(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("signoff")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	cell := flags.String("cell", "", "the cell `REQUIREMENT/LANGUAGE`, e.g. helpline-116006/et")
	accept := flags.Bool("accept", false, "accept the cell's status as the report shows it")
	overrule := flags.Bool("overrule", false, "overrule the cell's status")
	reason := flags.String("reason", "", "why, in a `SENTENCE` a later reviewer understands")
	by := flags.String("by", "", "the reviewer's `NAME`")
	today := flags.String("today", "", "the decision's date `YYYY-MM-DD` (default: today)")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	usage := func(msg string) (int, error) {
		fmt.Fprintf(stderr, "haven signoff: %s\n", msg)
		return exitUsage, errUsage
	}
	req, lang, ok := strings.Cut(*cell, "/")
	switch {
	case !ok || req == "" || lang == "":
		return usage("--cell: expected REQUIREMENT/LANGUAGE, e.g. --cell helpline-116006/et")
	case *accept == *overrule:
		return usage("give one of --accept or --overrule")
	case strings.TrimSpace(*reason) == "":
		return usage("--reason: say why")
	case strings.TrimSpace(*by) == "":
		return usage("--by: give the reviewer's name")
	}
	if err := checkSource("signoff", *source, stderr); err != nil {
		return exitUsage, err
	}
	d := signoff.Decision{Requirement: req, Language: lang, Decision: signoff.Accept, Reason: *reason, By: *by}
	if *overrule {
		d.Decision = signoff.Overrule
	}
	opts := site.Options{Source: *source}
	if opts.Today, err = parseDay(*today); err != nil {
		return usage("--today: " + err.Error())
	}
	d.Date = content.Day(opts.Today)
	if d.Date.IsZero() {
		d.Date = content.Day(time.Now())
	}
	var diags diag.List
	loaded, err := site.Check(ctx, opts, &diags)
	if err != nil {
		return exitContent, err
	}
	var pages []string
	found := false
	for _, c := range loaded.Report.Coverage {
		if lc := c.Languages[lang]; c.ID == req && lc != nil {
			pages, found = lc.Pages, true
		}
	}
	if !found {
		return usage(fmt.Sprintf("--cell %s: the report has no such cell (no requirement %q, or it does not apply in %s)", *cell, req, lang))
	}
	d.Revision = loaded.Review.Revision.ID
	if err := appendDecision(*source, d, pages, stderr); err != nil {
		return exitContent, err
	}
	fmt.Fprintf(stdout, "%s: %s %s by %s for %s (%s)\n", signoff.File, d.Decision, d.Cell(), d.By, d.Revision, loaded.Review.Revision)
	return exitOK, nil
}

// appendDecision adds the decision d on the cell whose claiming pages are
// pages to the sign-off file of the site at source, with the hash of
// those pages, when the file reads back with it.
func appendDecision(source string, d signoff.Decision, pages []string, stderr io.Writer) error {
	root, err := os.OpenRoot(source)
	if err != nil {
		return err
	}
	defer root.Close()
	d.Pages = site.CellHash(root.FS(), pages)
	old, err := fs.ReadFile(root.FS(), signoff.File)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data := signoff.Append(old, d)
	var check diag.List
	if ds := signoff.Parse(data, &check); len(ds) == 0 || check.Len() > 0 {
		for _, dg := range check.Items() {
			fmt.Fprintln(stderr, dg.String())
		}
		return fmt.Errorf("%s would not read back; it was left as it was", signoff.File)
	}
	return store.ReplaceFile(root, signoff.File, data)
}
