package edit_test

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// writer is one editor's browser in TestTwoEditorsNeverLoseText: the
// form it has open and the lines it typed that no save has accepted.
type writer struct {
	name    string
	form    url.Values
	pending []string
	// saves and conflicts count the writer's accepted and refused saves.
	saves, conflicts int
}

var theirsRe = regexp.MustCompile(`(?s)<textarea id="theirs"[^>]*>\n?(.*?)</textarea>`)
var yoursRe = regexp.MustCompile(`(?s)<textarea id="yours"[^>]*>\n?(.*?)</textarea>`)

// TestTwoEditorsNeverLoseText is a property test over real HTTP: two
// editors open the same page, type, preview and save in a random order
// (seeded; HAVEN_SEED repeats one). Every save either lands, and then the
// file holds every line any save accepted, or is refused with the merge
// view showing all of the editor's unsaved lines, which the editor then
// combines with the file's version. At the end every accepted line is in
// the file exactly once.
func TestTwoEditorsNeverLoseText(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	if s := os.Getenv("HAVEN_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = []uint64{n}
	}
	conflicts, saves := 0, 0
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			c, s := interleave(t, seed, 24)
			conflicts, saves = conflicts+c, saves+s
		})
	}
	if len(seeds) > 1 && (conflicts == 0 || saves == 0) {
		t.Errorf("%d refused and %d accepted saves: the interleavings test nothing", conflicts, saves)
	}
	t.Logf("%d accepted saves, %d refused with the merge view", saves, conflicts)
}

// interleave runs one seeded interleaving and returns the number of
// refused and accepted saves.
func interleave(t *testing.T, seed uint64, steps int) (conflicts, saves int) {
	rng := rand.New(rand.NewPCG(seed, 0))
	e := startEditor(t, copySampleSite(t))
	file := "content/et/lepitus.md"
	ws := []*writer{{name: "A"}, {name: "B"}}
	defer func() {
		for _, w := range ws {
			conflicts, saves = conflicts+w.conflicts, saves+w.saves
		}
	}()
	var accepted []string
	n := 0
	for step := range steps {
		w := ws[rng.IntN(len(ws))]
		switch {
		case w.form == nil:
			w.form = e.editPage(file)
		case rng.IntN(3) == 0:
			n++
			line := fmt.Sprintf("Rida %d, kirjutas %s.", n, w.name)
			w.type_(line)
		case rng.IntN(4) == 0:
			w.preview(t, e, step)
		default:
			accepted = w.save(t, e, file, accepted, step)
		}
	}
	for _, w := range ws { // everyone saves what is left
		for tries := 0; w.form != nil && len(w.pending) > 0; tries++ {
			if tries > 3 {
				t.Fatalf("%s cannot save: %q", w.name, w.pending)
			}
			accepted = w.save(t, e, file, accepted, steps)
		}
	}
	final := e.read(file)
	for _, line := range accepted {
		if c := strings.Count(final, line); c != 1 {
			t.Errorf("seed %d: accepted line %q is in the file %d times", seed, line, c)
		}
	}
	return conflicts, saves
}

// type_ adds a line to the text the writer's form holds.
func (w *writer) type_(line string) {
	key := "body"
	if w.form.Has("source") {
		key = "source"
	}
	w.form.Set(key, strings.TrimRight(w.form.Get(key), "\r\n")+"\r\n\r\n"+line+"\r\n")
	w.pending = append(w.pending, line)
}

// preview submits the form for a preview: the screen's form must still
// hold every unsaved line.
func (w *writer) preview(t *testing.T, e *editor, step int) {
	t.Helper()
	w.form.Set("action", "preview")
	resp, page := e.post("/_haven/edit/page", w.form, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("step %d: %s's preview: %d", step, w.name, resp.StatusCode)
	}
	w.form = formOf(t, page)
	for _, line := range w.pending {
		if !strings.Contains(w.form.Get("body")+w.form.Get("source"), line) {
			t.Fatalf("step %d: %s's preview lost %q", step, w.name, line)
		}
	}
}

// save submits the form: a save that lands accepts the pending lines and
// the file must hold all accepted lines; a refused one must show them.
func (w *writer) save(t *testing.T, e *editor, file string, accepted []string, step int) []string {
	t.Helper()
	w.form.Set("action", "save")
	resp, page := e.post("/_haven/edit/page", w.form, nil)
	switch resp.StatusCode {
	case http.StatusSeeOther:
		accepted = append(accepted, w.pending...)
		w.pending = nil
		w.saves++
		got := e.read(file)
		for _, line := range accepted {
			if !strings.Contains(got, line) {
				t.Fatalf("step %d: %s's save lost the accepted line %q:\n%s", step, w.name, line, got)
			}
		}
		w.form = e.editPage(file)
	case http.StatusConflict:
		w.conflicts++
		yours := yoursRe.FindStringSubmatch(page)
		theirs := theirsRe.FindStringSubmatch(page)
		if yours == nil || theirs == nil {
			t.Fatalf("step %d: %s's refused save shows no merge view", step, w.name)
		}
		w.form = formOf(t, page)
		for _, line := range w.pending {
			if !strings.Contains(html.UnescapeString(yours[1]), line) || !strings.Contains(w.form.Get("source"), line) {
				t.Fatalf("step %d: %s's merge view lacks the unsaved line %q", step, w.name, line)
			}
		}
		// The editor combines: the file's version with their lines.
		merged := strings.TrimRight(html.UnescapeString(theirs[1]), "\n")
		for _, line := range w.pending {
			merged += "\n\n" + line
		}
		w.form.Set("source", strings.ReplaceAll(merged+"\n", "\n", "\r\n"))
	default:
		t.Fatalf("step %d: %s's save: %d\n%s", step, w.name, resp.StatusCode, page)
	}
	return accepted
}
