package store

import (
	"bytes"
	"context"
	"path"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/content"
)

// stampReviewed returns ups with the front matter of each page they
// write (content/<lang>/….md) saying reviewed: day. A major change
// published after a reviewer's approval moves the "last updated" date
// readers see (which is reviewed, see content.Page.Updated); a minor one
// and an urgent publish before review do not.
func (p *Proposals) stampReviewed(ctx context.Context, ups []update, day time.Time) ([]update, error) {
	out := make([]update, 0, len(ups))
	for _, u := range ups {
		if u.blob != "" && strings.HasPrefix(u.path, content.Dir+"/") && path.Ext(u.path) == ".md" {
			data, err := p.g.blob(ctx, u.blob)
			if err != nil {
				return nil, err
			}
			if stamped, ok := setReviewed(data, day.Format(content.DateLayout)); ok {
				if u.blob, err = p.g.hashObject(ctx, stamped); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// setReviewed sets the top-level reviewed key of src's front matter to
// day, replacing its line or adding one before the closing ---; every
// other byte stays. False when src has no front matter.
func setReviewed(src []byte, day string) ([]byte, bool) {
	nl := "\n"
	if bytes.HasPrefix(src, []byte("---\r\n")) {
		nl = "\r\n"
	} else if !bytes.HasPrefix(src, []byte("---\n")) {
		return src, false
	}
	lines := strings.SplitAfter(string(src), nl)
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		switch {
		case strings.HasPrefix(l, "reviewed:"):
			lines[i] = "reviewed: " + day + nl
			return []byte(strings.Join(lines, "")), true
		case l == "---":
			lines = append(lines[:i], append([]string{"reviewed: " + day + nl}, lines[i:]...)...)
			return []byte(strings.Join(lines, "")), true
		}
	}
	return src, false
}
