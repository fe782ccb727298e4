package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// codeRE is what a diagnostic code looks like: namespace.kind, the kind in
// lower-case words joined by dashes.
var codeRE = regexp.MustCompile(`^[a-z]+\.[a-z]+(-[a-z]+)*$`)

// fileExt are the suffixes of literals that look like codes but name files
// (haven.yaml, index.html).
var fileExt = []string{"css", "gob", "html", "js", "json", "md", "mod", "prof", "test", "toml", "txt", "xml", "yaml"}

// derivedKinds are the codes yamlx.CodesFor(prefix) makes.
var derivedKinds = []string{"syntax", "type", "unknown-key", "duplicate-key"}

// unreported are CodesFor prefixes whose diagnostics never reach a user
// as codes: yamlx.ReadStrings folds the first one into a Go error (for a
// theme's interface strings), which says where and what, not the code.
var unreported = []string{"yaml"}

// emission is one place in the source that emits a code.
type emission struct {
	code string
	pos  token.Position
}

// moduleRoot is the folder of go.mod above the test's folder.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = filepath.Dir(dir)
	}
}

// parseModule parses every non-test .go file of the module (testdata and
// node_modules left out).
func parseModule(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	root := moduleRoot(t)
	fset := token.NewFileSet()
	var files []*ast.File
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (n == "testdata" || n == "node_modules" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("found %d Go files under %s; the walk is broken", len(files), root)
	}
	return fset, files
}

// codeParams maps the name of every function, method and function
// literal bound to a name to the positions of its parameters named code.
func codeParams(files []*ast.File) map[string][]int {
	params := map[string][]int{}
	add := func(name string, ft *ast.FuncType) {
		i := 0
		for _, f := range ft.Params.List {
			for _, n := range f.Names {
				if n.Name == "code" && !slices.Contains(params[name], i) {
					params[name] = append(params[name], i)
				}
				i++
			}
			if len(f.Names) == 0 {
				i++
			}
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				add(n.Name.Name, n.Type)
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							add(id.Name, lit.Type)
						}
					}
				}
			}
			return true
		})
	}
	return params
}

// stringLit returns the value of a string literal expression.
func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// calleeName is the name a call is made by: f(...) or x.f(...).
func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

// codeKey reports whether a struct field, variable or constant of this
// name holds a code: Code, code, CodeDrift, or a yamlx.Codes field.
func codeKey(name string) bool {
	return name == "code" || strings.HasPrefix(name, "Code") ||
		slices.Contains([]string{"Syntax", "Type", "UnknownKey", "DuplicateKey"}, name)
}

// emitted finds the codes the module's code emits: string literals that
// look like codes and are a Code field (or a yamlx.Codes field), a
// variable or constant named code or Code..., or an argument passed for a
// parameter named code; and the four codes of each yamlx.CodesFor(prefix).
func emitted(fset *token.FileSet, files []*ast.File) []emission {
	params := codeParams(files)
	var out []emission
	found := func(e ast.Expr) {
		if s, ok := stringLit(e); ok && codeRE.MatchString(s) {
			out = append(out, emission{s, fset.Position(e.Pos())})
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && codeKey(id.Name) {
					found(n.Value)
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && codeKey(id.Name) && i < len(n.Rhs) {
						found(n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if codeKey(id.Name) && i < len(n.Values) {
						found(n.Values[i])
					}
				}
			case *ast.CallExpr:
				name := calleeName(n)
				for _, i := range params[name] {
					if i < len(n.Args) {
						found(n.Args[i])
					}
				}
				if name == "CodesFor" && len(n.Args) == 1 {
					if prefix, ok := stringLit(n.Args[0]); ok && !slices.Contains(unreported, prefix) {
						for _, kind := range derivedKinds {
							out = append(out, emission{prefix + "." + kind, fset.Position(n.Pos())})
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// lookalikes finds string literals anywhere in the module but the table
// itself that look like a code of one of the table's namespaces (and not
// like a file name): a code passed in a way emitted does not recognise
// shows up here.
func lookalikes(fset *token.FileSet, files []*ast.File, namespaces map[string]bool) []emission {
	var out []emission
	for _, f := range files {
		if name := filepath.ToSlash(fset.Position(f.Pos()).Filename); strings.HasSuffix(name, "internal/diag/codes.go") {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			s, ok := stringLit(asExpr(n))
			if !ok || !codeRE.MatchString(s) {
				return true
			}
			ns, kind, _ := strings.Cut(s, ".")
			if namespaces[ns] && !slices.Contains(fileExt, kind) {
				out = append(out, emission{s, fset.Position(n.Pos())})
			}
			return true
		})
	}
	return out
}

// asExpr returns n as an expression, or nil.
func asExpr(n ast.Node) ast.Expr {
	if e, ok := n.(ast.Expr); ok {
		return e
	}
	return nil
}

// parseSource parses one file's source, for testing the walk itself.
func parseSource(t *testing.T, src string) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return fset, []*ast.File{f}
}
