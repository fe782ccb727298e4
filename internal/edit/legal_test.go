package edit_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// requirementBlock returns the legal panel's block of requirement id.
func requirementBlock(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<div class="requirement status-[a-z]+">\s*<h4>[^<]*<code>` + regexp.QuoteMeta(id) + `</code></h4>.*?</div>`).FindString(page)
	if m == "" {
		t.Fatalf("the legal panel has no block for %s", id)
	}
	return m
}

// The legal panel shows, for a requirement the page claims, the
// evidence the draft has and lacks, the review period and the legal
// basis; what it finds follows the draft.
func TestLegalPanelClaimed(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	file := "content/en/abi-kohe.md"
	form := e.editPage(file)
	_, page := e.get("/_haven/edit/page?file=" + url.QueryEscape(file))
	block := requirementBlock(t, page, "helpline-116006")
	for _, frag := range []string{"Covered", "review at least every 6 months", "Found on this page", `number-116006: <q lang="en">`, "Directive 2012/29/EU art 4(1)(a)"} {
		if !strings.Contains(block, frag) {
			t.Errorf("the claimed requirement's block lacks %q:\n%s", frag, block)
		}
	}
	if strings.Contains(block, "Missing: write this") {
		t.Errorf("the sample page misses evidence:\n%s", block)
	}
	// "at no cost" still says free; "is charged" does not.
	form.Set("body", strings.NewReplacer("free", "charged at the local rate", "112", "911").Replace(form.Get("body")))
	form.Set("action", "preview")
	resp, page := e.post("/_haven/edit/page", form, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	block = requirementBlock(t, page, "helpline-116006")
	if strings.Contains(block, "free: <q") || strings.Contains(block, "number-112: <q") || !strings.Contains(block, "number-116006: <q") || !strings.Contains(block, "This page does not say") || !strings.Contains(block, "Say that the help is free of charge.") {
		t.Errorf("the evidence is not the draft's:\n%s", block)
	}
	// The only page that covers a requirement loses its text: the cell
	// is no longer covered and says what is missing.
	file = "content/en/tolk.md"
	form = e.editPage(file)
	form.Set("body", "Nothing here yet.\r\n")
	form.Set("action", "preview")
	_, page = e.post("/_haven/edit/page", form, nil)
	block = requirementBlock(t, page, "interpretation-and-cross-border")
	if !strings.Contains(block, "Missing: write this") || strings.Contains(block, ">Covered<") {
		t.Errorf("an emptied covering page is not judged:\n%s", block)
	}
}

// A requirement no page covers in the page's language is offered with
// what this page would need, judged on the draft as if it claimed it.
func TestLegalPanelCandidates(t *testing.T) {
	dir := copySampleSite(t)
	if err := os.Remove(filepath.Join(dir, "content/ru/tolk.md")); err != nil {
		t.Fatal(err)
	}
	e := startEditor(t, dir)
	_, page := e.get("/_haven/edit/page?ui=ru&file=" + url.QueryEscape("content/ru/ohvriabi.md"))
	if !strings.Contains(page, "Требования, которые пока не покрывает ни одна страница на этом языке") {
		t.Fatal("no candidates section")
	}
	block := requirementBlock(t, page, "interpretation-and-cross-border")
	if !strings.Contains(block, "Не хватает: напишите это") {
		t.Errorf("the candidate does not say what the page would need:\n%s", block)
	}
	_, other := e.get("/_haven/edit/page?ui=ru&file=" + url.QueryEscape("content/et/ohvriabi.md"))
	if strings.Contains(other, "<code>interpretation-and-cross-border</code></h4>") {
		t.Error("a requirement covered in Estonian is offered on an Estonian page")
	}
}
