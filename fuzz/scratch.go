package fuzz

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/statemachine"
)

// scratch is the reusable state of one check: parsers and buffers that
// would otherwise be allocated for every input. A check takes one from
// scratchPool and puts it back when done, so concurrent callers never
// share one, and a fuzz worker, which runs one input after another, reuses
// the same one.
type scratch struct {
	// fresh and freshResponse are zeroed before each parse, so that they
	// parse as a new Parser does, without a new Parser's allocation; two,
	// because a request must stay valid while its response is parsed.
	fresh, freshResponse parser.Parser
	// reused parses something else (otherRequest, otherResponse) before the
	// input, so that state left over in its buffers shows; then the cut and
	// trimmed inputs.
	reused parser.Parser
	// aux parses the 101 the parser builds for a switchable request, and
	// the response heads of a state machine input.
	aux parser.Parser
	// orig is a copy of the input, to see that parsing leaves it alone.
	orig []byte
	// msg holds a message built from the input: a field's message, a
	// reprinted head.
	msg []byte
	// reply holds the 101 the parser builds for a switchable request.
	reply []byte
	// elems, decoded, settings and unquoted hold what the reference
	// decoders make of a field value: its list elements, its base64
	// octets, its HTTP/2 settings, a parameter's unescaped value.
	elems    [][]byte
	decoded  []byte
	settings [][2]uint32
	unquoted []byte
	// protocols hold two Upgrade protocols spelled out, to compare them.
	protocols [2][]byte
	// events and steps hold a state machine input's events and the steps
	// the first machine took.
	events []statemachine.Event
	steps  []step
	// bad is the first failure a state machine check finds, and trace the
	// Trace that records one in it (traceFunc).
	bad   error
	trace func(statemachine.Transition)
	// violation is errors.As's target for a step's error (a local one
	// would escape to the heap on every error).
	violation *parser.Violation
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch  { return scratchPool.Get().(*scratch) }
func putScratch(s *scratch) { scratchPool.Put(s) }

// sameRequest and sameResponse report whether two parse results hold the
// same values, unexported fields included (see equalFor).
var (
	sameRequest  = equalFor(reflect.TypeFor[parser.Request]())
	sameResponse = equalFor(reflect.TypeFor[parser.Response]())
)

// sameResult reports whether two parse results (*parser.Request or
// *parser.Response) hold the same values, unexported fields included, a
// nil slice equal to an empty one. The results alias different buffers,
// so slices compare by content.
func sameResult[T parser.Request | parser.Response](a, b *T) bool {
	eq := sameResponse
	if _, ok := any(a).(*parser.Request); ok {
		eq = sameRequest
	}
	return eq(unsafe.Pointer(a), unsafe.Pointer(b))
}

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

// sameMemory reports whether the n octets at a and at b are equal.
func sameMemory(a, b unsafe.Pointer, n uintptr) bool {
	return n == 0 || string(unsafe.Slice((*byte)(a), n)) == string(unsafe.Slice((*byte)(b), n))
}
