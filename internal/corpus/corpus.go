// Package corpus writes a deterministic, generated victim-support site in
// Estonian, English and Russian, of any size, for benchmarks (.ci/bench,
// HAVEN_BENCH_CORPUS) and tests.
//
// Its shape: content/<lang>/<section>/leht-NNNNN.md pages spread over eight
// sections, each page in all three languages at the same path; YAML front
// matter with title, description, slug, publish, reviewed, weight and
// covers (zero to two requirement ids of the default rulebook); bodies of
// 2-5 kB with ## headings, paragraphs with **emphasis** and links to three
// other pages, and lists, tables and block quotes. Every section and
// language has an _index.md, every language an accessibility statement and
// a privacy notice, content/_data/contacts.yaml holds two help numbers,
// and haven.yaml names the languages and a base URL.
//
// A generated site builds without errors or warnings with the default
// rulebook: translations share their lists and tables, every page has
// publish and reviewed, and the vocabulary avoids the phrases the rulebook
// refuses. Its coverage is mostly weak: the text is random words.
// Generate can also write hugo/, a Hugo site over the same content, so that
// both generators can be timed on the same input.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Languages are the corpus's languages, the default first.
var Languages = []string{"et", "en", "ru"}

// Sections are the folders the pages are spread over, in turn.
var Sections = []string{"abi", "vagivald", "huvitised", "menetlus", "kontaktid", "uudised", "juhendid", "teenused"}

// Covers are the page-scope requirement ids of the default rulebook that
// pages claim at random.
var Covers = []string{"helpline-116006", "victim-support-service", "crime-victim-compensation",
	"trauma-recovery-mental-health-support", "sexual-violence-crisis-help", "human-trafficking-support",
	"child-victims", "restorative-justice", "reporting-crime-and-case-information", "protection-measures",
	"legal-advice-aid-and-complaints", "interpretation-and-cross-border"}

// words are each language's vocabulary. They leave out "psychological"
// (and its Russian form) so that no random sentence names the repealed
// act's psychological-aid compensation, and "детский" (детский дом).
var words = map[string][]string{
	"et": strings.Fields("abi ohver tugi nõustamine hüvitis politsei kohus lähisuhe vägivald turvalisus " +
		"kriisitelefon ohvriabitöötaja teenus taotlus pere laps kodu õigus teave kontakt maakond keskus " +
		"trauma lepitus kahju menetlus avaldus tasuta ööpäevaringselt konfidentsiaalne"),
	"en": strings.Fields("help victim support counselling compensation police court relationship violence " +
		"safety helpline worker service application family child home right information contact county " +
		"centre trauma mediation damage proceedings statement free around-the-clock confidential"),
	"ru": strings.Fields("помощь жертва поддержка консультация компенсация полиция суд отношения насилие " +
		"безопасность телефон работник услуга заявление семья ребёнок дом право информация контакт уезд " +
		"центр травма примирение ущерб производство бесплатно круглосуточно конфиденциально"),
}

// Options says what to generate.
type Options struct {
	// Pages is the number of pages across the three languages; each
	// language gets Pages/3 (at least one), plus its home, section pages,
	// accessibility statement and privacy notice.
	Pages int
	// Seed chooses the random text; the same seed writes the same corpus.
	Seed uint64
	// Hugo also writes hugo/, a Hugo site whose languages read content/.
	Hugo bool
}

// start is the publication day of the first page.
var start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Generate writes the corpus into dir, which may exist; files of an
// earlier corpus at the same paths are overwritten.
func Generate(dir string, opts Options) error {
	g := &generator{dir: dir, r: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))}
	g.plan(max(1, opts.Pages/3))
	if err := g.writePages(); err != nil {
		return err
	}
	if err := g.write("content/_data/contacts.yaml", contacts); err != nil {
		return err
	}
	if err := g.write("haven.yaml", config); err != nil {
		return err
	}
	if opts.Hugo {
		return writeHugo(dir)
	}
	return nil
}

// generator holds the state of one Generate call.
type generator struct {
	dir   string
	r     *rand.Rand
	pages []*plan
}

// write writes one file below g.dir.
func (g *generator) write(name, text string) error {
	p := filepath.Join(g.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}

// writePages writes every page in every language.
func (g *generator) writePages() error {
	for _, lang := range Languages {
		for i, p := range g.pages {
			if err := g.write(fmt.Sprintf("content/%s/%s/%s.md", lang, p.section, p.slug), g.page(lang, i, p)); err != nil {
				return err
			}
		}
		for _, s := range g.special(lang) {
			if err := g.write("content/"+lang+"/"+s.file, s.text); err != nil {
				return err
			}
		}
	}
	return nil
}

// page is the text of one generated page in one language.
func (g *generator) page(lang string, i int, p *plan) string {
	publish := start.AddDate(0, 0, i%700)
	reviewed := publish.AddDate(0, 0, (i*7)%200)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndescription: %q\nslug: %s\npublish: %s\nreviewed: %s\nweight: %d\ncovers: [%s]\n---\n\n",
		g.phrase(lang, 4), g.sentence(lang, 10), p.slug, day(publish), day(reviewed), i, strings.Join(p.covers, ", "))
	links := make([]string, len(p.links))
	for k, t := range p.links {
		links[k] = "/" + lang + "/" + g.pages[t].section + "/" + g.pages[t].slug + "/"
	}
	b.WriteString(g.paragraph(lang, links))
	for _, blk := range p.blocks {
		b.WriteString("\n\n## " + g.phrase(lang, 3) + "\n\n")
		b.WriteString(g.paragraph(lang, links))
		if s := g.block(lang, blk); s != "" {
			b.WriteString("\n\n" + s)
		}
		b.WriteString("\n\n" + g.paragraph(lang, links))
	}
	b.WriteString("\n")
	return b.String()
}

// day formats a date as front matter wants it.
func day(t time.Time) string { return t.Format("2006-01-02") }
