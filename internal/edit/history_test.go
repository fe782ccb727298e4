package edit_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// publishAll takes proposal id through review (Jaan approves) to a
// publish by Liis, and makes Maria the person again.
func (te *teamEditor) publishAll(id, note string) {
	te.t.Helper()
	for _, s := range []struct {
		who    havenstore.Person
		action string
	}{{maria, "submit"}, {jaan, "approve"}, {liis, "publish"}} {
		te.as(s.who)
		if code, body := te.act(id, s.action, note, url.Values{"kind": {"major"}}); code != http.StatusSeeOther {
			te.t.Fatalf("%s %s: %d\n%s", s.who.Name, s.action, code, body)
		}
	}
	te.as(maria)
}

func TestHistoryAcrossLanguagesDiffAndRestore(t *testing.T) {
	te := startTeamEditor(t, teamRepo(t))
	first := gitIn(t, te.bare, "rev-parse", "main")
	id := te.saveIn("", helpline, "Uus number", newNumber)
	te.saveIn(id, "content/ru/abi-kohe.md", "Новый номер", newNumber)
	te.publishAll(id, "Uus kriisitelefoni number")
	te.rebuild()
	published := gitIn(t, te.bare, "rev-parse", "main")

	code, page := te.get("/_haven/edit/history?file=" + url.QueryEscape(helpline))
	if code != http.StatusOK {
		t.Fatalf("history: %d\n%s", code, page)
	}
	for _, want := range []string{
		`data-commit="` + published + `" data-path="content/et/abi-kohe.md"`,
		`data-commit="` + published + `" data-path="content/ru/abi-kohe.md"`,
		`data-commit="` + first + `" data-path="content/en/abi-kohe.md"`,
		"Maria Tamm", "Start the site",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	if strings.Contains(page, `data-commit="`+published+`" data-path="content/en/abi-kohe.md"`) {
		t.Error("the English page, which the proposal left alone, lists the publish")
	}
	if i, j := strings.Index(page, `data-commit="`+published), strings.Index(page, `data-commit="`+first); i < 0 || j < i {
		t.Error("the history is not newest first")
	}

	cmp := "/_haven/edit/history?" + url.Values{"file": {helpline}, "commit": {first}, "path": {helpline}}.Encode()
	_, page = te.get(cmp)
	if !strings.Contains(page, "<mark>116 006</mark>") || !strings.Contains(page, "<mark>116 007</mark>") || !strings.Contains(page, `name="commit" value="`+first+`"`) {
		t.Fatalf("the comparison with the first version does not mark the number or offer a restore:\n%s", page)
	}

	form := url.Values{"file": {helpline}, "path": {helpline}, "commit": {first}}
	resp, _ := te.post("/_haven/edit/history", form, nil)
	loc := resp.Header.Get("Location")
	m := regexp.MustCompile(`[?&]id=([a-z0-9-]+)`).FindStringSubmatch(loc)
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("restore answered %d, %q; want 303 to the new proposal", resp.StatusCode, loc)
	}
	if gitIn(t, te.bare, "rev-parse", "main") != published {
		t.Fatal("a restore moved main")
	}
	if got, want := te.show(havenstore.ProposalRefs+m[1]+":"+helpline), te.show(first+":"+helpline); got != want {
		t.Fatal("the restore proposal does not hold the first version")
	}
	if !strings.Contains(gitIn(t, te.bare, "log", "--format=%H", "main"), first) {
		t.Fatal("history was rewritten")
	}

	// Only the page's own language versions, and only commits of main.
	open := te.saveIn("", helpline, "Unpublished", func(b string) string { return b + "\nUus lõik.\n" })
	for _, bad := range []url.Values{
		{"file": {helpline}, "path": {"content/et/kaitse.md"}, "commit": {first}},
		{"file": {helpline}, "path": {helpline}, "commit": {gitIn(t, te.bare, "rev-parse", havenstore.ProposalRefs+open)}},
	} {
		if resp, _ := te.post("/_haven/edit/history", bad, nil); resp.StatusCode < 400 {
			t.Errorf("restore of %v answered %d", bad, resp.StatusCode)
		}
	}
}
