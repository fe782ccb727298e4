package legal

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// phrasingFile is one file of the phrasing corpus (testdata/phrasing/):
// for each item of one requirement and each language, sentences that
// convey the item and sentences that must not match it. The corpus is
// written by someone who has not seen the rulebook's phrases.
type phrasingFile struct {
	Requirement string `yaml:"requirement"`
	Items       map[string]map[string]struct {
		Match   []string `yaml:"match"`
		NoMatch []string `yaml:"nomatch"`
	} `yaml:"items"`
}

// phrasingScore counts, per language, the corpus sentences found and
// those wrongly found.
type phrasingScore struct {
	matched, want, false_, nomatch int
	misses, falses                 []string
}

// minRecall is the share of the corpus' matching sentences the matcher
// must find in each language.
const minRecall = 0.95

// TestPhrasing runs the default rulebook's items over the phrasing corpus
// and fails below 95 % recall or on any false match in a language. Run
// with -v for the figures per language (the README quotes them).
func TestPhrasing(t *testing.T) {
	r := Default()
	files, _ := filepath.Glob("testdata/phrasing/*.yaml")
	if len(files) == 0 {
		t.Fatal("no phrasing corpus in testdata/phrasing/")
	}
	scores := map[string]*phrasingScore{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var pf phrasingFile
		if err := yaml.Unmarshal(src, &pf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		q := r.Requirement(pf.Requirement)
		if q == nil {
			t.Errorf("%s: no requirement %q in the rulebook", f, pf.Requirement)
			continue
		}
		for id, langs := range pf.Items {
			it := findItem(q, id)
			if it == nil {
				t.Errorf("%s: requirement %s has no item %q", f, q.ID, id)
				continue
			}
			for lang, c := range langs {
				sc := scores[lang]
				if sc == nil {
					sc = &phrasingScore{}
					scores[lang] = sc
				}
				for _, s := range c.Match {
					sc.want++
					if conveys(it, lang, s) {
						sc.matched++
					} else {
						sc.misses = append(sc.misses, fmt.Sprintf("%s/%s: %s", q.ID, id, s))
					}
				}
				for _, s := range c.NoMatch {
					sc.nomatch++
					if conveys(it, lang, s) {
						sc.false_++
						sc.falses = append(sc.falses, fmt.Sprintf("%s/%s: %s", q.ID, id, s))
					}
				}
			}
		}
	}
	langs := make([]string, 0, len(scores))
	for l := range scores {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, lang := range langs {
		sc := scores[lang]
		recall := float64(sc.matched) / float64(max(sc.want, 1))
		t.Logf("%s: recall %d/%d = %.1f %%, false matches %d of %d", lang, sc.matched, sc.want, 100*recall, sc.false_, sc.nomatch)
		if recall < minRecall {
			t.Errorf("%s: recall %.1f %% is below %.0f %%; missed:\n  %s", lang, 100*recall, 100*minRecall, strings.Join(sc.misses, "\n  "))
		}
		if sc.false_ > 0 {
			t.Errorf("%s: %d false matches:\n  %s", lang, sc.false_, strings.Join(sc.falses, "\n  "))
		}
	}
}

func findItem(q *Requirement, id string) *Item {
	for _, it := range q.Evidence.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// conveys reports whether text (a sentence, or a heading for an
// in: heading item) conveys the item in lang, as a covering page's
// sentence would be judged.
func conveys(it *Item, lang, text string) bool {
	return FindSentence(Sentences(lang, text), it.Phrases(lang)) != nil
}
