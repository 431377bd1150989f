package parser

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// Endpoint is what one endpoint of an upgrade is configured with: the facts
// that some rules depend on and that a message alone does not show — a
// client's ws URI, whether it is a browser or talks directly to the origin
// server; the origins and resources a server accepts, the lengths it
// processes, the permessage-deflate configurations it supports.
//
// CheckRequest judges what a client configured so sent; CheckResponse what
// a server configured so answered. Both judge only the configuration: the
// message itself is judged by ParseRequest and ParseResponse, whose
// verdicts they do not repeat. Every field's zero value means "not known":
// the zero Endpoint judges nothing. Like the rest of the package, an
// Endpoint does no I/O; it reads the parsed messages it is given.
type Endpoint struct {
	// Client side: the fields CheckRequest reads.

	// URI is the ws or wss URI the client was given to establish a
	// WebSocket connection with (RFC 6455 §3, §4.1). When it is not
	// valid, the client must Fail without sending any request (RFC 6455
	// §4.1 step 1). When it is, a WebSocket handshake's request-target
	// must be its resource name, or an absolute http or https URI with
	// the same resource name, host and port, and Host must be its host,
	// plus ":" port when the port is not the default (RFC 6455 §4.1,
	// items 3 and 4).
	URI string
	// Browser reports that the client is a web browser, which must send
	// Origin in a WebSocket handshake (RFC 6455 §4.1).
	Browser bool
	// Origin is the ASCII serialization of the origin of the script
	// establishing the connection (RFC 6454 §6.2), when known: a browser's
	// Origin must be exactly this.
	Origin string
	// DirectToOrigin reports that the client sends its requests directly
	// to the origin server, not through a proxy: its request-targets must
	// be in origin-form, except for CONNECT and a server-wide OPTIONS
	// (RFC 9112 §3.2.1).
	DirectToOrigin bool
	// ServerHTTP11Unknown reports that the client does not know whether the
	// server handles HTTP/1.1 requests (neither its configuration nor an
	// earlier response says so): it must not send Transfer-Encoding
	// (RFC 9112 §6.1).
	ServerHTTP11Unknown bool
	// CleartextUnacceptable reports that an unsecured response would be
	// unacceptable to the client: the request it sends in cleartext must be
	// an OPTIONS request that upgrades to TLS/1.0 (RFC 2817 §3.2).
	CleartextUnacceptable bool
	// OffersDeflate reports that the client is configured to offer
	// permessage-deflate: its WebSocket handshake must name it in
	// Sec-WebSocket-Extensions (RFC 7692 §5).
	OffersDeflate bool
	// DeflateReceiveWindowBits, when 8 to 14, is the largest LZ77 window,
	// as a base-2 logarithm, the client's permessage-deflate decompressor
	// can use. Each permessage-deflate offer must then say so with
	// server_max_window_bits no larger: an offer without it says the
	// client can receive messages compressed with a 32,768-byte (15-bit)
	// window (RFC 7692 §5, §7.1.2.1). 15, the default window, judges
	// nothing.
	DeflateReceiveWindowBits int

	// Server side: the fields CheckResponse reads.

	// Origins, when not nil, lists the serialized origins the server
	// accepts WebSocket connections from, compared exactly but for ASCII
	// case (AMB-30). A handshake whose Origin is not listed must get an
	// HTTP error, e.g. 403 (RFC 6455 §4.2.2 step 4). A handshake without
	// Origin is not judged: Origin is optional (AMB-30).
	Origins []string
	// Resources, when not nil, lists the WebSocket resources the server
	// serves, as paths: the resource name of the request-target without
	// its query, compared exactly. A handshake for another must get an
	// HTTP error, e.g. 404 (RFC 6455 §4.2.2 step 4, /resource name/).
	Resources []string
	// MaxFieldLine, when positive, is the longest field line the server
	// processes, in octets from the first octet of the name to the last of
	// the value (continuation lines included). A longer line must get a
	// 4xx (RFC 9110 §5.4).
	MaxFieldLine int
	// MaxFieldSection, when positive, is the largest field section the
	// server processes, in octets from the first field line's first octet
	// to the last field line's last. A larger one must get a 4xx
	// (RFC 9110 §5.4).
	MaxFieldSection int
	// MaxTarget, when positive, is the longest request-target the server
	// parses, in octets. A longer one must get 414 URI Too Long (RFC 9112
	// §3).
	MaxTarget int
	// Deflate, when not nil, is what the server's permessage-deflate
	// supports (RFC 7692 §7).
	Deflate *DeflateSupport
}

// DeflateSupport is the permessage-deflate configurations a server
// supports (RFC 7692 §7.1). Its zero value is a server that implements
// permessage-deflate with context takeover and a 32,768-byte window in both
// directions, and none of the optional parameters.
type DeflateSupport struct {
	// Disabled reports that the server does not implement
	// permessage-deflate: it declines every offer.
	Disabled bool
	// ServerNoContextTakeover reports that the server can compress each
	// message with an empty LZ77 window (server_no_context_takeover,
	// RFC 7692 §7.1.1.1).
	ServerNoContextTakeover bool
	// MinServerWindowBits is the smallest LZ77 window, as a base-2
	// logarithm from 8 to 15, the server's compressor can be limited to
	// (server_max_window_bits, RFC 7692 §7.1.2.1); 0 when the server does
	// not support the parameter. zlib, for one, cannot compress with an
	// 8-bit window: it would say 9.
	MinServerWindowBits int
}

// CheckRequest judges req as sent by a client configured as e: the
// violations of the rules that bind the client's configuration. Each has
// the role Sender — the server cannot know the client's configuration, so
// nothing here obliges it to refuse. An incomplete head is not judged.
//
// It cites RFC6455-4.1-1 (a request sent for an invalid URI, with the
// URI's own fault: RFC6455-3-G1 or RFC6455-3-1), RFC6455-4.1-8 (the
// request-target is not the URI's resource name; with RFC6455-3-2 when it
// is the resource name built wrongly: the query left out, or the "?" of an
// empty query kept),
// RFC6455-4.1-9 (Host is not the URI's host and port), RFC6455-4.1-13
// (a browser without its Origin), RFC9112-3.2.1-1 (not origin-form when
// talking directly to the origin), RFC9112-6.1-2 (Transfer-Encoding to a
// server not known to handle HTTP/1.1), RFC2817-3.2-1 (not an OPTIONS
// upgrade to TLS when cleartext is unacceptable), RFC7692-5-1 (no
// permessage-deflate offer when configured to offer it) and RFC7692-5-2
// (an offer that does not limit the server's window to what the client can
// receive).
func (e *Endpoint) CheckRequest(req *Request) Verdict {
	var v Verdict
	if req == nil || !req.Complete {
		return v
	}
	ws := req.offers("websocket")
	targetOff := len(req.Method) + 1
	e.checkURI(req, &v, ws, targetOff)
	e.checkOrigin(req, &v, ws)
	e.checkDirectTarget(req, &v, targetOff)
	e.checkTransferEncoding(req, &v)
	e.checkCleartext(req, &v)
	e.checkDeflateOffer(req, &v, ws)
	e.checkDeflateWindow(req, &v, ws)
	return v
}

// checkURI checks the ws URI the client was given and, for a WebSocket
// handshake, the request-target and Host against it (RFC6455-4.1-1, -8,
// -9). targetOff is where the request-target starts.
func (e *Endpoint) checkURI(req *Request, v *Verdict, ws bool, targetOff int) {
	if e.URI != "" {
		if u, err := ParseWebSocketURI(e.URI); err != nil {
			x := err.(*Violation)
			v.sender(rules.RFC6455_4_1_1, spanAt("head", 0, req.Len),
				"a handshake was sent for an invalid ws URI; the client must Fail instead: "+x.Message)
			if x.Rule != rules.RFC6455_4_1_1 {
				v.sender(x.Rule, spanAt("head", 0, req.Len), "the ws URI "+strconv.Quote(e.URI)+": "+x.Message)
			}
		} else if ws {
			e.checkURITarget(&u, req, v, targetOff)
			e.checkURIHost(&u, req, v)
		}
	}
}

// checkOrigin checks a browser's Origin in a WebSocket handshake
// (RFC6455-4.1-13).
func (e *Endpoint) checkOrigin(req *Request, v *Verdict, ws bool) {
	if e.Browser && ws {
		switch f := req.Get("Origin"); {
		case f == nil:
			v.sender(rules.RFC6455_4_1_13, spanAt("Origin", 0, req.Len), "a browser's WebSocket handshake without Origin")
		case e.Origin != "" && string(f.Value) != e.Origin:
			v.sender(rules.RFC6455_4_1_13, fieldValue("Origin", f),
				"Origin is not the serialization of the script's origin, "+strconv.Quote(e.Origin))
		}
	}
}

// checkDirectTarget checks the request-target of a client talking
// directly to the origin server (RFC9112-3.2.1-1). targetOff is where the
// request-target starts.
func (e *Endpoint) checkDirectTarget(req *Request, v *Verdict, targetOff int) {
	if e.DirectToOrigin && len(req.Target) > 0 && req.Target[0] != '/' &&
		string(req.Method) != "CONNECT" && !(string(req.Method) == "OPTIONS" && string(req.Target) == "*") {
		v.sender(rules.RFC9112_3_2_1_1, bytesAt("request-line", targetOff, req.Target),
			"a client talking directly to the origin server sends the request-target in origin-form")
	}
}

// checkTransferEncoding checks Transfer-Encoding sent to a server not known
// to handle HTTP/1.1 (RFC9112-6.1-2).
func (e *Endpoint) checkTransferEncoding(req *Request, v *Verdict) {
	if e.ServerHTTP11Unknown && req.TransferEncoding {
		off, n := 0, req.Len
		if f := req.Get("Transfer-Encoding"); f != nil {
			off, n = f.Offset, f.End-f.Offset
		}
		v.sender(rules.RFC9112_6_1_2, spanAt("Transfer-Encoding", off, n),
			"Transfer-Encoding sent to a server not known to handle HTTP/1.1")
	}
}

// checkCleartext checks for the OPTIONS upgrade to TLS a client owes when
// cleartext is unacceptable (RFC2817-3.2-1).
func (e *Endpoint) checkCleartext(req *Request, v *Verdict) {
	if e.CleartextUnacceptable {
		switch {
		case string(req.Method) != "OPTIONS":
			v.sender(rules.RFC2817_3_2_1, bytesAt("request-line", 0, req.Method),
				"cleartext is unacceptable, yet the request is "+string(req.Method)+", not an OPTIONS request upgrading to TLS first")
		case !req.offersExactly("tls", "1.0") || !hasToken(req.Connection, "upgrade"):
			v.sender(rules.RFC2817_3_2_1, spanAt("Upgrade", 0, req.Len),
				"cleartext is unacceptable, yet the OPTIONS request does not ask to switch: Upgrade: TLS/1.0 with Connection: Upgrade")
		}
	}
}

// checkDeflateOffer checks that a WebSocket client configured to offer
// permessage-deflate offers it (RFC7692-5-1).
func (e *Endpoint) checkDeflateOffer(req *Request, v *Verdict, ws bool) {
	if e.OffersDeflate && ws {
		found := false
		for i := range req.WebSocket.Extensions {
			if string(req.WebSocket.Extensions[i].Name) == PermessageDeflate {
				found = true
			}
		}
		if !found {
			off, n := 0, req.Len
			if f := req.Get("Sec-WebSocket-Extensions"); f != nil {
				off, n = f.Offset, f.End-f.Offset
			}
			v.sender(rules.RFC7692_5_1, spanAt("Sec-WebSocket-Extensions", off, n),
				"configured to offer permessage-deflate, the client does not name it in Sec-WebSocket-Extensions")
		}
	}
}

// checkDeflateWindow checks that a permessage-deflate offer limits the
// server's window to what the client can receive (RFC7692-5-2).
func (e *Endpoint) checkDeflateWindow(req *Request, v *Verdict, ws bool) {
	if b := e.DeflateReceiveWindowBits; 8 <= b && b <= 14 && ws {
		for i := range req.WebSocket.Extensions {
			o := &req.WebSocket.Extensions[i]
			if string(o.Name) != PermessageDeflate {
				continue
			}
			if msg, _, _ := pmdProblem(o, pmdOffer); msg != "" {
				continue // an invalid offer: the parser warns that a server declines it
			}
			if p := o.Param(ServerMaxWindowBits); p == nil {
				v.sender(rules.RFC7692_5_2, bytesAt("Sec-WebSocket-Extensions", o.Offset, o.Name),
					"a permessage-deflate offer without server_max_window_bits says the client receives 15-bit windows; it can only "+strconv.Itoa(b))
			} else if n, _ := windowBits(p.Value); n > b {
				v.sender(rules.RFC7692_5_2, bytesAt("Sec-WebSocket-Extensions", p.Offset, p.Name),
					"server_max_window_bits="+strconv.Itoa(n)+" is larger than the "+strconv.Itoa(b)+"-bit window the client can receive")
			}
		}
	}
}

// checkURITarget checks the request-target against the URI (RFC 6455 §4.1
// item 3): the resource name in origin-form, or an absolute http or https
// URI with the same resource name, host and port.
func (e *Endpoint) checkURITarget(u *WebSocketURI, req *Request, v *Verdict, off int) {
	t := string(req.Target)
	want := u.ResourceName()
	var got string
	switch {
	case strings.HasPrefix(t, "/"):
		got = t
	case hasSchemePrefix(t, "http://") || hasSchemePrefix(t, "https://"):
		secure := hasSchemePrefix(t, "https://")
		rest := t[strings.IndexByte(t, ':')+3:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		host, port, ok := splitHostPort(rest[:end])
		dflt := 80
		if secure {
			dflt = 443
		}
		if port < 0 {
			port = dflt
		}
		if !ok || !strings.EqualFold(host, u.Host) || port != u.Port {
			v.sender(rules.RFC6455_4_1_8, bytesAt("request-line", off, t),
				"absolute-form request-target whose host and port are not the ws URI's "+u.HostValue())
			return
		}
		got = rest[end:]
		if got == "" || got[0] == '?' {
			got = "/" + got
		}
	default:
		// The form itself (RFC6455-4.2.1-2, AMB-27 for a ws: target) is judged by the parser.
		v.sender(rules.RFC6455_4_1_8, bytesAt("request-line", off, t),
			"request-target is neither the ws URI's resource name nor an absolute http or https URI")
		return
	}
	if got == want {
		return
	}
	v.sender(rules.RFC6455_4_1_8, bytesAt("request-line", off, t),
		"request-target's resource name "+strconv.Quote(got)+" is not the ws URI's, "+strconv.Quote(want))
	if p := u.resourcePath(); (u.Query != "" && got == p) || (u.Query == "" && got == p+"?") {
		// The resource name built against RFC 6455 §3: the query left out,
		// or the "?" of an empty query kept.
		v.sender(rules.RFC6455_3_2, bytesAt("request-line", off, t),
			"the resource name is the path, then \"?\" and the query only when the query is not empty: "+strconv.Quote(want))
	}
}

// checkURIHost checks Host against the URI (RFC 6455 §4.1 item 4): /host/,
// with ":" /port/ when the port is not the default. A Host that spells out
// the default port is accepted.
func (e *Endpoint) checkURIHost(u *WebSocketURI, req *Request, v *Verdict) {
	f := req.Get("Host")
	if f == nil {
		return // the parser cites the missing Host
	}
	host, port, ok := splitHostPort(string(f.Value))
	if port < 0 && ok {
		if !u.DefaultPort() {
			v.sender(rules.RFC6455_4_1_9, fieldValue("Host", f),
				"Host lacks the ws URI's port "+strconv.Itoa(u.Port)+", which is not the default")
			return
		}
		port = u.Port
	}
	if !ok || !strings.EqualFold(host, u.Host) || port != u.Port {
		v.sender(rules.RFC6455_4_1_9, fieldValue("Host", f),
			"Host "+strconv.Quote(string(f.Value))+" is not the ws URI's "+strconv.Quote(u.HostValue()))
	}
}

// hasSchemePrefix reports whether t starts with prefix, the scheme matched
// case-insensitively.
func hasSchemePrefix(t, prefix string) bool {
	return len(t) >= len(prefix) && strings.EqualFold(t[:len(prefix)], prefix)
}

// splitHostPort splits uri-host [ ":" port ]; port is -1 when absent or
// empty. ok is false when the port is not a number up to 65535.
func splitHostPort(s string) (host string, port int, ok bool) {
	host, port = s, -1
	i := strings.LastIndexByte(s, ':')
	if i < 0 || strings.IndexByte(s[i:], ']') >= 0 {
		return host, port, true
	}
	host = s[:i]
	if p := s[i+1:]; p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 || p[0] == '+' || p[0] == '-' {
			return host, -1, false
		}
		port = n
	}
	return host, port, true
}

// CheckResponse judges resp, the answer to req, as sent by a server
// configured as e: the violations of the rules that bind the server's
// configuration. Each has the role Sender — the client cannot know the
// server's configuration. An interim 1xx other than 101, or an incomplete
// head, is not judged.
//
// It cites RFC9112-3-2 (a request-target longer than MaxTarget not answered
// 414), RFC9110-5.4-1 (a field line or section over the limits not
// answered with a 4xx), RFC6455-4.2.2-3 (an origin not accepted, yet no
// HTTP error), RFC6455-4.2.2-5 (a resource not served, yet no HTTP error),
// RFC7692-5-3 (an accepted permessage-deflate element the server does not
// fully support), RFC7692-7-2 (an accepted offer whose configuration the
// server does not support) and RFC7692-7.1.2.1-2 (an accepted offer with
// server_max_window_bits, which the server does not support).
func (e *Endpoint) CheckResponse(req *Request, resp *Response) Verdict {
	var v Verdict
	if req == nil || resp == nil || !req.Complete || !resp.Complete || resp.Informational() {
		return v
	}
	const status = "status-line"
	statusOff, statusLen := 9, 3 // "HTTP/1.1 " then the three digits
	code := "answered " + strconv.Itoa(resp.Status)

	if e.MaxTarget > 0 && len(req.Target) > e.MaxTarget && resp.Status != 414 {
		v.sender(rules.RFC9112_3_2, spanAt(status, statusOff, statusLen),
			"request-target of "+strconv.Itoa(len(req.Target))+" octets, longer than the "+strconv.Itoa(e.MaxTarget)+" the server parses, "+code+", not 414")
	}

	if !(400 <= resp.Status && resp.Status <= 499) {
		if what := e.oversized(req); what != "" {
			v.sender(rules.RFC9110_5_4_1, spanAt(status, statusOff, statusLen), what+", larger than the server processes, "+code+", not a 4xx")
		}
	}

	if !req.offers("websocket") {
		return v
	}
	httpError := resp.Status >= 400 && resp.Status <= 599
	if e.Origins != nil && !httpError {
		if f := req.Get("Origin"); f != nil && !containsFold(e.Origins, f.Value) {
			v.sender(rules.RFC6455_4_2_2_3, spanAt(status, statusOff, statusLen),
				"origin "+strconv.Quote(string(f.Value))+", which the server does not accept, "+code+", not an HTTP error such as 403")
		}
	}
	if e.Resources != nil && !httpError {
		if p, ok := targetPath(req.Target); ok && !slices.Contains(e.Resources, p) {
			v.sender(rules.RFC6455_4_2_2_5, spanAt(status, statusOff, statusLen),
				"resource "+strconv.Quote(p)+", which the server does not serve, "+code+", not an HTTP error such as 404")
		}
	}
	if e.Deflate != nil && resp.Status == 101 {
		e.checkDeflate(req, resp, &v)
	}
	return v
}

// oversized says which field line or section of req is over the limits,
// or "".
func (e *Endpoint) oversized(req *Request) string {
	fs := req.Fields
	if len(fs) == 0 {
		return ""
	}
	if e.MaxFieldLine > 0 {
		for i := range fs {
			if n := fs[i].End - fs[i].Offset; n > e.MaxFieldLine {
				return "a request with a " + strconv.Itoa(n) + "-octet " + string(fs[i].Name) + " field line"
			}
		}
	}
	if n := fs[len(fs)-1].End - fs[0].Offset; e.MaxFieldSection > 0 && n > e.MaxFieldSection {
		return "a request with a " + strconv.Itoa(n) + "-octet field section"
	}
	return ""
}

// checkDeflate judges an accepted permessage-deflate against what the
// server supports (RFC 7692 §5, §7, §7.1.2.1).
func (e *Endpoint) checkDeflate(req *Request, resp *Response, v *Verdict) {
	s := e.Deflate
	accepted := false
	for i := range resp.Extensions {
		x := &resp.Extensions[i]
		if string(x.Name) != PermessageDeflate {
			continue
		}
		accepted = true
		if msg, _, _ := pmdProblem(x, pmdResponse); msg != "" {
			continue // an invalid element is the parser's to judge (RFC 7692 §7)
		}
		if why := s.unsupported(x); why != "" {
			v.sender(rules.RFC7692_5_3, bytesAt("Sec-WebSocket-Extensions", x.Offset, x.Name),
				"the accepted permessage-deflate element is not a configuration the server fully supports: "+why)
		}
	}
	if !accepted {
		return
	}
	// The element accepts one of the valid offers; it breaks RFC 7692 §7
	// when the server supports none of them.
	valid, windowOnly := 0, true
	var why string
	for i := range req.WebSocket.Extensions {
		o := &req.WebSocket.Extensions[i]
		if string(o.Name) != PermessageDeflate {
			continue
		}
		if msg, _, _ := pmdProblem(o, pmdOffer); msg != "" {
			continue // an invalid offer: the parser cites RFC7692-5-7
		}
		valid++
		w := s.unsupported(o)
		if w == "" {
			return
		}
		why = w
		windowOnly = windowOnly && s.MinServerWindowBits == 0 && !s.Disabled && o.Param(ServerMaxWindowBits) != nil
	}
	if valid == 0 {
		return
	}
	off := resp.Extensions[0].Offset
	v.sender(rules.RFC7692_7_2, octetAt("Sec-WebSocket-Extensions", off),
		"permessage-deflate accepted, but the server supports none of the offered configurations ("+why+"); it must decline them")
	if windowOnly {
		v.sender(rules.RFC7692_7_1_2_1_2, octetAt("Sec-WebSocket-Extensions", off),
			"every offer carries server_max_window_bits, which the server does not support; it declines such offers")
	}
}

// unsupported says why the server cannot run the configuration of a
// permessage-deflate offer or response element, or "".
// client_no_context_takeover and client_max_window_bits constrain the
// client's compressor; every decompressor can follow them.
func (s *DeflateSupport) unsupported(x *Extension) string {
	if s.Disabled {
		return "the server does not implement permessage-deflate"
	}
	if x.Param(ServerNoContextTakeover) != nil && !s.ServerNoContextTakeover {
		return "server_no_context_takeover, which the server does not support"
	}
	if p := x.Param(ServerMaxWindowBits); p != nil {
		n, _ := windowBits(p.Value)
		switch {
		case s.MinServerWindowBits == 0:
			return "server_max_window_bits, which the server does not support"
		case n < s.MinServerWindowBits:
			return "server_max_window_bits=" + strconv.Itoa(n) + ", below the smallest window the server supports, " + strconv.Itoa(s.MinServerWindowBits)
		}
	}
	return ""
}

// targetPath returns the path of a request-target's resource name: an
// origin-form's path, or an absolute-form's ("/" when empty). ok is false
// for the other forms.
func targetPath(t []byte) (string, bool) {
	s := string(t)
	if !strings.HasPrefix(s, "/") {
		c := strings.Index(s, "://")
		if c <= 0 {
			return "", false
		}
		rest := s[c+3:]
		i := strings.IndexAny(rest, "/?")
		if i < 0 {
			return "/", true
		}
		s = rest[i:]
		if s[0] == '?' {
			return "/", true
		}
	}
	p, _, _ := strings.Cut(s, "?")
	return p, true
}

func containsFold(list []string, b []byte) bool {
	for _, x := range list {
		if len(x) == len(b) && bytes.EqualFold([]byte(x), b) {
			return true
		}
	}
	return false
}
