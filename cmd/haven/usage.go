package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
)

// commandDoc describes one command for haven help and COMMAND --help.
type commandDoc struct {
	name     string
	synopsis string // the arguments, as in the overview
	summary  string // what it does, a few lines
}

// commandDocs lists the commands in the order the overview shows them.
var commandDocs = []commandDoc{
	{"build", "[--source DIR] [--out DIR] [--drafts] [--base-url URL] [--today YYYY-MM-DD] [--no-cache]",
		"Validates the site and writes it, with its JSON API, into --out.\nA build with errors writes nothing and leaves --out as it was."},
	{"check", "[--source DIR] [--format text|json|html|junit] [--output FILE] [--strict] [--today YYYY-MM-DD]",
		"Runs every validation of build and reports, for every requirement of the\nrulebook and every language, which pages cover it. Writes nothing into public/."},
	{"signoff", "--cell REQUIREMENT/LANGUAGE --accept|--overrule --reason SENTENCE --by NAME [--source DIR] [--today YYYY-MM-DD]",
		"Records a reviewer's decision on one coverage cell in signoff.yaml, with\nthe content revision and a hash of the cell's pages; haven check shows it\nand marks it stale once those pages change."},
	{"serve", "[--source DIR] [--addr 127.0.0.1:1313] [--drafts]",
		"Previews the site from memory and reloads open pages after every save."},
	{"edit", "[--source DIR] [--addr 127.0.0.1:1313] [--drafts] [--branch main] [--oidc-issuer URL --oidc-client-id ID] [--url URL]",
		"The preview with a web editor at /_haven/edit/: the page list, a form\nfor each page with a preview and the build's own checks; saves into content/.\nOn a git repository whose branch has .haven/roles.yaml, saves go to change\nproposals that a second person reviews. Off 127.0.0.1 everyone signs in\nwith OpenID Connect (client secret in $HAVEN_OIDC_CLIENT_SECRET)."},
	{"init", "[--base-url URL] [DIR]",
		"Creates a new site in DIR (default: the current folder), which must be\nempty or missing: haven.yaml, help contacts and a starting page for each\nrequirement the default rulebook says a site must cover."},
	{"new", "[--source DIR] PATH",
		"Writes a new draft page, e.g. haven new et/abi/uus-leht.md, from\narchetypes/<section>.md or a built-in skeleton. Never overwrites a file."},
	{"schema", "frontmatter|api",
		"Prints JSON Schemas: of page front matter, or of the content API."},
	{"version", "",
		"Prints haven's version."},
	{"help", "[COMMAND]",
		"Prints this overview, or the usage of one command."},
}

// subcommandSynopses are the arguments of haven schema's subcommands.
var subcommandSynopses = map[string]string{
	"haven schema frontmatter": "[--source DIR]",
	"haven schema api":         "[NAME]",
}

// commandNames returns the names of all commands.
func commandNames() []string {
	names := make([]string, len(commandDocs))
	for i, c := range commandDocs {
		names[i] = c.name
	}
	return names
}

// docOf returns the documentation of a command.
func docOf(name string) commandDoc {
	for _, c := range commandDocs {
		if c.name == name {
			return c
		}
	}
	return commandDoc{name: name}
}

// usageLine is "haven NAME SYNOPSIS".
func (c commandDoc) usageLine() string {
	return strings.TrimSpace("haven " + c.name + " " + c.synopsis)
}

// usage is the overview haven help prints.
func usage() string {
	var b strings.Builder
	b.WriteString("haven builds, checks and previews victim-support websites.\n\nUsage:\n")
	for _, c := range commandDocs {
		b.WriteString("  " + c.usageLine() + "\n")
	}
	b.WriteString("\nRun haven help COMMAND (or haven COMMAND --help) for one command's flags.\n")
	b.WriteString("Exit status: 0 success (warnings allowed), 1 content errors, 2 usage errors.\n")
	return b.String()
}

// newFlagSet returns the flag set of command name; parseFlags prints its
// usage and errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("haven "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// commandOf is the command a flag set belongs to: "haven schema api" -> schema.
func commandOf(fs *flag.FlagSet) string {
	name := strings.TrimPrefix(fs.Name(), "haven ")
	first, _, _ := strings.Cut(name, " ")
	return first
}

// printUsage writes a command's usage line, summary and flags to w.
func printUsage(fs *flag.FlagSet, w io.Writer) {
	doc := docOf(commandOf(fs))
	line := doc.usageLine()
	if fs.Name() != "haven "+doc.name { // a subcommand such as haven schema api
		line = fs.Name() + " " + subcommandSynopses[fs.Name()]
	}
	fmt.Fprintf(w, "Usage: %s\n", line)
	if doc.summary != "" {
		fmt.Fprintf(w, "\n%s\n", doc.summary)
	}
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprint(w, "\nFlags:\n")
			first = false
		}
		printFlag(w, f)
	})
}

// printFlag writes one flag as "  --name VALUE" and its help below.
func printFlag(w io.Writer, f *flag.Flag) {
	arg, help := flag.UnquoteUsage(f)
	if arg != "" {
		arg = " " + strings.ToUpper(arg)
	}
	fmt.Fprintf(w, "  --%s%s\n    \t%s", f.Name, arg, help)
	if f.DefValue != "" && f.DefValue != "false" {
		fmt.Fprintf(w, " (default %s)", f.DefValue)
	}
	fmt.Fprintln(w)
}

// parseFlags parses flags that may stand before or after positional
// arguments and returns the positional ones. --help prints the command's
// usage to stdout and returns errHelp; a mistake prints it to stderr, with
// a did-you-mean for a misspelt flag, and returns errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err, stdout, stderr)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// flagError reports a flag the parser refused, or answers --help.
func flagError(fs *flag.FlagSet, err error, stdout, stderr io.Writer) error {
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fs, stdout)
		return errHelp
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := diag.Suggest(strings.TrimLeft(name, "-"), names); s != "" {
			msg += "; did you mean --" + s + "?"
		}
	}
	fmt.Fprintf(stderr, "%s: %s\n\n", fs.Name(), msg)
	printUsage(fs, stderr)
	return errUsage
}

// suggestion is "; did you mean X?" for the candidate closest to word, or "".
func suggestion(word string, candidates []string) string {
	if s := diag.DidYouMean(word, candidates); s != "" {
		return "; " + s
	}
	return ""
}

// noArguments refuses positional arguments of a command that takes none.
func noArguments(fs *flag.FlagSet, pos []string, stderr io.Writer) error {
	if len(pos) == 0 {
		return nil
	}
	fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), pos[0])
	return errUsage
}

// checkSource makes sure --source names an existing folder; anything else
// is a usage error with a message saying what is wrong.
func checkSource(cmd, dir string, stderr io.Writer) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "haven %s: --source %s: the folder does not exist\n", cmd, dir)
	case err != nil:
		fmt.Fprintf(stderr, "haven %s: --source %s: %v\n", cmd, dir, err)
	case !fi.IsDir():
		fmt.Fprintf(stderr, "haven %s: --source %s is a file, not a folder\n", cmd, dir)
	default:
		return nil
	}
	return errUsage
}
