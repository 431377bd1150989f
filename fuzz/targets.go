package fuzz

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"fmt"

	"github.com/switchyard/switchyard/parser"
)

// otherRequest and otherResponse are parsed between two parses of the same
// input with one Parser, so that state left over in its buffers shows.
var (
	otherRequest  = []byte("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
	otherResponse = []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n")
)

// websocketGUID is the GUID of the Sec-WebSocket-Accept computation (RFC
// 6455 §4.2.2, item 5.4).
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// parseRequestTwice parses in with a fresh Parser and with s.reused after
// it parsed otherRequest, checks that both agree and that in is unchanged,
// and returns the fresh Parser's result.
func parseRequestTwice(s *scratch, in []byte) (*parser.Request, error) {
	s.orig = append(s.orig[:0], in...)
	s.fresh = parser.Parser{}
	r1 := s.fresh.ParseRequest(in)
	s.reused.ParseRequest(otherRequest)
	r2 := s.reused.ParseRequest(in)
	if !bytes.Equal(in, s.orig) {
		return r1, fmt.Errorf("ParseRequest changed its input")
	}
	if !sameResult(r1, r2) {
		return r1, fmt.Errorf("a reused Parser gives another result:\n%+v\nvs\n%+v", r1.Verdict, r2.Verdict)
	}
	return r1, nil
}

// CheckRequestHead checks the parser's invariants on a request head.
func CheckRequestHead(in []byte) error {
	s := getScratch()
	defer putScratch(s)
	_, err := checkRequest(s, in)
	return err
}

// checkRequest is CheckRequestHead; it also returns the request, parsed by
// a Parser of its own, for the field checks.
func checkRequest(s *scratch, in []byte) (*parser.Request, error) {
	r, err := parseRequestTwice(s, in)
	if err != nil {
		return r, err
	}
	if err := checkVerdict(&r.Verdict, in); err != nil {
		return r, err
	}
	if err := checkHead(&r.Head, in); err != nil {
		return r, err
	}
	if err := checkSwitchable(s, r); err != nil {
		return r, err
	}
	if r.Complete {
		// A strict prefix of a complete head is not a complete head.
		if cut := s.reused.ParseRequest(in[:r.Len-1]); cut.Complete {
			return r, fmt.Errorf("the first %d octets parse as a complete head of %d", r.Len-1, cut.Len)
		}
	}
	if r.Complete && r.Len < len(in) {
		// The parser reads nothing past the head: the head alone is judged
		// the same.
		alone := s.reused.ParseRequest(in[:r.Len])
		if !sameRules(&alone.Verdict, &r.Verdict) {
			return r, fmt.Errorf("octets after the head change the verdict: %v vs %v", alone.Violations, r.Violations)
		}
	}
	return r, nil
}

// checkSwitchable checks a request a server may switch: strictly valid
// (STRICT-5), and, for WebSocket, answered by the parser's own 101 builder
// with a 101 the parser accepts, whose Accept is base64(SHA-1(key + GUID)).
func checkSwitchable(s *scratch, r *parser.Request) error {
	for _, pr := range r.Switchable {
		if !r.Valid(parser.Strict) {
			return fmt.Errorf("%s is switchable but the request is not strictly valid: %v", pr, r.Violations)
		}
		if !bytes.EqualFold(pr.Name, []byte("websocket")) {
			continue
		}
		s.reply = parser.AppendSwitchingProtocols(s.reply[:0], r.WebSocket.Key, parser.Selection{})
		rr := s.aux.ParseResponse(s.reply, r)
		if !rr.Switched || !rr.Valid(parser.Strict) || !rr.Conforming() {
			return fmt.Errorf("the parser's own 101 to a switchable request is refused: %v\n%q", rr.Violations, s.reply)
		}
		if !refAccept(s, r.WebSocket.Key, rr.Accept) {
			return fmt.Errorf("Accept %q is not base64(SHA-1(key+GUID)) of key %q", rr.Accept, r.WebSocket.Key)
		}
	}
	return nil
}

// refAccept reports whether accept is base64(SHA-1(key + GUID)) (RFC 6455
// §4.2.2), computed with the standard library. The last key's Accept is
// kept in s: most WebSocket inputs of a field target carry the base
// message's key, and the hash was a twentieth of their check.
func refAccept(s *scratch, key, accept []byte) bool {
	if !s.acceptKnown || !bytes.Equal(key, s.acceptKey) {
		s.acceptKey = append(append(s.acceptKey[:0], key...), websocketGUID...)
		sum := sha1.Sum(s.acceptKey)
		base64.StdEncoding.Encode(s.accept[:], sum[:])
		s.acceptKey = s.acceptKey[:len(key)]
		s.acceptKnown = true
	}
	return bytes.Equal(accept, s.accept[:])
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
	s := getScratch()
	defer putScratch(s)
	_, err := checkResponse(s, in, nil)
	return err
}

// checkResponse checks a response head, judged against req when it is not
// nil, and returns it, parsed by a Parser of its own.
func checkResponse(s *scratch, in []byte, req *parser.Request) (*parser.Response, error) {
	s.orig = append(s.orig[:0], in...)
	s.freshResponse = parser.Parser{}
	r1 := s.freshResponse.ParseResponse(in, req)
	s.reused.ParseResponse(otherResponse, nil)
	r2 := s.reused.ParseResponse(in, req)
	if !bytes.Equal(in, s.orig) {
		return r1, fmt.Errorf("ParseResponse changed its input")
	}
	if !sameResult(r1, r2) {
		return r1, fmt.Errorf("a reused Parser gives another result:\n%+v\nvs\n%+v", r1.Verdict, r2.Verdict)
	}
	if err := checkVerdict(&r1.Verdict, in); err != nil {
		return r1, err
	}
	if len(in) > 0 && in[0] != '\r' && in[0] != '\n' {
		if err := checkHead(&r1.Head, in); err != nil {
			return r1, err
		}
	}
	if r1.Switched {
		if r1.Status != 101 || !r1.Valid(parser.Lenient) || len(r1.Upgrade) == 0 {
			return r1, fmt.Errorf("Switched, but status %d, valid %v, Upgrade %v", r1.Status, r1.Valid(parser.Lenient), r1.Upgrade)
		}
	}
	if req != nil && r1.Switched && req.WebSocket.Offered && bytes.EqualFold(r1.Upgrade[0].Name, []byte("websocket")) {
		if !refAccept(s, req.WebSocket.Key, r1.Accept) {
			return r1, fmt.Errorf("switched to websocket with Accept %q, not base64(SHA-1(key+GUID)) of key %q", r1.Accept, req.WebSocket.Key)
		}
	}
	return r1, nil
}

// CheckPair checks a request and the response that answers it: both
// verdicts' invariants, and a response that switches only to an offered
// protocol with the right Accept.
func CheckPair(reqIn, respIn []byte) error {
	s := getScratch()
	defer putScratch(s)
	req, err := parseRequestTwice(s, reqIn)
	if err != nil {
		return err
	}
	if err := checkVerdict(&req.Verdict, reqIn); err != nil {
		return fmt.Errorf("request: %w", err)
	}
	resp, err := checkResponse(s, respIn, req)
	if err != nil {
		return fmt.Errorf("response: %w", err)
	}
	if resp.Switched {
		for _, pr := range resp.Upgrade {
			s.protocols[0] = appendProtocol(s.protocols[0][:0], pr)
			ok := req.TLS && bytes.EqualFold(s.protocols[0], []byte("http/1.1"))
			for _, o := range req.Upgrade {
				s.protocols[1] = appendProtocol(s.protocols[1][:0], o)
				ok = ok || bytes.EqualFold(s.protocols[1], s.protocols[0])
			}
			if !ok {
				return fmt.Errorf("switched to %s, which the request did not offer (%v)", pr, req.Upgrade)
			}
		}
	}
	return nil
}

// appendProtocol appends p as p.String() spells it: name, or name/version.
func appendProtocol(dst []byte, p parser.Protocol) []byte {
	dst = append(dst, p.Name...)
	if p.Version != nil {
		dst = append(append(dst, '/'), p.Version...)
	}
	return dst
}

// CheckRoundTrip checks print∘parse: a conforming, valid, complete head
// rebuilt from its parsed parts (appendHead) prints to the same octets.
func CheckRoundTrip(in []byte) error {
	s := getScratch()
	defer putScratch(s)
	var h *parser.Head
	var v *parser.Verdict
	if bytes.HasPrefix(in, []byte("HTTP/")) {
		r := s.reused.ParseResponse(in, nil)
		h, v = &r.Head, &r.Verdict
	} else {
		r := s.reused.ParseRequest(in)
		h, v = &r.Head, &r.Verdict
	}
	if !h.Complete || !v.Conforming() || !v.Valid(parser.Strict) {
		return nil
	}
	if s.msg = appendHead(s.msg[:0], h, in); !bytes.Equal(s.msg, in[:h.Len]) {
		return fmt.Errorf("reprinted head differs:\n%q\nwant\n%q", s.msg, in[:h.Len])
	}
	return nil
}

// appendHead appends the head rebuilt from its parsed parts: the
// start-line from the method, target and version (or version, status and
// reason), each field line from its name, value and the OWS around the
// value as the input holds it, each line ended by CRLF, then the empty
// line.
func appendHead(dst []byte, h *parser.Head, in []byte) []byte {
	version := func(dst []byte) []byte {
		return append(dst, 'H', 'T', 'T', 'P', '/', byte('0'+h.Major), '.', byte('0'+h.Minor))
	}
	if h.Kind == parser.KindRequest {
		dst = append(append(append(append(dst, h.Method...), ' '), h.Target...), ' ')
		dst = version(dst)
	} else {
		dst = append(version(dst), ' ', byte('0'+h.Status/100), byte('0'+h.Status/10%10), byte('0'+h.Status%10), ' ')
		dst = append(dst, h.Reason...)
	}
	dst = append(dst, "\r\n"...)
	for _, f := range h.Fields {
		colon := f.Offset + len(f.Name)
		dst = append(append(dst, f.Name...), ':')
		dst = append(dst, in[colon+1:f.ValueOffset]...)
		dst = append(dst, f.Value...)
		dst = append(dst, in[f.ValueOffset+len(f.Value):f.End]...)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n"...)
}
