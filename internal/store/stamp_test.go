package store

import (
	"context"
	"strings"
	"testing"
)

func TestSetReviewed(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"replaced", "---\ntitle: A\nreviewed: 2025-01-01\nowner: X\n---\nBody\nreviewed: not this\n", "---\ntitle: A\nreviewed: 2026-11-25\nowner: X\n---\nBody\nreviewed: not this\n"},
		{"added", "---\ntitle: A\n---\nBody\n", "---\ntitle: A\nreviewed: 2026-11-25\n---\nBody\n"},
		{"crlf", "---\r\ntitle: A\r\n---\r\nBody\r\n", "---\r\ntitle: A\r\nreviewed: 2026-11-25\r\n---\r\nBody\r\n"},
		{"nested key left alone", "---\nx:\n  reviewed: 1\n---\n", "---\nx:\n  reviewed: 1\nreviewed: 2026-11-25\n---\n"},
		{"no front matter", "Body\n", "Body\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := setReviewed([]byte(c.in), "2026-11-25"); string(got) != c.want {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}

// TestMajorPublishMovesTheReviewedDate: a major publish sets reviewed to
// the day in every page it changes; a minor one publishes the approved
// text as it is.
func TestMajorPublishMovesTheReviewedDate(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []Kind{Major, Minor} {
		t.Run(string(kind), func(t *testing.T) {
			s, ps := newWorkflow(t)
			pr := propose(t, ps, maria, map[string]string{
				abi:                 strings.Replace(abiText, "Me aitame.", "Me aitame alati.", 1),
				"content/en/abi.md": "---\ntitle: Help\nreviewed: 2025-05-05\n---\nCall 116 006 any time.\n",
			})
			must(t)(ps.Submit(ctx, pr.ID, maria, ""))
			pr = must(t)(ps.Approve(ctx, pr.ID, jaan, ""))
			_, commit, err := ps.Publish(ctx, pr.ID, liis, kind, "Aitame alati")
			if err != nil {
				t.Fatal(err)
			}
			day := s.now.Format("2006-01-02")
			for _, path := range []string{abi, "content/en/abi.md"} {
				got, approved := git(t, s.bare, "show", commit+":"+path), git(t, s.bare, "show", pr.Tip+":"+path)
				switch {
				case kind == Major && (!strings.Contains(got, "\nreviewed: "+day+"\n---\n") || strings.Count(got, "reviewed:") != 1):
					t.Errorf("%s after a major publish does not say reviewed: %s once:\n%s", path, day, got)
				case kind == Minor && got != approved:
					t.Errorf("%s after a minor publish is not the approved text:\n%s", path, got)
				}
			}
		})
	}
}
