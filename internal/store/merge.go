package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// MergeText merges two texts changed from base, line by line, with git
// merge-file. clean is false when both changed the same lines; merged
// then holds both versions between conflict markers labelled mine and
// theirs, for a person to resolve.
func MergeText(ctx context.Context, base, mine, theirs []byte) (merged []byte, clean bool, err error) {
	dir, err := os.MkdirTemp("", "haven-merge-")
	if err != nil {
		return nil, false, fmt.Errorf("make a folder for the merge: %w", err)
	}
	defer os.RemoveAll(dir)
	for name, data := range map[string][]byte{"mine": mine, "base": base, "theirs": theirs} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, false, fmt.Errorf("write the %s text for the merge: %w", name, err)
		}
	}
	out, err := runGit(ctx, dir, nil, nil, "merge-file", "-p", "-L", "mine", "-L", "base", "-L", "theirs", "mine", "base", "theirs")
	switch code := exitCode(err); {
	case err == nil:
		return out, true, nil
	case code > 0 && code < 128: // the number of conflicts
		return out, false, nil
	}
	return nil, false, err
}
