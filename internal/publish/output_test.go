package publish

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/beneath"
)

// TestCheckOutput checks which output folders would replace a site's
// sources: the site root, folders above it, and content/, themes/ and
// archetypes/ with everything inside them, also when reached through a
// symbolic link; folders beside the sources pass.
func TestCheckOutput(t *testing.T) {
	base := t.TempDir()
	site := filepath.Join(base, "site")
	for _, d := range []string{"content/et", "themes/mine", "src", "elsewhere"} {
		if err := os.MkdirAll(filepath.Join(site, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("src", filepath.Join(site, "archetypes")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(site, "content"), filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	bad := []string{site, base, "/", filepath.Join(site, "content"), filepath.Join(site, "content", "et", "new"),
		filepath.Join(site, "themes"), filepath.Join(site, "themes", "mine"), filepath.Join(site, "archetypes"),
		filepath.Join(site, "src"), filepath.Join(site, "src", "x"), filepath.Join(base, "link"), filepath.Join(base, "link", "x"),
		filepath.Join(site, "public", "..", "content")}
	for _, out := range bad {
		if err := CheckOutput(site, out); err == nil {
			t.Errorf("CheckOutput(%s) accepted an output that replaces sources", out)
		}
	}
	good := []string{filepath.Join(site, "public"), filepath.Join(site, "elsewhere"), filepath.Join(base, "public"), filepath.Join(site, "contents")}
	for _, out := range good {
		if err := CheckOutput(site, out); err != nil {
			t.Errorf("CheckOutput(%s) = %v, want nil", out, err)
		}
	}
}

// commitOld makes out hold a marked earlier output with old.html in it.
func commitOld(t *testing.T, out string) {
	t.Helper()
	s, err := Begin(context.Background(), out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("old.html", []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
}

// stagedNew begins a build into out with new.html written.
func stagedNew(t *testing.T, out string) *Staging {
	t.Helper()
	s, err := Begin(context.Background(), out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WriteFile("new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	return s
}

// crashAt makes Commit stop at the step named like a killed process, and
// returns whether it got there.
func crashAt(t *testing.T, s *Staging, at string) (crashed bool) {
	t.Helper()
	step = func(name string) {
		if name == at {
			panic(at)
		}
	}
	defer func() {
		step = func(string) {}
		crashed = recover() == at
	}()
	_ = s.Commit()
	return false
}

// holds reports whether the folder out holds the file name.
func holds(out, name string) bool {
	_, err := os.Stat(filepath.Join(out, name))
	return err == nil
}

// TestSwapIsOneStep checks that a build killed in the middle of its swap
// leaves an output folder in place, and that the next build clears up.
// With renameat2(RENAME_EXCHANGE) the output is the new one at the only
// step between; with the two-rename fallback a kill between the renames
// leaves none, and the next build puts the old one back.
func TestSwapIsOneStep(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commitOld(t, out)
	if !crashAt(t, stagedNew(t, out), "exchanged") {
		t.Skip("renameat2(RENAME_EXCHANGE) is not available here")
	}
	if !holds(out, "new.html") || holds(out, "old.html") {
		t.Error("a build stopped after its exchange did not leave the new output in place")
	}
	s, err := Begin(context.Background(), out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if staged, olds := leftovers(out); len(staged)+len(olds) != 0 {
		t.Errorf("the next build left %v %v beside the output", staged, olds)
	}
}

// TestTwoStepSwapRecovers checks the fallback for kernels and file
// systems without RENAME_EXCHANGE: killed between its renames, the build
// leaves the old output aside, and the next build puts it back.
func TestTwoStepSwapRecovers(t *testing.T) {
	exchange = func(a, b string) error {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
	}
	defer func() { exchange = realExchange }()
	out := filepath.Join(t.TempDir(), "public")
	commitOld(t, out)
	if !crashAt(t, stagedNew(t, out), "aside") {
		t.Fatal("the fallback did not move the old output aside")
	}
	s, err := Begin(context.Background(), out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !holds(out, "old.html") {
		t.Error("the next build did not put the old output back")
	}
	if err := s.WriteFile("new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if !holds(out, "new.html") || holds(out, "old.html") {
		t.Error("the fallback swap did not replace the output")
	}
	if staged, olds := leftovers(out); len(staged)+len(olds) != 0 {
		t.Errorf("left beside the output: %v %v", staged, olds)
	}
}

// TestCommitReportsLeftover checks that a build whose old output cannot
// be removed says that the new output is in place and where the old one
// is, as a *LeftoverError, and that the next build removes it.
func TestCommitReportsLeftover(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	commitOld(t, out)
	removeAll = func(string) error { return errors.New("device busy") }
	keepSpare = false
	err := stagedNew(t, out).Commit()
	removeAll, keepSpare = os.RemoveAll, true
	var left *LeftoverError
	if !errors.As(err, &left) {
		t.Fatalf("Commit = %v, want a *LeftoverError", err)
	}
	if !holds(out, "new.html") || !holds(left.Old, "old.html") {
		t.Errorf("new output in place: %v; old output at %s: %v", holds(out, "new.html"), left.Old, holds(left.Old, "old.html"))
	}
	if msg := err.Error(); !strings.Contains(msg, "new output is in place in "+out) || !strings.Contains(msg, left.Old) {
		t.Errorf("message %q does not say where the new and the old output are", msg)
	}
	s, err := Begin(context.Background(), out, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if _, err := os.Stat(left.Old); err == nil {
		t.Error("the next build did not remove the old output")
	}
}

// signal is a log writer that closes its channel at the first write.
type signal chan struct{}

func (c signal) Write(p []byte) (int, error) {
	select {
	case <-c:
	default:
		close(c)
	}
	return len(p), nil
}

// TestSecondBuildWaits checks that a second build into the same output
// says it waits, does not start while the first runs, starts when the
// first ends, and gives up when its context is cancelled.
func TestSecondBuildWaits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := stagedNew(t, out)
	waiting := make(signal)
	done := make(chan error, 1)
	go func() {
		s, err := Begin(context.Background(), out, nil, waiting)
		if err == nil {
			s.Abort()
		}
		done <- err
	}()
	<-waiting
	select {
	case err := <-done:
		t.Fatalf("the second build did not wait for the first: %v", err)
	default:
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the second build, once the first was done: %v", err)
	}

	holder := stagedNew(t, out)
	defer holder.Abort()
	ctx, cancel := context.WithCancel(context.Background())
	waiting = make(signal)
	go func() {
		_, err := Begin(ctx, out, nil, waiting)
		done <- err
	}()
	<-waiting
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled wait returned %v, want context.Canceled", err)
	}
}

// tree returns every file below dir with its content, and each folder
// as "name/".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			got[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestStagingIntoThePreviousOutput checks builds that stage into the
// output the build before replaced: each output holds exactly the files
// its build wrote or took over (files and folders gone, a folder turned
// into a file and back, a stray file added to the kept folder), the
// published output is never touched before the swap, and a taken-over
// file is the output's own: Reuse is asked for the published file by its
// stamp, inode included, as the build cache records it.
func TestStagingIntoThePreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	published := func(name string) func(beneath.Stamp) bool {
		info, err := os.Lstat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want := beneath.StampOf(info)
		return func(st beneath.Stamp) bool { return st == want }
	}
	builds := []map[string]string{
		{"a.html": "a1", "b/c.html": "c1", "d/e.html": "e1", "d/f/g.html": "g1"},
		{"a.html": "", "b/c.html": "c2", "d": "d2", "h/i.html": "i2"},
		{"a.html": "", "b/c.html": "", "d/e.html": "e3", "h/i.html": ""},
		{"a.html": "a4", "b/c.html": "", "d/e.html": "", "x.html": "x4"},
	}
	want := map[string]string{Marker: markerText}
	for i, files := range builds {
		if i == 3 {
			if err := os.WriteFile(filepath.Join(sparePath(out), "stray.html"), []byte("stray"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Begin(context.Background(), out, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i >= 2 && !s.update {
			t.Fatalf("build %d did not stage into the previous output", i+1)
		}
		var before map[string]string
		if i > 0 {
			before = tree(t, out)
		}
		next := map[string]string{Marker: markerText}
		for name, data := range files {
			if data == "" {
				ok, err := s.Reuse(name, published(name))
				if err != nil || !ok {
					t.Fatalf("build %d: Reuse(%s) = %v, %v", i+1, name, ok, err)
				}
				data = want[name]
			} else if err := s.WriteFile(name, []byte(data)); err != nil {
				t.Fatalf("build %d: %v", i+1, err)
			}
			next[name] = data
			for d := filepath.ToSlash(filepath.Dir(name)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
				next[d+"/"] = ""
			}
		}
		if i > 0 && !maps.Equal(tree(t, out), before) {
			t.Fatalf("build %d changed the published output before its swap", i+1)
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, out); !maps.Equal(got, next) {
			t.Errorf("after build %d the output holds\n%v\nwant\n%v", i+1, got, next)
		}
		if s.update {
			for name, st := range s.Files() {
				if _, ok := next[name]; !ok {
					t.Errorf("build %d: Files lists %s, which the output does not hold", i+1, name)
					continue
				}
				// The stamp known at the write or the take-over is the
				// file's as it is published: the next build compares them.
				if info, err := os.Lstat(filepath.Join(out, name)); err != nil || beneath.StampOf(info) != st {
					t.Errorf("build %d: Files gives %s the stamp %+v, the output %v %v", i+1, name, st, info, err)
				}
			}
			if n := len(s.Files()); n != len(files)+1 {
				t.Errorf("build %d: Files lists %d files, want %d", i+1, n, len(files)+1)
			}
		}
		want = next
	}
}

// TestReuseAfterItsFolderWentAway checks that a file the survey of the
// kept folder found is not taken over from it once this build has put a
// file where its folder was: Reuse then takes it from the published
// output, and the committed output holds it.
func TestReuseAfterItsFolderWentAway(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	published := func() func(beneath.Stamp) bool {
		info, err := os.Lstat(filepath.Join(out, "d/e.html"))
		if err != nil {
			t.Fatal(err)
		}
		want := beneath.StampOf(info)
		return func(st beneath.Stamp) bool { return st == want }
	}
	for i, step := range []func(*Staging) error{
		func(s *Staging) error { return s.WriteFile("d/e.html", []byte("e")) },
		func(s *Staging) error {
			_, err := s.Reuse("d/e.html", published()) // now published and kept share it
			return err
		},
		func(s *Staging) error {
			if !s.update {
				t.Skip("no openat2 here: nothing is staged into the kept folder")
			}
			same := published()
			if err := s.WriteFile("d", []byte("a file where the folder was")); err != nil {
				return err
			}
			ok, err := s.Reuse("d/e.html", same)
			if err == nil && ok {
				if _, err := s.fast.ReadFile("d/e.html"); err != nil {
					t.Errorf("Reuse took d/e.html over, but the staging folder does not hold it: %v", err)
				}
			}
			return err
		},
	} {
		s, err := Begin(context.Background(), out, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := step(s); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		if err := s.Commit(); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
	}
}
