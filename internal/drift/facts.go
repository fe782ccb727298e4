package drift

import (
	"bytes"
	"math/big"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/haven-cms/haven/internal/markdown"
	"github.com/haven-cms/haven/internal/model"
)

// Fact is one comparable fact of a page (see [model.Fact]).
type Fact = model.Fact

// The kinds of facts, in the order they are compared.
const (
	KindPhone     = "phone"
	KindEmail     = "email"
	KindAmount    = "amount"
	KindPercent   = "percent"
	KindDuration  = "duration"
	KindDate      = "date"
	KindYear      = "year"
	KindURL       = "url"
	KindListItems = "list-items"
	KindTableRows = "table-rows"
)

var kinds = []string{KindPhone, KindEmail, KindAmount, KindPercent, KindDuration, KindDate, KindYear, KindURL, KindListItems, KindTableRows}

// Facts extracts the comparable facts of one page, in order of kind, then
// of appearance.
func Facts(p *model.Page) []Fact {
	var text []Fact
	lines := strings.Split(string(p.Body), "\n")
	fence := ""
	for i, line := range lines {
		if f := fenceOf(line); fence == "" && f != "" {
			fence = f
			continue
		} else if fence != "" {
			if f != "" && strings.HasPrefix(f, fence) && strings.TrimSpace(line) == f {
				fence = ""
			}
			continue
		}
		text = append(text, lineFacts(line, p.BodyLine+i)...)
	}
	if p.Doc != nil {
		text = append(text, linkFacts(p.Doc.Links, p.BodyLine)...)
		text = append(text, refFacts(p.Doc.Facts, lines, p.BodyLine)...)
	}
	text = append(text, blockFacts(lines, p.BodyLine)...)
	var out []Fact
	for _, k := range kinds {
		for _, f := range text {
			if f.Kind == k {
				out = append(out, f)
			}
		}
	}
	return out
}

// refFacts turns {{fact ID}} references into the facts they show, in
// the sentence of the source line they stand in.
func refFacts(refs []markdown.FactRef, lines []string, bodyLine int) []Fact {
	var out []Fact
	for _, r := range refs {
		if !r.Known || r.Line < 1 || r.Line > len(lines) {
			continue
		}
		line := lines[r.Line-1]
		i := strings.Index(line, "{{fact "+r.ID)
		for _, f := range lineFacts(r.Full, bodyLine+r.Line-1) {
			if f.Context != "" && i >= 0 {
				f.Context = strings.Replace(sentenceAround(line, i, i+len("{{fact "+r.ID)), "{{fact "+r.ID, r.Full+" {{", 1)
			}
			out = append(out, f)
		}
	}
	return out
}

// fenceOf returns the fence (``` or ~~~, as long as written) opening or
// closing a fenced code block on line, or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return ""
	}
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(t) && t[n] == c {
			n++
		}
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// linkFacts turns tel:, mailto: and off-site links into facts. A tel: or
// mailto: link whose text already shows the same value is left out: the
// text was counted.
func linkFacts(links []markdown.Link, bodyLine int) []Fact {
	var out []Fact
	for _, l := range links {
		if l.Image {
			continue
		}
		line := bodyLine + max(l.Line, 1) - 1
		dest := strings.TrimSpace(l.Dest)
		lower := strings.ToLower(dest)
		switch {
		case strings.HasPrefix(lower, "tel:"):
			v := normalPhoneLink(dest[len("tel:"):])
			if v == "" || shows(l.Text, KindPhone, v) {
				continue
			}
			out = append(out, Fact{Kind: KindPhone, Value: v, Text: dest, Line: line})
		case strings.HasPrefix(lower, "mailto:"):
			addr, _, _ := strings.Cut(dest[len("mailto:"):], "?")
			if u, err := url.PathUnescape(addr); err == nil {
				addr = u
			}
			v := strings.ToLower(strings.TrimSpace(addr))
			if v == "" || shows(l.Text, KindEmail, v) {
				continue
			}
			out = append(out, Fact{Kind: KindEmail, Value: v, Text: addr, Line: line})
		case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "//"):
			if v := normalURL(dest); v != "" {
				out = append(out, Fact{Kind: KindURL, Value: v, Text: dest, Line: line})
			}
		}
	}
	return out
}

// shows reports whether text contains a fact of kind with value v.
func shows(text, kind, v string) bool {
	for _, f := range lineFacts(text, 0) {
		if f.Kind == kind && f.Value == v {
			return true
		}
	}
	return false
}

// normalPhoneLink returns the digits of a tel: target, +372 dropped, with a
// leading + kept for other countries.
func normalPhoneLink(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	s, _, _ = strings.Cut(s, ";")
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "00") {
		d = "+" + d[2:]
	}
	if strings.HasPrefix(d, "+372") {
		d = d[4:]
	}
	if strings.Trim(d, "+") == "" {
		return ""
	}
	return d
}

// languageSegments are URL path segments that name a language; other
// sites put them where the page's language goes.
var languageSegments = map[string]bool{"et": true, "en": true, "ru": true, "ee": true, "est": true, "eng": true, "rus": true}

// normalURL returns host, path and query of an off-site link: no scheme,
// no "www.", no fragment, no trailing slash, lower-case host, language
// segments as "*".
func normalURL(dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Host == "" {
		return strings.TrimSuffix(strings.ToLower(dest), "/")
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i, s := range segs {
		if languageSegments[strings.ToLower(s)] {
			segs[i] = "*"
		}
	}
	v := host
	if p := strings.Join(segs, "/"); p != "" {
		v += "/" + p
	}
	if u.RawQuery != "" {
		v += "?" + u.RawQuery
	}
	return v
}

// Patterns of the text extractors. sp is a space inside a number or
// between a number and its unit: space, no-break space, narrow no-break
// space.
const (
	sp   = `[ \x{00A0}\x{202F}]`
	num  = `\d{1,3}(?:` + sp + `\d{3})+(?:[.,]\d{1,2})?|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`
	dash = sp + `?[-–—]` + sp + `?`
	mult = `tuhat|tuh\.|miljonit|miljoni|miljon|mln\.?|thousand|million|тыс\.|тысяч[а-я]*|млн\.?|миллион[а-я]*`
	cur  = `€|eurost|eurode|eurole|euroni|eurot|euros|euro|eur|евро`
)

var (
	linkDest   = regexp.MustCompile(`\]\([^)]*\)`)
	autoLink   = regexp.MustCompile(`<(?i:https?:|//|tel:|mailto:)[^>]*>`)
	bareURL    = regexp.MustCompile(`(?i)(?:https?://|//|www\.)[^\s<>()\[\]|]+`)
	emailRe    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	dateDMY    = regexp.MustCompile(`(\d{1,2})(?:\.` + sp + `?|/)(\d{1,2})(?:\.` + sp + `?|/)(\d{4})`)
	dateISO    = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	dateDayMon = regexp.MustCompile(`(\d{1,2})\.?` + sp + `?(\p{L}+)\.?(?:,?` + sp + `(\d{4}))?`)
	dateMonDay = regexp.MustCompile(`(\p{L}+)\.?` + sp + `(\d{1,2})(?:st|nd|rd|th)?(?:,?` + sp + `(\d{4}))?`)
	amountPost = regexp.MustCompile(`(?i)(` + num + `)(?:` + dash + `(` + num + `))?` + sp + `?(?:(` + mult + `)` + sp + `?)?(?:` + cur + `)`)
	amountPre  = regexp.MustCompile(`(?i)(?:€|eur)` + sp + `?(` + num + `)(?:` + dash + `(?:€|eur)?` + sp + `?(` + num + `))?(?:` + sp + `?(` + mult + `))?`)
	percentRe  = regexp.MustCompile(`(?i)(` + num + `)(?:` + dash + `(` + num + `))?` + sp + `?(?:%|protsen\p{L}*|percent|per cent|процент\p{L}*)`)
	phoneRun   = regexp.MustCompile(`(?:\+|00)?\d+(?:[ \x{00A0}\x{202F}-]\d+)*`)
	digitRun   = regexp.MustCompile(`\d+`)
)

// masked is a byte that no pattern matches; found facts are overwritten
// with it so that one piece of text gives one fact.
const masked = '\x1f'

// lineFacts extracts the facts of one line of Markdown source (or of an
// acknowledge entry). Link targets and bare URLs are blanked first: they
// come from the rendered links.
func lineFacts(line string, lineNo int) []Fact {
	if strings.IndexAny(line, "0123456789@") < 0 {
		return nil
	}
	s := []byte(line)
	blank := func(re *regexp.Regexp) {
		for _, m := range re.FindAllIndex(s, -1) {
			mask(s, m[0], m[1])
		}
	}
	if strings.Contains(line, "](") {
		blank(linkDest)
	}
	if strings.Contains(line, "<") {
		blank(autoLink)
	}
	if strings.Contains(line, "//") || strings.Contains(line, "ww.") || strings.Contains(line, "WW.") {
		blank(bareURL)
	}
	if !hasDigit(s) && !strings.Contains(line, "@") {
		return nil
	}

	var out []Fact
	var starts []int
	add := func(kind, value string, start, end int) {
		f := Fact{Kind: kind, Value: value, Text: strings.TrimSpace(line[start:end]), Line: lineNo}
		if kind == KindAmount || kind == KindPercent || kind == KindDuration {
			f.Context = sentenceAround(line, start, end)
		}
		out = append(out, f)
		starts = append(starts, start)
	}
	defer func() { sortByStart(out, starts) }()
	for _, m := range emailRe.FindAllIndex(s, -1) {
		if bytes.IndexByte(s, '@') < 0 {
			break
		}
		add(KindEmail, strings.ToLower(string(s[m[0]:m[1]])), m[0], m[1])
		mask(s, m[0], m[1])
	}
	if !hasDigit(s) {
		return out
	}
	dates(s, add)
	if mentions(s, amountWords) {
		amounts(s, add)
	}
	if mentions(s, percentWords) {
		percents(s, add)
	}
	durations(s, add)
	phones(s, add)
	years(s, add)
	return out
}

// percents finds percentages: numbers before %, protsenti, percent or
// процентов, with ranges.
func percents(s []byte, add func(kind, value string, start, end int)) {
	for _, m := range percentRe.FindAllSubmatchIndex(s, -1) {
		if !numberStart(s, m[0]) {
			continue
		}
		for _, g := range []int{2, 4} {
			if m[g] >= 0 {
				add(KindPercent, normalNumber(string(s[m[g]:m[g+1]]), ""), m[0], m[1])
			}
		}
		mask(s, m[0], m[1])
	}
}

// Words one of which a line must contain for the amount, percent and
// English month-first date patterns to run: a cheap test that saves most
// of the regular-expression work on long lines.
var (
	amountWords  = []string{"€", "eur", "EUR", "Eur", "евро"}
	percentWords = []string{"%", "protsen", "Protsen", "percent", "Percent", "per cent", "процент", "Процент"}
	monthWords   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// mentions reports whether s contains one of words.
func mentions(s []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(s, []byte(w)) {
			return true
		}
	}
	return false
}

// sortByStart orders facts by where they start on the line.
func sortByStart(fs []Fact, starts []int) {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return starts[idx[a]] < starts[idx[b]] })
	sorted := make([]Fact, len(fs))
	for i, j := range idx {
		sorted[i] = fs[j]
	}
	copy(fs, sorted)
}

func hasDigit(s []byte) bool {
	for _, c := range s {
		if c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

func mask(s []byte, start, end int) {
	for i := start; i < end; i++ {
		s[i] = masked
	}
}

// runeBefore and runeAfter return the rune next to s[i:], or 0 at the ends.
func runeBefore(s []byte, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRune(s[:i])
	return r
}

func runeAfter(s []byte, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRune(s[i:])
	return r
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numberStart reports whether a number may start at s[i]: not glued to a
// letter or digit, and not the part after a decimal or thousands
// separator of a larger number.
func numberStart(s []byte, i int) bool {
	r := runeBefore(s, i)
	if isDigit(r) || unicode.IsLetter(r) {
		return false
	}
	if (r == '.' || r == ',') && isDigit(runeBefore(s, i-1)) {
		return false
	}
	return true
}

// numberEnd reports whether a number may end at s[i]: no digit follows,
// nor a separator with more digits.
func numberEnd(s []byte, i int) bool {
	r := runeAfter(s, i)
	if isDigit(r) {
		return false
	}
	if (r == '.' || r == ',') && isDigit(runeAfter(s, i+1)) {
		return false
	}
	return true
}

// wordEnd reports whether no letter follows s[i].
func wordEnd(s []byte, i int) bool { return !unicode.IsLetter(runeAfter(s, i)) }

func dates(s []byte, add func(kind, value string, start, end int)) {
	emit := func(m []int, y, mo, d int) bool {
		if mo < 1 || mo > 12 || d < 1 || d > 31 || !numberStart(s, m[0]) || !numberEnd(s, m[1]) {
			return false
		}
		v := "--" + pad2(mo) + "-" + pad2(d)
		if y > 0 {
			v = strconv.Itoa(y) + v[1:]
		}
		add(KindDate, v, m[0], m[1])
		mask(s, m[0], m[1])
		return true
	}
	atoi := func(m []int, g int) int {
		if m[2*g] < 0 {
			return 0
		}
		n, _ := strconv.Atoi(string(s[m[2*g]:m[2*g+1]]))
		return n
	}
	for _, m := range dateISO.FindAllSubmatchIndex(s, -1) {
		emit(m, atoi(m, 1), atoi(m, 2), atoi(m, 3))
	}
	for _, m := range dateDMY.FindAllSubmatchIndex(s, -1) {
		emit(m, atoi(m, 3), atoi(m, 2), atoi(m, 1))
	}
	for _, m := range dateDayMon.FindAllSubmatchIndex(s, -1) {
		mo := month(string(s[m[4]:m[5]]))
		if mo > 0 && (m[6] >= 0 || wordEnd(s, m[5])) {
			emit(m, atoi(m, 3), mo, atoi(m, 1))
		}
	}
	if !mentions(s, monthWords) {
		return
	}
	for _, m := range dateMonDay.FindAllSubmatchIndex(s, -1) {
		w := string(s[m[2]:m[3]])
		if mo := englishMonth(w); mo > 0 && !unicode.IsLetter(runeBefore(s, m[0])) {
			emit(m, atoi(m, 3), mo, atoi(m, 2))
		}
	}
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// englishMonths are English month names and abbreviations, capitalised.
var englishMonths = map[string]int{
	"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
	"August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
	"Oct": 10, "Nov": 11, "Dec": 12,
}

func englishMonth(w string) int { return englishMonths[w] }

// monthStems are Estonian and Russian month stems in lower case, longest
// first where one is a prefix of another; any case ending may follow
// (novembril, ноября). Abbreviations must be the whole word.
var monthStems = []struct {
	stem  string
	month int
	whole bool
}{
	{"jaanuar", 1, false}, {"veebruar", 2, false}, {"märts", 3, false}, {"aprill", 4, false},
	{"mai", 5, false}, {"juuni", 6, false}, {"juuli", 7, false}, {"august", 8, false},
	{"septemb", 9, false}, {"oktoob", 10, false}, {"novemb", 11, false}, {"detsemb", 12, false},
	{"jaan", 1, true}, {"veebr", 2, true}, {"apr", 4, true}, {"aug", 8, true}, {"sept", 9, true},
	{"okt", 10, true}, {"nov", 11, true}, {"dets", 12, true},
	{"январ", 1, false}, {"феврал", 2, false}, {"март", 3, false}, {"апрел", 4, false},
	{"мая", 5, true}, {"май", 5, true}, {"мае", 5, true}, {"июн", 6, false}, {"июл", 7, false},
	{"август", 8, false}, {"сентябр", 9, false}, {"октябр", 10, false}, {"ноябр", 11, false},
	{"декабр", 12, false}, {"янв", 1, true}, {"фев", 2, true}, {"мар", 3, true}, {"авг", 8, true},
	{"сен", 9, true}, {"сент", 9, true}, {"окт", 10, true}, {"ноя", 11, true}, {"дек", 12, true},
}

// month returns the month a word names in Estonian, Russian or English,
// or 0.
func month(w string) int {
	if m := englishMonth(w); m > 0 {
		return m
	}
	lw := strings.ToLower(w)
	if lw == "may" {
		return 0 // the verb; May is in englishMonths
	}
	if r, n := utf8.DecodeRuneInString(lw); n > 0 && len(lw) > 3 {
		if m := englishMonth(string(unicode.ToUpper(r)) + lw[n:]); m > 0 {
			return m // "november" is also Estonian
		}
	}
	for _, s := range monthStems {
		if s.whole && lw == s.stem || !s.whole && strings.HasPrefix(lw, s.stem) {
			return s.month
		}
	}
	return 0
}

func amounts(s []byte, add func(kind, value string, start, end int)) {
	for _, re := range []*regexp.Regexp{amountPost, amountPre} {
		post := re == amountPost
		for _, m := range re.FindAllSubmatchIndex(s, -1) {
			if !numberStart(s, m[0]) || !wordEnd(s, m[1]) || (!post && !numberEnd(s, m[1])) {
				continue
			}
			factor := ""
			if m[6] >= 0 {
				factor = string(s[m[6]:m[7]])
			}
			for _, g := range []int{2, 4} {
				if m[g] >= 0 {
					add(KindAmount, normalNumber(string(s[m[g]:m[g+1]]), factor), m[0], m[1])
				}
			}
			mask(s, m[0], m[1])
		}
	}
}

// normalNumber turns a number as written into a canonical decimal: no
// thousands separators, a dot before decimals, no trailing zeros, times
// the factor (thousand, million) if any. A separator followed by exactly
// three digits groups thousands ("1,234", "1.234", "1 234"); otherwise it
// is the decimal point ("12,5"), except in a number starting "0".
func normalNumber(s, factor string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	intPart, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		after := s[i+1:]
		seps := strings.Count(s, ".") + strings.Count(s, ",")
		mixed := strings.Contains(s, ".") && strings.Contains(s, ",")
		if mixed || (seps == 1 && (len(after) != 3 || s[:i] == "0")) {
			intPart, frac = s[:i], after
		}
	}
	intPart = strings.NewReplacer(".", "", ",", "").Replace(intPart)
	r, ok := new(big.Rat).SetString(intPart + "." + frac + "0")
	if !ok {
		return s
	}
	switch f := strings.ToLower(factor); {
	case f == "":
	case strings.HasPrefix(f, "t"), strings.HasPrefix(f, "т"):
		r.Mul(r, big.NewRat(1000, 1))
	default:
		r.Mul(r, big.NewRat(1000000, 1))
	}
	if r.IsInt() {
		return r.Num().String()
	}
	v := r.FloatString(6)
	return strings.TrimRight(strings.TrimRight(v, "0"), ".")
}

// phones finds phone numbers in text, conservatively (see the package
// documentation).
func phones(s []byte, add func(kind, value string, start, end int)) {
	for _, m := range phoneRun.FindAllIndex(s, -1) {
		start, end := m[0], m[1]
		// A trailing "-" group is a case ending ("112-le"), not a digit
		// group; the pattern only takes digits after it, so nothing to do.
		if !numberStart(s, start) || !numberEnd(s, end) {
			continue
		}
		run := string(s[start:end])
		if v := phoneValue(run); v != "" {
			add(KindPhone, v, start, end)
			mask(s, start, end)
		}
	}
}

// phoneValue returns the normalised number if run (digits in groups) has
// a phone's shape, or "".
func phoneValue(run string) string {
	intl := false
	switch {
	case strings.HasPrefix(run, "+"):
		run, intl = run[1:], true
	case strings.HasPrefix(run, "00"):
		run, intl = run[2:], true
	}
	groups := strings.FieldsFunc(run, func(r rune) bool { return !isDigit(r) })
	digits := strings.Join(groups, "")
	if intl {
		if rest, ok := strings.CutPrefix(digits, "372"); ok {
			if len(rest) >= 3 && len(rest) <= 8 && (rest == "112" || strings.HasPrefix(rest, "116") || len(rest) >= 7) {
				return rest
			}
			return ""
		}
		if len(digits) >= 7 && len(digits) <= 15 {
			return "+" + digits
		}
		return ""
	}
	if digits[0] == '0' {
		return ""
	}
	switch {
	case digits == "112" && len(groups) == 1:
		return digits
	case len(digits) == 6 && strings.HasPrefix(digits, "116") && (len(groups) == 1 || len(groups) == 2 && len(groups[0]) == 3):
		return digits
	case len(digits) == 7 || len(digits) == 8:
		years := 0
		for _, g := range groups {
			if len(groups) > 1 && (len(g) < 3 || len(g) > 4) {
				return ""
			}
			if isYear(g) {
				years++
			}
		}
		if len(groups) > 1 && years == len(groups) {
			return "" // 2024-2025
		}
		return digits
	}
	return ""
}

func isYear(s string) bool {
	return len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20"))
}

// years finds 1900–2099 standing alone, and 1 900–2 099 written with a
// thousands separator (a count a translation may write as "2000").
func years(s []byte, add func(kind, value string, start, end int)) {
	ms := digitRun.FindAllIndex(s, -1)
	for i := 0; i < len(ms); i++ {
		start, end := ms[i][0], ms[i][1]
		v := string(s[start:end])
		if len(v) == 1 && i+1 < len(ms) && ms[i+1][0] == end+len(string(runeAfter(s, end))) && ms[i+1][1]-ms[i+1][0] == 3 {
			if r := runeAfter(s, end); r == ',' || r == '.' || r == ' ' || r == '\u00a0' || r == '\u202f' {
				if y := v + string(s[ms[i+1][0]:ms[i+1][1]]); isYear(y) && numberStart(s, start) && numberEnd(s, ms[i+1][1]) && !groupFollows(s, ms[i+1][1]) {
					add(KindYear, y, start, ms[i+1][1])
					i++
					continue
				}
			}
		}
		if !isYear(v) || !numberStart(s, start) || !numberEnd(s, end) {
			continue
		}
		if r := runeAfter(s, end); unicode.IsLetter(r) || groupFollows(s, end) {
			continue // "2024a"; "2014 5685" of an account number
		}
		if r := runeBefore(s, start); (r == ' ' || r == '\u00a0' || r == '\u202f') && isDigit(runeBefore(s, start-utf8.RuneLen(r))) {
			continue
		}
		add(KindYear, v, start, end)
	}
}

// groupFollows reports whether a thousands separator and another digit
// group follow s[i].
func groupFollows(s []byte, i int) bool {
	switch r := runeAfter(s, i); r {
	case ' ', '\u00a0', '\u202f', ',', '.':
		return isDigit(runeAfter(s, i+utf8.RuneLen(r)))
	}
	return false
}
