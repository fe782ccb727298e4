package diag

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

var yamlLine = regexp.MustCompile(`^yaml: (line (\d+): )?`)

// SplitYAMLError takes apart the error gopkg.in/yaml.v3 returned for src
// ("yaml: line 3: mapping values are not allowed in this context") into
// the line of src it names (0 when none) and the message without the
// prefix.
//
// yaml.v3 counts the lines of its parser's errors from 0 and those of its
// scanner's from 1 (its decode.go adds 1 for scanner errors only), so a
// parser error ("did not find expected ...", such as an unclosed [ or a
// key indented wrong) is moved down one line to the line that has it. An
// error at the end of the input (an unclosed list on the last line) names
// the last line with text rather than the empty one after it.
func SplitYAMLError(err error, src []byte) (line int, rest string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	rest = strings.TrimPrefix(msg[len(m[0]):], "yaml: ")
	if m[2] == "" {
		return 0, rest
	}
	line, _ = strconv.Atoi(m[2])
	if strings.HasPrefix(rest, "did not find expected") {
		line++
	}
	return min(line, lastTextLine(src)), rest
}

// lastTextLine returns the number of the last line of src with anything
// but blanks on it (at least 1).
func lastTextLine(src []byte) int {
	last := 1
	for n, l := range bytes.Split(src, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			last = n + 1
		}
	}
	return last
}
