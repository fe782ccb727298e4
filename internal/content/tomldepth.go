package content

// tomlTooDeep scans TOML front matter for nesting deeper than limit before
// it is parsed: the TOML library's memory grows with the square of a
// key's depth, so 30 KiB of nested inline tables ({a = {a = ...}}) or
// dotted keys (a.a.a... = 1) took gigabytes. The depth of a place is the
// key segments of every inline table or array it is inside, plus those of
// the key being written. It returns the 1-based line and column where the
// limit is passed. Strings and comments are skipped; the scan is one pass
// and never fails on malformed input (the parser reports that).
func tomlTooDeep(raw []byte, limit int) (line, col int, deep bool) {
	var (
		stack []int // key segments each open bracket adds
		dots  int   // dots in the key or value being read
		key   int   // segments of the key before the last =
		sum   int   // total of stack
	)
	line, lineStart := 1, 0
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\n':
			line, lineStart = line+1, i+1
			if len(stack) == 0 {
				dots, key = 0, 0
			}
		case '#':
			for i+1 < len(raw) && raw[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			end := skipTOMLString(raw, i)
			for j := i; j <= end; j++ {
				if raw[j] == '\n' {
					line, lineStart = line+1, j+1
				}
			}
			i = end
		case '.':
			dots++
		case '=':
			key, dots = dots+1, 0
		case ',':
			key, dots = 0, 0
		case '[', '{':
			add := max(key, 1)
			stack = append(stack, add)
			sum += add
			key, dots = 0, 0
		case ']', '}':
			if len(stack) > 0 {
				sum -= stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			key, dots = 0, 0
		}
		if sum+dots+1 > limit {
			return line, i - lineStart + 1, true
		}
	}
	return 0, 0, false
}

// skipTOMLString returns the index of the last byte of the string that
// opens at raw[i]: a basic or literal string, single-line or
// triple-quoted multi-line.
func skipTOMLString(raw []byte, i int) int {
	q := raw[i]
	if i+2 < len(raw) && raw[i+1] == q && raw[i+2] == q { // multi-line
		for j := i + 3; j+2 < len(raw); j++ {
			if q == '"' && raw[j] == '\\' {
				j++
				continue
			}
			if raw[j] == q && raw[j+1] == q && raw[j+2] == q {
				return j + 2
			}
		}
		return len(raw) - 1
	}
	for j := i + 1; j < len(raw); j++ {
		switch {
		case q == '"' && raw[j] == '\\':
			j++
		case raw[j] == q:
			return j
		case raw[j] == '\n': // not closed: the parser reports it
			return j - 1
		}
	}
	return len(raw) - 1
}
