package diag

import (
	"regexp"
	"strconv"
	"strings"
)

var yamlLine = regexp.MustCompile(`^yaml: (line (\d+): )?`)

// SplitYAMLError takes apart an error message of gopkg.in/yaml.v3
// ("yaml: line 3: mapping values are not allowed in this context") into
// the line it names (0 when none) and the message without the prefix.
func SplitYAMLError(msg string) (line int, rest string) {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	if m[2] != "" {
		line, _ = strconv.Atoi(m[2])
	}
	return line, strings.TrimPrefix(msg[len(m[0]):], "yaml: ")
}
