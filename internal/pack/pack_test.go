package pack

import (
	"bytes"
	"encoding/gob"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-cms/haven/internal/testutil"
)

type inner struct {
	Name  string
	Lines []int
	At    time.Time
}

type sample struct {
	B       bool
	I       int
	I8      int8
	U       uint64
	F       float64
	S       string
	Long    string
	Raw     []byte
	Strs    []string
	Inner   inner
	Ptr     *inner
	List    []inner
	Ptrs    []*inner
	Arr     [2]string
	Map     map[string]int
	Nested  map[string][]inner
	Self    *sample
	private string
}

func roundTrip[T any](t *testing.T, in *T) *T {
	t.Helper()
	e := NewEncoder(0)
	if err := e.Encode(in); err != nil {
		t.Fatal(err)
	}
	if err := e.Encode(in); err != nil { // twice: the second from the string table
		t.Fatal(err)
	}
	d := NewDecoder(e.Bytes())
	if len(e.Bytes())%2 == 0 {
		d = NewDecoderOwning(slices.Clone(e.Bytes()))
	}
	var out T
	for range 2 {
		out = *new(T)
		if err := d.Decode(&out); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(in, &out) {
			t.Fatalf("round trip changed the value:\n in %#v\nout %#v", in, &out)
		}
	}
	if d.More() {
		t.Fatal("input left after the values")
	}
	return &out
}

func TestRoundTripFilled(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		var in sample
		testutil.Fill(&in, rnd)
		in.Long = strings.Repeat("pikk tekst ", 40) // beyond the table
		roundTrip(t, &in)
	}
}

func TestNilAndEmptyStayApart(t *testing.T) {
	in := sample{Strs: []string{}, Map: map[string]int{}, Raw: []byte{}, List: nil, Ptrs: []*inner{nil}}
	out := roundTrip(t, &in)
	if out.Strs == nil || out.Map == nil || out.Raw == nil || out.List != nil || out.Ptrs[0] != nil {
		t.Errorf("nil and empty mixed up: %#v", out)
	}
	zero := roundTrip(t, &sample{})
	if !zero.Inner.At.IsZero() || zero.Inner.At.Location() != time.UTC {
		t.Errorf("zero time came back as %v", zero.Inner.At)
	}
}

func TestTimesKeepTheirZone(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 4, 10, 30, 0, 123, time.Local),
		time.Date(2026, 6, 1, 9, 0, 0, 0, time.FixedZone("", 3*3600)),
	} {
		roundTrip(t, &inner{At: at})
	}
	// A zone's name is not kept, as with gob (time.Time.MarshalBinary):
	// its offset is.
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.FixedZone("EEST", 3*3600))
	e := NewEncoder(0)
	_ = e.Encode(&at)
	var out time.Time
	if err := NewDecoder(e.Bytes()).Decode(&out); err != nil || !out.Equal(at) || out.Format(time.RFC3339) != at.Format(time.RFC3339) {
		t.Errorf("%v came back as %v (%v)", at, out, err)
	}
}

// TestAsGob holds pack to what the memo had with encoding/gob: the same
// value comes back from both, where gob keeps it (gob turns empty slices
// and maps into nil, and drops unexported fields as pack does).
func TestAsGob(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		var in sample
		testutil.Fill(&in, rnd)
		in.Self = nil // gob refuses recursive values
		in.private = "dropped"
		var viaGob sample
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(&in); err != nil {
			t.Fatal(err)
		}
		if err := gob.NewDecoder(&b).Decode(&viaGob); err != nil {
			t.Fatal(err)
		}
		in.private = ""
		viaPack := roundTrip(t, &in)
		if !reflect.DeepEqual(viaPack, &viaGob) {
			t.Fatalf("pack and gob differ:\npack %#v\n gob %#v", viaPack, &viaGob)
		}
	}
}

func TestRefusesWhatItCannotEncode(t *testing.T) {
	for _, v := range []any{&struct{ X any }{}, &struct{ C chan int }{}, &struct{ F func() }{}} {
		if err := NewEncoder(0).Encode(v); err == nil {
			t.Errorf("encoded %T", v)
		}
		if err := NewDecoder(nil).Decode(v); err == nil {
			t.Errorf("decoded %T", v)
		}
	}
	if err := NewEncoder(0).Encode(sample{}); err == nil {
		t.Error("encoded a value that is not a pointer")
	}
}

// FuzzDecode feeds broken input: an error, never a panic or a huge
// allocation.
func FuzzDecode(f *testing.F) {
	e := NewEncoder(0)
	var in sample
	testutil.Fill(&in, rand.New(rand.NewPCG(5, 6)))
	_ = e.Encode(&in)
	f.Add(e.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		var out sample
		d := NewDecoder(data)
		for d.More() {
			if d.Decode(&out) != nil {
				return
			}
		}
	})
}

func TestShortInputIsAnError(t *testing.T) {
	e := NewEncoder(0)
	var in sample
	testutil.Fill(&in, rand.New(rand.NewPCG(7, 8)))
	_ = e.Encode(&in)
	b := e.Bytes()
	for _, n := range []int{1, len(b) / 2, len(b) - 1} {
		var out sample
		if err := NewDecoder(b[:n]).Decode(&out); err == nil {
			t.Errorf("decoded %d of %d bytes without an error", n, len(b))
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	e := NewEncoder(0)
	rnd := rand.New(rand.NewPCG(9, 10))
	for range 100 {
		var in sample
		testutil.Fill(&in, rnd)
		in.Self = nil
		_ = e.Encode(&in)
	}
	b.SetBytes(int64(len(e.Bytes())))
	for b.Loop() {
		d := NewDecoder(e.Bytes())
		for d.More() {
			var out sample
			if err := d.Decode(&out); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestCanonical gives equal values equal bytes, whatever order their
// maps were filled in, and writes every string out: what hashing a view
// needs. Maps must have string keys.
func TestCanonical(t *testing.T) {
	encode := func(v any) string {
		e := NewCanonicalEncoder(0)
		if err := e.Encode(v); err != nil {
			t.Fatal(err)
		}
		return string(e.Bytes())
	}
	a, b := map[string]int{}, map[string]int{}
	for i := range 50 {
		a[strings.Repeat("k", i)] = i
		b[strings.Repeat("k", 49-i)] = 49 - i
	}
	for range 5 { // map order changes from one range to the next
		if encode(&a) != encode(&b) {
			t.Fatal("equal maps encoded differently")
		}
	}
	s := sample{S: "abi", Strs: []string{"abi", "abi"}}
	if got := encode(&s); strings.Count(got, "abi") != 3 {
		t.Errorf("a canonical encoding refers to strings it wrote before: %q", got)
	}
	e := NewCanonicalEncoder(0)
	_ = e.Encode(&s)
	e.Reset()
	_ = e.Encode(&s)
	if string(e.Bytes()) != encode(&s) {
		t.Error("Reset leaves something of the value before")
	}
	if err := NewCanonicalEncoder(0).Encode(&map[int]string{1: "a"}); err == nil {
		t.Error("a canonical encoding of a map with int keys")
	}
}

// TestFlush writes values in pieces that refer to strings of earlier
// pieces, and reads them back from the pieces joined.
func TestFlush(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	var in [20]sample
	var out bytes.Buffer
	e := NewEncoder(0)
	for i := range in {
		testutil.Fill(&in[i], rnd)
		in[i].Self = nil
		in[i].S = "shared" // in the table from the first piece on
		if err := e.Encode(&in[i]); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if err := e.Flush(&out); err != nil {
				t.Fatal(err)
			}
		}
	}
	_ = e.Flush(&out)
	if strings.Count(out.String(), "shared") != 1 {
		t.Error("the string table did not survive a flush")
	}
	d := NewDecoder(out.Bytes())
	for i := range in {
		var got sample
		if err := d.Decode(&got); err != nil || !reflect.DeepEqual(got, in[i]) {
			t.Fatalf("value %d: %v\n in %#v\nout %#v", i, err, in[i], got)
		}
	}
}

// TestLayout checks that Layout tells apart every change to a type that
// changes its encoding (a field renamed, retyped, added, reordered; an
// element or key type changed) and nothing else (unexported fields, the
// type's own name), and ends on a recursive type.
func TestLayout(t *testing.T) {
	type inner struct{ A, B string }
	type base struct {
		N      int
		S      []inner
		M      map[string]*inner
		T      time.Time
		hidden int
	}
	type same struct {
		N     int
		S     []struct{ A, B string }
		M     map[string]*struct{ A, B string }
		T     time.Time
		other bool
	}
	type renamed struct {
		Count int
		S     []inner
		M     map[string]*inner
		T     time.Time
	}
	type retyped struct {
		N int64
		S []inner
		M map[string]*inner
		T time.Time
	}
	type added struct {
		N int
		S []inner
		M map[string]*inner
		T time.Time
		X bool
	}
	type reordered struct {
		S []inner
		N int
		M map[string]*inner
		T time.Time
	}
	type deeper struct {
		N int
		S []struct{ A, C string }
		M map[string]*inner
		T time.Time
	}
	type node struct {
		Name string
		Kids []*node
	}
	if Layout(base{}) != Layout(same{}) {
		t.Error("equal layouts hash differently")
	}
	seen := map[string]string{Layout(base{}): "base"}
	for name, v := range map[string]any{"renamed": renamed{}, "retyped": retyped{}, "added": added{}, "reordered": reordered{}, "deeper": deeper{}, "node": node{}} {
		l := Layout(v)
		if other, ok := seen[l]; ok {
			t.Errorf("%s has the layout of %s", name, other)
		}
		seen[l] = name
	}
}
