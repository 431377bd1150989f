//go:build !gofuzz

package fuzz

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/switchyard/switchyard/parser"
)

func TestSameResult(t *testing.T) {
	var p1, p2 parser.Parser
	a := p1.ParseRequest(otherRequest)
	p2.ParseRequest([]byte("GET / HTTP/1.1\r\nHost: a\r\nX: \x01\r\n\r\n"))
	b := p2.ParseRequest(otherRequest)
	if !sameResult(a, b) {
		t.Fatalf("a fresh and a reused Parser differ on the same request")
	}
	for _, other := range []string{
		"GET /chat HTTP/1.1\r\nHost: server.example.com\r\n\r\n",                        // fewer fields
		string(otherRequest[:len(otherRequest)-2]) + "X: \x01\r\n\r\n",                  // one more violation
		"GET /chaT HTTP/1.1" + string(otherRequest[len("GET /chat HTTP/1.1"):]),         // one octet of a []byte
		string(otherRequest[:len(otherRequest)-2]) + "Sec-WebSocket-Version: 8\r\n\r\n", // an int
	} {
		c := p2.ParseRequest([]byte(other))
		if sameResult(a, c) {
			t.Errorf("sameResult finds no difference between the results for %q and %q", otherRequest, other)
		}
	}
	r := p1.ParseResponse(otherResponse, nil)
	var p3 parser.Parser
	if !sameResult(r, p3.ParseResponse(otherResponse, nil)) {
		t.Errorf("two Parsers differ on the same response")
	}
}

// TestCheckAllocs: a check allocates nothing beyond what the parser itself
// allocates in the parses the check makes: a fresh Parser's (its buffers
// grow from nothing), and a reused one's of otherRequest, the input and
// the input cut short (house rule 9: the pooled scratch is an allocation
// trick, so a test holds it).
func TestCheckAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items at random")
	}
	var fresh, warm parser.Parser
	parses := func(in []byte) float64 {
		return testing.AllocsPerRun(100, func() {
			fresh = parser.Parser{}
			fresh.ParseRequest(in)
			warm.ParseRequest(otherRequest)
			warm.ParseRequest(in)
			warm.ParseRequest(in[:len(in)-1])
		})
	}
	in := otherRequest
	if n, p := testing.AllocsPerRun(100, func() {
		if err := CheckRequestHead(in); err != nil {
			t.Fatal(err)
		}
	}), parses(in); n > p {
		t.Errorf("CheckRequestHead: %v allocations; its parses make %v", n, p)
	}
	for _, value := range []string{"keep-alive, Upgrade", "Upgrade, HTTP2-Settings, close"} {
		v := []byte(value)
		if n, p := testing.AllocsPerRun(100, func() {
			if err := CheckField(FieldConnection, v); err != nil {
				t.Fatal(err)
			}
		}), parses(appendFieldMessage(nil, FieldConnection, v)); n > p {
			t.Errorf("CheckField(Connection, %q): %v allocations; its parses make %v", value, n, p)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := CheckRoundTrip(in); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("CheckRoundTrip: %v allocations; want 0", n)
	}
}

// kinds holds every kind equalFor compares, unexported fields, padding and
// a run of plain fields among them.
type kinds struct {
	b     bool
	n     int64
	small [3]uint8 // padding after it
	s     string
	bs    []byte
	plain []struct {
		x int32
		y uint16
	}
	nested []struct {
		name []byte
		n    int
	}
	arr [2]struct{ s string }
}

func sampleKinds() kinds {
	k := kinds{b: true, n: 7, small: [3]uint8{1, 2, 3}, s: "s", bs: []byte("bs")}
	k.plain = append(k.plain, struct {
		x int32
		y uint16
	}{1, 2})
	k.nested = append(k.nested, struct {
		name []byte
		n    int
	}{[]byte("a"), 1})
	k.arr[1].s = "t"
	return k
}

// TestEqualFor: equalFor finds a change in any field, and compares slices
// by content, not by address.
func TestEqualFor(t *testing.T) {
	eq := equalFor(reflect.TypeFor[kinds]())
	a, b := sampleKinds(), sampleKinds()
	if !eq(unsafe.Pointer(&a), unsafe.Pointer(&b)) {
		t.Fatal("two equal values (in different buffers) compare unequal")
	}
	b.bs = append([]byte(nil), a.bs...)
	b.bs = b.bs[:len(b.bs):len(b.bs)]
	if !eq(unsafe.Pointer(&a), unsafe.Pointer(&b)) {
		t.Fatal("a copied slice compares unequal")
	}
	for name, change := range map[string]func(*kinds){
		"bool":          func(k *kinds) { k.b = false },
		"int":           func(k *kinds) { k.n++ },
		"array":         func(k *kinds) { k.small[2]++ },
		"string":        func(k *kinds) { k.s = "S" },
		"bytes":         func(k *kinds) { k.bs[1] = 'S' },
		"bytes length":  func(k *kinds) { k.bs = k.bs[:1] },
		"plain element": func(k *kinds) { k.plain[0].y++ },
		"nested bytes":  func(k *kinds) { k.nested[0].name[0] = 'b' },
		"nested int":    func(k *kinds) { k.nested[0].n++ },
		"nested length": func(k *kinds) { k.nested = k.nested[:0] },
		"string array":  func(k *kinds) { k.arr[1].s = "u" },
	} {
		c := sampleKinds()
		change(&c)
		if eq(unsafe.Pointer(&a), unsafe.Pointer(&c)) {
			t.Errorf("a change of the %s goes unseen", name)
		}
	}
	var nilSlice, empty kinds
	empty.bs = []byte{}
	if !eq(unsafe.Pointer(&nilSlice), unsafe.Pointer(&empty)) {
		t.Error("a nil slice and an empty one compare unequal")
	}
	type unsupported struct{ p *int }
	x := unsupported{new(int)}
	if equalFor(reflect.TypeFor[unsupported]())(unsafe.Pointer(&x), unsafe.Pointer(&x)) {
		t.Error("a kind outside those of the parse results compares equal")
	}
}
