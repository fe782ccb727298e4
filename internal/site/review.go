package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/legal"
	"github.com/haven-cms/haven/internal/signoff"
)

// review returns what haven check's report ties a sign-off to: the
// content revision of the site and the decisions of signoff.yaml.
func (l *Loaded) review(diags *diag.List) *check.Review {
	return &check.Review{
		Revision:  Revision(l.FS, l.Options.Source),
		Decisions: signoff.Load(l.FS, diags),
		Hash:      func(files []string) string { return CellHash(l.FS, files) },
	}
}

// CellHash is signoff.PagesHash of files as they are in fsys; a file that
// cannot be read counts as empty.
func CellHash(fsys fs.FS, files []string) string {
	m := map[string][]byte{}
	for _, f := range files {
		m[f], _ = fs.ReadFile(fsys, f)
	}
	return signoff.PagesHash(m)
}

// Revision names the content of the site at dir (fsys): its git commit
// when dir is a clean git work tree, else a SHA-256 over the files of
// content/, haven.yaml and rules.yaml, with the commit and whether the
// work tree is dirty when it is a repository. signoff.yaml does not
// count: recording a decision does not change what was reviewed.
func Revision(fsys fs.FS, dir string) check.Revision {
	var rv check.Revision
	if out, err := exec.Command("git", "-C", dir, "rev-parse", "--verify", "-q", "HEAD").Output(); err == nil {
		rv.Git = strings.TrimSpace(string(out))
		status, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--", ".", ":(exclude)"+signoff.File).Output()
		rv.Dirty = err != nil || len(strings.TrimSpace(string(status))) > 0
		if !rv.Dirty {
			rv.ID, rv.Kind = "git:"+rv.Git, "git"
			return rv
		}
	}
	rv.ID, rv.Kind = contentHash(fsys), "content"
	return rv
}

// contentHash is SHA-256 over the names and contents of the site's
// content files, in walk (lexical) order.
func contentHash(fsys fs.FS) string {
	h := sha256.New()
	add := func(name string) {
		if b, err := fs.ReadFile(fsys, name); err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
			h.Write(b)
		}
	}
	add(config.FileName)
	add(legal.FileName)
	_ = fs.WalkDir(fsys, content.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			add(p)
		}
		return nil
	})
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
