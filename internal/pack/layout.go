package pack

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
)

// Layout returns a short hash of how values of the type of v are
// encoded: the kinds, names and element types of its exported fields, all
// the way down. An executable whose Layout of a type is another's reads
// what that one wrote of it, so a file of a pack encoding that begins
// with its Layout may be kept across builds of the program, and one of
// another layout is told from it before it is decoded.
func Layout(v any) string {
	h := sha256.New()
	writeLayout(h, reflect.TypeOf(v), map[reflect.Type]int{})
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// writeLayout writes t's layout to w; seen numbers the named types
// already written, so that a recursive type ends.
func writeLayout(w io.Writer, t reflect.Type, seen map[reflect.Type]int) {
	if n, ok := seen[t]; ok {
		fmt.Fprintf(w, "@%d", n)
		return
	}
	seen[t] = len(seen)
	if t == timeType || t.Implements(marshalerType) && reflect.PointerTo(t).Implements(unmarshalerType) {
		fmt.Fprintf(w, "binary(%s)", t) // its own encoding, by its name
		return
	}
	fmt.Fprintf(w, "%s(", t.Kind())
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		writeLayout(w, t.Elem(), seen)
	case reflect.Array:
		fmt.Fprintf(w, "%d ", t.Len())
		writeLayout(w, t.Elem(), seen)
	case reflect.Map:
		writeLayout(w, t.Key(), seen)
		writeLayout(w, t.Elem(), seen)
	case reflect.Struct:
		for f := range t.Fields() {
			if f.IsExported() {
				fmt.Fprintf(w, "%s:", f.Name)
				writeLayout(w, f.Type, seen)
				io.WriteString(w, ",")
			}
		}
	}
	io.WriteString(w, ")")
}
