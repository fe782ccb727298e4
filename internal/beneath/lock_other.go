//go:build !unix

package beneath

import "os"

// TryLock reports success without locking: there is no flock(2) here, so
// two builds of one output at once are not kept apart.
func TryLock(*os.File) (bool, error) { return true, nil }

// Lock returns at once: there is no flock(2) here.
func Lock(*os.File) error { return nil }
