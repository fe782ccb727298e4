package edit

import (
	"strings"
)

// diffContext is how many unchanged lines a diff shows around a change.
const diffContext = 3

// maxDiffCells caps the table a line diff fills (lines × lines); two
// longer texts are shown as all removed, then all added.
const maxDiffCells = 4 << 20

// diffLine is one line of an inline diff: unchanged (" "), removed ("-")
// or added ("+"), with its numbers in the old and new text (0 for none)
// and its text in parts, the critical facts marked.
type diffLine struct {
	Op       string
	Old, New int
	Parts    []diffPart
}

// diffPart is a run of a line's text; Mark is set on a critical fact.
type diffPart struct {
	Text string
	Mark bool
}

// diffHunk is a run of changed lines with their context; Skipped is how
// many unchanged lines come before it.
type diffHunk struct {
	Skipped int
	Lines   []diffLine
}

// lineDiff returns the hunks that turn old into nu, the strings of marks
// marked in the changed lines.
func lineDiff(old, nu string, marks []string) []diffHunk {
	a, b := textLines(old), textLines(nu)
	ops := diffOps(a, b)
	var all []diffLine
	i, j := 0, 0
	for _, op := range ops {
		l := diffLine{Op: string(op)}
		switch op {
		case ' ':
			i, j = i+1, j+1
			l.Old, l.New, l.Parts = i, j, []diffPart{{Text: a[i-1]}}
		case '-':
			i++
			l.Old, l.Parts = i, markFacts(a[i-1], marks)
		case '+':
			j++
			l.New, l.Parts = j, markFacts(b[j-1], marks)
		}
		all = append(all, l)
	}
	return hunks(all)
}

// textLines splits s into lines without their endings.
func textLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
}

// diffOps is the shortest edit script from a to b by longest common
// subsequence: ' ' keep, '-' remove, '+' add.
func diffOps(a, b []string) []byte {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ops := []byte(strings.Repeat(" ", pre))
	if (len(ma)+1)*(len(mb)+1) > maxDiffCells {
		ops = append(ops, strings.Repeat("-", len(ma))+strings.Repeat("+", len(mb))...)
	} else {
		ops = append(ops, lcsOps(ma, mb)...)
	}
	return append(ops, strings.Repeat(" ", suf)...)
}

// lcsOps is diffOps of two texts with no common first or last line.
func lcsOps(a, b []string) []byte {
	n, m := len(a), len(b)
	w := m + 1
	lcs := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var ops []byte
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops, i, j = append(ops, ' '), i+1, j+1
		case i < n && (j == m || lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			ops, i = append(ops, '-'), i+1
		default:
			ops, j = append(ops, '+'), j+1
		}
	}
	return ops
}

// markFacts splits line into parts, each occurrence of a mark marked.
func markFacts(line string, marks []string) []diffPart {
	var parts []diffPart
	for line != "" {
		at, size := -1, 0
		for _, m := range marks {
			if i := strings.Index(line, m); m != "" && i >= 0 && (at < 0 || i < at) {
				at, size = i, len(m)
			}
		}
		if at < 0 {
			break
		}
		if at > 0 {
			parts = append(parts, diffPart{Text: line[:at]})
		}
		parts = append(parts, diffPart{Text: line[at : at+size], Mark: true})
		line = line[at+size:]
	}
	if line != "" || len(parts) == 0 {
		parts = append(parts, diffPart{Text: line})
	}
	return parts
}

// hunks groups the changed lines of all with diffContext lines around
// them; the unchanged lines between are counted, not shown.
func hunks(all []diffLine) []diffHunk {
	keep := make([]bool, len(all))
	for i, l := range all {
		if l.Op != " " {
			for k := max(0, i-diffContext); k <= min(len(all)-1, i+diffContext); k++ {
				keep[k] = true
			}
		}
	}
	var out []diffHunk
	skipped, open := 0, false
	for i, l := range all {
		switch {
		case !keep[i]:
			skipped, open = skipped+1, false
		case !open:
			out = append(out, diffHunk{Skipped: skipped, Lines: []diffLine{l}})
			skipped, open = 0, true
		default:
			out[len(out)-1].Lines = append(out[len(out)-1].Lines, l)
		}
	}
	return out
}
