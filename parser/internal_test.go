package parser

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"math/rand"
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// TestValueClassPlain checks that scanOctets may skip what plainRun skips:
// the octets valueClass finds nothing wrong with are plainValue's.
func TestValueClassPlain(t *testing.T) {
	for c := 0; c < 256; c++ {
		if ok := valueClass[c] == vOK; ok != plainValue[c] {
			t.Errorf("octet %#02x: valueClass says fine = %v, plainValue %v", c, ok, plainValue[c])
		}
	}
}

// TestOWSClass checks isOWS's table against OWS's two octets.
func TestOWSClass(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := isOWS(byte(c)), c == ' ' || c == '\t'; got != want {
			t.Errorf("isOWS(%#02x) = %v, want %v", c, got, want)
		}
	}
}

// TestPlainRun checks the word-at-a-time scan against the byte table, on
// every octet at every position of a word and on random buffers.
func TestPlainRun(t *testing.T) {
	ref := func(b []byte, i int) int {
		for i < len(b) && plainValue[b[i]] {
			i++
		}
		return i
	}
	long := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz"), 7) // past the 16-octet steps and several 32-octet ones
	for c := 0; c < 256; c++ {
		for pos := 0; pos < len(long); pos++ {
			b := append([]byte(nil), long...)
			b[pos] = byte(c)
			for _, start := range []int{0, 1, 7} {
				if got, want := plainRun(b, start), ref(b, start); got != want {
					t.Fatalf("octet %#02x at %d from %d: plainRun %d, want %d", c, pos, start, got, want)
				}
			}
		}
	}
	// Two octets side by side, across a word boundary inside a 32-octet
	// step: an addition that carries out of the first must not hide the
	// second.
	for c := 0; c < 256; c++ {
		for d := 0; d < 256; d++ {
			b := append([]byte(nil), long...)
			b[16+32+7], b[16+32+8] = byte(c), byte(d)
			if got, want := plainRun(b, 0), ref(b, 0); got != want {
				t.Fatalf("octets %#02x %#02x: plainRun %d, want %d", c, d, got, want)
			}
		}
	}
	rng := rand.New(rand.NewSource(7))
	for n := 0; n < 5000; n++ {
		b := make([]byte, rng.Intn(300))
		for i := range b {
			b[i] = byte(0x20 + rng.Intn(0xe0))
			if rng.Intn(30) == 0 {
				b[i] = byte(rng.Intn(256))
			}
		}
		start := 0
		if len(b) > 0 {
			start = rng.Intn(len(b))
		}
		if got, want := plainRun(b, start), ref(b, start); got != want {
			t.Fatalf("%q from %d: plainRun %d, want %d", b, start, got, want)
		}
	}
}

// TestTokenEnd checks the eight-at-a-time token scan against the tchar
// table, on every octet at every position, from every start.
func TestTokenEnd(t *testing.T) {
	ref := func(b []byte, i int) int {
		for i < len(b) && tchar[b[i]] {
			i++
		}
		return i
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < len("Sec-WebSocket-Extensions"); pos++ {
			b := []byte("Sec-WebSocket-Extensions")
			b[pos] = byte(c)
			for start := 0; start <= len(b); start++ {
				if got, want := tokenEnd(b, start), ref(b, start); got != want {
					t.Fatalf("octet %#02x at %d of %q from %d: tokenEnd %d, want %d", c, pos, b, start, got, want)
				}
			}
		}
	}
}

// TestLowerTable checks the case-folding table against lower, and tcharAt
// against tchar, on all 256 octets.
func TestLowerTable(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := lowerTable[c], lower(byte(c)); got != want {
			t.Errorf("lowerTable[%#02x] = %#02x, want %#02x", c, got, want)
		}
		for k := range tcharAt {
			want := uint8(0)
			if tchar[c] {
				want = 1 << k
			}
			if got := tcharAt[k][c]; got != want {
				t.Errorf("tcharAt[%d][%#02x] = %#x, want %#x", k, c, got, want)
			}
		}
	}
}

// TestLookupField checks the perfect-hash lookup against a search of the
// whole field table, on every known name in three casings, every
// single-octet change of them, and random token names of every length.
func TestLookupField(t *testing.T) {
	ref := func(name []byte) fieldID {
		for id := fieldHost; id < fieldCount; id++ {
			if equalFold(name, fieldTable[id].low) {
				return id
			}
		}
		return fieldOther
	}
	check := func(name []byte) {
		t.Helper()
		want := ref(name)
		if got := lookupField(name); got != want {
			t.Fatalf("lookupField(%q) = %v, want %v", name, got, want)
		}
		// In place, as fastFields calls it: the rest of the line, and
		// of the head, follows the name.
		if len(name) <= maxKnownName {
			w := append(append([]byte(nil), name...), ": Upgrade\r\nSec-WebSocket-Key: x"...)
			if got := lookupWindow((*[maxKnownName]byte)(w), len(name)); got != want {
				t.Fatalf("lookupWindow(%q, %d) = %v, want %v", w, len(name), got, want)
			}
		}
	}
	for id := fieldHost; id < fieldCount; id++ {
		low := fieldTable[id].low
		check([]byte(low))
		check([]byte(fieldTable[id].name))
		check(bytes.ToUpper([]byte(low)))
		for pos := 0; pos < len(low); pos++ {
			for c := 0; c < 256; c++ {
				name := []byte(low)
				name[pos] = byte(c)
				if isToken(name) {
					check(name)
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(3))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~"
	for n := 0; n < 50000; n++ {
		check(randomOf(rng, alphabet, 32))
	}
}

// TestRawIndex checks the map from a quoted-string's unescaped content back
// to its raw octets, which places a tchar citation on the right octet.
func TestRawIndex(t *testing.T) {
	for _, c := range []struct {
		raw  string
		u, k int
	}{
		{`abc`, 1, 1},
		{`a\ b`, 1, 2},
		{`\a\b c`, 2, 4},
		{`abc`, -1, -1},
		{`ab`, 2, -1},
	} {
		if k := rawIndex([]byte(c.raw), c.u); k != c.k {
			t.Errorf("rawIndex(%q, %d) = %d, want %d", c.raw, c.u, k, c.k)
		}
	}
}

// TestEncodeDigest checks the fixed-size base64 of an Accept value against
// encoding/base64 on random digests and on the octets at the alphabet's
// ends.
func TestEncodeDigest(t *testing.T) {
	rng := rand.New(rand.NewSource(6455))
	for n := 0; n < 2000; n++ {
		var sum [sha1.Size]byte
		for i := range sum {
			sum[i] = byte(rng.Intn(256))
			if n < 2 {
				sum[i] = byte(n * 0xff)
			}
		}
		var got [AcceptLen]byte
		encodeDigest(&got, &sum)
		if want := base64.StdEncoding.EncodeToString(sum[:]); string(got[:]) != want {
			t.Fatalf("%x: %s, want %s", sum, got, want)
		}
	}
}

// randomOf returns 1 to max octets drawn from octets.
func randomOf(rng *rand.Rand, octets string, max int) []byte {
	b := make([]byte, 1+rng.Intn(max))
	for i := range b {
		b[i] = octets[rng.Intn(len(octets))]
	}
	return b
}

// TestHostFastPath checks hostOK, which takes the common Host in one pass,
// against hostGrammarOK on random values made of the octets each part of
// the grammar turns on, with and without a required port.
func TestHostFastPath(t *testing.T) {
	rng := rand.New(rand.NewSource(7230))
	const octets = "a1.-:%[]@ 0Ff_~v\x00\x80"
	for n := 0; n < 200000; n++ {
		b := randomOf(rng, octets, 12)
		for _, needPort := range []bool{portOptional, portRequired} {
			if got, want := hostOK(b, needPort), hostGrammarOK(b, needPort); got != want {
				t.Fatalf("hostOK(%q, %v) = %v, want %v", b, needPort, got, want)
			}
		}
	}
}

// TestFirstLine checks that a known field's first line is found, and that
// an absent one gives nil rather than an index to trip on.
func TestFirstLine(t *testing.T) {
	r := ParseRequest([]byte("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\nHost: b\r\n\r\n"))
	if f := r.firstLine(fieldHost); f == nil || string(f.Value) != "a" {
		t.Errorf("firstLine(Host) = %+v, want the line with a", f)
	}
	if f := r.firstLine(fieldKey); f != nil {
		t.Errorf("firstLine(Sec-WebSocket-Key) = %+v, want nil", f)
	}
	var empty Head
	if f := empty.firstLine(fieldUpgrade); f != nil {
		t.Errorf("firstLine on an empty head = %+v, want nil", f)
	}
}

// TestEqualFold checks the word-at-a-time comparison against the octet
// loop it replaces, with every octet at every position of lower-case
// names of every length the words cover and around them.
func TestEqualFold(t *testing.T) {
	ref := func(b []byte, s string) bool {
		if len(b) != len(s) {
			return false
		}
		for i, c := range b {
			if lower(c) != s[i] {
				return false
			}
		}
		return true
	}
	names := []string{"", "h2", "get", "tls", "1.0", "http", "ab{d", "z`a{", "close", "https", "upgrade", "a{`@[z~",
		"chunked", "12345678", "a-b.c_d~", "websocket", "100-continue", "http2-settings", "abcdefghijklmnop",
		"sec-websocket-key", "permessage-deflate"}
	for _, s := range names {
		for i := range len(s) {
			for c := range 256 {
				b := []byte(s)
				b[i] = byte(c)
				if got, want := equalFold(b, s), ref(b, s); got != want {
					t.Fatalf("equalFold(%q, %q) = %v, want %v", b, s, got, want)
				}
			}
		}
		if equalFold([]byte(s+"x"), s) {
			t.Fatalf("equalFold(%q, %q) with a longer b", s+"x", s)
		}
	}
}

// TestAllIn checks the eight-at-a-time class test against firstNot, with
// every octet at every position of members of each class it is used for.
func TestAllIn(t *testing.T) {
	cases := []struct {
		c    *[256]bool
		at   *[8][256]uint8
		base string
	}{
		{&tchar, &tcharAt, "Sec-WebSocket-Extensions"},
		{&targetNoPct, &targetNoPctAt, "/socket/v2/stream?channel=market-data&client=web"},
		{&base64Char, &base64CharAt, "ooBG8nxzxD2/DH7iJnQ1tg"},
	}
	for _, tc := range cases {
		for n := range len(tc.base) + 1 {
			for i := range n {
				for c := range 256 {
					b := []byte(tc.base[:n])
					b[i] = byte(c)
					if got, want := allIn(b, tc.c, tc.at), firstNot(b, tc.c) < 0; got != want {
						t.Fatalf("allIn(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
}

// TestSubprotocolRepeats checks subprotocolSet against comparing each
// subprotocol with those before it, on random lists with and without
// repeats, past DefaultMaxListElements too (where it compares with each).
func TestSubprotocolRepeats(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	firstRepeat := func(list [][]byte) int {
		for i := range list {
			for j := 0; j < i; j++ {
				if bytes.Equal(list[i], list[j]) {
					return i
				}
			}
		}
		return -1
	}
	for n := 0; n < 3000; n++ {
		list := make([][]byte, 1+rng.Intn(2*DefaultMaxListElements))
		for i := range list {
			list[i] = []byte{'p', byte('a' + rng.Intn(26)), byte('a' + rng.Intn(26))}
			if rng.Intn(3) == 0 {
				list[i] = list[i][:1+rng.Intn(3)] // short ones repeat often
			}
		}
		if n%2 == 0 {
			// Distinct ones, then maybe one repeated, at any length.
			for i := range list {
				list[i] = []byte{'q', byte('a' + i/26), byte('a' + i%26)}
			}
			if k := len(list) - 1; k > 0 && rng.Intn(4) > 0 {
				list[k] = list[rng.Intn(k)]
			}
		}
		var seen subprotocolSet
		var ts []Token
		got := -1
		for i, b := range list {
			if seen.repeats(ts, b) {
				got = i
				break
			}
			ts = append(ts, Token{Value: b})
		}
		if want := firstRepeat(list); got != want {
			t.Fatalf("%q: first repeat at %d, want %d", list, got, want)
		}
	}
}

// TestRuleFacts checks the table recording reads against the tables it is
// derived from: every rule of refusalStatus and senderTwins, twins
// included, is a catalogue rule, so none is dropped, and its fact holds
// its level, status and twins.
func TestRuleFacts(t *testing.T) {
	ids := map[rules.ID]bool{}
	for id := range refusalStatus {
		ids[id] = true
	}
	for id, twins := range senderTwins {
		ids[id] = true
		for _, twin := range twins {
			ids[twin] = true
		}
	}
	for id := range ids {
		r, ok := rules.Lookup(id)
		if !ok {
			t.Errorf("%s is in refusalStatus or senderTwins but not in the catalogue", id)
			continue
		}
		f := ruleFacts[id]
		if f.level != r.Level || f.status != refusalStatus[id] || len(f.twins) != len(senderTwins[id]) {
			t.Errorf("%s: fact %+v; want level %v, status %d, twins %v", id, f, r.Level, refusalStatus[id], senderTwins[id])
			continue
		}
		for i, twin := range f.twins {
			if twin.id != senderTwins[id][i] || twin.level != rules.LevelOf(twin.id) {
				t.Errorf("%s: twin %d is %+v; want %s at its level", id, i, twin, senderTwins[id][i])
			}
		}
	}
}
