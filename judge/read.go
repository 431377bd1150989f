package judge

import (
	"bytes"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// split returns the head of b and what follows it; a b with no complete
// head is all head.
func split(b []byte) (head, rest []byte) {
	if n := parser.HeadEnd(b); n >= 0 {
		return b[:n], b[n:]
	}
	return b, nil
}

// request parses the head of an observation's request.
func request(o *Observation) *parser.Request {
	var p parser.Parser
	h, _ := split(o.Request)
	return p.ParseRequest(h)
}

// sentBody returns the octets sent after the request head: those in
// Request past its head (a front end may record head and body together)
// and Body.
func sentBody(o *Observation) []byte {
	_, rest := split(o.Request)
	if len(rest) == 0 {
		return o.Body
	}
	return append(append([]byte{}, rest...), o.Body...)
}

// response parses a response head, paired with the request it answers.
func response(head []byte, req *parser.Request) *parser.Response {
	var p parser.Parser
	h, _ := split(head)
	return p.ParseResponse(h, req)
}

// isHTTP reports whether b starts like an HTTP/1.x status-line.
func isHTTP(b []byte) bool { return bytes.HasPrefix(b, []byte("HTTP/")) }

// offers reports whether the request's Upgrade names protocol (TLS as
// TLS/1.0, the others without a version).
func offers(req *parser.Request, protocol string) bool {
	name, version := protocolToken(protocol)
	for _, pr := range req.Upgrade {
		if strings.EqualFold(string(pr.Name), name) && strings.EqualFold(string(pr.Version), version) {
			return true
		}
	}
	return false
}

// protocolToken is the Upgrade token of an observation's protocol.
func protocolToken(protocol string) (name, version string) {
	if protocol == TLS {
		return "tls", "1.0"
	}
	return protocol, ""
}

// switchable reports whether the reference may switch the request to
// protocol (parser.Request.Switchable).
func switchable(req *parser.Request, protocol string) bool {
	name, version := protocolToken(protocol)
	for _, pr := range req.Switchable {
		if strings.EqualFold(string(pr.Name), name) && strings.EqualFold(string(pr.Version), version) {
			return true
		}
	}
	return false
}

// decision reads the decision a final response head shows.
func decision(o *Observation, req *parser.Request, resp *parser.Response) Decision {
	d := Decision{Fate: o.Fate}
	if resp == nil {
		return d
	}
	d.StatusClass = resp.Status / 100
	d.Switched = resp.Status == 101
	if d.Switched {
		var protos []string
		for _, pr := range resp.Upgrade {
			protos = append(protos, strings.ToLower(pr.String()))
		}
		d.Protocol = strings.Join(protos, ",")
	}
	if f := resp.Get("Sec-WebSocket-Protocol"); f != nil {
		d.Subprotocol = string(f.Value)
	}
	var exts []string
	for _, e := range resp.Extensions {
		exts = append(exts, string(e.Name))
	}
	if len(exts) == 0 {
		for i := range resp.Fields {
			if strings.EqualFold(string(resp.Fields[i].Name), "Sec-WebSocket-Extensions") {
				exts = append(exts, string(resp.Fields[i].Value))
			}
		}
	}
	d.Extensions = strings.Join(exts, ",")
	if req != nil && len(req.WebSocket.Key) > 0 && len(resp.Accept) > 0 {
		var want [parser.AcceptLen]byte
		d.AcceptOK = bytes.Equal(resp.Accept, parser.AppendAccept(want[:0], req.WebSocket.Key))
	}
	return d
}
