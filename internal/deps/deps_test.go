// Package deps holds the test that keeps haven's package layering honest:
// imports point down the table below, and each third-party library has one
// owning package. The tables are policy kept as data; change them
// deliberately, in a commit that says why.
package deps

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/haven-cms/haven/"

// allowed lists, for each package, the haven packages it may import.
var allowed = map[string][]string{
	"cmd/haven":        {"api", "check", "config", "content", "diag", "edit", "gcpace", "legal", "publish", "serve", "signin", "signoff", "site", "store"},
	"internal/edit":    {"site", "check", "config", "content", "diag", "drift", "legal", "model", "store", "yamlx"},
	"internal/store":   {"config", "content", "diag", "drift", "markdown", "model", "yamlx"},
	"internal/serve":   {"site", "check", "content", "diag", "theme"},
	"internal/site":    {"api", "check", "config", "content", "diag", "drift", "legal", "markdown", "model", "publish", "signoff", "theme", "themes", "beneath", "pack"},
	"internal/check":   {"config", "content", "diag", "drift", "jsonx", "legal", "markdown", "model", "signoff"},
	"internal/signoff": {"diag", "yamlx"},
	"internal/drift":   {"content", "diag", "markdown", "model"},
	"internal/model":   {"content", "diag", "legal", "markdown"},
	"internal/api":     {"config", "content", "jsonx", "model"},
	"internal/theme":   {"jsonx", "yamlx"},
	"internal/legal":   {"diag", "stem", "yamlx"},
	// Snowball stemmers: the runtime and the generated algorithms.
	"internal/stem":          {"stem/english", "stem/estonian", "stem/russian", "stem/snowball"},
	"internal/stem/english":  {"stem/snowball"},
	"internal/stem/estonian": {"stem/snowball"},
	"internal/stem/russian":  {"stem/snowball"},
	"internal/stem/snowball": {},
	"internal/content":       {"diag", "yamlx"},
	"internal/config":        {"diag", "yamlx"},
	"internal/yamlx":         {"diag"},
	"internal/markdown":      {},
	"internal/publish":       {"beneath"},
	"internal/beneath":       {},
	"internal/diag":          {},
	"internal/jsonx":         {},
	"internal/pack":          {},
	"internal/gcpace":        {},
	"internal/browsertest":   {},
	"internal/deps":          {},
	// OpenID Connect sign-in, and a real provider for tests of it.
	"internal/signin":            {},
	"internal/signin/signintest": {},
	// Generated sites for benchmarks and tests (cmd/haven's tests use it);
	// it writes files and imports nothing of haven.
	"internal/corpus":           {},
	"internal/testutil":         {}, // imported by tests only
	"internal/corpus/gencorpus": {"corpus"},
	// The floor a build is measured against (bash .ci/bench): the same
	// libraries without haven's own work, so it imports nothing of haven.
	"internal/floor":          {},
	"internal/floor/runfloor": {"floor"},
	"themes":                  {},
}

// owners lists the only packages that may import each third-party module
// in non-test code.
var owners = map[string][]string{
	"github.com/yuin/goldmark":                 {"internal/markdown", "internal/floor"},
	"github.com/fsnotify/fsnotify":             {"internal/serve"},
	"github.com/tdewolff/minify/v2":            {"internal/publish", "internal/floor"},
	"github.com/adrg/frontmatter":              {"internal/content", "internal/floor"},
	"github.com/gosimple/slug":                 {"internal/content"},
	"github.com/BurntSushi/toml":               {"internal/content"},
	"go.yaml.in/yaml/v4":                       {"internal/yamlx"},
	"golang.org/x/sync":                        {"internal/site"},
	"golang.org/x/sys":                         {"internal/beneath"},
	"github.com/rogpeppe/go-internal":          {"internal/testutil"}, // txtar test sites; testutil is imported by tests only
	"github.com/chromedp/chromedp":             {},
	"github.com/chromedp/cdproto":              {},
	"github.com/santhosh-tekuri/jsonschema/v6": {},
	"golang.org/x/net":                         {"internal/markdown", "internal/site"},
	"github.com/tdewolff/parse/v2":             {"internal/site"},
	"github.com/coreos/go-oidc/v3":             {"internal/signin"},
	"golang.org/x/oauth2":                      {"internal/signin"},
	"github.com/zitadel/oidc/v3":               {"internal/signin/signintest"},
}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	// go test caches a result by the files a test opens or stats; go list
	// reads the sources in another process, so stat them here, or a
	// cached pass would hide a new import (it did once).
	_ = filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || d.Name() == "go.mod") {
			_, _ = os.Stat(p)
		}
		return nil
	})
	out, err := exec.Command("go", "list", "-json", "github.com/haven-cms/haven/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		p.ImportPath = strings.TrimPrefix(p.ImportPath, module)
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// moduleOf returns the module of a third-party import path, or "" for the
// standard library.
func moduleOf(path string) string {
	for m := range owners {
		if path == m || strings.HasPrefix(path, m+"/") {
			return m
		}
	}
	if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
		return path
	}
	return ""
}

func TestLayering(t *testing.T) {
	for _, p := range listPackages(t) {
		allow, ok := allowed[p.ImportPath]
		if !ok {
			t.Errorf("package %s is not in the layering table; add it to allowed in deps_test.go", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module) {
				dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "internal/")
				if !slices.Contains(allow, dep) {
					t.Errorf("%s imports %s, which the layering table does not allow", p.ImportPath, dep)
				}
				continue
			}
			m := moduleOf(imp)
			if m == "" {
				continue
			}
			own, known := owners[m]
			switch {
			case !known:
				t.Errorf("%s imports %s, a module not in the owners table; add it deliberately", p.ImportPath, m)
			case !slices.Contains(own, p.ImportPath):
				t.Errorf("%s imports %s, owned by %v", p.ImportPath, m, own)
			}
		}
		for _, imp := range append(p.TestImports, p.XTestImports...) {
			if m := moduleOf(imp); m != "" && !strings.HasPrefix(imp, module) {
				if _, known := owners[m]; !known {
					t.Errorf("%s tests import %s, a module not in the owners table", p.ImportPath, m)
				}
			}
		}
	}
}
