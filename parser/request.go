package parser

import (
	"bytes"
	"net/netip"

	"github.com/switchyard/switchyard/parser/rules"
)

// Request is a parsed and validated request head.
type Request struct {
	Head
	Verdict

	// Upgrade lists the protocols of the Upgrade field, in order, empty
	// elements left out (RFC 9110 §7.8).
	Upgrade []Protocol
	// Connection lists the connection options (RFC 9110 §7.6.1).
	Connection []Token
	// ContentLength is the Content-Length value, or -1 when absent or invalid.
	ContentLength int64
	// TransferEncoding reports a Transfer-Encoding field.
	TransferEncoding bool
	// Expect100 reports Expect: 100-continue (RFC 9110 §10.1.1).
	Expect100 bool

	// WebSocket describes the WebSocket handshake when Upgrade offers it.
	WebSocket WebSocketRequest
	// H2C describes the h2c upgrade when Upgrade offers it (RFC 7540 §3.2).
	H2C H2CRequest
	// TLS reports an offer of TLS/1.0 (RFC 2817 §3).
	TLS bool
	// Switchable lists the offered protocols a server may switch to: those
	// whose own requirements the request meets. A server that switches
	// picks from these (RFC 9110 §7.8).
	Switchable []Protocol

	switchable [4]Protocol
}

// WebSocketRequest is what a WebSocket opening handshake request offers
// (RFC 6455 §4.1).
type WebSocketRequest struct {
	Offered    bool        // Upgrade lists websocket
	Key        []byte      // Sec-WebSocket-Key, OWS removed
	Version    int         // Sec-WebSocket-Version, or -1
	Protocols  []Token     // Sec-WebSocket-Protocol offers, in preference order
	Extensions []Extension // Sec-WebSocket-Extensions offers, in preference order
}

// H2CRequest is what an h2c upgrade request carries (RFC 7540 §3.2).
type H2CRequest struct {
	Offered  bool      // Upgrade lists h2c
	Settings []Setting // decoded HTTP2-Settings, when valid
}

func (r *Request) reset() {
	fields := r.Fields[:0]
	viol, warn := r.Violations[:0], r.Warnings[:0]
	*r = Request{}
	r.Fields = fields
	r.Violations, r.Warnings = viol, warn
	r.ContentLength = -1
	r.WebSocket.Version = -1
}

// validateRequest applies the field and handshake rules to a parsed head.
func (p *Parser) validateRequest(r *Request) {
	v := &r.Verdict
	http11 := r.Major == 1 && r.Minor >= 1
	p.checkPlacementAndDuplicates(&r.Head, v, inRequest)

	// Host (RFC 9112 §3.2): exactly one, valid, in every HTTP/1.1 request.
	switch n := r.count[fieldHost]; {
	case n == 0 && http11:
		v.add(rules.RFC9112_3_2_3, Recipient, "Host", 0, 1, 400, "HTTP/1.1 request without Host")
	case n >= 1:
		f := &r.Fields[p.firstField(&r.Head, fieldHost)]
		if !hostOK(f.Value, false) {
			v.add(rules.RFC9112_3_2_3, Recipient, "Host", f.ValueOffset, len(f.Value), 400, "Host is not uri-host [ \":\" port ]")
			v.also(rules.RFC9110_7_2_G1, "Host", f.ValueOffset, len(f.Value), "Host is not uri-host [ \":\" port ]")
		}
	}

	p.parseUpgrade(&r.Head, v, &r.Upgrade, &p.protos, 400)
	websocket := r.offers("websocket")
	// A generic upgrade (any protocol but WebSocket) is judged by RFC 9110
	// alone, whose §2.4 lets a recipient recover a usable element from an
	// invalid construct: a malformed connection option is the sender's
	// fault. RFC 6455 §4.2.1 makes any departure a refusal (AMB-2).
	connRole := Recipient
	if len(r.Upgrade) > 0 && !websocket {
		connRole = Sender
	}
	badOpt := p.parseConnection(&r.Head, v, &r.Connection, &p.conn, connRole)
	p.checkFraming(r)
	p.checkExpect(r)

	if len(r.Upgrade) > 0 {
		hasOpt := hasToken(r.Connection, "upgrade")
		if !websocket {
			// RFC 9110 §7.8: a sender of Upgrade MUST also send the
			// "upgrade" connection option. No RFC makes the server refuse
			// (RFC 9110 §2.4); AMB-28 is Switchyard's strict 400. For
			// WebSocket, RFC 6455 §4.2.1 makes it the server's duty
			// (RFC6455-4.2.1-5, in checkWebSocketRequest).
			f := &r.Fields[p.firstField(&r.Head, fieldUpgrade)]
			switch {
			case !hasOpt:
				v.add(rules.RFC9110_7_8_12, Sender, "Connection", f.Offset, f.End-f.Offset, 0, "Upgrade sent without the \"upgrade\" connection option")
				v.add(rules.AMB_28, Recipient, "Connection", f.Offset, f.End-f.Offset, 400, "Upgrade without the \"upgrade\" connection option refused by strict policy")
			case badOpt >= 0:
				v.add(rules.AMB_31, Recipient, "Connection", badOpt, 1, 400, "connection option that is not a token refused by strict policy (RFC 9110 §2.4 lets a recipient recover)")
			}
		}
		if r.Major == 1 && r.Minor == 0 {
			// RFC 9110 §7.8: a server MUST ignore Upgrade in an HTTP/1.0
			// request. The request is served as HTTP/1.0: for a generic
			// upgrade the duty is the server's not to switch; a WebSocket
			// handshake in HTTP/1.0 is refused (RFC6455-4.2.1-2).
			if pr, ok := firstOtherThan(r.Upgrade, "websocket"); ok {
				v.add(rules.RFC9110_7_8_13, NoSwitch, "Upgrade", pr.Offset, len(pr.Name), 0, "Upgrade in an HTTP/1.0 request: a server must ignore it and not switch")
			} else {
				v.warn(rules.RFC9110_7_8_13, "Upgrade", r.Upgrade[0].Offset, 1, "Upgrade in an HTTP/1.0 request: a server ignores it")
			}
		}
		for _, pr := range r.Upgrade {
			if pr.is("h2", "") {
				v.warn(rules.RFC7540_3_2_3, "Upgrade", pr.Offset, len(pr.Name), "h2 means HTTP/2 over TLS; a server ignores it in Upgrade")
			}
		}
		if hasToken(r.Connection, "close") {
			v.warn(rules.AMB_22, "Connection", 0, 1, "Connection: close with Upgrade: the connection closes when the new protocol ends")
		}
	}

	if websocket {
		p.checkWebSocketRequest(r)
		if len(v.Violations) > 0 {
			citeHandshakeDepartures(v)
		}
	} else if r.count[fieldKey] > 0 {
		// A key without websocket in Upgrade is a handshake that does not
		// ask for the switch (RFC 6455 §4.2.1 step 3).
		f := &r.Fields[p.firstField(&r.Head, fieldKey)]
		v.add(rules.RFC6455_4_2_1_4, Recipient, "Upgrade", f.Offset, f.End-f.Offset, 400, "Sec-WebSocket-Key without websocket in Upgrade")
		citeHandshakeDepartures(v)
	}
	if r.offersExactly("h2c", "") && http11 {
		p.checkH2CRequest(r)
	}
	if r.offersExactly("tls", "1.0") && http11 {
		r.TLS = true
		// A server may switch only on a request it accepts (STRICT-5).
		if hasToken(r.Connection, "upgrade") && r.Verdict.Valid(true) {
			r.addSwitchable("tls", "1.0")
		}
		if !hasToken(r.Connection, "upgrade") {
			// RFC 2817 §3.1 restates RFC 9110 §7.8 for the TLS upgrade.
			v.also(rules.RFC2817_3_1_2, "Connection", 0, 1, "Upgrade: TLS/1.0 without the \"upgrade\" connection option")
		}
	}
}

// citeHandshakeDepartures records, for a WebSocket handshake request, what
// RFC 6455 makes of the faults already found: a client MUST send a valid
// HTTP request (§4.1), so a MUST-level fault of RFC 9110 or RFC 9112 breaks
// that too; and a server MUST stop and answer with an HTTP error on any
// departure from the handshake (§4.2.1), which every fault the recipient
// must refuse for is. Neither changes whether the request is valid.
func citeHandshakeDepartures(v *Verdict) {
	var http, refuse *Violation
	for i := range v.Violations {
		x := &v.Violations[i]
		if x.Level != rules.Must {
			continue
		}
		if http == nil && isHTTPMessageRule(x.Rule) {
			http = x
		}
		if refuse == nil && x.Role == Recipient {
			refuse = x
		}
	}
	// Copy before appending: add may move the slice.
	if http != nil {
		x := *http
		v.also(rules.RFC6455_4_1_6, x.Field, x.Offset, x.Length, "the handshake is not a valid HTTP request: it breaks "+string(x.Rule))
	}
	if refuse != nil {
		x := *refuse
		v.add(rules.RFC6455_4_2_1_1, Recipient, x.Field, x.Offset, x.Length, x.Status, "departure from the handshake ("+string(x.Rule)+"): the server must stop and answer with an HTTP error")
	}
}

// isHTTPMessageRule reports whether breaking rule id makes a request an
// invalid HTTP request: a MUST or grammar rule of RFC 9110 or RFC 9112 on
// fields, lists and message syntax (catalogue Parts A, B and E). Left out:
// RFC 9110 §2.2's conformance rules, which restate other specifications'
// grammars and roles; the case of the method (RFC 9112 §3.1: "get" is a
// valid method, just not GET); an empty line before the request-line (RFC
// 9112 §2.2), which is outside the request; and what RFC 2616, the HTTP
// that RFC 6455 §4.1 names, still allowed or left unclear: line folding and
// whitespace-led lines (§2.2 LWS, §4.2), null list elements (§2.1) and
// implied LWS before a field's colon (§2.1).
func isHTTPMessageRule(id rules.ID) bool {
	switch id {
	case rules.RFC9110_2_2_1, rules.RFC9110_2_2_2, rules.RFC9112_3_1_1, rules.RFC9112_2_2_4,
		rules.RFC9112_5_2_1, rules.RFC9110_5_6_1_1_1, rules.RFC9110_5_6_1_1_G1, rules.RFC9112_5_1_1, rules.RFC9112_2_2_6:
		return false
	}
	s := string(id)
	if len(s) < 8 || (s[:8] != "RFC9110-" && s[:8] != "RFC9112-") {
		return false
	}
	r, ok := rules.Lookup(id)
	return ok && r.Level == rules.Must && r.Part != "" && (r.Part[0] == 'A' || r.Part[0] == 'B' || r.Part[0] == 'E')
}

// firstOtherThan returns the first protocol of ps whose name is not name
// (lower case).
func firstOtherThan(ps []Protocol, name string) (Protocol, bool) {
	for _, pr := range ps {
		if !equalFold(pr.Name, name) {
			return pr, true
		}
	}
	return Protocol{}, false
}

// offers reports whether Upgrade lists a protocol with this name, any version.
func (r *Request) offers(name string) bool {
	for _, pr := range r.Upgrade {
		if equalFold(pr.Name, name) {
			return true
		}
	}
	return false
}

// offersExactly reports whether Upgrade lists name/version ("" for none).
func (r *Request) offersExactly(name, version string) bool {
	for _, pr := range r.Upgrade {
		if equalFold(pr.Name, name) && equalFold(pr.Version, version) && (version != "" || pr.Version == nil) {
			return true
		}
	}
	return false
}

func (r *Request) addSwitchable(name, version string) {
	for _, pr := range r.Upgrade {
		if pr.is(name, version) || (equalFold(pr.Name, name) && equalFold(pr.Version, version)) {
			r.switchTo(pr)
			return
		}
	}
}

// switchTo lists pr, an element of Upgrade, among the switchable protocols.
func (r *Request) switchTo(pr Protocol) {
	if len(r.Switchable) < len(r.switchable) {
		r.Switchable = append(r.switchable[:len(r.Switchable)], pr)
	}
}

// checkPlacementAndDuplicates checks fields against the field table: a
// field reserved for the other kind of message (RFC 9110 §2.2, RFC 6455
// §4.3, RFC 7540 §3.2.1), and a singleton repeated on several lines
// (STRICT-1, AMB-4), counted before combining.
func (p *Parser) checkPlacementAndDuplicates(h *Head, v *Verdict, kind int) {
	if h.present&^fieldMasks.allowed[kind] == 0 && h.repeated&fieldMasks.singleton[kind] == 0 {
		return // the loop below would find nothing
	}
	for id := fieldHost; id < fieldCount; id++ {
		spec := &fieldTable[id]
		n := h.count[id]
		if n == 0 {
			continue
		}
		if spec.allowed&kind == 0 {
			f := &h.Fields[p.firstField(h, id)]
			rule := rules.RFC9110_2_2_2
			if id == fieldHTTP2Settings {
				rule = rules.RFC7540_3_2_1_2
			}
			v.add(rule, Sender, spec.name, f.Offset, f.End-f.Offset, 0, spec.name+" belongs in the other kind of message")
			if id == fieldKey || id == fieldAccept {
				// RFC 6455 §4.3: -Client fields only in requests, -Server only in responses.
				v.also(rules.RFC6455_4_3_1, spec.name, f.Offset, f.End-f.Offset, spec.name+" belongs in the other kind of message")
			}
		}
		if n > 1 && spec.singleton&kind != 0 {
			// Report at the second line.
			seen := 0
			for i := range h.Fields {
				if h.Fields[i].id == id {
					seen++
					if seen == 2 {
						f := &h.Fields[i]
						role, status := Recipient, 400
						if id == fieldHTTP2Settings {
							// RFC 7540 §3.2.1: the server must not upgrade,
							// and may serve the request as HTTP/1.1.
							role, status = NoSwitch, 0
						}
						if kind == inResponse {
							status = 0
						}
						v.add(spec.dup, role, spec.name, f.Offset, f.End-f.Offset, status, spec.name+" appears on more than one line")
						break
					}
				}
			}
		}
	}
}

// fieldMasks holds, per kind of message, the known fields allowed in it and
// those that must not repeat in it, as bit masks over field IDs (see
// Head.present).
var fieldMasks = func() (m struct {
	allowed, singleton [inRequest | inResponse + 1]uint16
}) {
	for _, kind := range []int{inRequest, inResponse} {
		for id := fieldHost; id < fieldCount; id++ {
			if fieldTable[id].allowed&kind != 0 {
				m.allowed[kind] |= 1 << id
			}
			if fieldTable[id].singleton&kind != 0 {
				m.singleton[kind] |= 1 << id
			}
		}
	}
	return m
}()

// Field IDs are bits of a uint16 in Head.present and fieldMasks: this
// constant overflows, and the build fails, if they outgrow it.
const _ = uint16(1 << (fieldCount - 1))

// parseConnection reads Connection = #connection-option (RFC 9110 §7.6.1).
// An option that is not a token is cited with role: Recipient where the
// recipient must refuse it, Sender where it may recover (RFC 9110 §2.4),
// the sender's RFC 9110 §2.2 duty then cited beside it. It returns the
// input offset of the first such option, or -1.
func (p *Parser) parseConnection(h *Head, v *Verdict, out *[]Token, buf *[]Token, role Role) int {
	*buf = (*buf)[:0]
	bad := -1
	p.eachElem(h, fieldConnection, rules.RFC9110_5_6_1_1_1, v, func(e listElem) {
		if i := firstNot(e.b, &tchar); i >= 0 {
			if bad < 0 {
				bad = e.off + i
			}
			if role == Recipient {
				v.add(rules.RFC9110_7_6_1_G1, Recipient, "Connection", e.off+i, 1, statusFor(h), "connection option is not a token")
			} else {
				v.add(rules.RFC9110_7_6_1_G1, Sender, "Connection", e.off+i, 1, 0, "connection option is not a token")
				v.also(rules.RFC9110_2_2_1, "Connection", e.off+i, 1, "connection option is not a token")
			}
			if wordsWithoutComma(e.b, isToken) {
				// Options with only whitespace between them: the comma
				// that separates list elements is missing (RFC 9110 §5.6.1).
				v.also(rules.RFC9110_5_6_1_G1, "Connection", e.off, len(e.b), "list elements not separated by a comma")
			} else {
				v.alsoNotToken("Connection", e.b, e.off)
			}
			return
		}
		*buf = append(*buf, Token{Value: e.b, Offset: e.off})
	})
	*out = *buf
	for _, t := range *out {
		if isEndToEnd(t.Value) {
			// RFC 9110 §7.6.1: a sender MUST NOT list an end-to-end field.
			v.add(rules.RFC9110_7_6_1_5, Sender, "Connection", t.Offset, len(t.Value), 0, "connection option names an end-to-end field")
		}
	}
	return bad
}

// isEndToEnd reports whether a connection option names one of
// endToEndFields. The usual options (upgrade, keep-alive, close) have a
// length no end-to-end name has, and are answered without a comparison.
func isEndToEnd(opt []byte) bool {
	if len(opt) >= len(endToEndLens) || !endToEndLens[len(opt)] {
		return false
	}
	for _, e2e := range endToEndFields {
		if equalFold(opt, e2e) {
			return true
		}
	}
	return false
}

// endToEndLens marks the lengths of the names in endToEndFields.
var endToEndLens = func() (t [32]bool) {
	for _, e2e := range endToEndFields {
		t[len(e2e)] = true
	}
	return t
}()

// endToEndFields are fields that are never hop-by-hop; Connection must not
// name them (RFC 9110 §7.6.1). Lower case.
var endToEndFields = [...]string{
	"host", "cache-control", "content-type", "content-length", "authorization", "cookie", "origin",
	"sec-websocket-key", "sec-websocket-accept", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions",
}

// statusFor is the status a server answers a refused request with; a
// response's recipient answers nothing.
func statusFor(h *Head) int {
	if h.Kind == KindRequest {
		return 400
	}
	return 0
}

// parseUpgrade reads Upgrade = #protocol, protocol = protocol-name
// ["/" protocol-version] (RFC 9110 §7.8).
func (p *Parser) parseUpgrade(h *Head, v *Verdict, out *[]Protocol, buf *[]Protocol, status int) {
	*buf = (*buf)[:0]
	if h.Kind == KindResponse {
		status = 0
	}
	p.eachElem(h, fieldUpgrade, rules.RFC9110_5_6_1_1_1, v, func(e listElem) {
		name, ver := e.b, []byte(nil)
		if i := indexByte(e.b, '/'); i >= 0 {
			name, ver = e.b[:i], e.b[i+1:]
			if !isToken(ver) {
				v.add(rules.RFC9110_7_8_G4, Recipient, "Upgrade", e.off+i+1, max(len(ver), 1), status, "protocol-version is not a token")
				alsoBadProtocol(v, e, ver, e.off+i+1)
				return
			}
		}
		if !isToken(name) {
			at := firstNot(name, &tchar)
			v.add(rules.RFC9110_7_8_G3, Recipient, "Upgrade", e.off+max(at, 0), 1, status, "protocol-name is not a token")
			alsoBadProtocol(v, e, name, e.off)
			return
		}
		*buf = append(*buf, Protocol{Name: name, Version: ver, Offset: e.off})
	})
	*out = *buf
}

// alsoBadProtocol records the building blocks an Upgrade element e breaks
// when part, its protocol-name or protocol-version at input offset off, is
// not a token: Upgrade = #protocol (RFC 9110 §7.8) always; then either the
// list's comma, when e is protocols with only whitespace between them
// (RFC 9110 §5.6.1), or protocol = protocol-name ["/" protocol-version] and
// token (§5.6.2).
func alsoBadProtocol(v *Verdict, e listElem, part []byte, off int) {
	v.also(rules.RFC9110_7_8_G1, "Upgrade", e.off, len(e.b), "Upgrade element is not a protocol")
	if wordsWithoutComma(e.b, isProtocol) {
		v.also(rules.RFC9110_5_6_1_G1, "Upgrade", e.off, len(e.b), "list elements not separated by a comma")
		return
	}
	v.also(rules.RFC9110_7_8_G2, "Upgrade", e.off, len(e.b), "protocol is not protocol-name [\"/\" protocol-version]")
	v.alsoNotToken("Upgrade", part, off)
}

// isProtocol reports whether b is protocol = protocol-name ["/"
// protocol-version], both tokens (RFC 9110 §7.8).
func isProtocol(b []byte) bool {
	if i := bytes.IndexByte(b, '/'); i >= 0 {
		return isToken(b[:i]) && isToken(b[i+1:])
	}
	return isToken(b)
}

func hasToken(ts []Token, lowerName string) bool {
	for _, t := range ts {
		if equalFold(t.Value, lowerName) {
			return true
		}
	}
	return false
}

// checkFraming reads Content-Length and Transfer-Encoding as far as the
// safety of an upgrade needs (RFC 9112 §6).
func (p *Parser) checkFraming(r *Request) {
	v := &r.Verdict
	if r.count[fieldContentLength] > 0 {
		r.ContentLength = p.contentLength(&r.Head, v)
	}
	if r.count[fieldTransferEncoding] == 0 {
		return
	}
	r.TransferEncoding = true
	var last []byte
	var lastOff int
	p.eachElem(&r.Head, fieldTransferEncoding, rules.RFC9110_5_6_1_1_1, v, func(e listElem) {
		coding := e.b
		if i := bytes.IndexByte(coding, ';'); i >= 0 {
			coding, _ = trimOWS(coding[:i])
		}
		if !isToken(coding) {
			// transfer-coding = token *( OWS ";" OWS transfer-parameter )
			v.add(rules.RFC9112_6_1_G1, Recipient, "Transfer-Encoding", e.off, len(e.b), 400, "transfer-coding is not a token")
			if i := bytes.IndexByte(e.b, ';'); i < 0 && wordsWithoutComma(e.b, isToken) {
				v.also(rules.RFC9110_5_6_1_G1, "Transfer-Encoding", e.off, len(e.b), "list elements not separated by a comma")
			} else {
				v.alsoNotToken("Transfer-Encoding", coding, e.off)
			}
		}
		last, lastOff = coding, e.off
	})
	f := &r.Fields[p.firstField(&r.Head, fieldTransferEncoding)]
	if r.Major == 1 && r.Minor == 0 {
		// RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing.
		v.add(rules.RFC9112_6_1_4, Sender, "Transfer-Encoding", f.Offset, f.End-f.Offset, 0, "Transfer-Encoding in an HTTP/1.0 message")
	}
	if r.count[fieldContentLength] > 0 {
		// RFC 9112 §6.2: a sender MUST NOT send both; §6.1: the server must
		// close after responding, so the connection cannot be upgraded.
		v.add(rules.RFC9112_6_2_1, Sender, "Content-Length", f.Offset, f.End-f.Offset, 0, "Content-Length together with Transfer-Encoding")
		v.add(rules.STRICT_6, Recipient, "Transfer-Encoding", f.Offset, f.End-f.Offset, 400, "Content-Length with Transfer-Encoding: the connection must close, never upgrade")
	}
	if !equalFold(last, "chunked") {
		// RFC 9112 §6.3: a request whose final coding is not chunked gets 400.
		v.add(rules.RFC9112_6_3_2, Recipient, "Transfer-Encoding", lastOff, max(len(last), 1), 400, "final transfer coding is not chunked")
	}
}

// contentLength reads Content-Length = 1*DIGIT (RFC 9110 §8.6). Several
// lines or list elements must all be the same valid value (RFC 9112 §6.3).
func (p *Parser) contentLength(h *Head, v *Verdict) int64 {
	var first []byte
	invalid := false
	lines := 0
	p.eachElem(h, fieldContentLength, "", v, func(e listElem) {
		lines++
		if invalid {
			return
		}
		if firstNot(e.b, &digitClass) >= 0 || len(e.b) > 18 {
			v.add(rules.RFC9112_6_3_3, Recipient, "Content-Length", e.off, len(e.b), statusFor(h), "Content-Length is not 1*DIGIT")
			v.also(rules.RFC9110_8_6_G1, "Content-Length", e.off, len(e.b), "Content-Length is not 1*DIGIT")
			invalid = true
			return
		}
		if first == nil {
			first = e.b
		} else if !bytes.Equal(first, e.b) {
			v.add(rules.RFC9112_6_3_3, Recipient, "Content-Length", e.off, len(e.b), statusFor(h), "Content-Length values differ")
			invalid = true
		}
	})
	if invalid || first == nil {
		if first == nil && !invalid {
			f := &h.Fields[p.firstField(h, fieldContentLength)]
			v.add(rules.RFC9112_6_3_3, Recipient, "Content-Length", f.ValueOffset, 1, statusFor(h), "empty Content-Length")
		}
		return -1
	}
	if lines > 1 {
		f := &h.Fields[p.firstField(h, fieldContentLength)]
		v.add(rules.RFC9110_5_3_3, Sender, "Content-Length", f.Offset, f.End-f.Offset, 0, "Content-Length repeated (identical values)")
	}
	var n int64
	for _, c := range first {
		n = n*10 + int64(c-'0')
	}
	return n
}

var digitClass = class("", '0', '9')

// ipFutureChar holds unreserved / sub-delims / ":" (RFC 3986 §3.2.2).
var ipFutureChar = class("-._~!$&'()*+,;=:", '0', '9', 'A', 'Z', 'a', 'z')

// ipLiteralOK checks the inside of IP-literal = "[" ( IPv6address /
// IPvFuture ) "]" (RFC 3986 §3.2.2): an IPv6 address without a zone, or
// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func ipLiteralOK(s []byte) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		dot := bytes.IndexByte(s, '.')
		if dot < 2 || dot == len(s)-1 {
			return false
		}
		for _, c := range s[1:dot] {
			if !isHex(c) {
				return false
			}
		}
		return firstNot(s[dot+1:], &ipFutureChar) < 0
	}
	if bytes.IndexByte(s, '%') >= 0 {
		return false // a zone ID is not part of IPv6address
	}
	a, err := netip.ParseAddr(string(s))
	return err == nil && a.Is6()
}

// checkExpect reads Expect (RFC 9110 §10.1.1).
func (p *Parser) checkExpect(r *Request) {
	if r.count[fieldExpect] == 0 {
		return
	}
	p.eachElem(&r.Head, fieldExpect, rules.RFC9110_5_6_1_1_1, &r.Verdict, func(e listElem) {
		if equalFold(e.b, "100-continue") {
			r.Expect100 = true
		}
	})
	if r.Expect100 && r.ContentLength <= 0 && !r.TransferEncoding {
		f := &r.Fields[p.firstField(&r.Head, fieldExpect)]
		// RFC 9110 §10.1.1: a client MUST NOT send 100-continue without content.
		r.Verdict.add(rules.RFC9110_10_1_1_1, Sender, "Expect", f.Offset, f.End-f.Offset, 0, "Expect: 100-continue on a request without content")
	}
}

// hostOK checks Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986
// §3.2.2); with needPort, the port is required (authority-form).
func hostOK(b []byte, needPort bool) bool {
	if len(b) == 0 {
		// reg-name may be empty: a target URI without authority (RFC 9112 §3.2).
		return !needPort
	}
	host := b
	port := []byte(nil)
	hasPort := false
	if b[0] == '[' {
		j := bytes.IndexByte(b, ']')
		if j < 0 || !ipLiteralOK(b[1:j]) {
			return false
		}
		rest := b[j+1:]
		if len(rest) > 0 {
			if rest[0] != ':' {
				return false
			}
			port, hasPort = rest[1:], true
		}
		host = nil
	} else if i := bytes.LastIndexByte(b, ':'); i >= 0 {
		host, port, hasPort = b[:i], b[i+1:], true
	}
	if needPort && !hasPort {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !regNameChar[c] {
			return false
		}
		if c == '%' && (i+2 >= len(host) || !isHex(host[i+1]) || !isHex(host[i+2])) {
			return false
		}
	}
	if b[0] != '[' && len(host) == 0 {
		return false
	}
	// port = *DIGIT
	return firstNot(port, &digitClass) < 0
}
