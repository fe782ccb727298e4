package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	maria = Person{Name: "Maria Tamm", Email: "maria@example.ee"}
	jaan  = Person{Name: "Jaan Kask", Email: "jaan@example.ee"}
	liis  = Person{Name: "Liis Mets", Email: "liis@example.ee"}
	it    = Person{Name: "IT Person", Email: "it@example.ee"}
)

// git runs git in dir as it would be run by a person, failing the test
// when it fails.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	env := []string{"GIT_AUTHOR_NAME=" + it.Name, "GIT_AUTHOR_EMAIL=" + it.Email,
		"GIT_COMMITTER_NAME=" + it.Name, "GIT_COMMITTER_EMAIL=" + it.Email, "HOME=" + dir}
	out, err := runGit(context.Background(), dir, nil, env, args...)
	if err != nil {
		t.Fatalf("git %s in %s: %v", strings.Join(args, " "), dir, err)
	}
	return strings.TrimSpace(string(out))
}

// writeFile writes a file below dir, making its folders.
func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// site is a bare repository, the one the editor works on, and a clone of
// it, the IT person's.
type site struct {
	bare, clone string
	g           *Git
	now         time.Time // the store's clock; each reading adds a second
}

// newSite makes a bare repository whose main branch holds files (one
// commit by the IT person), a clone of it, and the store on the bare one.
func newSite(t *testing.T, files map[string]string) *site {
	t.Helper()
	root := t.TempDir()
	s := &site{bare: filepath.Join(root, "site.git"), clone: filepath.Join(root, "it")}
	git(t, root, "init", "-q", "--bare", "-b", "main", s.bare)
	git(t, root, "init", "-q", "-b", "main", s.clone)
	for name, text := range files {
		writeFile(t, s.clone, name, text)
	}
	if len(files) > 0 {
		git(t, s.clone, "add", "-A")
		git(t, s.clone, "commit", "-q", "-m", "Start the site")
		git(t, s.clone, "remote", "add", "origin", s.bare)
		git(t, s.clone, "push", "-q", "origin", "main")
		git(t, s.clone, "branch", "-q", "--set-upstream-to=origin/main")
	}
	g, err := OpenGit(context.Background(), s.bare, GitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	g.Now = func() time.Time { s.now = s.now.Add(time.Second); return s.now }
	s.g = g
	return s
}

// itCommits makes the IT person change files in the clone, commit and
// push to the bare repository.
func (s *site) itCommits(t *testing.T, msg string, files map[string]string) {
	t.Helper()
	git(t, s.clone, "pull", "-q", "--ff-only")
	for name, text := range files {
		writeFile(t, s.clone, name, text)
	}
	git(t, s.clone, "add", "-A")
	git(t, s.clone, "commit", "-q", "-m", msg)
	git(t, s.clone, "push", "-q", "origin", "main")
}

// read reads a file of the store, failing the test on an error.
func read(t *testing.T, st Store, name string) (string, Version) {
	t.Helper()
	data, v, err := st.Read(context.Background(), name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(data), v
}

// change is a minor change by p with note.
func change(p Person, note string) Change { return Change{Author: p, Note: note} }
