package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
)

func version() string {
	if site.Version != "dev" {
		return site.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := flag.NewFlagSet("haven build", flag.ContinueOnError)
	source := flags.String("source", ".", "site root holding content/")
	out := flags.String("out", "", "output folder (default SOURCE/public)")
	drafts := flags.Bool("drafts", false, "include drafts, scheduled and expired pages")
	baseURL := flags.String("base-url", "", "override base_url of haven.yaml")
	today := flags.String("today", "", "build as if today were YYYY-MM-DD (for publish and expires)")
	noCache := flags.Bool("no-cache", false, "build in full even when nothing changed since the last build")
	pos, err := parseFlags(flags, args, stderr)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "haven build: unexpected argument %q\n", pos[0])
		return exitUsage, errUsage
	}
	opts := site.Options{Source: *source, Drafts: *drafts, BaseURL: *baseURL}
	if opts.Today, err = parseDay(*today); err != nil {
		fmt.Fprintf(stderr, "haven build: --today: %v\n", err)
		return exitUsage, errUsage
	}
	if *out == "" {
		*out = filepath.Join(*source, "public")
	}
	if err := publish.CheckOutput(*source, *out); err != nil {
		fmt.Fprintf(stderr, "haven build: --out %v\n", err)
		return exitUsage, errUsage
	}
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	start := time.Now()
	// Most of a build's heap is page text that is freed as pages are
	// written; collecting at 40% growth instead of Go's 100% keeps the
	// peak near 1.4 times what is live (10k pages: 270 MB instead of
	// 400 MB) for about 5% more time. GOGC or GOMEMLIMIT override it.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(40)
	}
	// A build whose inputs and output are exactly those of the last one is
	// skipped (see internal/site/cache.go for the rules).
	key, keyErr := site.CacheKey(ctx, opts)
	if keyErr == nil && !*noCache {
		if ok, lines, pages := site.UpToDate(opts, *out, key); ok {
			for _, l := range lines {
				fmt.Fprintln(stderr, l)
			}
			fmt.Fprintf(stdout, "%s is up to date: %d pages, nothing changed since the last build (checked in %v); %s\n",
				*out, pages, time.Since(start).Round(time.Millisecond), plural(len(lines), "warning"))
			return exitOK, nil
		}
	}
	site.ForgetBuild(*source)
	var diags diag.List
	staging, err := publish.Begin(ctx, *out, publish.NewMinifier(), stderr)
	if err != nil {
		return exitContent, err
	}
	loaded, err := site.Build(ctx, opts, staging, &diags)
	if f := os.Getenv("HAVEN_MEMPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil {
			runtime.GC()
			_ = pprof.WriteHeapProfile(out)
			out.Close()
		}
	}
	_ = diags.WriteText(stderr)
	errs, warns := diags.Count()
	if err != nil || errs > 0 {
		staging.Abort()
		if err == nil {
			fmt.Fprintf(stderr, "haven build: %s; nothing was written, %s is unchanged\n", plural(errs, "error")+", "+plural(warns, "warning"), *out)
		}
		return exitContent, err
	}
	files, bytes := staging.Stats()
	var left *publish.LeftoverError
	if err := staging.Commit(); errors.As(err, &left) {
		fmt.Fprintf(stderr, "haven build: warning: %v\n", err) // the new site is in place: a warning, exit 0
		warns++
	} else if err != nil {
		return exitContent, err
	}
	pages := 0
	for _, p := range loaded.Pages {
		if p.Published {
			pages++
		}
	}
	if keyErr == nil {
		_ = site.RecordBuild(opts, *out, key, pages, diags.Items())
	}
	fmt.Fprintf(stdout, "built %d pages in %d languages (%d files, %s) into %s in %v; %s\n",
		pages, len(loaded.Config.Languages), files, humanBytes(bytes), *out, time.Since(start).Round(time.Millisecond), plural(warns, "warning"))
	return exitOK, nil
}

func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date; expected YYYY-MM-DD", s)
	}
	return t, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
