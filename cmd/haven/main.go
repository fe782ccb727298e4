// Command haven builds, checks and previews victim-support websites written
// in Markdown. Run "haven help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

// Exit codes.
const (
	exitOK      = 0 // success, warnings allowed
	exitContent = 1 // the content has errors
	exitUsage   = 2 // the command line is wrong
)

const usage = `haven builds, checks and previews victim-support websites.

Usage:
  haven build [--source DIR] [--out DIR] [--drafts] [--base-url URL] [--today YYYY-MM-DD] [--no-cache]
  haven check [--source DIR] [--format text|json|html|junit] [--output FILE] [--strict] [--today YYYY-MM-DD]
  haven serve [--source DIR] [--addr 127.0.0.1:1313] [--drafts]
  haven new [--source DIR] PATH
  haven schema frontmatter|api
  haven version
  haven help

Exit status: 0 success (warnings allowed), 1 content errors, 2 usage errors.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// HAVEN_CPUPROFILE=FILE writes a CPU profile of the run (see README,
	// Performance).
	if f := os.Getenv("HAVEN_CPUPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil {
			_ = pprof.StartCPUProfile(out)
			defer out.Close()
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	pprof.StopCPUProfile()
	stop()
	os.Exit(code)
}

// errUsage marks a command-line mistake (exit 2).
var errUsage = errors.New("usage")

// run executes one haven command and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var code int
	var err error
	switch cmd {
	case "build":
		code, err = cmdBuild(ctx, rest, stdout, stderr)
	case "new":
		code, err = cmdNew(rest, stdout, stderr)
	case "schema":
		code, err = cmdSchema(ctx, rest, stdout, stderr)
	case "check":
		code, err = cmdCheck(ctx, rest, stdout, stderr)
	case "serve":
		code, err = cmdServe(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "haven", version())
		return exitOK
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		if c, ok := extraCommands[cmd]; ok {
			code, err = c(ctx, rest, stdout, stderr)
			break
		}
		fmt.Fprintf(stderr, "haven: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "haven %s: %v\n", cmd, err)
		if code == exitOK {
			code = exitContent
		}
	}
	return code
}

// extraCommands holds commands that live in their own files.
var extraCommands = map[string]func(context.Context, []string, io.Writer, io.Writer) (int, error){}

// parseFlags parses flags that may stand before or after positional
// arguments and returns the positional ones. A mistake prints the command's
// usage to stderr and returns errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
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
