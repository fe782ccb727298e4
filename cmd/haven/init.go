package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"github.com/haven-cms/haven/internal/diag"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/haven-cms/haven/internal/config"
)

// initSite is what haven init writes: haven.yaml (with {{base_url}} to
// fill in), the help contacts, the facts and the Estonian pages of the sample site in
// content/ (see TestInitPagesAreTheSample), one for each must requirement
// of the default rulebook and the pages they link to.
//
//go:embed all:initsite
var initSite embed.FS

// initRoot is the folder of initSite that holds the site.
const initRoot = "initsite"

// placeholderComment follows a placeholder base_url in a new haven.yaml.
const placeholderComment = "   # placeholder: haven build warns until this is the site's address"

// cmdInit creates a new site in an empty or missing folder.
func cmdInit(_ context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("init")
	baseURL := flags.String("base-url", "", "the `URL` the site will be served from, e.g. https://palunabi.ee")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "haven init: expected at most one DIR, got %d\n", len(pos))
		return exitUsage, errUsage
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if *baseURL != "" {
		if err := config.CheckBaseURL(*baseURL); err != nil {
			fmt.Fprintf(stderr, "haven init: --base-url: %v\n", err)
			return exitUsage, errUsage
		}
	}
	if err := requireEmpty(dir); err != nil {
		fmt.Fprintf(stderr, "haven init: %v\n", err)
		return exitContent, nil
	}
	pages, err := writeSite(dir, *baseURL)
	if err != nil {
		return exitContent, err
	}
	printNextSteps(stdout, dir, pages, *baseURL == "")
	return exitOK, nil
}

// requireEmpty accepts a missing folder or an empty one.
func requireEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty (it holds %s); haven init writes only into an empty or new folder, so nothing was written", dir, entries[0].Name())
	}
	return nil
}

// writeSite writes initSite into dir and returns how many pages it wrote.
func writeSite(dir, baseURL string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	site, _ := fs.Sub(initSite, initRoot)
	pages := 0
	err = fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || name == "." {
			return err
		}
		if d.IsDir() {
			return root.Mkdir(name, 0o755)
		}
		b, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		if name == config.FileName {
			b = fillBaseURL(b, baseURL)
		}
		if path.Ext(name) == ".md" {
			pages++
		}
		return writeNew(root, name, b)
	})
	return pages, err
}

// fillBaseURL puts the base URL into the haven.yaml template, or the
// placeholder with a comment saying so.
func fillBaseURL(tmpl []byte, baseURL string) []byte {
	value := strings.TrimRight(baseURL, "/")
	if value == "" {
		value = config.Default().BaseURL + placeholderComment
	}
	return bytes.ReplaceAll(tmpl, []byte("{{base_url}}"), []byte(value))
}

// writeNew writes a file that must not exist yet.
func writeNew(root *os.Root, name string, b []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	return errors.Join(werr, f.Close())
}

// printNextSteps tells the new user what was written and what to do next.
func printNextSteps(w io.Writer, dir string, pages int, placeholder bool) {
	fmt.Fprintf(w, "created a new site in %s: haven.yaml, content/_data/contacts.yaml, content/_data/facts.yaml and %s in content/et/\n", dir, diag.Plural(pages, "page"))
	fmt.Fprintln(w, "The pages are the Estonian text of haven's sample site, one for each requirement")
	fmt.Fprintln(w, "the default rulebook says a site must cover. Rewrite them for your organisation,")
	fmt.Fprintln(w, "and set reviewed: to the day you checked each one.")
	if placeholder {
		fmt.Fprintf(w, "base_url in haven.yaml is the placeholder %s: set it to the site's address.\n", config.Default().BaseURL)
	}
	next := "haven serve   (or haven build, haven check --strict)"
	if dir != "." {
		next = "cd " + dir + " && " + next
	}
	fmt.Fprintln(w, "Next: "+next)
}
