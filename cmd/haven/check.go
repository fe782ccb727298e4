package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/site"
)

// cmdCheck runs every validation of build plus the legal-coverage report,
// and writes nothing into public/.
func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("check")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	format := flags.String("format", "text", "report `FORMAT`: text, json, html or junit")
	output := flags.String("output", "", "write the report to `FILE` instead of standard output")
	strict := flags.Bool("strict", false, "also fail when a must requirement is not covered in some language, or the site has no help contacts")
	today := flags.String("today", "", "judge staleness as of `YYYY-MM-DD` (default: today)")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("check", *source, stderr); err != nil {
		return exitUsage, err
	}
	writers := map[string]func(*check.Report, io.Writer) error{
		"text":  (*check.Report).WriteText,
		"json":  (*check.Report).WriteJSON,
		"html":  (*check.Report).WriteHTML,
		"junit": (*check.Report).WriteJUnit,
	}
	write, ok := writers[*format]
	if !ok {
		fmt.Fprintf(stderr, "haven check: --format %q: expected text, json, html or junit\n", *format)
		return exitUsage, errUsage
	}
	opts := site.Options{Source: *source}
	if opts.Today, err = parseDay(*today); err != nil {
		fmt.Fprintf(stderr, "haven check: --today: %v\n", err)
		return exitUsage, errUsage
	}
	var diags diag.List
	loaded, err := site.Check(ctx, opts, &diags)
	if err != nil {
		return exitContent, err
	}
	report := loaded.Report
	if *strict {
		report = report.Strict()
	}

	var buf bytes.Buffer
	if err := write(report, &buf); err != nil {
		return exitContent, err
	}
	if *output != "" {
		if err := os.WriteFile(*output, buf.Bytes(), 0o644); err != nil {
			return exitContent, err
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return exitContent, err
	}
	// With a machine-readable report on stdout, the terminal still learns
	// why the run failed.
	if *format != "text" || *output != "" {
		_ = diags.WriteText(stderr)
	}
	if *strict {
		for _, g := range report.Gaps(legal.Must) {
			fmt.Fprintf(stderr, "haven check: --strict: must requirement %s\n", g)
		}
		for _, d := range report.Diagnostics {
			if d.Severity == diag.Error && slices.Contains(check.StrictCodes, d.Code) {
				fmt.Fprintf(stderr, "haven check: --strict: %s is an error: %s\n", d.Code, d.Position())
			}
		}
	}
	if report.Failed(*strict) {
		return exitContent, nil
	}
	return exitOK, nil
}
