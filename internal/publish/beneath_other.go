//go:build !linux

package publish

// beneath is Linux's openat2 fast path; elsewhere writes go through
// os.Root.
type beneath struct{}

func openBeneath(string) *beneath               { return nil }
func (*beneath) mkdir(string) error             { return nil }
func (*beneath) writeFile(string, []byte) error { return nil }
func (*beneath) close()                         {}
