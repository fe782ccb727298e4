package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	os.Exit(testscript.RunMain(m, map[string]func() int{
		"haven": func() int { return run(context.Background(), os.Args[1:], os.Stdout, os.Stderr) },
		// haven-exits N ARGS... runs haven ARGS and succeeds only when it
		// exits with status N, so scripts can tell 1 from 2.
		"haven-exits": func() int {
			code := run(context.Background(), os.Args[2:], os.Stdout, os.Stderr)
			if want := os.Args[1]; strconv.Itoa(code) != want {
				fmt.Fprintf(os.Stderr, "haven-exits: haven exited with %d, want %s\n", code, want)
				return 1
			}
			return 0
		},
	}))
}

// TestScripts runs the end-to-end CLI scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
		// [root]: the tests run as root, whom chmod does not stop from
		// reading a file.
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}
