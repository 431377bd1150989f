package fuzz

import (
	"reflect"
	"strconv"
	"testing"
	"unsafe"

	"github.com/switchyard/switchyard/parser"
)

// filler builds a value with every slice holding one element and every
// integer, boolean and string set, all distinct, except at site change (a
// leaf or a slice, counted in walk order), which differs: a leaf by its
// value, a slice by its length. With empty set, every slice is empty but
// not nil.
type filler struct {
	site, change int
	empty        bool
}

func (f *filler) fill(v reflect.Value) {
	f.site++
	changed := f.site == f.change
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!changed)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.site%100) + 1 + int64(btoi(changed)))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.site%100) + 1 + uint64(btoi(changed)))
	case reflect.String:
		v.SetString("s" + strconv.Itoa(f.site) + strconv.FormatBool(changed))
	case reflect.Array:
		f.site-- // the elements are the sites
		for i := range v.Len() {
			f.fill(v.Index(i))
		}
	case reflect.Struct:
		f.site--
		for i := range v.NumField() {
			fv := v.Field(i)
			f.fill(reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem())
		}
	case reflect.Slice:
		n := 1 + btoi(changed)
		if f.empty {
			n = 0
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			f.fill(v.Index(i))
		}
	default:
		panic("filler: unexpected kind " + v.Kind().String())
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkSame runs TestSameResultFields for one result type: same is the
// hand-written comparison, ref equalFor's.
func checkSame[T any](t *testing.T, same func(a, b *T) bool, ref equalFunc) {
	t.Helper()
	build := func(change int, empty bool) (*T, int) {
		v := new(T)
		f := filler{change: change, empty: empty}
		f.fill(reflect.ValueOf(v).Elem())
		return v, f.site
	}
	a, sites := build(-1, false)
	b, _ := build(-1, false) // the same values in other buffers
	if !same(a, b) || !ref(unsafe.Pointer(a), unsafe.Pointer(b)) {
		t.Fatalf("%T: equal values in different buffers compare unequal (same %v, reference %v)", a, same(a, b), ref(unsafe.Pointer(a), unsafe.Pointer(b)))
	}
	for site := 1; site <= sites; site++ {
		c, _ := build(site, false)
		if same(a, c) {
			t.Errorf("%T: a change at site %d goes unseen", a, site)
		}
		if ref(unsafe.Pointer(a), unsafe.Pointer(c)) {
			t.Errorf("%T: the reference comparison misses the change at site %d", a, site)
		}
	}
	empty, _ := build(-1, true)
	nilled, _ := build(-1, true)
	nilSlices(reflect.ValueOf(nilled).Elem())
	if !same(empty, nilled) || !ref(unsafe.Pointer(empty), unsafe.Pointer(nilled)) {
		t.Errorf("%T: nil slices and empty ones compare unequal", a)
	}
	if sites < 40 {
		t.Errorf("%T: only %d sites; the walk missed fields", a, sites)
	}
}

// nilSlices sets every slice in v to nil.
func nilSlices(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fv := v.Field(i)
			nilSlices(reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem())
		}
	case reflect.Array:
		for i := range v.Len() {
			nilSlices(v.Index(i))
		}
	case reflect.Slice:
		v.SetZero()
	}
}

// TestSameResultFields: the hand-written sameRequest and sameResponse see
// a change in every field, unexported ones and those of slice elements
// included, as the reflect-built reference does; compare slices by
// content; and take nil for empty.
func TestSameResultFields(t *testing.T) {
	checkSame(t, sameRequest, sameRequestRef)
	checkSame(t, sameResponse, sameResponseRef)
}

// TestSameResultAgrees: on real parse results, pairwise over the seeds,
// the hand-written comparison agrees with the reference.
func TestSameResultAgrees(t *testing.T) {
	ins := append([][]byte{otherRequest, otherResponse}, requestSeeds()...)
	ins = append(ins, responseSeeds()...)
	var p1, p2 parser.Parser
	for _, x := range ins {
		for _, y := range ins {
			a, b := p1.ParseRequest(x), p2.ParseRequest(y)
			if got, want := sameRequest(a, b), sameRequestRef(unsafe.Pointer(a), unsafe.Pointer(b)); got != want {
				t.Errorf("requests %q, %q: sameRequest %v, reference %v", x, y, got, want)
			}
			r, s := p1.ParseResponse(x, nil), p2.ParseResponse(y, a)
			if got, want := sameResponse(r, s), sameResponseRef(unsafe.Pointer(r), unsafe.Pointer(s)); got != want {
				t.Errorf("responses %q, %q: sameResponse %v, reference %v", x, y, got, want)
			}
		}
	}
}

// TestRefAccept: the remembered Accept is the key's own, whatever key came
// before (RFC 6455 §1.3's example, then another key, then the first again).
func TestRefAccept(t *testing.T) {
	var s scratch
	key, accept := []byte("dGhlIHNhbXBsZSBub25jZQ=="), []byte("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
	other := []byte("x3JJHMbDL1EzLkh9GBhXDw==")
	for i, c := range []struct {
		key, accept []byte
		want        bool
	}{{key, accept, true}, {key, accept[:27], false}, {other, accept, false}, {key[:23], accept, false}, {key, accept, true}} {
		if got := refAccept(&s, c.key, c.accept); got != c.want {
			t.Errorf("%d: refAccept(%q, %q) = %v; want %v", i, c.key, c.accept, got, c.want)
		}
	}
}
