//go:build !gofuzz

package fuzz

import (
	"testing"

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

var sink *parser.Request

// TestCheckAllocs: a check allocates nothing beyond what the parser itself
// allocates in the parses the check makes: a fresh Parser's, and a reused
// one's of otherRequest, the input and the input cut short (house rule 9:
// the pooled scratch is an allocation trick, so a test holds it).
func TestCheckAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items at random")
	}
	in := otherRequest
	var warm parser.Parser
	parses := testing.AllocsPerRun(100, func() {
		var p parser.Parser
		sink = p.ParseRequest(in) // the check's fresh Parser escapes too
		warm.ParseRequest(otherRequest)
		warm.ParseRequest(in)
		warm.ParseRequest(in[:len(in)-1])
	})
	if n := testing.AllocsPerRun(100, func() {
		if err := CheckRequestHead(in); err != nil {
			t.Fatal(err)
		}
	}); n > parses {
		t.Errorf("CheckRequestHead: %v allocations; its parses make %v", n, parses)
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := CheckRoundTrip(in); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("CheckRoundTrip: %v allocations; want 0", n)
	}
}
