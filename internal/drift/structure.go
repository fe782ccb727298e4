package drift

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	listItem   = regexp.MustCompile(`^( {0,3})([-*+]|\d{1,9}[.)])( +|$)`)
	thematic   = regexp.MustCompile(`^ {0,3}(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$`)
	tableDelim = regexp.MustCompile(`^ {0,3}\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$`)
)

// blockFacts counts the items of each top-level list and the body rows of
// each table in the Markdown source lines of a body starting at file line
// bodyLine. Fenced code is skipped; nested items, continuation lines and
// table header rows are not counted.
func blockFacts(lines []string, bodyLine int) []Fact {
	var lists, tables []Fact
	type list struct {
		start, items, indent int
		marker               string // "-", "*", "+", "." or ")"
	}
	var cur *list
	blank := false
	endList := func() {
		if cur != nil {
			n := len(lists) + 1
			lists = append(lists, Fact{Kind: KindListItems, Value: strconv.Itoa(cur.items),
				Text: "list " + strconv.Itoa(n) + " (" + strconv.Itoa(cur.items) + " items)", Line: bodyLine + cur.start})
			cur = nil
		}
	}
	fence := ""
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if f := fenceOf(line); fence == "" && f != "" {
			fence = f
			if cur != nil && indentOf(line) < cur.indent {
				endList()
			}
			continue
		} else if fence != "" {
			if f != "" && strings.HasPrefix(f, fence) && strings.TrimSpace(line) == f {
				fence = ""
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			blank = true
			continue
		}
		wasBlank := blank
		blank = false
		if cur != nil && indentOf(line) >= cur.indent {
			continue // continuation or nested block of the current item
		}
		if m := listItem.FindStringSubmatch(line); m != nil && !thematic.MatchString(line) {
			marker := m[2]
			if len(marker) > 1 || marker == "." || marker == ")" {
				marker = marker[len(marker)-1:]
			}
			if cur != nil && cur.marker != marker {
				endList()
			}
			if cur == nil {
				cur = &list{start: i, marker: marker}
			}
			cur.items++
			cur.indent = len(m[1]) + len(m[2]) + max(len(m[3]), 1)
			continue
		}
		if cur != nil {
			if !wasBlank && !blockStart(line) {
				continue // lazy continuation of the item's paragraph
			}
			endList()
		}
		if strings.Contains(line, "|") && i+1 < len(lines) && tableDelim.MatchString(lines[i+1]) && strings.Contains(lines[i+1], "-") {
			rows := 0
			j := i + 2
			for ; j < len(lines); j++ {
				l := lines[j]
				if strings.TrimSpace(l) == "" || blockStart(l) || listItem.MatchString(l) {
					break
				}
				rows++
			}
			n := len(tables) + 1
			tables = append(tables, Fact{Kind: KindTableRows, Value: strconv.Itoa(rows),
				Text: "table " + strconv.Itoa(n) + " (" + strconv.Itoa(rows) + " rows)", Line: bodyLine + i})
			i = j - 1
		}
	}
	endList()
	return append(lists, tables...)
}

// indentOf counts leading spaces, a tab as four.
func indentOf(line string) int {
	n := 0
	for _, c := range line {
		switch c {
		case ' ':
			n++
		case '\t':
			n += 4 - n%4
		default:
			return n
		}
	}
	return n
}

// blockStart reports whether line starts a block that interrupts a
// paragraph: heading, quote, fence, thematic break.
func blockStart(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	return strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">") || fenceOf(line) != "" || thematic.MatchString(line)
}
