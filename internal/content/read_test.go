package content

import (
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

// growingFS is a site whose page content/et/suur.md says it is 100 bytes
// long, as at the walk, but reads as 64 MiB: a file that grew.
type growingFS struct {
	fstest.MapFS
	read *int64 // bytes read of the page
}

func (g growingFS) Open(name string) (fs.File, error) {
	if name != "content/et/suur.md" {
		return g.MapFS.Open(name)
	}
	return &growingFile{read: g.read}, nil
}

// ReadFile reads through Open, so that no reader takes MapFS's bytes.
func (g growingFS) ReadFile(name string) ([]byte, error) {
	f, err := g.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

type growingFile struct{ read *int64 }

func (f *growingFile) Stat() (fs.FileInfo, error) { return growingInfo{}, nil }
func (f *growingFile) Close() error               { return nil }
func (f *growingFile) Read(p []byte) (int, error) {
	if *f.read >= 64<<20 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = 'x'
	}
	*f.read += int64(len(p))
	return len(p), nil
}

type growingInfo struct{}

func (growingInfo) Name() string       { return "suur.md" }
func (growingInfo) Size() int64        { return 100 }
func (growingInfo) Mode() fs.FileMode  { return 0o644 }
func (growingInfo) ModTime() time.Time { return time.Time{} }
func (growingInfo) IsDir() bool        { return false }
func (growingInfo) Sys() any           { return nil }

// TestLoadReadsAtMostTheLimit checks that a page over MaxPageSize is
// reported with its size and read no further than the limit: a 1 GB file
// must not cost 1 GB of memory.
func TestLoadReadsAtMostTheLimit(t *testing.T) {
	var read int64
	fsys := growingFS{MapFS: fstest.MapFS{
		"content/et/_index.md": {Data: []byte("---\ntitle: Avaleht\n---\n")},
		"content/et/suur.md":   {Data: make([]byte, 100)},
		"content/et/pikk.md":   {Data: []byte(strings.Repeat("x", MaxPageSize+1<<20))},
	}, read: &read}
	var diags diag.List
	Load(fsys, Options{Languages: []string{"et"}}, &diags)
	if read > MaxPageSize+64<<10 { // the limit and one read buffer
		t.Errorf("read %d MiB of a page over the %d MiB limit", read>>20, MaxPageSize>>20)
	}
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.String())
	}
	for _, want := range []string{
		"content/et/pikk.md: error: file is 9.0 MiB (9437184 bytes); the limit is 8 MiB",
		"content/et/suur.md: error: file is 8.0 MiB (8388609 bytes); the limit is 8 MiB",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("no diagnostic %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
}
