package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitFiles waits for new states until the newest finished build's file
// name holds want, and fails at the deadline.
func waitFiles(t *testing.T, s *Server, name, want string) {
	t.Helper()
	timeout := time.After(deadline)
	for {
		st := s.state.Load() // before looking: a newer state closes its superseded
		if files, _ := s.Files(); strings.Contains(string(files[name]), want) {
			return
		}
		select {
		case <-st.superseded:
		case <-timeout:
			files, _ := s.Files()
			t.Fatalf("no build with %q in %s within %v (build %d):\n%.300s", want, name, deadline, s.Build(), files[name])
		}
	}
}

// TestSaveDuringFirstBuild checks that a save made while the first build
// runs, after it read the page, is built right after it: the watches are
// in place before the first build starts.
func TestSaveDuringFirstBuild(t *testing.T) {
	dir := copySite(t)
	s, err := New(Options{Source: dir, Today: today, Quiet: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	const page = "content/et/abi/kriisitelefon.md"
	src, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	saved := make(chan struct{})
	// Between the first build's load and its end: the page is read.
	s.afterEarly = func() {
		once.Do(func() {
			if err := os.WriteFile(filepath.Join(dir, page), []byte(strings.Replace(string(src), "Helista numbril", "Salvestatud ehituse ajal: helista numbril", 1)), 0o644); err != nil {
				t.Error(err)
			}
			close(saved)
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	<-saved
	if files, _ := s.Files(); s.Build() == 1 && strings.Contains(string(files["et/abi/kriisitelefon/index.html"]), "Salvestatud ehituse ajal") {
		t.Fatal("the first build has the save it should have missed; the test does not test anything")
	}
	waitFiles(t, s, "et/abi/kriisitelefon/index.html", "Salvestatud ehituse ajal: helista numbril")
}

// TestTouchRebuilds checks that a change of a page's modification time
// alone (touch, which fsnotify reports as Chmod) rebuilds the page: a
// page without reviewed shows the file's day as its last update.
func TestTouchRebuilds(t *testing.T) {
	p := startPreview(t, copySite(t), false)
	const page = "content/et/abi/noustamine.md"
	if _, body := p.get("/et/abi/noustamine/"); strings.Contains(body, `datetime="2020-01-02"`) {
		t.Fatal("the page already shows the day the test touches it to")
	}
	day := time.Date(2020, 1, 2, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(p.dir, page), day, day); err != nil {
		t.Fatal(err)
	}
	p.waitFor("the touched page's date", p.pageIs("/et/abi/noustamine/", 200, `datetime="2020-01-02"`))
}

// TestMetaChanges checks which metadata-only changes (fsnotify Chmod
// events) need a build: a page whose modification time differs from the
// one the last build read does, a chmod that changes nothing the build
// reads does not.
func TestMetaChanges(t *testing.T) {
	dir := copySite(t)
	s, err := New(Options{Source: dir, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.metaChanged("content/et/abi/noustamine.md"); !got {
		t.Error("before the first build: a chmod must rebuild (the build may have read the old state)")
	}
	if err := s.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	const page = "content/et/abi/noustamine.md"
	full := filepath.Join(dir, page)
	if err := os.Chmod(full, 0o600); err != nil {
		t.Fatal(err)
	}
	if s.metaChanged(page) {
		t.Error("a chmod that leaves the page readable and its time alone asks for a build")
	}
	if s.metaChanged("content/et/abi") {
		t.Error("a chmod of a readable folder asks for a build")
	}
	day := time.Date(2020, 1, 2, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(full, day, day); err != nil {
		t.Fatal(err)
	}
	if !s.metaChanged(page) {
		t.Error("a page whose modification time changed asks for no build")
	}
	if !s.metaChanged("content/et/abi/gone.md") {
		t.Error("a file that is gone asks for no build")
	}
}

// TestWatchesLinkedFolders checks that the preview watches folders the
// build reads through symbolic links inside the site (content -> src,
// themes/default -> ../mine): a save behind either link is built.
func TestWatchesLinkedFolders(t *testing.T) {
	dir := copySite(t)
	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "src")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("src", filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "mine"), os.DirFS("../../themes/default")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "themes"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../mine", filepath.Join(dir, "themes", "default")); err != nil {
		t.Fatal(err)
	}
	p := startPreview(t, dir, false)
	const page = "src/et/abi/kriisitelefon.md"
	src, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		t.Fatal(err)
	}
	p.write(page, strings.Replace(string(src), "Helista numbril", "Lingi taga: helista numbril", 1))
	p.waitFor("the page saved behind content -> src", p.pageIs("/et/abi/kriisitelefon/", 200, "Lingi taga: helista numbril"))
	base := "mine/templates/base.html"
	tmpl, err := os.ReadFile(filepath.Join(dir, base))
	if err != nil {
		t.Fatal(err)
	}
	p.write(base, strings.Replace(string(tmpl), "</body>", "<p>Teema lingi taga</p></body>", 1))
	p.waitFor("the theme saved behind themes/default -> ../mine", p.pageIs("/et/abi/kriisitelefon/", 200, "Teema lingi taga"))
}
