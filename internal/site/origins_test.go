package site

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/config"
)

// originCase is a line of testdata/origins.txt.
type originCase struct{ name, file, data, want string }

func readOriginCases(t testing.TB) []originCase {
	t.Helper()
	f, err := os.Open("testdata/origins.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []originCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var fields []string
		for line != "" {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				t.Fatalf("origins.txt:%d: %v", n, err)
			}
			s, _ := strconv.Unquote(q)
			fields = append(fields, s)
			line = strings.TrimSpace(line[len(q):])
		}
		if len(fields) != 4 {
			t.Fatalf("origins.txt:%d: %d fields, want 4", n, len(fields))
		}
		cases = append(cases, originCase{fields[0], fields[1], fields[2], fields[3]})
	}
	return cases
}

func originsSite(base string) *Loaded {
	cfg := config.Default()
	cfg.BaseURL = base
	cfg.AllowedOrigins = []string{"https://chat.example.ee"}
	return &Loaded{Config: cfg}
}

// TestCheckOrigins runs the cases of testdata/origins.txt.
func TestCheckOrigins(t *testing.T) {
	l := originsSite("https://abi.example.ee")
	for _, tt := range readOriginCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			err := l.checkOrigins(tt.file, []byte(tt.data))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want it to name %q", err, tt.want)
			}
		})
	}
}

// TestCheckOriginsPreview checks the preview's http address: there
// "https:host" is another origin and "http:x" a path.
func TestCheckOriginsPreview(t *testing.T) {
	l := originsSite("http://localhost:8080")
	if err := l.checkOrigins("a.html", []byte(`<img src="https:evil.example/a.png" alt="">`)); err == nil || !strings.Contains(err.Error(), "src https:evil.example/a.png") {
		t.Errorf("https:host in the http preview: err = %v", err)
	}
	if err := l.checkOrigins("a.html", []byte(`<img src="http:a.png" alt=""><img src="http://localhost:8080/b.png" alt="">`)); err != nil {
		t.Errorf("own origin: %v", err)
	}
}
