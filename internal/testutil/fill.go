package testutil

import (
	"math/rand/v2"
	"reflect"
	"time"
)

// Fill sets every exported field that v (a pointer) reaches to a random
// value that is not the zero value: strings, numbers, times in UTC, the
// local zone and a fixed one, slices and maps of one to three elements,
// pointers to filled values; nesting stops at depth 8 (a recursive type
// ends in nil). Round-trip tests of encoders use it, so that a field an
// encoder forgets makes the value come back different.
func Fill(v any, rnd *rand.Rand) {
	fill(reflect.ValueOf(v).Elem(), rnd, 0)
}

var timeType = reflect.TypeFor[time.Time]()

func fill(v reflect.Value, rnd *rand.Rand, depth int) {
	if depth > 8 {
		return
	}
	if v.Type() == timeType {
		zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 3*3600)}
		t := time.Unix(rnd.Int64N(4e9), rnd.Int64N(1e9)).In(zones[rnd.IntN(len(zones))])
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1 + rnd.Int64N(100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(1 + rnd.Uint64N(100))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5 + rnd.Float64())
	case reflect.String:
		words := []string{"abi", "õigus", "помощь", "116 006", "a \"quoted\" <b>", "x"}
		v.SetString(words[rnd.IntN(len(words))] + string(rune('a'+rnd.IntN(26))))
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), rnd, depth+1)
		v.Set(p)
	case reflect.Slice:
		n := 1 + rnd.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(s.Index(i), rnd, depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), rnd, depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 1 + rnd.IntN(3) {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, rnd, depth+1)
			fill(e, rnd, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), rnd, depth+1)
			}
		}
	}
}
