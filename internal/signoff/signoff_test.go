package signoff

import (
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/diag"
)

func TestAppendReadsBack(t *testing.T) {
	d := Decision{Requirement: "helpline-116006", Language: "et", Decision: Accept, Reason: `Number "116 006" on every page: ööpäev läbi`,
		By: "Mari Maasikas", Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Revision: "git:80278ae", Pages: PagesHash(map[string][]byte{"content/et/abi.md": []byte("x")})}
	src := Append(nil, d)
	e := d
	e.Decision, e.Language = Overrule, "ru"
	src = Append([]byte(strings.TrimSuffix(string(src), "\n")), e)
	var diags diag.List
	got := Parse(src, &diags)
	if diags.Len() > 0 || len(got) != 2 {
		t.Fatalf("read back %d decisions, diagnostics %v:\n%s", len(got), diags.Items(), src)
	}
	got[0].Line, got[1].Line = 0, 0
	if got[0] != d || got[1] != e {
		t.Errorf("got %+v\nwant %+v and %+v", got, d, e)
	}
	if l := Latest(got); l["helpline-116006/et"].Decision != Accept || l["helpline-116006/ru"].Decision != Overrule {
		t.Errorf("Latest: %+v", l)
	}
}

func TestParseErrors(t *testing.T) {
	src := `decisions:
  - cell: helpline-116006
    decision: maybe
    reason: ""
    by: Mari
    date: 2026-13-01
    revision: git:abc
    pages: sha256:00
    colour: red
`
	var diags diag.List
	if got := Parse([]byte(src), &diags); len(got) != 0 {
		t.Errorf("a wrong decision was kept: %+v", got)
	}
	var msgs []string
	for _, d := range diags.Items() {
		msgs = append(msgs, d.Position()+" "+d.Code)
	}
	want := "signoff.yaml:2:11 signoff.entry\nsignoff.yaml:3:15 signoff.entry\nsignoff.yaml:4:13 signoff.entry\nsignoff.yaml:6:11 signoff.entry\nsignoff.yaml:9:5 signoff.entry"
	if strings.Join(msgs, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(msgs, "\n"), want)
	}
}

func TestPagesHash(t *testing.T) {
	a := PagesHash(map[string][]byte{"a": []byte("1"), "b": []byte("2")})
	if b := PagesHash(map[string][]byte{"b": []byte("2"), "a": []byte("1")}); a != b {
		t.Error("the hash depends on map order")
	}
	if c := PagesHash(map[string][]byte{"a": []byte("12"), "b": nil}); a == c {
		t.Error("moving a byte between files does not change the hash")
	}
}
