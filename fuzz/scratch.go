package fuzz

import (
	"reflect"
	"slices"
	"sync"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/statemachine"
)

// scratch is the reusable state of one check: parsers and buffers that
// would otherwise be allocated for every input. A check takes one from
// scratchPool and puts it back when done, so concurrent callers never
// share one, and a fuzz worker, which runs one input after another, reuses
// the same one.
type scratch struct {
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
	// events and steps hold a state machine input's events and the steps
	// the first machine took.
	events []statemachine.Event
	steps  []step
}

// violationsType is the type of Verdict.Violations and Verdict.Warnings.
var violationsType = reflect.TypeFor[[]parser.Violation]()

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch  { return scratchPool.Get().(*scratch) }
func putScratch(s *scratch) { scratchPool.Put(s) }

// sameResult reports whether two parse results (*parser.Request or
// *parser.Response) hold the same values, unexported fields included, a
// nil slice equal to an empty one. The results alias different buffers,
// so slices compare by content.
func sameResult(a, b any) bool {
	return sameValue(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

// sameValue compares two values of the same type by content. Parse results
// hold only structs, slices, arrays, strings, booleans and integers; a
// kind outside those compares unequal, so that a new kind in the results
// fails loudly rather than passes unchecked.
func sameValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		if a.Type() == violationsType && a.CanAddr() && a.CanInterface() && b.CanAddr() {
			// Violations are comparable: == on each, without a walk
			// through their fields.
			return slices.Equal(*a.Addr().Interface().(*[]parser.Violation), *b.Addr().Interface().(*[]parser.Violation))
		}
		if a.Type().Elem().Kind() == reflect.Uint8 && (a.Kind() == reflect.Slice || a.CanAddr() && b.CanAddr()) {
			return string(a.Bytes()) == string(b.Bytes())
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint()
	}
	return false
}
