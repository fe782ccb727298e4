package serve

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/testutil"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/publish"
	"github.com/haven-cms/haven/internal/site"
)

var (
	equivSeed  = flag.Uint64("equiv.seed", 0, "run the equivalence property with this seed only")
	equivSteps = flag.Int("equiv.steps", 40, "edits per equivalence run")
)

// freshBuild builds dir from scratch as haven build does (site.Build,
// unminified), returning the files (nil when the build has errors) and
// diagnostics.
func freshBuild(t *testing.T, dir string, drafts bool) (map[string][]byte, []diag.Diagnostic) {
	t.Helper()
	var d diag.List
	out := publish.NewMemory(nil)
	if _, err := site.Build(context.Background(), site.Options{Source: dir, Drafts: drafts, Today: today}, out, &d); err != nil {
		d.Add(diag.Diagnostic{File: dir, Severity: diag.Error, Code: "build.failed", Message: err.Error()})
		return nil, d.Items()
	}
	if d.HasErrors() {
		return nil, d.Items()
	}
	return out.Files, d.Items()
}

// editor makes random edits to a site, as editors do.
type editor struct {
	r      *rand.Rand
	dir    string
	n      int
	broken bool // an edit may have left errors behind
}

// pages lists the Markdown files of the site, sorted.
func (e *editor) pages(t *testing.T) []string {
	var out []string
	err := filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func (e *editor) read(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join(e.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(t *testing.T, name, data string) {
	full := filepath.Join(e.dir, name)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// isHome reports whether p is a language's home page (content/et/_index.md).
func isHome(p string) bool { return strings.Count(p, "/") == 2 && path.Base(p) == "_index.md" }

// step makes one random edit and returns what it did and the changed
// files (as the watcher would report them).
func (e *editor) step(t *testing.T) (string, []string) {
	e.n++
	pages := e.pages(t)
	pick := func() string { return pages[e.r.IntN(len(pages))] }
	langs := []string{"et", "en"}
	op := e.r.IntN(13)
	if e.broken && e.r.IntN(3) > 0 {
		op = 7 // editors fix what they broke, mostly soon
	}
	switch {
	case op == 0 && len(pages) > 3: // delete
		p := pick()
		if err := os.Remove(filepath.Join(e.dir, p)); err != nil {
			t.Fatal(err)
		}
		return "delete " + p, []string{p}
	case op == 1: // rename within or across folders
		p := pick()
		dirs := []string{"", "abi", "uudised", "help", "uus"}
		lang := strings.Split(p, "/")[1]
		dir := dirs[e.r.IntN(len(dirs))]
		to := path.Join("content", lang, dir, fmt.Sprintf("leht%d.md", e.n))
		if err := os.MkdirAll(filepath.Join(e.dir, path.Dir(to)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(e.dir, p), filepath.Join(e.dir, to)); err != nil {
			t.Fatal(err)
		}
		return "rename " + p + " " + to, []string{p, to}
	case op == 2: // new page, sometimes in a new folder, sometimes a translation
		lang := langs[e.r.IntN(2)]
		dir := []string{"abi", "uudised", "help", fmt.Sprintf("kaust%d", e.n)}[e.r.IntN(4)]
		name := path.Join("content", lang, dir, fmt.Sprintf("uus%d.md", e.n))
		tk := ""
		if e.r.IntN(2) == 0 {
			tk = fmt.Sprintf("translation_key: k%d\n", e.n)
		}
		e.write(t, name, fmt.Sprintf("---\ntitle: Uus %d\n%sweight: %d\n---\nSisu %d.\n", e.n, tk, e.r.IntN(5), e.n))
		return "create " + name, []string{name}
	case op == 3: // toggle draft
		p := pick()
		src := e.read(t, p)
		v := "true"
		if strings.Contains(src, "\ndraft: true") {
			v = ""
		}
		e.write(t, p, testutil.SetKey(src, "draft", v))
		if v != "" && isHome(p) {
			e.broken = true // pages link to the home: the links break
		}
		return "draft " + v + " " + p, []string{p}
	case op == 4: // retitle (changes lists, menus, search)
		p := pick()
		e.write(t, p, testutil.SetKey(e.read(t, p), "title", fmt.Sprintf("Pealkiri %d", e.n)))
		return "retitle " + p, []string{p}
	case op == 5: // menu and weight
		p := pick()
		menu := []string{"", "main", "footer"}[e.r.IntN(3)]
		src := testutil.SetKey(e.read(t, p), "menu", menu)
		e.write(t, p, testutil.SetKey(src, "weight", fmt.Sprint(e.r.IntN(4))))
		return "menu " + menu + " " + p, []string{p}
	case op == 6: // break front matter
		p := pick()
		e.write(t, p, testutil.SetKey(e.read(t, p), "weight", "[1, 2"))
		e.broken = true
		return "break " + p, []string{p}
	case op == 7: // fix broken front matter and clashing URLs
		var changed []string
		for _, p := range pages {
			src := e.read(t, p)
			fixed := testutil.SetKey(testutil.SetKey(testutil.SetKey(src, "aliases", ""), "slug", ""), "weight", "1")
			if isHome(p) {
				fixed = testutil.SetKey(fixed, "draft", "")
			}
			if fixed != src {
				e.write(t, p, fixed)
				changed = append(changed, p)
			}
		}
		e.broken = false
		return "fix all", changed
	case op == 8: // site configuration
		src := e.read(t, "haven.yaml")
		e.write(t, "haven.yaml", strings.Replace(src, "Victim Support sample", fmt.Sprintf("Victim Support %d", e.n), 1))
		e.write(t, "haven.yaml", strings.Replace(e.read(t, "haven.yaml"), fmt.Sprintf("Victim Support %d", e.n-1), fmt.Sprintf("Victim Support %d", e.n), 1))
		return "config", []string{"haven.yaml"}
	case op == 9: // an asset
		name := path.Join("content", langs[e.r.IntN(2)], "abi", "juhend.txt")
		e.write(t, name, fmt.Sprintf("juhend %d\n", e.n))
		return "asset " + name, []string{name}
	case op == 10: // slug or alias (may collide: URL errors)
		p := pick()
		e.broken = true
		if e.r.IntN(2) == 0 {
			e.write(t, p, testutil.SetKey(e.read(t, p), "slug", []string{"", "kriisitelefon", fmt.Sprintf("s%d", e.n)}[e.r.IntN(3)]))
		} else {
			e.write(t, p, testutil.SetKey(e.read(t, p), "aliases", []string{"", "[/et/vana/]", "[/en/old/]"}[e.r.IntN(3)]))
		}
		return "slug/alias " + p, []string{p}
	default: // edit the body
		p := pick()
		e.write(t, p, e.read(t, p)+fmt.Sprintf("\nLõik %d [avalehele](/et/).\n", e.n))
		return "edit " + p, []string{p}
	}
}

// TestServedEqualsFreshBuild checks the preview's promise: after any
// sequence of edits, renames, deletions and draft toggles, what the
// server serves is exactly what a fresh full build produces.
func TestServedEqualsFreshBuild(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if testing.Short() {
		seeds = seeds[:2]
	}
	if *equivSeed != 0 {
		seeds = []uint64{*equivSeed}
	}
	for _, seed := range seeds {
		for _, drafts := range []bool{false, true} {
			t.Run(fmt.Sprintf("seed=%d/drafts=%v", seed, drafts), func(t *testing.T) {
				dir := copySite(t)
				s, err := New(Options{Source: dir, Drafts: drafts, Today: today})
				if err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				if err := s.Rebuild(ctx, nil); err != nil {
					t.Fatal(err)
				}
				var early *state // the early state of the last Rebuild, if any
				s.afterEarly = func() { early = s.state.Load() }
				e := &editor{r: rand.New(rand.NewPCG(seed, 0)), dir: dir}
				var history []string
				var lastGood map[string][]byte
				good, earlies := 0, 0
				for range *equivSteps {
					what, changed := e.step(t)
					history = append(history, what)
					early = nil
					if err := s.Rebuild(ctx, changed); err != nil {
						t.Fatal(err)
					}
					want, wantDiags := freshBuild(t, dir, drafts)
					got, failed := s.Files()
					fail := func(format string, args ...any) {
						t.Helper()
						t.Fatalf("after %s (rerun with -equiv.seed=%d):\n%s", strings.Join(history, "\n  "), seed, fmt.Sprintf(format, args...))
					}
					if d := diffDiags(s.Diagnostics(), wantDiags); d != "" {
						fail("diagnostics differ:\n%s", d)
					}
					if want == nil {
						if !failed {
							fail("fresh build fails but the preview does not show the failure")
						}
						if lastGood != nil && !sameFiles(got, lastGood) {
							fail("a failed build changed the served files")
						}
						continue
					}
					if failed {
						fail("preview failed, fresh build succeeded")
					}
					if d := diffFiles(got, want); d != "" {
						fail("served files differ from a fresh build:\n%s", d)
					}
					if early != nil {
						if d := diffEarly(early, want); d != "" {
							fail("pages shown before the checks differ from a fresh build:\n%s", d)
						}
						earlies++
					}
					lastGood = got
					good++
				}
				// A run that spends its steps in failed builds proves
				// little about incremental rendering.
				if good < *equivSteps/3 {
					t.Errorf("only %d of %d steps built; rebalance the editor", good, *equivSteps)
				}
				if earlies == 0 {
					t.Errorf("no step showed its pages early")
				}
			})
		}
	}
}

// diffEarly compares what an early state serves with a fresh build: each
// theme page rendered on request, the theme's assets and the content
// assets taken from the last build. Files it leaves to the finished build
// are not compared.
func diffEarly(st *state, want map[string][]byte) string {
	var b strings.Builder
	pages := 0
	od := st.out.OnDemand()
	for name, w := range want {
		var got []byte
		if data, ok := od.ThemeAsset(name); ok {
			got = data
		}
		switch {
		case got != nil:
		case od.ContentAsset(name):
			if !st.assetsFromLast {
				continue
			}
			got, _, _ = st.last.out.Lookup(name)
		case path.Ext(name) == ".html":
			data, ok, err := od.Render(name)
			if err != nil {
				fmt.Fprintf(&b, "  %s: %v\n", name, err)
			}
			if !ok {
				continue
			}
			pages++
			got = data
		default:
			continue
		}
		if !bytes.Equal(got, w) {
			fmt.Fprintf(&b, "  %s differs\n", name)
		}
	}
	if pages == 0 {
		b.WriteString("  no page rendered on request\n")
	}
	return b.String()
}

func sameFiles(a, b map[string][]byte) bool { return diffFiles(a, b) == "" }

// builtStamp matches the build time the content API records, the one
// part of a build that differs between two builds of the same files.
var builtStamp = regexp.MustCompile(`"built": ?"[^"]*"`)

func diffFiles(got, want map[string][]byte) string {
	var b strings.Builder
	for name, w := range want {
		g, ok := got[name]
		if ok && strings.HasSuffix(name, ".json") {
			g, w = builtStamp.ReplaceAll(g, nil), builtStamp.ReplaceAll(w, nil)
		}
		switch {
		case !ok:
			fmt.Fprintf(&b, "  missing %s\n", name)
		case !bytes.Equal(g, w):
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-80)
			fmt.Fprintf(&b, "  %s differs at byte %d:\n    got  …%s\n    want …%s\n", name, i, g[lo:min(len(g), i+80)], w[lo:min(len(w), i+80)])
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			fmt.Fprintf(&b, "  stale %s\n", name)
		}
	}
	return b.String()
}

func diffDiags(got, want []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range want {
		if !slices.Contains(got, d) {
			fmt.Fprintf(&b, "  missing %s\n", d)
		}
	}
	for _, d := range got {
		if !slices.Contains(want, d) {
			fmt.Fprintf(&b, "  extra   %s\n", d)
		}
	}
	return b.String()
}
