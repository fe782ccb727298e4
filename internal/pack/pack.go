// Package pack encodes Go values in a compact binary form that only the
// same executable reads back: haven's build memo, 10,000 page records
// read and written on every build. It has no schema and no type
// information (the memo is used only by the haven binary that wrote it),
// so a value is its fields in order: varints, and strings through a table
// that writes each short string once and refers to it after. Decoding
// takes every string from the input itself (one copy of it, or none with
// [NewDecoderOwning]), so a page record costs its slices and pointers and
// not one allocation a string; the memo reads in about half the time
// encoding/gob, which it used before, took.
//
// It encodes what gob does, and keeps more: booleans, integers, floats,
// strings, byte slices, slices, arrays, maps, pointers and the exported
// fields of structs, with nil slices, maps and pointers told apart from
// empty ones; a type with a MarshalBinary method (time.Time) is encoded
// by it. Interfaces, channels and functions are refused. A canonical
// encoder ([NewCanonicalEncoder]) writes equal values as equal bytes, for
// hashing them.
package pack

import (
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// maxInterned is the longest string the table keeps: longer ones (paths,
// titles, sentences, the search text of a page) are seldom written twice
// and are written as they are. (The page records of 10,000 pages: 22.4
// MB without the table, 16.8 MB with it, 13.3 MB with strings up to 128
// bytes in it, which makes encoding 45% slower.)
const maxInterned = 32

// An Encoder appends values to its buffer; one Encoder's output is read by
// one [Decoder], in the same order.
type Encoder struct {
	buf       []byte
	strings   map[string]uint64 // interned strings by number; nil: none (canonical)
	canonical bool
	err       error
}

// NewEncoder returns an encoder whose buffer starts with size bytes of
// capacity.
func NewEncoder(size int) *Encoder {
	return &Encoder{buf: make([]byte, 0, size), strings: make(map[string]uint64, 1<<12)}
}

// NewCanonicalEncoder returns an encoder whose bytes are the same for
// equal values, for hashing a value rather than storing it: every string
// written out (no table) and maps in the order of their keys, which must
// be strings.
func NewCanonicalEncoder(size int) *Encoder {
	return &Encoder{buf: make([]byte, 0, size), canonical: true}
}

// Reset empties the buffer, to encode again from the start; a canonical
// encoder's output then depends on nothing encoded before.
func (e *Encoder) Reset() {
	e.buf, e.err = e.buf[:0], nil
	if e.strings != nil {
		clear(e.strings)
	}
}

// Encode appends v, which must be a pointer, to the buffer.
func (e *Encoder) Encode(v any) error {
	c, rv, err := pointee("Encode", v)
	if err != nil {
		return err
	}
	c.enc(e, rv) // every value below a pointer is addressable, as the codecs want
	return e.err
}

// Bytes returns what was encoded since the start or the last Flush.
func (e *Encoder) Bytes() []byte { return e.buf }

// Flush writes what was encoded since the last Flush to w and empties the
// buffer, keeping the string table: the values encoded next may refer to
// strings written before, so w must get every flush, in order. An
// encoder of many values that flushes now and then holds a buffer, not
// the whole output.
func (e *Encoder) Flush(w io.Writer) error {
	_, err := w.Write(e.buf)
	e.buf = e.buf[:0]
	return err
}

func (e *Encoder) uint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }

// fail keeps the first error of an encoding.
func (e *Encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// header writes 0 for a nil slice or map v, else its length plus one,
// and reports whether v's elements follow.
func (e *Encoder) header(v reflect.Value) bool {
	if v.IsNil() {
		e.uint(0)
		return false
	}
	e.uint(uint64(v.Len()) + 1)
	return true
}

func (e *Encoder) int(x int64) { e.buf = binary.AppendVarint(e.buf, x) }

// string writes 0 for "", an even number 2(n+1) for the table's n-th
// string, or an odd number 2len+1 and the bytes for a new one.
func (e *Encoder) string(s string) {
	switch {
	case s == "":
		e.uint(0)
		return
	case len(s) <= maxInterned && e.strings != nil:
		if n, ok := e.strings[s]; ok {
			e.uint(2 * (n + 1))
			return
		}
		e.strings[s] = uint64(len(e.strings))
	}
	e.uint(2*uint64(len(s)) + 1)
	e.buf = append(e.buf, s...)
}

// A Decoder reads what an [Encoder] wrote.
type Decoder struct {
	data    string // the input, one copy that every decoded string is part of
	off     int
	strings []string
	err     error
}

// NewDecoder returns a decoder of data, which it copies once.
func NewDecoder(data []byte) *Decoder { return &Decoder{data: string(data)} }

// NewDecoderOwning returns a decoder of data without copying it: the
// decoded strings are parts of data, so the caller must never modify
// data again (a file read for the decoder alone).
func NewDecoderOwning(data []byte) *Decoder {
	if len(data) == 0 {
		return &Decoder{}
	}
	return &Decoder{data: unsafe.String(&data[0], len(data))}
}

// Decode reads the next value into v, which must be a non-nil pointer to
// a value of the type encoded.
func (d *Decoder) Decode(v any) error {
	c, rv, err := pointee("Decode", v)
	if err != nil {
		return err
	}
	c.dec(d, rv)
	return d.err
}

// More reports whether input is left.
func (d *Decoder) More() bool { return d.off < len(d.data) && d.err == nil }

var errShort = errors.New("pack: input ends inside a value")

func (d *Decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.off = len(d.data)
}

func (d *Decoder) uint() uint64 {
	var x uint64
	var s uint
	for i := 0; d.off < len(d.data); i++ {
		b := d.data[d.off]
		d.off++
		if b < 0x80 {
			if i >= binary.MaxVarintLen64-1 && b > 1 {
				d.fail(errors.New("pack: varint overflows 64 bits"))
				return 0
			}
			return x | uint64(b)<<s
		}
		x |= uint64(b&0x7f) << s
		s += 7
	}
	d.fail(errShort)
	return 0
}

// header reads what Encoder.header wrote: false, with v set to nil, for
// nil; else the length.
func (d *Decoder) header(v reflect.Value) (int, bool) {
	x := d.uint()
	if x == 0 {
		v.SetZero()
		return 0, false
	}
	return d.length(x - 1), true
}

func (d *Decoder) int() int64 {
	u := d.uint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// length reads a length of at most the input left (each element takes at
// least a byte), so broken input cannot make a huge allocation.
func (d *Decoder) length(x uint64) int {
	if x > uint64(len(d.data)-d.off) {
		d.fail(errShort)
		return 0
	}
	return int(x)
}

func (d *Decoder) string() string {
	x := d.uint()
	switch {
	case x == 0:
		return ""
	case x&1 == 0:
		n := x/2 - 1
		if n >= uint64(len(d.strings)) {
			d.fail(errors.New("pack: reference to a string not yet read"))
			return ""
		}
		return d.strings[n]
	}
	n := d.length(x / 2)
	s := d.data[d.off : d.off+n]
	d.off += n
	if n <= maxInterned {
		d.strings = append(d.strings, s)
	}
	return s
}

// encEach encodes the elements of the slice or array v, of c's type.
func (c *codec) encEach(e *Encoder, v reflect.Value) {
	for i := range v.Len() {
		c.enc(e, v.Index(i))
	}
}

// decEach decodes into the elements of the slice or array v, of c's type.
func (c *codec) decEach(d *Decoder, v reflect.Value) {
	for i := range v.Len() {
		c.dec(d, v.Index(i))
	}
}

// pointee returns the value v points to and its codec, for the method
// op, which takes only non-nil pointers.
func pointee(op string, v any) (*codec, reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, reflect.Value{}, fmt.Errorf("pack: %s wants a non-nil pointer, not %T", op, v)
	}
	c, err := codecOf(rv.Type().Elem())
	return c, rv.Elem(), err
}

// codec is how one type is encoded and decoded.
type codec struct {
	enc func(*Encoder, reflect.Value)
	dec func(*Decoder, reflect.Value) // into a settable value
}

var codecs sync.Map // reflect.Type -> *codec

var (
	timeType        = reflect.TypeFor[time.Time]()
	marshalerType   = reflect.TypeFor[encoding.BinaryMarshaler]()
	unmarshalerType = reflect.TypeFor[encoding.BinaryUnmarshaler]()
)

// codecOf returns the codec of t, making it (and those of the types in
// it) the first time.
func codecOf(t reflect.Type) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	making := map[reflect.Type]*codec{}
	c, err := makeCodec(t, making)
	if err != nil {
		return nil, err
	}
	for t, c := range making {
		codecs.LoadOrStore(t, c)
	}
	return c, nil
}

// makeCodec makes the codec of t; making holds those being made, so that
// a recursive type refers to its own codec.
func makeCodec(t reflect.Type, making map[reflect.Type]*codec) (*codec, error) {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec), nil
	}
	if c, ok := making[t]; ok {
		return c, nil
	}
	c := &codec{}
	making[t] = c
	if t == timeType {
		c.enc, c.dec = encodeTime, decodeTime
		return c, nil
	}
	if t.Implements(marshalerType) && reflect.PointerTo(t).Implements(unmarshalerType) {
		c.enc = func(e *Encoder, v reflect.Value) {
			b, err := v.Interface().(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				e.fail(fmt.Errorf("pack: %v: %w", t, err))
			}
			e.uint(uint64(len(b)))
			e.buf = append(e.buf, b...)
		}
		c.dec = func(d *Decoder, v reflect.Value) {
			n := d.length(d.uint())
			b := []byte(d.data[d.off : d.off+n])
			d.off += n
			if err := v.Addr().Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(b); err != nil {
				d.fail(fmt.Errorf("pack: %v: %w", t, err))
			}
		}
		return c, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		c.enc = func(e *Encoder, v reflect.Value) {
			b := byte(0)
			if v.Bool() {
				b = 1
			}
			e.buf = append(e.buf, b)
		}
		c.dec = func(d *Decoder, v reflect.Value) { v.SetBool(d.uint() != 0) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.enc = func(e *Encoder, v reflect.Value) { e.int(v.Int()) }
		c.dec = func(d *Decoder, v reflect.Value) { v.SetInt(d.int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.enc = func(e *Encoder, v reflect.Value) { e.uint(v.Uint()) }
		c.dec = func(d *Decoder, v reflect.Value) { v.SetUint(d.uint()) }
	case reflect.Float32, reflect.Float64:
		c.enc = func(e *Encoder, v reflect.Value) { e.uint(math.Float64bits(v.Float())) }
		c.dec = func(d *Decoder, v reflect.Value) { v.SetFloat(math.Float64frombits(d.uint())) }
	case reflect.String:
		c.enc = func(e *Encoder, v reflect.Value) { e.string(v.String()) }
		c.dec = func(d *Decoder, v reflect.Value) { v.SetString(d.string()) }
	case reflect.Pointer:
		elem, err := makeCodec(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		c.enc = func(e *Encoder, v reflect.Value) {
			if v.IsNil() {
				e.buf = append(e.buf, 0)
				return
			}
			e.buf = append(e.buf, 1)
			elem.enc(e, v.Elem())
		}
		c.dec = func(d *Decoder, v reflect.Value) {
			if d.uint() == 0 {
				v.SetZero()
				return
			}
			p := reflect.New(t.Elem())
			elem.dec(d, p.Elem())
			v.Set(p)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && t.Elem().PkgPath() == "" {
			c.enc = func(e *Encoder, v reflect.Value) {
				if e.header(v) {
					e.buf = append(e.buf, v.Bytes()...)
				}
			}
			c.dec = func(d *Decoder, v reflect.Value) {
				if n, ok := d.header(v); ok {
					v.SetBytes([]byte(d.data[d.off : d.off+n]))
					d.off += n
				}
			}
			break
		}
		elem, err := makeCodec(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		c.enc = func(e *Encoder, v reflect.Value) {
			if e.header(v) {
				elem.encEach(e, v)
			}
		}
		c.dec = func(d *Decoder, v reflect.Value) {
			if n, ok := d.header(v); ok {
				s := reflect.MakeSlice(t, n, n)
				elem.decEach(d, s)
				v.Set(s)
			}
		}
	case reflect.Array:
		elem, err := makeCodec(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		c.enc, c.dec = elem.encEach, elem.decEach
	case reflect.Map:
		key, err := makeCodec(t.Key(), making)
		if err != nil {
			return nil, err
		}
		elem, err := makeCodec(t.Elem(), making)
		if err != nil {
			return nil, err
		}
		c.enc = func(e *Encoder, v reflect.Value) {
			if !e.header(v) {
				return
			}
			k, x := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem() // addressable, and no copy a pair
			if e.canonical {
				if t.Key().Kind() != reflect.String {
					e.fail(fmt.Errorf("pack: a canonical encoding of %v needs string keys", t))
					return
				}
				keys := v.MapKeys()
				slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
				for _, mk := range keys {
					k.Set(mk)
					x.Set(v.MapIndex(mk))
					key.enc(e, k)
					elem.enc(e, x)
				}
				return
			}
			for it := v.MapRange(); it.Next(); {
				k.SetIterKey(it)
				x.SetIterValue(it)
				key.enc(e, k)
				elem.enc(e, x)
			}
		}
		c.dec = func(d *Decoder, v reflect.Value) {
			n, ok := d.header(v)
			if !ok {
				return
			}
			m := reflect.MakeMapWithSize(t, n)
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for range n {
				key.dec(d, k)
				elem.dec(d, e)
				m.SetMapIndex(k, e)
				e.SetZero()
			}
			v.Set(m)
		}
	case reflect.Struct:
		type field struct {
			index int
			c     *codec
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue // as gob: unexported fields are not encoded
			}
			fc, err := makeCodec(f.Type, making)
			if err != nil {
				return nil, fmt.Errorf("%v.%s: %w", t, f.Name, err)
			}
			fields = append(fields, field{i, fc})
		}
		c.enc = func(e *Encoder, v reflect.Value) {
			for _, f := range fields {
				f.c.enc(e, v.Field(f.index))
			}
		}
		c.dec = func(d *Decoder, v reflect.Value) {
			for _, f := range fields {
				f.c.dec(d, v.Field(f.index))
			}
		}
	default:
		return nil, fmt.Errorf("pack: cannot encode %v values", t)
	}
	return c, nil
}

// encodeTime writes a time in UTC or the local zone as its zone and Unix
// time, read back as such without an allocation, and one in another zone
// by its MarshalBinary.
func encodeTime(e *Encoder, v reflect.Value) {
	t := *v.Addr().Interface().(*time.Time) // v is addressable (see Encode): no copy to the heap
	switch t.Location() {
	case time.UTC:
		e.buf = append(e.buf, 0)
	case time.Local:
		e.buf = append(e.buf, 1)
	default:
		b, err := t.MarshalBinary()
		if err != nil {
			e.fail(fmt.Errorf("pack: %v: %w", t, err))
		}
		e.buf = append(e.buf, 2)
		e.uint(uint64(len(b)))
		e.buf = append(e.buf, b...)
		return
	}
	e.int(t.Unix())
	e.uint(uint64(t.Nanosecond()))
}

func decodeTime(d *Decoder, v reflect.Value) {
	t := v.Addr().Interface().(*time.Time)
	switch d.uint() {
	case 0:
		*t = time.Unix(d.int(), int64(d.uint())).UTC()
	case 1:
		*t = time.Unix(d.int(), int64(d.uint()))
	default:
		n := d.length(d.uint())
		b := []byte(d.data[d.off : d.off+n])
		d.off += n
		if err := t.UnmarshalBinary(b); err != nil {
			d.fail(fmt.Errorf("pack: time: %w", err))
		}
	}
}
