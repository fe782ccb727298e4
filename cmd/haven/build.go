package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/gcpace"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
)

// version is haven's version: set at link time, else the module version of
// go install, else "dev".
func version() string {
	if site.Version != "dev" {
		return site.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// cmdBuild validates the site and writes it into --out, or skips the build
// when nothing changed since the last one.
func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("build")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	out := flags.String("out", "", "output folder `DIR` (default SOURCE/public)")
	drafts := flags.Bool("drafts", false, "include drafts, scheduled and expired pages")
	baseURL := flags.String("base-url", "", "override base_url of haven.yaml with `URL`")
	today := flags.String("today", "", "build as if today were `YYYY-MM-DD` (for publish and expires)")
	noCache := flags.Bool("no-cache", false, "build in full, without the memo of the last build, even when nothing changed since it")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	if err := checkSource("build", *source, stderr); err != nil {
		return exitUsage, err
	}
	if *baseURL != "" {
		if err := config.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "haven build: --base-url: %v\n", err)
			return exitUsage, errUsage
		}
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
	return build(ctx, opts, *out, *noCache, stdout, stderr)
}

// build runs a build with parsed options and prints its outcome.
func build(ctx context.Context, opts site.Options, out string, noCache bool, stdout, stderr io.Writer) (int, error) {
	start := time.Now()
	// The build key, the record of the last build and the memo are live
	// until the build ends: collecting while they are read finds nothing
	// to free (10k pages: about 70 MB of heap, and at Go's smallest heap
	// goals six collections before the memo; an edit's median 0.74 ->
	// 0.705 s for the memo's part). Afterwards GOGC or GOMEMLIMIT, when
	// set, or else the policy below; and the collector's settings are put
	// back when build returns, for the tests that build in their process.
	tuneGC := os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	gcPercent := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(gcPercent)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	key, memoKey, upToDate := buildKey(ctx, opts, out, noCache, start, stdout, stderr)
	if upToDate {
		return exitOK, nil
	}
	inc, note := site.OpenIncremental(opts, out, memoKey)
	full := false // a full build paced by gcpace
	switch {
	case !tuneGC:
		debug.SetGCPercent(gcPercent)
	case !inc.Restored():
		// A full build: what stays live grows as pages are written (each
		// page's record) while most of what it allocates is freed at once
		// (file bytes, parse trees, HTML). Collecting at 40% growth
		// instead of Go's 100% keeps the peak near 1.4 times what is live
		// (10k pages: 270 MB instead of 400 MB) for about 5% more time;
		// and at least 32 MiB of growth while the live heap is small
		// (loading, the first pages: 30-70 MB), where 40% collected
		// every 12-28 MB. With pages' Markdown dropped once loaded, 12
		// builds each alternated at 10k pages: peak RSS 172-183 MB
		// against 186-203 at GOGC=40 with the Markdown kept, wall median
		// 6.61 against 6.77 s; 24 MiB: 171-187 MB, slower; 40 MiB:
		// 187-194 MB; 48 MiB: 198-203 MB (fragmentation grows with the
		// heap). gcpace documents the pacer.
		defer gcpace.Start(32<<20, 40)()
		full = true
	default:
		// An incremental build: most of the heap is the memo, live to
		// the end, and a collection at 40% growth marks it all again
		// for the little the build adds (five times in an edit of a
		// 10k-page site, 0.19 CPU s). Collect only as the runtime's
		// memory nears 1.6 times the heap now (the memo, the record and
		// what the key's walk left) instead: three collections.
		// Measured, one-page edits at 10k pages, 14 each: CPU 0.735 s,
		// peak RSS 158 MB; 1.5 times: 0.795 s, 149 MB. (With the record
		// in gob, 40% growth from the memo on gave 0.765 s, 162 MB, and
		// a forced collection and 2.25 times the live heap 0.785 s, 158
		// MB.)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		debug.SetMemoryLimit(int64(ms.HeapAlloc * 8 / 5))
	}
	if note != "" {
		fmt.Fprintf(stderr, "haven build: note: %s\n", note)
	}
	site.ForgetBuild(opts.Source)
	site.ForgetMemo(opts.Source)
	var diags diag.List
	staging, err := publish.Begin(ctx, out, publish.NewMinifier(), stderr)
	if err != nil {
		return exitContent, err
	}
	snap, err := inc.Run(ctx, nil, staging)
	var loaded *site.Loaded
	if err == nil {
		diags.Add(snap.Diagnostics...)
		loaded = snap.Site
	}
	if f := os.Getenv("HAVEN_MEMPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil {
			runtime.GC()
			_ = pprof.WriteHeapProfile(out)
			out.Close()
		}
	}
	if err == nil {
		warnPlaceholderBaseURL(opts, loaded.Config, &diags)
	}
	_ = diags.WriteText(stderr)
	errs, warns := diags.Count()
	if err != nil || errs > 0 {
		staging.Abort()
		if err == nil {
			fmt.Fprintf(stderr, "haven build: %s, %s; nothing was written, %s is unchanged\n", diag.Plural(errs, "error"), diag.Plural(warns, "warning"), out)
		}
		return exitContent, err
	}
	files, bytes := staging.Stats()
	// The memo is written while the output is committed: it is used only
	// with the record of a build of its key, written after the commit.
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		if key != nil {
			if full {
				// The indexes' buffers (coverage.json alone 8.5 MB at
				// 10k pages) are garbage now: collected before the memo
				// is encoded, its buffers take their place instead of
				// new memory (peak RSS -6 MB, beside the commit).
				runtime.GC()
			}
			_ = inc.Save(key)
		}
	}()
	defer func() { <-saved }()
	var left *publish.LeftoverError
	if err := staging.Commit(); errors.As(err, &left) {
		fmt.Fprintf(stderr, "haven build: warning: %v\n", err) // the new site is in place: a warning, exit 0
		warns++
	} else if err != nil {
		return exitContent, err
	}
	pages := snap.Pages
	if key != nil {
		_ = site.RecordBuild(opts, out, key, pages, diags.Items(), staging.Files())
	}
	<-saved
	fmt.Fprintf(stdout, "built %s in %s (%s, %s) into %s in %v; %s\n",
		diag.Plural(pages, "page"), diag.Plural(len(loaded.Config.Languages), "language"), diag.Plural(files, "file"), humanBytes(bytes),
		out, time.Since(start).Round(time.Millisecond), diag.Plural(warns, "warning"))
	return exitOK, nil
}

// buildKey returns the build key of a build of opts into out (nil when it
// cannot be made) and the key its memo may be used with (nil with
// noCache); upToDate reports a build skipped, said on stdout, because its
// inputs and output are exactly those of the last one (see
// internal/site/cache.go for the rules).
func buildKey(ctx context.Context, opts site.Options, out string, noCache bool, start time.Time, stdout, stderr io.Writer) (key, memoKey *site.BuildKey, upToDate bool) {
	key, keyErr := site.CacheKey(ctx, opts)
	if keyErr == nil && !noCache {
		if ok, lines, pages := site.UpToDate(opts, out, key); ok {
			for _, l := range lines {
				fmt.Fprintln(stderr, l)
			}
			fmt.Fprintf(stdout, "%s is up to date: %s, nothing changed since the last build (checked in %v); %s\n",
				out, diag.Plural(pages, "page"), time.Since(start).Round(time.Millisecond), diag.Plural(len(lines), "warning"))
			return key, key, true
		}
	}
	// Otherwise the build reuses what the memo of the last one proves
	// unchanged (see internal/site/memo.go); --no-cache builds in full.
	if keyErr != nil {
		return nil, nil, false
	}
	if noCache {
		return key, nil, false
	}
	return key, key, false
}

// warnPlaceholderBaseURL warns when the site's base URL is the default
// placeholder: sitemap.xml, robots.txt and canonical links would point to
// a site that is not this one.
func warnPlaceholderBaseURL(opts site.Options, cfg *config.Config, diags *diag.List) {
	placeholder := config.Default().BaseURL
	if opts.BaseURL != "" || cfg.BaseURL != placeholder {
		return
	}
	d := diag.Diagnostic{File: config.FileName, Severity: diag.Warning, Code: "config.base-url-placeholder",
		Message: fmt.Sprintf("base_url is the placeholder %s, so sitemap.xml, robots.txt and canonical links point there", placeholder),
		Hint:    "set base_url in haven.yaml to the site's address, e.g. base_url: https://palunabi.ee, or pass --base-url"}
	if _, err := os.Stat(filepath.Join(opts.Source, config.FileName)); errors.Is(err, fs.ErrNotExist) {
		d.Message = fmt.Sprintf("there is no haven.yaml, so base_url is the placeholder %s and sitemap.xml, robots.txt and canonical links point there", placeholder)
		d.Hint = "create haven.yaml with base_url: https://your.site (haven init writes one), or pass --base-url"
	}
	diags.Add(d)
}

// parseDay reads a --today value; "" is the zero time.
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

// humanBytes is a size in B, kB or MB.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
