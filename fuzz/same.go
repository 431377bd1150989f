package fuzz

import (
	"reflect"
	"slices"
	"unsafe"

	"github.com/switchyard/switchyard/parser"
)

// sameResult reports whether two parse results (*parser.Request or
// *parser.Response) hold the same values, unexported fields included, a
// nil slice equal to an empty one. The results alias different buffers,
// so slices compare by content. The comparison is written out field by
// field: the reflect-built one (equalFor, kept in the tests as the
// reference TestSameResultFields checks this one against) cost a tenth of
// a field target's instrumented check in closure calls.
func sameResult[T parser.Request | parser.Response](a, b *T) bool {
	switch x := any(a).(type) {
	case *parser.Request:
		return sameRequest(x, any(b).(*parser.Request))
	case *parser.Response:
		return sameResponse(x, any(b).(*parser.Response))
	}
	return false
}

func sameRequest(a, b *parser.Request) bool {
	return sameHead(&a.Head, &b.Head) && sameVerdict(&a.Verdict, &b.Verdict) &&
		sameProtocols(a.Upgrade, b.Upgrade) && sameTokens(a.Connection, b.Connection) &&
		a.ContentLength == b.ContentLength && a.TransferEncoding == b.TransferEncoding &&
		a.Expect100 == b.Expect100 && sameWebSocketRequest(&a.WebSocket, &b.WebSocket) &&
		a.H2C.Offered == b.H2C.Offered && slices.Equal(a.H2C.Settings, b.H2C.Settings) &&
		a.TLS == b.TLS && sameProtocols(a.Switchable, b.Switchable) &&
		sameProtocols(switchableOf(a)[:], switchableOf(b)[:])
}

func sameResponse(a, b *parser.Response) bool {
	return sameHead(&a.Head, &b.Head) && sameVerdict(&a.Verdict, &b.Verdict) &&
		sameProtocols(a.Upgrade, b.Upgrade) && sameTokens(a.Connection, b.Connection) &&
		string(a.Accept) == string(b.Accept) && string(a.Subprotocol) == string(b.Subprotocol) &&
		sameExtensions(a.Extensions, b.Extensions) && a.Switched == b.Switched
}

func sameHead(a, b *parser.Head) bool {
	if a.Kind != b.Kind || string(a.Method) != string(b.Method) || string(a.Target) != string(b.Target) ||
		a.Status != b.Status || string(a.Reason) != string(b.Reason) || a.Major != b.Major ||
		a.Minor != b.Minor || a.Len != b.Len || a.Complete != b.Complete || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		x, y := &a.Fields[i], &b.Fields[i]
		if string(x.Name) != string(y.Name) || string(x.Value) != string(y.Value) || x.Offset != y.Offset ||
			x.ValueOffset != y.ValueOffset || x.End != y.End || x.Repaired != y.Repaired ||
			!sameSpan(unsafe.Pointer(x), unsafe.Pointer(y), fieldID) {
			return false
		}
	}
	for _, s := range headIndex {
		if !sameSpan(unsafe.Pointer(a), unsafe.Pointer(b), s) {
			return false
		}
	}
	return true
}

// sameVerdict compares with ==: a Violation holds only strings and
// integers.
func sameVerdict(a, b *parser.Verdict) bool {
	return slices.Equal(a.Violations, b.Violations) && slices.Equal(a.Warnings, b.Warnings)
}

func sameProtocols(a, b []parser.Protocol) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Name) != string(b[i].Name) || string(a[i].Version) != string(b[i].Version) || a[i].Offset != b[i].Offset {
			return false
		}
	}
	return true
}

func sameTokens(a, b []parser.Token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Value) != string(b[i].Value) || a[i].Offset != b[i].Offset {
			return false
		}
	}
	return true
}

func sameWebSocketRequest(a, b *parser.WebSocketRequest) bool {
	return a.Offered == b.Offered && string(a.Key) == string(b.Key) && a.Version == b.Version &&
		sameTokens(a.Protocols, b.Protocols) && sameExtensions(a.Extensions, b.Extensions)
}

func sameExtensions(a, b []parser.Extension) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Name) != string(b[i].Name) || a[i].Offset != b[i].Offset || len(a[i].Params) != len(b[i].Params) {
			return false
		}
		for j := range a[i].Params {
			x, y := &a[i].Params[j], &b[i].Params[j]
			if string(x.Name) != string(y.Name) || string(x.Value) != string(y.Value) ||
				x.HasValue != y.HasValue || x.Quoted != y.Quoted || x.Offset != y.Offset {
				return false
			}
		}
	}
	return true
}

// span is where an unexported field of integers lies in its struct: the
// parser's indexes of known fields, which a reused Parser must rebuild as
// a fresh one does, though package fuzz cannot name them.
type span struct{ off, size uintptr }

// switchableArray is the type of parser.Request's unexported switchable
// array, the storage Switchable points into.
type switchableArray = [4]parser.Protocol

var (
	fieldID    = unexported[parser.Field]("id", integers)
	headIndex  = [...]span{unexported[parser.Head]("count", integers), unexported[parser.Head]("first", integers), unexported[parser.Head]("present", integers), unexported[parser.Head]("repeated", integers)}
	switchable = unexported[parser.Request]("switchable", func(t reflect.Type) bool { return t == reflect.TypeFor[switchableArray]() })
)

// unexported finds T's field name, whose type must pass is: a renamed or
// retyped field stops every check at start-up rather than goes
// uncompared.
func unexported[T any](name string, is func(reflect.Type) bool) span {
	t := reflect.TypeFor[T]()
	f, ok := t.FieldByName(name)
	if !ok || len(f.Index) != 1 || !is(f.Type) {
		panic("fuzz: " + t.String() + " has no field " + name + " of the type the check compares")
	}
	return span{f.Offset, f.Type.Size()}
}

// integers reports whether t is an integer or an array of them: equal
// exactly when their memory is.
func integers(t reflect.Type) bool {
	if t.Kind() == reflect.Array {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// switchableOf returns r's unexported switchable array.
func switchableOf(r *parser.Request) *switchableArray {
	return (*switchableArray)(unsafe.Add(unsafe.Pointer(r), switchable.off))
}

// sameSpan reports whether the integers at span s of the structs at a and
// b are equal.
func sameSpan(a, b unsafe.Pointer, s span) bool {
	return sameMemory(unsafe.Add(a, s.off), unsafe.Add(b, s.off), s.size)
}

// sameMemory reports whether the n octets at a and at b are equal.
func sameMemory(a, b unsafe.Pointer, n uintptr) bool {
	return n == 0 || string(unsafe.Slice((*byte)(a), n)) == string(unsafe.Slice((*byte)(b), n))
}
