package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The two pages every proposal pair edits. Body lines are kept apart by
// blank lines and the front matter's title and reviewed by owner, so
// that two edits of different lines always have an unchanged line
// between them.
var pairPages = map[string][]string{
	abi: {"---", "title: Abi", "owner: Ohvriabi", "reviewed: 2026-01-05", "---",
		"Helista 116 006.", "", "Me aitame.", "", "Kõik on tasuta.", "", "Kirjuta meile.", "", "Oleme avatud."},
	"content/en/abi.md": {"---", "title: Help", "owner: Victim support", "reviewed: 2026-01-05", "---",
		"Call 116 006.", "", "We help.", "", "It is free.", "", "Write to us.", "", "We are open."},
}

// pairLines are the lines an edit may change: title, reviewed, and the
// body lines.
var pairLines = []int{1, 3, 5, 7, 9, 11, 13}

// pageEdit is what one proposal does to one page: nothing, a removal,
// or some lines replaced and perhaps a paragraph added at the end.
type pageEdit struct {
	remove bool
	lines  map[int]string // line index -> new text
	add    string         // appended after an empty line; "" for none
}

// touched reports whether the edit changes the page at all.
func (e pageEdit) touched() bool { return e.remove || len(e.lines) > 0 || e.add != "" }

// spots are the line indices the edit changes; an addition counts as the
// line after the last.
func (e pageEdit) spots(n int) []int {
	var out []int
	for i := range e.lines {
		out = append(out, i)
	}
	if e.add != "" {
		out = append(out, n)
	}
	return out
}

// apply returns the page's lines with edits applied (none removing it).
func apply(base []string, edits ...pageEdit) []string {
	out := slices.Clone(base)
	added := map[string]bool{}
	for _, e := range edits {
		for i, s := range e.lines {
			out[i] = s
		}
		if e.add != "" && !added[e.add] {
			added[e.add] = true
			out = append(out, "", e.add)
		}
	}
	return out
}

func text(lines []string) string { return strings.Join(lines, "\n") + "\n" }

// randomEdit draws one proposal's edit of a page: side names it in the
// new texts, so that the two sides never write the same by chance.
func randomEdit(rng *rand.Rand, side string) pageEdit {
	e := pageEdit{lines: map[int]string{}}
	switch rng.IntN(10) {
	case 0, 1, 2:
		return pageEdit{}
	case 3:
		return pageEdit{remove: true}
	}
	for range 1 + rng.IntN(2) {
		i := pairLines[rng.IntN(len(pairLines))]
		switch i {
		case 1:
			e.lines[i] = fmt.Sprintf("title: %s %d", side, rng.IntN(1000))
		case 3:
			e.lines[i] = fmt.Sprintf("reviewed: 2026-%02d-%02d", 2+rng.IntN(10), 1+rng.IntN(28))
		default:
			e.lines[i] = fmt.Sprintf("Rida %d, muutnud %s %d.", i, side, rng.IntN(1000))
		}
	}
	if rng.IntN(4) == 0 {
		e.add = fmt.Sprintf("Lisa %s %d.", side, rng.IntN(1000))
	}
	return e
}

// expect says how publishing b after a must end for one page: clean
// (both changes in the result), conflict, or either (changes on
// neighbouring lines, which git may or may not merge).
func expect(a, b pageEdit, n int) (clean, conflict bool) {
	switch {
	case !a.touched() || !b.touched() || a.remove && b.remove:
		return true, false
	case a.remove || b.remove:
		return false, true
	}
	clean = true
	for _, i := range a.spots(n) {
		for _, j := range b.spots(n) {
			same := i == j && (i == n && a.add == b.add || i < n && a.lines[i] == b.lines[j])
			switch {
			case i == j && !same:
				return false, true
			case i-j < 2 && j-i < 2 && !same:
				clean = false
			}
		}
	}
	return clean, false
}

// pairSeeds is how many random pairs TestProposalPairsMergeOrConflict
// tries: $HAVEN_PAIR_SEEDS, else 16 (4 with -short). Each pair costs
// about 1 s of CPU (some 150 git commands).
func pairSeeds(t *testing.T) int {
	if n, err := strconv.Atoi(os.Getenv("HAVEN_PAIR_SEEDS")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 4
	}
	return 16
}

// TestProposalPairsMergeOrConflict is a property test over random pairs
// of proposals touching the same two pages (the same lines, other
// lines, the front matter, one removing a page), both approved and then
// published in a random order. The first always goes out as it is. The
// second either merges cleanly, and then each page is exactly both
// edits applied, or is refused as a [*PublishConflict] naming every page
// where they clash, whose merged text holds both sides' new lines, with
// the site branch and the proposal left as they were. No commit is ever
// lost or rewritten: every commit the site branch or a proposal branch
// pointed at stays an ancestor of it.
func TestProposalPairsMergeOrConflict(t *testing.T) {
	for seed := range pairSeeds(t) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { proposalPair(t, uint64(seed)) })
	}
}

// proposalPair is one case of TestProposalPairsMergeOrConflict.
func proposalPair(t *testing.T, seed uint64) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 15))
	files := map[string]string{RolesFile: rolesYAML}
	for path, lines := range pairPages {
		files[path] = text(lines)
	}
	s := newSite(t, files)
	ps := s.g.Proposals()
	seen := map[string][]string{} // ref -> every commit it pointed at
	note := func(ref string) { seen[ref] = append(seen[ref], git(t, s.bare, "rev-parse", ref)) }
	note("main")

	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range pairPages {
			if !yield(p) {
				return
			}
		}
	})
	edits, ids := proposeTwo(t, s, rng, paths, note)
	first := rng.IntN(2)
	a, b := edits[first], edits[1-first]
	if _, _, err := ps.Publish(ctx, ids[first], liis, Minor, ""); err != nil {
		t.Fatalf("the first publish, with nothing in its way: %v", err)
	}
	note("main")
	note(ProposalRefs + ids[first])
	afterFirst := git(t, s.bare, "rev-parse", "main")
	secondRef := ProposalRefs + ids[1-first]
	secondTip := git(t, s.bare, "rev-parse", secondRef)

	_, _, err := ps.Publish(ctx, ids[1-first], liis, Minor, "")
	var pc *PublishConflict
	switch {
	case errors.As(err, &pc):
		t.Logf("conflict in %d of %d pages", len(pc.Files), len(paths))
		checkConflict(t, s, pc, a, b, paths, afterFirst, secondRef, secondTip)
	case err != nil:
		t.Fatalf("the second publish: %v", err)
	default:
		t.Log("merged")
		note("main")
		note(secondRef)
		for _, path := range paths {
			checkMerged(t, s, path, a[path], b[path])
		}
	}
	for ref, commits := range seen {
		for _, c := range commits {
			if _, err := runGit(ctx, s.bare, nil, nil, "merge-base", "--is-ancestor", c, ref); err != nil {
				t.Errorf("%s once pointed at %s, which is no longer in its history: a commit was lost or rewritten", ref, short(c))
			}
		}
	}
}

// proposeTwo starts, submits and approves a proposal by Maria and one by
// Jaan, each with random edits of paths (at least one), noting each
// commit of their branches, and returns the edits and the ids.
func proposeTwo(t *testing.T, s *site, rng *rand.Rand, paths []string, note func(ref string)) ([2]map[string]pageEdit, [2]string) {
	t.Helper()
	ctx := context.Background()
	ps := s.g.Proposals()
	edits := [2]map[string]pageEdit{{}, {}}
	var ids [2]string
	for k, who := range []Person{maria, jaan} {
		var list []Edit
		for len(list) == 0 {
			for _, path := range paths {
				e := randomEdit(rng, who.Name[:4])
				if k == 1 && rng.IntN(6) == 0 {
					e = edits[0][path] // the same change on both sides
				}
				edits[k][path] = e
				if !e.touched() {
					continue
				}
				_, v := read(t, s.g, path)
				list = append(list, Edit{Path: path, Delete: e.remove, Data: []byte(text(apply(pairPages[path], e))), Base: v})
			}
		}
		pr := must(t)(ps.Start(ctx, who, "Pair "+who.Name, "", list...))
		ids[k] = pr.ID
		ref := ProposalRefs + pr.ID
		note(ref)
		must(t)(ps.Submit(ctx, pr.ID, who, ""))
		note(ref)
		must(t)(ps.Approve(ctx, pr.ID, liis, ""))
		note(ref)
	}
	return edits, ids
}

// checkMerged checks a page after a clean second publish: exactly both
// edits applied (or absent, when one removed it and the other left it).
func checkMerged(t *testing.T, s *site, path string, a, b pageEdit) {
	t.Helper()
	n := len(pairPages[path])
	if clean, conflict := expect(a, b, n); conflict {
		t.Errorf("%s: %+v then %+v merged; want a conflict", path, a, b)
		return
	} else if !clean {
		t.Logf("%s: neighbouring lines merged cleanly", path)
	}
	got, v := read(t, s.g, path)
	if a.remove || b.remove {
		if v != Absent {
			t.Errorf("%s: removed by a proposal, but the site has it:\n%s", path, got)
		}
		return
	}
	if want := text(apply(pairPages[path], a, b)); got != want {
		t.Errorf("%s: %+v then %+v merged into\n%s\nwant\n%s", path, a, b, got, want)
	}
}

// checkConflict checks a refused second publish: expected, naming every
// clashing page with both sides' lines, and nothing moved.
func checkConflict(t *testing.T, s *site, pc *PublishConflict, a, b map[string]pageEdit, paths []string, main, ref, tip string) {
	t.Helper()
	for _, path := range paths {
		n := len(pairPages[path])
		clean, conflict := expect(a[path], b[path], n)
		i := slices.IndexFunc(pc.Files, func(f FileConflict) bool { return f.Path == path })
		switch {
		case i < 0 && conflict:
			t.Errorf("%s: %+v then %+v clash, but the conflict does not name it", path, a[path], b[path])
		case i >= 0 && clean:
			t.Errorf("%s: %+v then %+v should merge cleanly, but conflict: %s", path, a[path], b[path], pc.Files[i].Why)
		case i >= 0 && pc.Files[i].Merged != nil:
			for _, e := range []pageEdit{a[path], b[path]} {
				for _, line := range append(slices.Collect(maps.Values(e.lines)), e.add) {
					if !strings.Contains(string(pc.Files[i].Merged), line) {
						t.Errorf("%s: the conflict's merged text lost %q", path, line)
					}
				}
			}
		}
	}
	if now := git(t, s.bare, "rev-parse", "main"); now != main {
		t.Error("a refused publish moved the site branch")
	}
	if now := git(t, s.bare, "rev-parse", ref); now != tip {
		t.Error("a refused publish moved the proposal")
	}
}
