package markdown

import "fmt"

// MaxNesting is the deepest nesting of block quotes and lists a page may
// have. goldmark's cost grows with the square of the depth, so a page of
// 100,000 nested quotes would stall a build; no real page comes near 64.
const MaxNesting = 64

// NestingError reports a page nested deeper than [MaxNesting].
type NestingError struct {
	Line  int // 1-based line in the Markdown source
	Depth int
}

func (e *NestingError) Error() string {
	return fmt.Sprintf("quotes or lists nested %d levels deep; the limit is %d", e.Depth, MaxNesting)
}

// checkNesting counts the container markers (>, -, *, +, 1.) at the start
// of each line and returns a *NestingError for the first line deeper than
// MaxNesting, or a *LimitError where the lines and markers pass
// MaxBlocks.
func checkNesting(src []byte) error {
	line, blocks := 1, 0
	for i := 0; i < len(src); {
		depth := 0
		j := i
	scan:
		for j < len(src) {
			switch c := src[j]; {
			case c == ' ' || c == '\t':
				j++
			case c == '>':
				depth++
				j++
			case (c == '-' || c == '*' || c == '+') && j+1 < len(src) && (src[j+1] == ' ' || src[j+1] == '\t'):
				depth++
				j += 2
			case c >= '0' && c <= '9':
				k := j
				for k < len(src) && k-j < 9 && src[k] >= '0' && src[k] <= '9' {
					k++
				}
				if k+1 < len(src) && (src[k] == '.' || src[k] == ')') && (src[k+1] == ' ' || src[k+1] == '\t') {
					depth++
					j = k + 2
				} else {
					break scan
				}
			default:
				break scan
			}
		}
		if depth > MaxNesting {
			return &NestingError{Line: line, Depth: depth}
		}
		if blocks += 1 + depth; blocks > MaxBlocks {
			return newLimitError(src, i, "lines, list items and quotes", "split the page")
		}
		for j < len(src) && src[j] != '\n' {
			j++
		}
		i = j + 1
		line++
	}
	return nil
}
