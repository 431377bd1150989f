package fuzz

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
)

// otherRequest and otherResponse are parsed between two parses of the same
// input with one Parser, so that state left over in its buffers shows.
var (
	otherRequest  = []byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
	otherResponse = []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n")
)

// parseRequestTwice parses in with a fresh Parser and with one that parsed
// something else first, checks that both agree and that in is unchanged,
// and returns the first result.
func parseRequestTwice(in []byte) (*parser.Request, error) {
	orig := bytes.Clone(in)
	var p1, p2 parser.Parser
	r1 := p1.ParseRequest(in)
	p2.ParseRequest(otherRequest)
	r2 := p2.ParseRequest(in)
	if !bytes.Equal(in, orig) {
		return r1, fmt.Errorf("ParseRequest changed its input")
	}
	if !same(*r1, *r2) {
		return r1, fmt.Errorf("a reused Parser gives another result:\n%+v\nvs\n%+v", r1.Verdict, r2.Verdict)
	}
	return r1, nil
}

// CheckRequestHead checks the parser's invariants on a request head.
func CheckRequestHead(in []byte) error {
	r, err := parseRequestTwice(in)
	if err != nil {
		return err
	}
	if err := checkVerdict(&r.Verdict, in); err != nil {
		return err
	}
	if err := checkHead(&r.Head, in); err != nil {
		return err
	}
	if err := checkSwitchable(r); err != nil {
		return err
	}
	if r.Complete {
		// A strict prefix of a complete head is not a complete head.
		if cut := parser.ParseRequest(in[:r.Len-1]); cut.Complete {
			return fmt.Errorf("the first %d octets parse as a complete head of %d", r.Len-1, cut.Len)
		}
	}
	if r.Complete && r.Len < len(in) {
		// The parser reads nothing past the head: the head alone is judged
		// the same.
		alone := parser.ParseRequest(in[:r.Len])
		if !sameRules(&alone.Verdict, &r.Verdict) {
			return fmt.Errorf("octets after the head change the verdict: %v vs %v", alone.Violations, r.Violations)
		}
	}
	return nil
}

// checkSwitchable checks a request a server may switch: strictly valid
// (STRICT-5), and, for WebSocket, answered by the parser's own 101 builder
// with a 101 the parser accepts, whose Accept is base64(SHA-1(key + GUID)).
func checkSwitchable(r *parser.Request) error {
	for _, pr := range r.Switchable {
		if !r.Valid(true) {
			return fmt.Errorf("%s is switchable but the request is not strictly valid: %v", pr, r.Violations)
		}
		if !strings.EqualFold(string(pr.Name), "websocket") {
			continue
		}
		resp := parser.AppendSwitchingProtocols(nil, r.WebSocket.Key, parser.Selection{})
		var p parser.Parser
		rr := p.ParseResponse(resp, r)
		if !rr.Switched || !rr.Valid(true) || !rr.Conforming() {
			return fmt.Errorf("the parser's own 101 to a switchable request is refused: %v\n%q", rr.Violations, resp)
		}
		if want := refAccept(r.WebSocket.Key); string(rr.Accept) != want {
			return fmt.Errorf("Accept %q; base64(SHA-1(key+GUID)) is %q", rr.Accept, want)
		}
	}
	return nil
}

func refAccept(key []byte) string {
	sum := sha1.Sum(append(bytes.Clone(key), "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"...))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// same reports whether two parse results are equal, a nil slice equal to
// an empty one (%v prints both as []; the results hold no pointers).
func same(a, b any) bool {
	return fmt.Sprintf("%v", a) == fmt.Sprintf("%v", b)
}

// sameRules reports whether two verdicts cite the same rules in the same
// order.
func sameRules(a, b *parser.Verdict) bool {
	if len(a.Violations) != len(b.Violations) {
		return false
	}
	for i := range a.Violations {
		if a.Violations[i].Rule != b.Violations[i].Rule {
			return false
		}
	}
	return true
}

// CheckResponseHead checks the parser's invariants on a response head
// judged without its request.
func CheckResponseHead(in []byte) error {
	return checkResponse(in, nil)
}

func checkResponse(in []byte, req *parser.Request) error {
	orig := bytes.Clone(in)
	var p1, p2 parser.Parser
	r1 := p1.ParseResponse(in, req)
	p2.ParseResponse(otherResponse, nil)
	r2 := p2.ParseResponse(in, req)
	if !bytes.Equal(in, orig) {
		return fmt.Errorf("ParseResponse changed its input")
	}
	if !same(*r1, *r2) {
		return fmt.Errorf("a reused Parser gives another result:\n%+v\nvs\n%+v", r1.Verdict, r2.Verdict)
	}
	if err := checkVerdict(&r1.Verdict, in); err != nil {
		return err
	}
	if len(in) > 0 && in[0] != '\r' && in[0] != '\n' {
		if err := checkHead(&r1.Head, in); err != nil {
			return err
		}
	}
	if r1.Switched {
		if r1.Status != 101 || !r1.Valid(false) || len(r1.Upgrade) == 0 {
			return fmt.Errorf("Switched, but status %d, valid %v, Upgrade %v", r1.Status, r1.Valid(false), r1.Upgrade)
		}
	}
	if req != nil && r1.Switched && req.WebSocket.Offered && strings.EqualFold(string(r1.Upgrade[0].Name), "websocket") {
		if want := refAccept(req.WebSocket.Key); string(r1.Accept) != want {
			return fmt.Errorf("switched to websocket with Accept %q; base64(SHA-1(key+GUID)) is %q", r1.Accept, want)
		}
	}
	return nil
}

// CheckPair checks a request and the response that answers it: both
// verdicts' invariants, and a response that switches only to an offered
// protocol with the right Accept.
func CheckPair(reqIn, respIn []byte) error {
	req, err := parseRequestTwice(reqIn)
	if err != nil {
		return err
	}
	if err := checkVerdict(&req.Verdict, reqIn); err != nil {
		return fmt.Errorf("request: %w", err)
	}
	if err := checkResponse(respIn, req); err != nil {
		return fmt.Errorf("response: %w", err)
	}
	var p parser.Parser
	resp := p.ParseResponse(respIn, req)
	if resp.Switched {
		for _, pr := range resp.Upgrade {
			ok := req.TLS && strings.EqualFold(pr.String(), "http/1.1")
			for _, o := range req.Upgrade {
				ok = ok || strings.EqualFold(o.String(), pr.String())
			}
			if !ok {
				return fmt.Errorf("switched to %s, which the request did not offer (%v)", pr, req.Upgrade)
			}
		}
	}
	return nil
}

// CheckRoundTrip checks print∘parse: a conforming, valid, complete head
// rebuilt from its parsed parts (properties.FromHead) prints to the same
// octets.
func CheckRoundTrip(in []byte) error {
	var p parser.Parser
	var h *parser.Head
	var v *parser.Verdict
	if bytes.HasPrefix(in, []byte("HTTP/")) {
		r := p.ParseResponse(in, nil)
		h, v = &r.Head, &r.Verdict
	} else {
		r := p.ParseRequest(in)
		h, v = &r.Head, &r.Verdict
	}
	if !h.Complete || !v.Conforming() || !v.Valid(true) {
		return nil
	}
	if out := properties.FromHead(h, in).Print(); !bytes.Equal(out, in[:h.Len]) {
		return fmt.Errorf("reprinted head differs:\n%q\nwant\n%q", out, in[:h.Len])
	}
	return nil
}
