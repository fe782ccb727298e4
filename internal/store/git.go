package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// repo runs git on one repository, with an environment that no GIT_*
// variable of the caller (a hook's GIT_DIR, an IDE's GIT_INDEX_FILE) can
// redirect.
type repo struct {
	gitDir string
	zero   string // the null object id of the repository's hash
}

// cleanEnv is os.Environ without the variables that redirect git, with
// messages in English and no prompt for a password.
func cleanEnv(extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GIT_") || k == "LC_ALL" || k == "LANGUAGE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "LC_ALL=C", "GIT_TERMINAL_PROMPT=0", "GIT_LITERAL_PATHSPECS=1", "GIT_CONFIG_NOSYSTEM=1")
	return append(env, extra...)
}

// gitError is a git command that failed, with what it said.
type gitError struct {
	args   []string
	code   int
	stderr string
}

func (e *gitError) Error() string {
	msg := strings.TrimSpace(e.stderr)
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.code)
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), msg)
}

// exitCode returns the exit status of a failed git command, or -1.
func exitCode(err error) int {
	var ge *gitError
	if errors.As(err, &ge) {
		return ge.code
	}
	return -1
}

// run runs git with args in the repository, stdin as its input and env
// added to its environment, and returns what it wrote.
func (r *repo) run(ctx context.Context, stdin []byte, env []string, args ...string) ([]byte, error) {
	all := append([]string{"--git-dir=" + r.gitDir}, args...)
	return runGit(ctx, "", stdin, env, all...)
}

// runGit runs git in dir ("" for the current folder).
func runGit(ctx context.Context, dir string, stdin []byte, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv(env)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return out.Bytes(), &gitError{args: args, code: ee.ExitCode(), stderr: errb.String()}
		}
		return nil, fmt.Errorf("run git: %w; install git 2.39 or newer and put it on the PATH", err)
	}
	return out.Bytes(), nil
}

// line runs git and returns its output's first line.
func (r *repo) line(ctx context.Context, args ...string) (string, error) {
	out, err := r.run(ctx, nil, nil, args...)
	s, _, _ := strings.Cut(string(out), "\n")
	return s, err
}

// resolve returns the commit ref points at, or "" when it does not exist.
func (r *repo) resolve(ctx context.Context, ref string) (string, error) {
	out, err := r.run(ctx, nil, nil, "rev-parse", "--verify", "-q", ref+"^{commit}")
	if exitCode(err) == 1 {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// entry is a file in a tree: its mode and blob id.
type entry struct {
	mode, blob string
}

// entryAt returns the file at path in commit; ok is false when there is
// none (no commit, no such path). A path that is a folder is an error.
func (r *repo) entryAt(ctx context.Context, commit, path string) (entry, bool, error) {
	if commit == "" {
		return entry{}, false, nil
	}
	out, err := r.run(ctx, nil, nil, "ls-tree", "-z", commit, "--", path)
	if err != nil {
		return entry{}, false, err
	}
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, name, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || name != path || len(f) != 3 {
			continue
		}
		if f[1] != "blob" {
			return entry{}, false, fmt.Errorf("%s is a %s in the repository, not a file; give the path of a file", path, f[1])
		}
		return entry{mode: f[0], blob: f[2]}, true, nil
	}
	return entry{}, false, nil
}

// blob returns the bytes of a blob, at most [MaxFile] of them.
func (r *repo) blob(ctx context.Context, id string) ([]byte, error) {
	data, v, err := r.object(ctx, id)
	if err == nil && v == Absent {
		err = fmt.Errorf("blob %s is missing from the repository; run git fsck there", short(id))
	}
	return data, err
}

// fileAt returns the bytes and version of path in commit.
func (r *repo) fileAt(ctx context.Context, commit, path string) ([]byte, Version, error) {
	if commit == "" {
		return nil, Absent, nil
	}
	return r.object(ctx, commit+":"+path)
}

// object reads one blob named by name (an id or commit:path) in a single
// git call; a name that names nothing is [Absent].
func (r *repo) object(ctx context.Context, name string) ([]byte, Version, error) {
	out, err := r.run(ctx, []byte(name+"\n"), nil, "cat-file", "--batch")
	if err != nil {
		return nil, "", err
	}
	header, rest, _ := strings.Cut(string(out), "\n")
	f := strings.Fields(header)
	switch {
	case len(f) == 2 && f[1] == "missing":
		return nil, Absent, nil
	case len(f) != 3:
		return nil, "", fmt.Errorf("git cat-file answered %q for %s", header, name)
	case f[1] != "blob":
		return nil, "", fmt.Errorf("%s is a %s in the repository, not a file; give the path of a file", name, f[1])
	}
	var n int
	if _, err := fmt.Sscan(f[2], &n); err != nil || n > MaxFile || n > len(rest) {
		return nil, "", fmt.Errorf("%s is %s bytes, over the %d MiB a page may have; edit it in a text editor and split it", name, f[2], MaxFile>>20)
	}
	return []byte(rest[:n]), Version(f[0]), nil
}

// hashObject stores data as a blob and returns its id.
func (r *repo) hashObject(ctx context.Context, data []byte) (string, error) {
	out, err := r.run(ctx, data, nil, "hash-object", "-w", "--stdin")
	return strings.TrimSpace(string(out)), err
}

// update is one file change in a tree: blob "" removes the file.
type update struct {
	path, mode, blob string
}

// tree returns the id of commit's tree with the updates applied, built in
// a temporary index file of its own: no checkout's index is read or
// written.
func (r *repo) tree(ctx context.Context, commit string, updates []update) (string, error) {
	dir, err := os.MkdirTemp("", "haven-index-")
	if err != nil {
		return "", fmt.Errorf("make a temporary index: %w", err)
	}
	defer os.RemoveAll(dir)
	env := []string{"GIT_INDEX_FILE=" + dir + "/index"}
	readArgs := []string{"read-tree", "--empty"}
	if commit != "" {
		readArgs = []string{"read-tree", commit}
	}
	if _, err := r.run(ctx, nil, env, readArgs...); err != nil {
		return "", err
	}
	var info bytes.Buffer
	for _, u := range updates {
		if u.blob == "" {
			fmt.Fprintf(&info, "0 %s\t%s\x00", r.zero, u.path)
		} else {
			fmt.Fprintf(&info, "%s %s\t%s\x00", u.mode, u.blob, u.path)
		}
	}
	if _, err := r.run(ctx, info.Bytes(), env, "update-index", "-z", "--index-info"); err != nil {
		return "", err
	}
	out, err := r.run(ctx, nil, env, "write-tree")
	return strings.TrimSpace(string(out)), err
}

// commitTree makes a commit of tree with parents, written by author and
// committed by committer, and returns its id.
func (r *repo) commitTree(ctx context.Context, tree string, parents []string, author, committer Person, when string, msg string) (string, error) {
	args := []string{"commit-tree", tree}
	for _, p := range parents {
		args = append(args, "-p", p)
	}
	env := []string{
		"GIT_AUTHOR_NAME=" + author.Name, "GIT_AUTHOR_EMAIL=" + author.Email, "GIT_AUTHOR_DATE=" + when,
		"GIT_COMMITTER_NAME=" + committer.Name, "GIT_COMMITTER_EMAIL=" + committer.Email, "GIT_COMMITTER_DATE=" + when,
	}
	out, err := r.run(ctx, []byte(msg), env, args...)
	return strings.TrimSpace(string(out)), err
}

// refMove is one compare-and-swap of a ref: from old ("" for none) to new.
type refMove struct {
	ref, new, old string
}

// swap moves all refs in one git transaction, each only if it still
// points at its old commit. It reports false, without an error, when one
// had moved (someone else was faster): nothing changed then.
func (r *repo) swap(ctx context.Context, reason string, moves []refMove) (bool, error) {
	var in bytes.Buffer
	for _, m := range moves {
		old := m.old
		if old == "" {
			old = r.zero
		}
		fmt.Fprintf(&in, "update %s\x00%s\x00%s\x00", m.ref, m.new, old)
	}
	_, err := r.run(ctx, in.Bytes(), nil, "update-ref", "-z", "--stdin", "-m", reason)
	if err == nil {
		return true, nil
	}
	for _, m := range moves { // lost the race, or a real failure?
		now, rerr := r.resolve(ctx, m.ref)
		if rerr != nil {
			return false, rerr
		}
		if now != m.old {
			return false, nil
		}
	}
	return false, err
}
