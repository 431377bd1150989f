package parser

import (
	"bytes"
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// Response is a parsed and validated response head.
type Response struct {
	Head
	Verdict

	// Upgrade lists the protocols of the Upgrade field: for a 101, the
	// protocols switched to, bottom-up (RFC 9110 §7.8).
	Upgrade []Protocol
	// Connection lists the connection options.
	Connection []Token
	// Accept is Sec-WebSocket-Accept, OWS removed.
	Accept []byte
	// Subprotocol is the selected Sec-WebSocket-Protocol, or nil.
	Subprotocol []byte
	// Extensions are the selected Sec-WebSocket-Extensions, in order.
	Extensions []Extension
	// Switched reports a 101 that the recipient accepts: the connection
	// now speaks Upgrade's protocol (meaningful when the response was
	// checked against its request).
	Switched bool
}

func (r *Response) reset() {
	fields := r.Fields[:0]
	viol, warn := r.Violations[:0], r.Warnings[:0]
	*r = Response{}
	r.Fields = fields
	r.Violations, r.Warnings = viol, warn
}

// Informational reports a 1xx status other than 101: an interim response
// the client skips (RFC 9110 §15.2, AMB-19).
func (r *Response) Informational() bool { return r.Status >= 100 && r.Status < 200 && r.Status != 101 }

// validateResponse applies the response rules, and the pairing rules when
// the request is known.
func (p *Parser) validateResponse(r *Response, req *Request) {
	v := &r.Verdict
	p.checkPlacementAndDuplicates(&r.Head, v, inResponse)
	p.parseUpgrade(&r.Head, v, &r.Upgrade, &p.rprotos, 0)
	// A 101 to a generic upgrade is judged by RFC 9110 alone, whose §2.4
	// lets its recipient recover a malformed connection option; RFC 6455
	// §4.1 makes the client Fail a WebSocket 101 without "upgrade".
	connRole := Recipient
	if r.Status == 101 && len(r.Upgrade) > 0 && !switchesToName(r.Upgrade, "websocket") {
		connRole = Sender
	}
	badOpt := p.parseConnection(&r.Head, v, &r.Connection, &p.rconn, connRole)

	checkNoContent(r)
	if len(r.Upgrade) > 0 && !hasToken(r.Connection, "upgrade") && r.Status != 101 {
		f := r.firstLine(fieldUpgrade)
		v.sender(rules.RFC9110_7_8_12, fieldLine("Connection", f), "Upgrade sent without the \"upgrade\" connection option")
	}
	if f := r.firstLine(fieldAccept); f != nil {
		r.Accept = f.Value
	}
	if r.count[fieldVersion] > 0 {
		p.checkServerVersions(r)
	}

	if r.Status == 101 && req != nil && req.count[fieldContentLength] > 0 && req.TransferEncoding {
		// RFC 9112 §6.1: "the server MUST close the connection after
		// responding to such a request"; a 101 keeps it open.
		v.sender(rules.RFC9112_6_1_5, octetAt("status-line", 0), "101 to a request with both Content-Length and Transfer-Encoding, after which the server must close the connection")
	}
	switch {
	case r.Status == 101:
		p.check101(r, req, badOpt)
	case r.Status == 426:
		check426(r)
	}
	if req != nil {
		p.checkAnswerTo(r, req)
	}
}

// checkAnswerTo applies what a response owes the request it answers,
// beyond a 101's switch: no Accept without a switch, the versions a
// refusal of an unsupported one lists, no 1xx to HTTP/1.0.
func (p *Parser) checkAnswerTo(r *Response, req *Request) {
	v := &r.Verdict
	if r.Status != 101 && r.count[fieldAccept] == 1 && req.WebSocket.Offered {
		p.checkAcceptWithout101(r, req)
	}
	if req.WebSocket.Offered && req.WebSocket.Version > 0 && req.WebSocket.Version != SupportedVersion &&
		r.Status >= 400 && r.count[fieldVersion] == 0 {
		// RFC 6455 §4.2.2 step 4 and §4.4: a server refusing a version it
		// does not support lists the versions it does in the refusal.
		v.sender(rules.RFC6455_4_2_2_4, octetAt("Sec-WebSocket-Version", 0), "refusal of an unsupported version without Sec-WebSocket-Version")
		v.sender(rules.RFC6455_4_4_1, octetAt("Sec-WebSocket-Version", 0), "refusal of an unsupported version without Sec-WebSocket-Version")
	}
	if req.Major == 1 && req.Minor == 0 && r.Status/100 == 1 {
		// RFC 9110 §15.2: no 1xx to an HTTP/1.0 client.
		v.refuseResponse(rules.RFC9110_15_2_1, octetAt("status-line", 0), "1xx response to an HTTP/1.0 request")
		r.Switched = false
	}
}

// checkNoContent flags framing fields in a response that has no content:
// a 1xx or a 204 (RFC 9110 §8.6, RFC 9112 §6.1).
func checkNoContent(r *Response) {
	v := &r.Verdict
	noContent := r.Status/100 == 1 || r.Status == 204
	if noContent && r.count[fieldContentLength] > 0 {
		f := r.firstLine(fieldContentLength)
		v.sender(rules.RFC9110_8_6_1, fieldLine("Content-Length", f), "Content-Length in a "+strconv.Itoa(r.Status)+" response")
	}
	if noContent && r.count[fieldTransferEncoding] > 0 {
		f := r.firstLine(fieldTransferEncoding)
		v.sender(rules.RFC9112_6_1_1, fieldLine("Transfer-Encoding", f), "Transfer-Encoding in a "+strconv.Itoa(r.Status)+" response")
	}
}

// checkServerVersions reads Sec-WebSocket-Version in a response.
func (p *Parser) checkServerVersions(r *Response) {
	v := &r.Verdict
	// Sec-WebSocket-Version-Server = 1#version (RFC 6455 §4.3), the
	// versions a refusing server supports (§4.4).
	n, _ := p.eachElem(&r.Head, fieldVersion, "", v, func(e listElem) {
		if _, rule := parseVersion(e.b); rule != "" {
			v.sender(rules.RFC6455_4_3_G10, element("Sec-WebSocket-Version", e), "supported version is not 0-255 without leading zeros")
		}
	})
	if n == 0 {
		f := r.firstLine(fieldVersion)
		v.sender(rules.RFC6455_4_3_G10, octetAt("Sec-WebSocket-Version", f.ValueOffset), "empty list of supported versions")
		v.alsoNoElement("Sec-WebSocket-Version", f.ValueOffset)
	}
}

// check426 applies RFC 9110 §15.5.22 and RFC 2817 §4.2 to a 426.
func check426(r *Response) {
	v := &r.Verdict
	// RFC 9110 §15.5.22: a 426 MUST carry Upgrade. The client treats the
	// response as a refusal either way (RFC 2817 §5.1: a proxy may have
	// stripped it), so the fault is the sender's.
	if len(r.Upgrade) == 0 {
		v.sender(rules.RFC9110_15_5_22_1, octetAt("Upgrade", 0), "426 Upgrade Required without Upgrade")
		v.sender(rules.RFC9110_7_8_8, octetAt("Upgrade", 0), "426 Upgrade Required without Upgrade")
	} else if pr, ok := tlsWithoutVersion(r.Upgrade); ok {
		// RFC 2817 §4.2: a 426 requiring TLS names the token of the
		// required TLS version.
		v.sender(rules.RFC2817_4_2_1, bytesAt("Upgrade", pr.Offset, pr.Name), "426 requires TLS without naming the TLS version (e.g. TLS/1.0)")
	}
}

// tlsWithoutVersion returns the element of a 426's Upgrade that names TLS
// without a version, when no element names TLS with one.
func tlsWithoutVersion(ps []Protocol) (Protocol, bool) {
	var bare Protocol
	found := false
	for _, pr := range ps {
		if !equalFold(pr.Name, "tls") {
			continue
		}
		if pr.Version != nil {
			return Protocol{}, false
		}
		if !found {
			bare, found = pr, true
		}
	}
	return bare, found
}

// checkAcceptWithout101 flags a response other than 101 that carries the
// right Sec-WebSocket-Accept for the request's key: the server accepted
// the handshake (the value exists only to prove acceptance, RFC 6455
// §1.3), and a server that accepts MUST answer with 101 (§4.2.2). The
// client treats the response as HTTP (§4.1), so the fault is the sender's.
func (p *Parser) checkAcceptWithout101(r *Response, req *Request) {
	f := r.firstLine(fieldAccept)
	var want [AcceptLen]byte
	if bytes.Equal(f.Value, AppendAccept(want[:0], req.WebSocket.Key)) && len(req.WebSocket.Key) > 0 {
		r.Verdict.sender(rules.RFC6455_4_2_2_8, octetAt("status-line", 0), "the response accepts the handshake (its Sec-WebSocket-Accept matches the key) with status "+strconv.Itoa(r.Status)+", not 101")
	}
}

// check101 checks a 101 Switching Protocols (RFC 9110 §15.2.2, §7.8) and,
// with its request, the switch it announces. badOpt is the input offset of
// the first connection option that is not a token, or -1.
func (p *Parser) check101(r *Response, req *Request, badOpt int) {
	v := &r.Verdict
	if r.Major == 1 && r.Minor == 0 {
		// AMB-21: a 101 does not exist in HTTP/1.0.
		v.refuseResponse(rules.AMB_21, spanAt("status-line", 0, 8), "101 with HTTP/1.0 in its status-line")
	}
	if len(r.Upgrade) == 0 {
		v.refuseResponse(rules.RFC9110_15_2_2_1, octetAt("Upgrade", 0), "101 Switching Protocols without Upgrade naming the new protocol")
		return
	}
	upgOff := r.firstLine(fieldUpgrade).ValueOffset
	websocket := switchesToName(r.Upgrade, "websocket")
	check101Connection(r, req, badOpt, upgOff, websocket)
	if req == nil {
		r.Switched = r.Verdict.Valid(Lenient)
		return
	}
	if len(req.Upgrade) == 0 || (req.Major == 1 && req.Minor == 0) {
		v.refuseResponse(rules.RFC9110_7_8_6, octetAt("Upgrade", upgOff), "101 to a request that offered no upgrade")
		if len(req.Upgrade) > 0 && offered(req.Upgrade, r.Upgrade[0]) {
			// RFC 9110 §7.8: a server MUST ignore Upgrade in HTTP/1.0.
			v.sender(rules.RFC9110_7_8_13, octetAt("Upgrade", upgOff), "101 acting on Upgrade in an HTTP/1.0 request, which a server must ignore")
		}
		return
	}
	for _, pr := range r.Upgrade {
		if !offered(req.Upgrade, pr) && !(req.TLS && pr.is("http", "1.1")) {
			v.refuseResponse(rules.RFC9110_7_8_6, bytesAt("Upgrade", pr.Offset, pr.Name), "101 switches to "+pr.String()+", which the request did not offer")
			return
		}
	}
	p.checkSwitchAllowed(r, req)
	p.check101Stack(r, req, upgOff)
	r.Switched = r.Verdict.Valid(Lenient)
}

// check101Connection checks a 101's "upgrade" connection option (RFC 9110
// §7.8); websocket says whether it switches to WebSocket, upgOff is where
// its Upgrade value is, badOpt where its first connection option that is
// not a token is, or -1.
func check101Connection(r *Response, req *Request, badOpt, upgOff int, websocket bool) {
	v := &r.Verdict
	switch {
	case !hasToken(r.Connection, "upgrade"):
		// RFC 9110 §7.8: the server, sending Upgrade, MUST send the option.
		// For WebSocket the client MUST Fail (RFC6455-4.1-21, checked in
		// checkWebSocket101, or below without the request); for any other
		// protocol no RFC makes the client refuse (RFC 9110 §2.4), and
		// AMB-28 is Switchyard's strict Fail.
		v.sender(rules.RFC9110_7_8_12, octetAt("Connection", upgOff), "101 without the \"upgrade\" connection option")
		switch {
		case !websocket:
			v.refuseResponse(rules.AMB_28, octetAt("Connection", upgOff), "101 without the \"upgrade\" connection option refused by strict policy")
		case req == nil:
			v.refuseResponse(rules.RFC6455_4_1_21, octetAt("Connection", upgOff), "Connection lacks the \"upgrade\" option")
		}
	case !websocket && badOpt >= 0:
		v.refuseResponse(rules.AMB_31, octetAt("Connection", badOpt), "connection option that is not a token refused by strict policy (RFC 9110 §2.4 lets a recipient recover)")
	}
}

// check101Stack checks what the switch a 101 announces needs beyond being
// offered: WebSocket's handshake, TLS/1.0's layer order, h2c alone.
func (p *Parser) check101Stack(r *Response, req *Request, upgOff int) {
	v := &r.Verdict
	switch {
	case req.WebSocket.Offered && equalFold(r.Upgrade[0].Name, "websocket"):
		p.checkWebSocket101(r, req)
	case req.TLS && switchesTo(r.Upgrade, "tls", "1.0"):
		// RFC 2817 §3.3 / RFC 9110 §7.8: layers bottom-up, TLS/1.0 first.
		if !r.Upgrade[0].is("tls", "1.0") {
			v.refuseResponse(rules.RFC9110_7_8_5, bytesAt("Upgrade", r.Upgrade[0].Offset, r.Upgrade[0].Name), "protocol layers are not in bottom-up order: TLS/1.0 must come first")
			v.sender(rules.RFC2817_3_3_1, bytesAt("Upgrade", r.Upgrade[0].Offset, r.Upgrade[0].Name), "the TLS upgrade's 101 must list the stack bottom-up (TLS/1.0, HTTP/1.1)")
		}
	case req.H2C.Offered && r.Upgrade[0].is("h2c", ""):
		if len(r.Upgrade) != 1 {
			v.refuseResponse(rules.RFC9110_7_8_6, octetAt("Upgrade", upgOff), "101 for h2c names more than one protocol")
		}
	}
}

// checkSwitchAllowed flags a 101 to an offer the server had to refuse or
// ignore: a WebSocket handshake that fails the server's checks (RFC 6455
// §4.2.1: answer with an HTTP error; STRICT-5 for policy failures), an h2c
// offer without one valid HTTP2-Settings (RFC 7540 §3.2.1). The fault is the
// server's; the client's own validation (Switched) is unaffected.
func (p *Parser) checkSwitchAllowed(r *Response, req *Request) {
	v := &r.Verdict
	for _, pr := range r.Upgrade {
		if offeredSwitchable(req.Switchable, pr) || req.TLS && pr.is("http", "1.1") {
			continue
		}
		switch {
		case equalFold(pr.Name, "websocket"):
			rule := rules.STRICT_5
			if !req.Valid(Lenient) {
				rule = rules.RFC6455_4_2_1_1
			}
			v.sender(rule, octetAt("status-line", 0), "101 to a WebSocket handshake the server had to refuse")
			if cannotHonour(req.Method) {
				// RFC 9110 §7.8: no switch unless the new protocol can
				// honour the request's semantics; WebSocket defines only GET
				// (RFC 6455 §4.1), and any protocol can honour OPTIONS.
				v.sender(rules.RFC9110_7_8_11, octetAt("status-line", 0), "switch to WebSocket, which cannot honour a "+string(req.Method)+" request")
			}
		case pr.is("h2c", ""):
			// The server's MUST only where RFC 7540 §3.2.1 forbids the
			// switch (HTTP2-Settings missing, repeated or undecodable);
			// otherwise only Switchyard's policy refused the request.
			if x := req.NoSwitchTo("h2c"); x != nil {
				v.sender(rules.RFC7540_3_2_1_1, octetAt("status-line", 0), "101 to an h2c offer without one valid HTTP2-Settings")
			} else {
				v.sender(rules.STRICT_5, octetAt("status-line", 0), "101 to an h2c request Switchyard's strict policy refuses")
			}
		}
	}
}

// cannotHonour reports whether WebSocket cannot honour a request with this
// method: any method but GET (RFC 6455 §4.1), OPTIONS (which any protocol
// can honour, RFC 9110 §7.8) and HEAD (GET without content). A method that
// is GET but for case is left to RFC 9112 §3.1.
func cannotHonour(method []byte) bool {
	switch string(method) {
	case "GET", "HEAD", "OPTIONS":
		return false
	}
	return !equalFold(method, "get")
}

func offeredSwitchable(sw []Protocol, pr Protocol) bool {
	for _, s := range sw {
		if foldEqual(s.Name, pr.Name) && foldEqual(s.Version, pr.Version) {
			return true
		}
	}
	return false
}

// switchesToName reports whether ps names the protocol name (lower case),
// any version.
func switchesToName(ps []Protocol, name string) bool {
	for _, p := range ps {
		if equalFold(p.Name, name) {
			return true
		}
	}
	return false
}

func switchesTo(ps []Protocol, name, version string) bool {
	for _, p := range ps {
		if p.is(name, version) {
			return true
		}
	}
	return false
}

func offered(offers []Protocol, pr Protocol) bool {
	for _, o := range offers {
		if foldEqual(o.Name, pr.Name) && (o.Version == nil) == (pr.Version == nil) && foldEqual(o.Version, pr.Version) {
			return true
		}
	}
	return false
}

// checkWebSocket101 is the client's validation of the server's handshake
// (RFC 6455 §4.1, steps after "the client MUST validate"). Every failure
// makes the client Fail the WebSocket Connection.
func (p *Parser) checkWebSocket101(r *Response, req *Request) {
	v := &r.Verdict
	// Upgrade: exactly websocket, case-insensitive (RFC 6455 §4.1 step 2, AMB-3).
	if len(r.Upgrade) != 1 || !r.Upgrade[0].is("websocket", "") {
		v.refuseResponse(rules.RFC6455_4_1_20, octetAt("Upgrade", r.Upgrade[0].Offset), "Upgrade is not exactly websocket")
	}
	if !hasToken(r.Connection, "upgrade") {
		v.refuseResponse(rules.RFC6455_4_1_21, octetAt("Connection", 0), "Connection lacks the \"upgrade\" option")
	}
	// A 101 with Content-Length or Transfer-Encoding: the server broke
	// RFC 9110 §8.6 / RFC 9112 §6.1 (cited above as the sender's fault),
	// but RFC 9112 §6.3 tells the recipient how to read it — the response
	// ends at the empty line whatever its fields say — so no RFC makes
	// the client Fail it. Failing it is Switchyard's policy (AMB-20).
	if r.count[fieldContentLength] > 0 || r.count[fieldTransferEncoding] > 0 {
		field := "Content-Length"
		if r.count[fieldContentLength] == 0 {
			field = "Transfer-Encoding"
		}
		v.refuseResponse(rules.AMB_20, octetAt(field, 0), "101 with Content-Length or Transfer-Encoding")
	}
	check101Accept(r, req)
	check101Protocol(r, req)
	p.check101Extensions(r, req)
}

// check101Accept checks Sec-WebSocket-Accept: present once, and
// byte-for-byte base64(SHA-1(key + GUID)) of the request's key (RFC 6455
// §4.1 step 4; STRICT-10).
func check101Accept(r *Response, req *Request) {
	v := &r.Verdict
	switch f := r.firstLine(fieldAccept); {
	case f == nil:
		v.refuseResponse(rules.RFC6455_4_1_22, octetAt("Sec-WebSocket-Accept", 0), "Sec-WebSocket-Accept is missing")
	case r.count[fieldAccept] > 1:
		// reported by the duplicate check, which the client Fails on
		v.refuseResponse(rules.RFC6455_4_1_25, octetAt("Sec-WebSocket-Accept", f.Offset), "Sec-WebSocket-Accept appears more than once")
	default:
		var want [AcceptLen]byte
		// A malformed value is the sender's grammar fault; the client's
		// duty is the comparison below, which it then fails.
		if checkBase64Value(f.Value, f.ValueOffset, "Sec-WebSocket-Accept", rules.RFC6455_4_3_G6, Sender, v, 0) < 0 {
			// §4.2.2 states the same production for the server.
			v.sender(rules.RFC6455_4_2_2_G1, fieldValue("Sec-WebSocket-Accept", f), "Sec-WebSocket-Accept is not base64-value-non-empty")
		}
		if !bytes.Equal(f.Value, AppendAccept(want[:0], req.WebSocket.Key)) {
			v.refuseResponse(rules.RFC6455_4_1_22, fieldValue("Sec-WebSocket-Accept", f), "Sec-WebSocket-Accept does not match the key")
		}
	}
}

// check101Protocol checks Sec-WebSocket-Protocol: at most one line, one
// token the client offered, matched case-sensitively (RFC 6455 §4.1 step
// 6, RFC 7936 §2, AMB-6).
func check101Protocol(r *Response, req *Request) {
	f := r.firstLine(fieldProtocol)
	if f == nil {
		return
	}
	v := &r.Verdict
	r.Subprotocol = f.Value
	switch {
	case r.count[fieldProtocol] > 1:
		v.refuseResponse(rules.RFC6455_4_1_25, octetAt("Sec-WebSocket-Protocol", f.Offset), "Sec-WebSocket-Protocol appears more than once")
	case !isToken(f.Value):
		v.refuseResponse(rules.RFC6455_4_3_G8, fieldValue("Sec-WebSocket-Protocol", f), "the server's subprotocol must be exactly one token")
		v.alsoNotToken("Sec-WebSocket-Protocol", f.Value, f.ValueOffset)
	case !tokenOffered(req.WebSocket.Protocols, f.Value):
		v.refuseResponse(rules.RFC6455_4_1_24, fieldValue("Sec-WebSocket-Protocol", f), "subprotocol the client did not offer")
		if tokenOfferedFold(req.WebSocket.Protocols, f.Value) {
			// RFC 7936 §2: subprotocol names match case-sensitively.
			v.sender(rules.RFC7936_2_1, fieldValue("Sec-WebSocket-Protocol", f), "subprotocol matches an offer only when case is ignored")
		}
	}
}

// check101Extensions checks Sec-WebSocket-Extensions: well-formed (RFC
// 6455 §9.1), and only extensions the client offered, with parameters it
// can accept (RFC 6455 §4.1 step 5; RFC 7692).
func (p *Parser) check101Extensions(r *Response, req *Request) {
	if r.count[fieldExtensions] == 0 {
		return
	}
	exts, ok := p.parseExtensions(&r.Head, &r.Verdict, 0)
	if !ok {
		// parseExtensions cited the grammar; RFC 6455 §9.1: Fail.
		r.Verdict.refuseResponse(rules.RFC6455_9_1_1, octetAt("Sec-WebSocket-Extensions", 0), "malformed Sec-WebSocket-Extensions")
		return
	}
	r.Extensions = exts
	p.checkSelectedExtensions(r, req, exts)
}

func tokenOfferedFold(offers []Token, t []byte) bool {
	for _, o := range offers {
		if foldEqual(o.Value, t) {
			return true
		}
	}
	return false
}

func tokenOffered(offers []Token, t []byte) bool {
	for _, o := range offers {
		if bytes.Equal(o.Value, t) {
			return true
		}
	}
	return false
}

// checkSelectedExtensions checks the server's extensions against the offer
// (RFC 6455 §9.1; RFC 7692 §5, §7; AMB-15 to AMB-18).
func (p *Parser) checkSelectedExtensions(r *Response, req *Request, exts []Extension) {
	v := &r.Verdict
	const field = "Sec-WebSocket-Extensions"
	rsv1 := 0
	for i := range exts {
		e := &exts[i]
		name := string(e.Name)
		if !extensionOffered(req.WebSocket.Extensions, e.Name) {
			v.refuseResponse(rules.RFC6455_4_1_23, bytesAt(field, e.Offset, e.Name), "extension "+name+" was not offered")
			continue
		}
		if name == PermessageDeflate || name == "x-webkit-deflate-frame" || name == "deflate-frame" {
			rsv1++
			if rsv1 > 1 {
				v.refuseResponse(rules.RFC7692_5_4, bytesAt(field, e.Offset, e.Name), "two extensions that both use RSV1")
			}
		}
		if name != PermessageDeflate {
			continue
		}
		if msg, off, _ := pmdProblem(e, pmdResponse); msg != "" {
			v.refuseResponse(rules.RFC7692_7_3, octetAt(field, off), msg)
			continue
		}
		p.checkPMDAgainstOffers(r, req, e)
	}
}

func extensionOffered(offers []Extension, name []byte) bool {
	for i := range offers {
		if bytes.Equal(offers[i].Name, name) {
			return true
		}
	}
	return false
}

// checkPMDAgainstOffers checks that a permessage-deflate response element is
// a valid answer to at least one permessage-deflate offer (AMB-17).
func (p *Parser) checkPMDAgainstOffers(r *Response, req *Request, e *Extension) {
	v := &r.Verdict
	const field = "Sec-WebSocket-Extensions"
	var firstRule rules.ID
	var firstMsg string
	var firstOff int
	for i := range req.WebSocket.Extensions {
		o := &req.WebSocket.Extensions[i]
		if string(o.Name) != PermessageDeflate {
			continue
		}
		if msg, _, _ := pmdProblem(o, pmdOffer); msg != "" {
			continue // an invalid offer cannot be accepted
		}
		rule, msg, off := pmdAnswers(e, o)
		if rule == "" {
			return
		}
		if firstRule == "" {
			firstRule, firstMsg, firstOff = rule, msg, off
		}
	}
	if firstRule == "" {
		firstRule, firstMsg, firstOff = rules.RFC7692_5_7, "permessage-deflate accepted, but no valid permessage-deflate offer was made", e.Offset
	}
	v.refuseResponse(firstRule, octetAt(field, firstOff), firstMsg)
}

// pmdAnswers reports why response element e is not a valid answer to offer
// o, or "" when it is (RFC 7692 §7.1.1, §7.1.2).
func pmdAnswers(e, o *Extension) (rules.ID, string, int) {
	if cm := e.Param(ClientMaxWindowBits); cm != nil && o.Param(ClientMaxWindowBits) == nil {
		return rules.RFC7692_7_1_2_2_3, "client_max_window_bits in a response to an offer without it", cm.Offset
	}
	if sm := e.Param(ServerMaxWindowBits); sm != nil {
		if osm := o.Param(ServerMaxWindowBits); osm != nil {
			got, _ := windowBits(sm.Value)
			limit, _ := windowBits(osm.Value)
			if got > limit {
				return rules.RFC7692_7_1_2_1_3, "server_max_window_bits larger than offered", sm.Offset
			}
		}
	} else if osm := o.Param(ServerMaxWindowBits); osm != nil {
		// The offer asked the server to limit its window; a response without
		// the parameter ignores the request (RFC 7692 §7.1.2.1: the server
		// must echo it with the same or a smaller value when it accepts).
		return rules.RFC7692_7_1_2_1_3, "server_max_window_bits was offered but not echoed", e.Offset
	}
	if o.Param(ServerNoContextTakeover) != nil && e.Param(ServerNoContextTakeover) == nil {
		// RFC 7692 §7.1.1.1: accepting such an offer means echoing it.
		return rules.RFC7692_7_1_1_1_2, "server_no_context_takeover was offered but not echoed", e.Offset
	}
	return "", "", 0
}
