package fuzz

import (
	"reflect"
	"unsafe"

	"github.com/switchyard/switchyard/parser"
)

// sameRequestRef and sameResponseRef report whether two parse results hold the
// same values, unexported fields included (see equalFor).
var (
	sameRequestRef  = equalFor(reflect.TypeFor[parser.Request]())
	sameResponseRef = equalFor(reflect.TypeFor[parser.Response]())
)

// equalFunc reports whether the values of one type at a and b are equal.
type equalFunc func(a, b unsafe.Pointer) bool

// equalFor builds, once per type, the comparison of two values of type t
// by content: memory compared in one piece wherever it holds neither
// pointers nor padding (plain), strings by value, slices by length and
// elements, structs field by field, unexported fields too. A reflect.Value
// walk of every field on every input cost a quarter of a field target's
// check. Parse results hold only structs, slices, arrays, strings,
// booleans and integers; for a kind outside those the comparison reports
// unequal, so that a new kind in the results fails loudly rather than
// passes unchecked.
func equalFor(t reflect.Type) equalFunc {
	if plain(t) {
		n := t.Size()
		return func(a, b unsafe.Pointer) bool { return sameMemory(a, b, n) }
	}
	switch t.Kind() {
	case reflect.String:
		return func(a, b unsafe.Pointer) bool { return *(*string)(a) == *(*string)(b) }
	case reflect.Slice:
		return sliceEqual(t.Elem())
	case reflect.Array:
		eq, size, n := equalFor(t.Elem()), t.Elem().Size(), uintptr(t.Len())
		return func(a, b unsafe.Pointer) bool {
			for i := range n {
				if !eq(unsafe.Add(a, i*size), unsafe.Add(b, i*size)) {
					return false
				}
			}
			return true
		}
	case reflect.Struct:
		return structEqual(t)
	}
	return func(a, b unsafe.Pointer) bool { return false }
}

// sliceEqual compares two slices of elem by length and elements. A slice's
// header is laid out as a []byte's whatever its element type.
func sliceEqual(elem reflect.Type) equalFunc {
	size := elem.Size()
	if plain(elem) {
		return func(a, b unsafe.Pointer) bool {
			x, y := *(*[]byte)(a), *(*[]byte)(b)
			return len(x) == len(y) && sameMemory(unsafe.Pointer(unsafe.SliceData(x)), unsafe.Pointer(unsafe.SliceData(y)), uintptr(len(x))*size)
		}
	}
	eq := equalFor(elem)
	return func(a, b unsafe.Pointer) bool {
		x, y := *(*[]byte)(a), *(*[]byte)(b)
		if len(x) != len(y) {
			return false
		}
		pa, pb := unsafe.Pointer(unsafe.SliceData(x)), unsafe.Pointer(unsafe.SliceData(y))
		for i := range uintptr(len(x)) {
			if !eq(unsafe.Add(pa, i*size), unsafe.Add(pb, i*size)) {
				return false
			}
		}
		return true
	}
}

// structEqual compares two structs field by field, a run of adjacent plain
// fields in one piece.
func structEqual(t reflect.Type) equalFunc {
	type part struct {
		off uintptr
		eq  equalFunc
	}
	var parts []part
	for i := 0; i < t.NumField(); {
		f := t.Field(i)
		i++
		if !plain(f.Type) {
			parts = append(parts, part{f.Offset, equalFor(f.Type)})
			continue
		}
		end := f.Offset + f.Type.Size()
		for i < t.NumField() && t.Field(i).Offset == end && plain(t.Field(i).Type) {
			end += t.Field(i).Type.Size()
			i++
		}
		n := end - f.Offset
		parts = append(parts, part{f.Offset, func(a, b unsafe.Pointer) bool { return sameMemory(a, b, n) }})
	}
	return func(a, b unsafe.Pointer) bool {
		for _, p := range parts {
			if !p.eq(unsafe.Add(a, p.off), unsafe.Add(b, p.off)) {
				return false
			}
		}
		return true
	}
}

// plain reports whether values of t are equal exactly when their memory
// is: booleans, integers, and arrays and structs of them without padding.
func plain(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	case reflect.Array:
		return plain(t.Elem())
	case reflect.Struct:
		var size uintptr
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Offset != size || !plain(f.Type) {
				return false
			}
			size += f.Type.Size()
		}
		return size == t.Size()
	}
	return false
}
