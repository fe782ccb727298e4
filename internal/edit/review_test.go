package edit_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// saveIn saves file with edit applied to its body in proposal id ("" for
// a new one) as the current person, and returns the proposal.
func (te *teamEditor) saveIn(id, file, note string, edit func(body string) string) string {
	te.t.Helper()
	path := "/_haven/edit/page?file=" + url.QueryEscape(file)
	if id != "" {
		path += "&proposal=" + id
	}
	code, page := te.get(path)
	if code != http.StatusOK {
		te.t.Fatalf("edit screen %s: %d", path, code)
	}
	form := formOf(te.t, page)
	form.Set("body", edit(form.Get("body")))
	form.Set("note", note)
	form.Set("action", "save")
	resp, _ := te.post("/_haven/edit/page", form, nil)
	return proposalOf(te.t, resp)
}

// act does action to proposal id as the current person and returns the
// status and the page.
func (te *teamEditor) act(id, action, note string, more url.Values) (int, string) {
	te.t.Helper()
	form := url.Values{"id": {id}, "action": {action}, "note": {note}}
	for k, v := range more {
		form[k] = v
	}
	resp, body := te.post("/_haven/edit/proposal", form, nil)
	return resp.StatusCode, body
}

func newNumber(body string) string {
	return strings.Replace(body, "[116 006](tel:116006)", "[116 007](tel:116007)", 1)
}

func TestReviewFlowEnforcesTheRolesFile(t *testing.T) {
	te := startTeamEditor(t, teamRepo(t))
	id := te.saveIn("", helpline, "Uus kriisitelefon", newNumber)
	id2 := te.saveIn(id, "content/en/abi-kohe.md", "New helpline", newNumber)
	if id2 != id {
		t.Fatalf("the English page went to proposal %s, not %s", id2, id)
	}

	code, page := te.get("/_haven/edit/proposal?id=" + id)
	if code != http.StatusOK || !strings.Contains(page, "<mark>116 007</mark>") || !strings.Contains(page, "<mark>116 006</mark>") || !strings.Contains(page, `id="facts-title"`) {
		t.Fatalf("the review screen (%d) does not mark the changed number:\n%s", code, page)
	}
	if _, list := te.get("/_haven/edit/proposals"); !strings.Contains(list, `data-proposal="`+id+`"`) {
		t.Fatal("the proposal is not in the list")
	}

	steps := []struct {
		who          havenstore.Person
		action, note string
		code         int
		want         string
	}{
		{liis, "publish", "", http.StatusConflict, "cannot publish"}, // a draft
		{maria, "submit", "", http.StatusSeeOther, ""},
		{maria, "approve", "", http.StatusForbidden, "needs the reviewer role"},
		{liis, "publish", "", http.StatusConflict, "cannot publish"}, // before review
		{jaan, "request-changes", "Kontrolli numbrit", http.StatusSeeOther, ""},
	}
	for _, s := range steps {
		te.as(s.who)
		if code, body := te.act(id, s.action, s.note, url.Values{"kind": {"minor"}}); code != s.code || !strings.Contains(body, s.want) {
			t.Fatalf("%s %s: %d; want %d with %q\n%s", s.who.Name, s.action, code, s.code, s.want, body)
		}
	}
	te.as(jaan) // a reviewer who changes the proposal may not approve it
	te.saveIn(id, "content/ru/abi-kohe.md", "Новый номер", newNumber)
	for _, s := range []struct {
		who    havenstore.Person
		action string
		code   int
		want   string
	}{{maria, "submit", 303, ""}, {jaan, "approve", 403, "nobody reviews their own work"}, {liis, "approve", 303, ""}, {maria, "publish", 403, "needs the publisher role"}} {
		te.as(s.who)
		if code, body := te.act(id, s.action, "", url.Values{"kind": {"minor"}}); code != s.code || !strings.Contains(body, s.want) {
			t.Fatalf("%s %s: %d; want %d with %q\n%s", s.who.Name, s.action, code, s.code, s.want, body)
		}
	}
	te.as(liis)
	if code, body := te.act(id, "publish", "Uus kriisitelefoni number", url.Values{"kind": {"major"}}); code != http.StatusSeeOther {
		t.Fatalf("the publisher's publish: %d\n%s", code, body)
	}
	for _, l := range []string{"et", "en", "ru"} {
		if got := te.show("main:content/" + l + "/abi-kohe.md"); !strings.Contains(got, "tel:116007") {
			t.Errorf("main's %s page lacks the new number", l)
		}
		if got := te.read("content/" + l + "/abi-kohe.md"); !strings.Contains(got, "tel:116007") {
			t.Errorf("the preview's %s page was not updated after the publish", l)
		}
	}
	log := gitIn(t, te.bare, "log", "--format=%an|%s", havenstore.ProposalRefs+id)
	for _, want := range []string{"Maria Tamm|Uus kriisitelefon", "Jaan Kask|Kontrolli numbrit", "Liis Mets|Uus kriisitelefoni number", "Maria Tamm|submit proposal", "Liis Mets|approve proposal", "Jaan Kask|Новый номер"} {
		if !strings.Contains(log, want) {
			t.Errorf("the proposal's log lacks %q:\n%s", want, log)
		}
	}
}

func TestPublishRefusesAProposalWithErrors(t *testing.T) {
	te := startTeamEditor(t, teamRepo(t))
	main := gitIn(t, te.bare, "rev-parse", "main")
	id := te.saveIn("", helpline, "Katkine link", func(b string) string {
		return b + "\n[Vaata siia](/et/pole-olemas/)\n"
	})
	te.act(id, "submit", "", nil)
	te.as(jaan)
	te.act(id, "approve", "", nil)
	te.as(liis)
	code, body := te.act(id, "publish", "", url.Values{"kind": {"minor"}})
	if code != http.StatusConflict || !strings.Contains(body, "haven build would fail") || !strings.Contains(body, "content/et/abi-kohe.md:") {
		t.Fatalf("publishing a broken link: %d; want 409 naming the spot\n%s", code, body)
	}
	if gitIn(t, te.bare, "rev-parse", "main") != main {
		t.Fatal("a refused publish moved main")
	}
}
