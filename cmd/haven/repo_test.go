package main

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
)

// readRepo reads a file of the repository.
func readRepo(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The README's command list is the usage haven prints.
func TestREADMECommandsAreTheUsage(t *testing.T) {
	readme := readRepo(t, "README.md")
	for _, c := range commandDocs {
		if !strings.Contains(readme, "\n    "+c.usageLine()+"\n") {
			t.Errorf("README.md does not list %q", c.usageLine())
		}
	}
}

// A new user learns which Go to install and how to install haven.
func TestREADMEInstall(t *testing.T) {
	readme := readRepo(t, "README.md")
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(readRepo(t, "go.mod"))
	if goVersion == nil {
		t.Fatal("go.mod has no go line")
	}
	for _, want := range []string{
		"Go " + goVersion[1],
		"go install github.com/haven-cms/haven/cmd/haven@latest",
		"go install ./cmd/haven",
		"haven init",
		"python3 -m http.server -d public",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md does not say %q", want)
		}
	}
}

// Every status the text report prints is explained in the README's table.
func TestREADMEExplainsEveryStatus(t *testing.T) {
	readme := readRepo(t, "README.md")
	for _, s := range []string{string(check.Covered), string(check.Weak), string(check.Stale), string(check.Missing), "pending", "(should)", "-"} {
		if !strings.Contains(readme, "\n| "+s+" |") && !strings.Contains(readme, "\n| *status* "+s+" |") {
			t.Errorf("README.md's status table has no row for %q", s)
		}
	}
}

// The README's contacts.yaml example is one haven reads without a problem.
func TestREADMEContactsExample(t *testing.T) {
	readme := readRepo(t, "README.md")
	m := regexp.MustCompile("(?s)```yaml\n# content/_data/contacts.yaml\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no contacts.yaml example")
	}
	var diags diag.List
	fsys := fstest.MapFS{"content/_data/contacts.yaml": {Data: []byte(m[1])}}
	contacts := content.LoadContacts(fsys, []string{"et", "en", "ru"}, &diags)
	if diags.Len() > 0 || len(contacts) == 0 {
		t.Errorf("the example has %d contacts and these problems:\n%v", len(contacts), diags.Items())
	}
}

// Nothing the README or the CI scripts tell a user to run needs a folder
// outside the repository.
func TestNoPathsOutsideTheRepository(t *testing.T) {
	outside := regexp.MustCompile(`\.\./[a-z]|/work/`)
	for _, name := range []string{"README.md", ".ci/run", ".ci/bench"} {
		for i, line := range strings.Split(readRepo(t, name), "\n") {
			if outside.MatchString(line) {
				t.Errorf("%s:%d names a folder outside the repository: %s", name, i+1, line)
			}
		}
	}
}

// .ci/run installs axe-core into the clone's node_modules, where the
// browser tests look, even when a parent folder has a node_modules.
func TestCIRunInstallsIntoTheClone(t *testing.T) {
	if !strings.Contains(readRepo(t, ".ci/run"), `npm install --prefix "$PWD"`) {
		t.Error(`.ci/run does not run npm install --prefix "$PWD"`)
	}
	for _, line := range strings.Split(readRepo(t, ".ci/run"), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "#") && strings.Contains(line, "npm install") && !strings.Contains(line, `--prefix "$PWD"`) {
			t.Errorf(".ci/run: npm install without --prefix \"$PWD\": %s", line)
		}
	}
}

// What the README's commands write into a clone is ignored by git.
func TestGitignore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	paths := []string{"public/index.html", ".public.staging-0a1b/x", ".haven-cache/build-record.pack", "haven", "check.xml", "report.html",
		"cpu.prof", "mem.prof", "frontmatter.schema.json", "node_modules/axe-core/axe.min.js", "haven.test"}
	cmd := exec.Command("git", append([]string{"check-ignore", "--no-index", "--verbose", "--non-matching"}, paths...)...)
	cmd.Dir = "../.."
	out, _ := cmd.Output()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.HasPrefix(line, "::") {
			t.Errorf(".gitignore does not ignore %s", strings.TrimSpace(strings.TrimPrefix(line, "::")))
		}
	}
	if len(bytes.TrimSpace(out)) == 0 {
		t.Fatal("git check-ignore printed nothing")
	}
	// Sources of the same names are not ignored.
	cmd = exec.Command("git", "check-ignore", "--no-index", "cmd/haven/main.go", "cmd/haven/initsite/haven.yaml")
	cmd.Dir = "../.."
	if out, _ := cmd.Output(); len(out) > 0 {
		t.Errorf(".gitignore ignores sources:\n%s", out)
	}
}

// LICENSE is the full, standard text of the Apache License 2.0.
func TestLicense(t *testing.T) {
	license := readRepo(t, "LICENSE")
	for _, want := range []string{"Apache License\n                           Version 2.0, January 2004",
		"TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "9. Accepting Warranty or Additional Liability.",
		"END OF TERMS AND CONDITIONS", "APPENDIX: How to apply the Apache License to your work."} {
		if !strings.Contains(license, want) {
			t.Errorf("LICENSE lacks %q", want)
		}
	}
	if len(license) != 11357 {
		t.Errorf("LICENSE has %d bytes; the standard text (apache.org/licenses/LICENSE-2.0.txt) has 11357", len(license))
	}
}
