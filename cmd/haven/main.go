// Command haven builds, checks and previews victim-support websites written
// in Markdown. Run "haven help" for the commands.
package main

import (
	"context"
	"errors"
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

// errHelp marks a request for help that was answered (exit 0).
var errHelp = errors.New("help")

// commandFunc runs one command with its arguments.
type commandFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error)

// handler returns the function of a command, or nil for an unknown one.
// (A function, not a table, because the commands' usage texts refer back
// to commandDocs.)
func handler(name string) commandFunc {
	switch name {
	case "build":
		return cmdBuild
	case "check":
		return cmdCheck
	case "signoff":
		return cmdSignoff
	case "serve":
		return cmdServe
	case "edit":
		return cmdEdit
	case "init":
		return cmdInit
	case "new":
		return func(_ context.Context, args []string, stdout, stderr io.Writer) (int, error) {
			return cmdNew(args, stdout, stderr)
		}
	case "schema":
		return cmdSchema
	case "version":
		return cmdVersion
	case "help":
		return cmdHelp
	}
	return nil
}

// run executes one haven command and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "--version", "-version":
		cmd = "version"
	}
	if isHelpFlag(cmd) {
		cmd = "help"
	}
	f := handler(cmd)
	if f == nil {
		unknownCommand(cmd, stderr)
		return exitUsage
	}
	code, err := f(ctx, rest, stdout, stderr)
	switch {
	case errors.Is(err, errHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "haven %s: %v\n", cmd, err)
		if code == exitOK {
			code = exitContent
		}
	}
	return code
}

// unknownCommand reports a command haven does not have, with the closest
// one when the name looks like a typo.
func unknownCommand(cmd string, stderr io.Writer) {
	fmt.Fprintf(stderr, "haven: unknown command %q%s\n\n%s", cmd, suggestion(cmd, commandNames()), usage())
}

// cmdHelp prints the overview, or with a command name that command's
// usage, to stdout.
func cmdHelp(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 && isHelpFlag(args[0]) {
		printUsage(newFlagSet("help"), stdout)
		return exitOK, errHelp
	}
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usage())
		return exitOK, nil
	case 1:
		if handler(args[0]) == nil {
			unknownCommand(args[0], stderr)
			return exitUsage, errUsage
		}
		return handler(args[0])(ctx, []string{"--help"}, stdout, stderr)
	}
	fmt.Fprintf(stderr, "haven help: expected at most one command, got %d\n", len(args))
	return exitUsage, errUsage
}

// isHelpFlag reports whether arg asks for help.
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// cmdVersion prints the version of haven.
func cmdVersion(_ context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("version")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := noArguments(flags, pos, stderr); err != nil {
		return exitUsage, err
	}
	fmt.Fprintln(stdout, "haven", version())
	return exitOK, nil
}
