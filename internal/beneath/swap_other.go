//go:build !linux

package beneath

import (
	"errors"
	"os"
)

// Exchange is Linux's renameat2(RENAME_EXCHANGE); elsewhere it always
// returns an error wrapping [errors.ErrUnsupported] and callers fall back
// to two renames.
func Exchange(a, b string) error {
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
}

// SyncFS makes dir itself durable with fsync. Without Linux's syncfs(2)
// the files below it are not synced: that would cost one fsync per file.
func SyncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
