package model

import (
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/markdown"
)

func TestStatus(t *testing.T) {
	today := day("2026-06-01")
	tests := []struct {
		name   string
		fm     content.FrontMatter
		want   Status
		reason string
	}{
		{"plain", content.FrontMatter{}, Public, ""},
		{"draft", content.FrontMatter{Draft: true}, Draft, "draft"},
		{"draft and scheduled", content.FrontMatter{Draft: true, Publish: day("2026-06-02")}, Draft, "draft"},
		{"future", content.FrontMatter{Publish: day("2026-06-02")}, Scheduled, "scheduled for 2026-06-02"},
		{"publish today", content.FrontMatter{Publish: day("2026-06-01")}, Public, ""},
		{"expired today", content.FrontMatter{Expires: day("2026-06-01")}, Expired, "expired on 2026-06-01"},
		{"expires tomorrow", content.FrontMatter{Expires: day("2026-06-02")}, Public, ""},
		{"scheduled after it expired", content.FrontMatter{Publish: day("2026-06-05"), Expires: day("2026-05-01")}, Scheduled, "scheduled for 2026-06-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &content.Page{FrontMatter: tt.fm}
			p := New(c, today, false)
			if p.Status != tt.want || p.Unpublished() != tt.reason {
				t.Errorf("status %v (%q), want %v (%q)", p.Status, p.Unpublished(), tt.want, tt.reason)
			}
			if p.InBuild != (tt.want == Public) || p.Public() != (tt.want == Public) {
				t.Errorf("InBuild %v, Public %v for status %v", p.InBuild, p.Public(), p.Status)
			}
			if d := New(c, today, true); !d.InBuild || d.Status != tt.want {
				t.Errorf("with drafts: InBuild %v, status %v; want every page in the build, its status kept", d.InBuild, d.Status)
			}
		})
	}
}

func TestSetDocSharesText(t *testing.T) {
	p := &Page{Page: &content.Page{FrontMatter: content.FrontMatter{Title: "Abi"}}}
	doc := &markdown.Result{Text: "Helista 116 006."}
	p.SetDoc(doc)
	if p.Evidence != "Abi\nHelista 116 006." || p.Doc.Text != "Helista 116 006." {
		t.Fatalf("evidence %q, text %q", p.Evidence, p.Doc.Text)
	}
}

func day(s string) time.Time {
	d, err := time.Parse(content.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestOutdatedBy(t *testing.T) {
	page := func(reviewed string) *Page {
		p := &Page{Page: &content.Page{}}
		if reviewed != "" {
			p.Reviewed = day(reviewed)
		}
		return p
	}
	for _, tt := range []struct {
		translation, source string
		want                bool
	}{
		{"2026-01-01", "2026-02-01", true},
		{"2026-02-01", "2026-02-01", false},
		{"2026-03-01", "2026-02-01", false},
		{"", "2026-02-01", false},
		{"2026-01-01", "", false},
	} {
		if got := page(tt.translation).OutdatedBy(page(tt.source)); got != tt.want {
			t.Errorf("reviewed %q, source reviewed %q: outdated %v, want %v", tt.translation, tt.source, got, tt.want)
		}
	}
}
