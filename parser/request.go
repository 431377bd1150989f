package parser

import (
	"github.com/switchyard/switchyard/rules"
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
	checkHost(r, http11)
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
		checkUpgradeRequest(r, websocket, badOpt)
	}
	if websocket {
		p.checkWebSocketRequest(r)
		if len(v.Violations) > 0 {
			citeHandshakeDepartures(v)
		}
	} else if r.count[fieldKey] > 0 {
		// A key without websocket in Upgrade is a handshake that does not
		// ask for the switch (RFC 6455 §4.2.1 step 3).
		f := r.firstLine(fieldKey)
		v.refuse(rules.RFC6455_4_2_1_4, fieldLine("Upgrade", f), "Sec-WebSocket-Key without websocket in Upgrade")
		citeHandshakeDepartures(v)
	}
	if r.offersExactly("h2c", "") && http11 {
		p.checkH2CRequest(r)
	}
	if r.offersExactly("tls", "1.0") && http11 {
		checkTLSRequest(r)
	}
}

// checkHost checks Host (RFC 9112 §3.2): exactly one, valid, in every
// HTTP/1.1 request.
func checkHost(r *Request, http11 bool) {
	v := &r.Verdict
	switch n := r.count[fieldHost]; {
	case n == 0 && http11:
		v.refuse(rules.RFC9112_3_2_3, octetAt("Host", 0), "HTTP/1.1 request without Host")
	case n >= 1:
		f := r.firstLine(fieldHost)
		if !hostOK(f.Value, portOptional) {
			v.refuse(rules.RFC9112_3_2_3, fieldValue("Host", f), "Host is not uri-host [ \":\" port ]")
			v.sender(rules.RFC9110_7_2_G1, fieldValue("Host", f), "Host is not uri-host [ \":\" port ]")
		}
	}
}

// checkUpgradeRequest applies RFC 9110 §7.8 to a request with Upgrade,
// whatever it offers; websocket says whether it offers WebSocket, badOpt
// is where the first connection option that is not a token is, or -1.
func checkUpgradeRequest(r *Request, websocket bool, badOpt int) {
	v := &r.Verdict
	if !websocket {
		// RFC 9110 §7.8: a sender of Upgrade MUST also send the
		// "upgrade" connection option. No RFC makes the server refuse
		// (RFC 9110 §2.4); AMB-28 is Switchyard's strict 400. For
		// WebSocket, RFC 6455 §4.2.1 makes it the server's duty
		// (RFC6455-4.2.1-5, in checkWebSocketRequest).
		f := r.firstLine(fieldUpgrade)
		switch {
		case !hasToken(r.Connection, "upgrade"):
			v.sender(rules.RFC9110_7_8_12, fieldLine("Connection", f), "Upgrade sent without the \"upgrade\" connection option")
			v.refuse(rules.AMB_28, fieldLine("Connection", f), "Upgrade without the \"upgrade\" connection option refused by strict policy")
		case badOpt >= 0:
			v.refuse(rules.AMB_31, octetAt("Connection", badOpt), "connection option that is not a token refused by strict policy (RFC 9110 §2.4 lets a recipient recover)")
		}
	}
	if r.Major == 1 && r.Minor == 0 {
		// RFC 9110 §7.8: a server MUST ignore Upgrade in an HTTP/1.0
		// request. The request is served as HTTP/1.0: for a generic
		// upgrade the duty is the server's not to switch; a WebSocket
		// handshake in HTTP/1.0 is refused (RFC6455-4.2.1-2).
		if pr, ok := firstOtherThan(r.Upgrade, "websocket"); ok {
			v.noSwitch(rules.RFC9110_7_8_13, bytesAt("Upgrade", pr.Offset, pr.Name), "Upgrade in an HTTP/1.0 request: a server must ignore it and not switch")
		} else {
			v.warn(rules.RFC9110_7_8_13, octetAt("Upgrade", r.Upgrade[0].Offset), "Upgrade in an HTTP/1.0 request: a server ignores it")
		}
	}
	for _, pr := range r.Upgrade {
		if pr.is("h2", "") {
			v.warn(rules.RFC7540_3_2_3, bytesAt("Upgrade", pr.Offset, pr.Name), "h2 means HTTP/2 over TLS; a server ignores it in Upgrade")
		}
	}
	if hasToken(r.Connection, "close") {
		v.warn(rules.AMB_22, octetAt("Connection", 0), "Connection: close with Upgrade: the connection closes when the new protocol ends")
	}
}

// checkTLSRequest reads an offer of TLS/1.0 (RFC 2817 §3) in an HTTP/1.1
// request.
func checkTLSRequest(r *Request) {
	v := &r.Verdict
	r.TLS = true
	// A server may switch only on a request it accepts (STRICT-5).
	if hasToken(r.Connection, "upgrade") && r.Verdict.Valid(Strict) {
		r.addSwitchable("tls", "1.0")
	}
	if !hasToken(r.Connection, "upgrade") {
		// RFC 2817 §3.1 restates RFC 9110 §7.8 for the TLS upgrade.
		v.sender(rules.RFC2817_3_1_2, octetAt("Connection", 0), "Upgrade: TLS/1.0 without the \"upgrade\" connection option")
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
	var httpSays, refuseSays *departure
	for i := range v.Violations {
		x := &v.Violations[i]
		if x.Level != rules.Must {
			continue
		}
		d := departures[x.Rule]
		if d == nil {
			continue // not a catalogue rule; none is recorded
		}
		if http == nil && d.httpMessage {
			http, httpSays = x, d
		}
		if refuse == nil && x.Role == Recipient {
			refuse, refuseSays = x, d
		}
	}
	// Copy before appending: add may move the slice.
	if http != nil {
		x := *http
		v.sender(rules.RFC6455_4_1_6, spanAt(x.Field, x.Offset, x.Length), httpSays.notHTTP)
	}
	if refuse != nil {
		x := *refuse
		v.refuseWith(rules.RFC6455_4_2_1_1, x.Status, spanAt(x.Field, x.Offset, x.Length), refuseSays.departure)
	}
}

// departure is what citeHandshakeDepartures says of a MUST-level rule: the
// messages of the two rules it cites, made once (a fuzzed handshake breaks
// several rules, and building them allocated), and whether the rule is one
// of an HTTP message (isHTTPMessageRule).
type departure struct {
	httpMessage bool
	notHTTP     string
	departure   string
}

// departures holds a departure for every MUST-level rule; the lookup of
// any other gives nil.
var departures = func() map[rules.ID]*departure {
	m := map[rules.ID]*departure{}
	for _, r := range rules.All() {
		if r.Level != rules.Must {
			continue
		}
		m[r.ID] = &departure{
			httpMessage: isHTTPMessageRule(r.ID),
			notHTTP:     "the handshake is not a valid HTTP request: it breaks " + string(r.ID),
			departure:   "departure from the handshake (" + string(r.ID) + "): the server must stop and answer with an HTTP error",
		}
	}
	return m
}()

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

// statusFor is the status a server answers a refused request with; a
// response's recipient answers nothing.
func statusFor(h *Head) int {
	if h.Kind == KindRequest {
		return 400
	}
	return 0
}
