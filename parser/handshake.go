package parser

import (
	"bytes"
	"hash/maphash"
	"slices"

	"github.com/switchyard/switchyard/rules"
)

// checkWebSocketRequest applies the server's reading of the opening
// handshake (RFC 6455 §4.2.1) and the strict decisions on it (STRICT-5).
// Any departure gets an HTTP error (RFC 6455 §4.2.1 step 1): 400, or 426
// for an unsupported version (AMB-9). Each part of the handshake has its
// own check below, called in the order its violations are listed.
func (p *Parser) checkWebSocketRequest(r *Request) {
	c := &wsRefusal{v: &r.Verdict, ok: true}
	checkWSRequestLine(r, c)
	plain := checkWSUpgrade(r, c)
	r.WebSocket.Offered = true
	checkWSConnectionAndHost(r, c)
	checkWSKey(r, c)
	checkWSVersion(r, c)
	if r.count[fieldProtocol] > 0 {
		p.checkWSProtocols(r, c)
	}
	if r.count[fieldExtensions] > 0 {
		p.checkWSExtensions(r, c)
	}
	// AMB-23: no body on a WebSocket handshake.
	if r.ContentLength > 0 || r.TransferEncoding {
		c.refuse(rules.AMB_23, octetAt("Content-Length", 0), "WebSocket handshake with a message body")
	}
	// AMB-35: Expect: 100-continue on a body-less handshake.
	if r.Expect100 {
		c.refuse(rules.AMB_35, octetAt("Expect", 0), "Expect: 100-continue on a body-less WebSocket handshake")
	}
	if c.ok && r.Verdict.Valid(Strict) {
		// ok implies plain >= 0: Upgrade's websocket element without a
		// version, the one addSwitchable("websocket", "") would find.
		r.switchTo(r.Upgrade[plain])
	}
}

// wsRefusal is what the checks of a WebSocket request share: the verdict,
// and whether the request is still one a server may switch on.
type wsRefusal struct {
	v  *Verdict
	ok bool
}

// refuse records a rule the server must refuse the request for, answering
// with the rule's status (refusalStatus).
func (c *wsRefusal) refuse(rule rules.ID, at span, msg string) {
	c.v.refuse(rule, at, msg)
	c.ok = false
}

// refuseWith is refuse with another status than the rule's, where the
// situation picks it.
func (c *wsRefusal) refuseWith(rule rules.ID, status int, at span, msg string) {
	c.v.refuseWith(rule, status, at, msg)
	c.ok = false
}

// checkWSRequestLine checks the request-line of a WebSocket handshake.
func checkWSRequestLine(r *Request, c *wsRefusal) {
	// The request-line: GET, HTTP/1.1 or later (RFC 6455 §4.2.1 step 1;
	// AMB-8, AMB-34). A method is case-sensitive (RFC 9112 §3.1).
	switch {
	case string(r.Method) == "GET": // the handshake's method, compared first
	case equalFold(r.Method, "get"):
		// RFC 9112 §3.1: the method is case-sensitive; "get" is not GET.
		c.refuse(rules.RFC9112_3_1_1, bytesAt("request-line", 0, r.Method), "method is case-sensitive: \"get\" is not GET")
	default:
		c.refuse(rules.RFC6455_4_2_1_2, bytesAt("request-line", 0, r.Method), "WebSocket handshake with a method other than GET")
	}
	if r.Major == 1 && r.Minor == 0 {
		c.refuse(rules.RFC6455_4_2_1_2, octetAt("request-line", 0), "WebSocket handshake in HTTP/1.0 (no 101 may be sent to an HTTP/1.0 client)")
	}
	// RFC 6455 §4.2.1 item 1: the Request-URI is the resource name
	// (origin-form) or an absolute http/https URI; §4.1 binds the client to
	// the same (RFC6455-4.1-8). A ws/wss target (AMB-27, which the RFC
	// makes a MUST), authority-form (host:port) and "*" are neither.
	if len(r.Target) > 0 && r.Target[0] != '/' && !httpTarget(r.Target) {
		const field = "request-line"
		tlen := len(r.Target)
		c.v.refuseTwins(rules.RFC6455_4_2_1_2, []rules.ID{rules.RFC6455_4_1_8}, spanAt(field, len(r.Method)+1, tlen),
			"request-target is neither a resource name (origin-form) nor an absolute http/https URI")
		if at := bytes.Index(r.Target, []byte("://")); at > 0 && (equalFold(r.Target[:at], "ws") || equalFold(r.Target[:at], "wss")) {
			c.v.refuseTwins(rules.AMB_27, nil, spanAt(field, len(r.Method)+1, tlen), "absolute-form request-target with the ws or wss scheme")
		}
		c.ok = false
	}
}

// checkWSUpgrade checks Upgrade's websocket element and returns the index
// of the first one without a version, the one a switch picks, or -1.
func checkWSUpgrade(r *Request, c *wsRefusal) int {
	upg := r.firstLine(fieldUpgrade)
	// Upgrade: an element websocket, case-insensitive, without a version (AMB-1, AMB-3).
	plain := -1 // the first such element: the one a switch picks
	for i, pr := range r.Upgrade {
		if pr.is("websocket", "") {
			plain = i
			break
		}
	}
	if plain < 0 {
		c.refuse(rules.AMB_3, fieldValue("Upgrade", upg), "Upgrade names websocket only with a version suffix")
	}

	return plain
}

// checkWSConnectionAndHost checks the "upgrade" connection option and Host.
func checkWSConnectionAndHost(r *Request, c *wsRefusal) {
	// Connection: the "upgrade" option (RFC 6455 §4.2.1 step 4, AMB-2).
	if !hasToken(r.Connection, "upgrade") {
		off := r.firstLine(fieldUpgrade).Offset
		if f := r.firstLine(fieldConnection); f != nil {
			off = f.ValueOffset
		}
		c.refuse(rules.RFC6455_4_2_1_5, octetAt("Connection", off), "Connection does not include the \"upgrade\" option")
	}

	// Host: present and naming a host (RFC 6455 §4.2.1 step 2).
	if f := r.firstLine(fieldHost); f != nil && len(f.Value) == 0 {
		c.refuse(rules.RFC6455_4_2_1_3, octetAt("Host", f.ValueOffset), "empty Host in a WebSocket handshake")
	}
}

// checkWSKey checks Sec-WebSocket-Key and records it.
func checkWSKey(r *Request, c *wsRefusal) {
	// Sec-WebSocket-Key (RFC 6455 §4.2.1 step 5).
	switch f := r.firstLine(fieldKey); {
	case f == nil:
		c.refuse(rules.RFC6455_4_2_1_6, octetAt("Sec-WebSocket-Key", 0), "Sec-WebSocket-Key is missing")
	case r.count[fieldKey] > 1:
		c.ok = false // reported by the duplicate check
	default:
		r.WebSocket.Key = f.Value
		if !checkKey(f, c.v) {
			c.ok = false
		}
	}
}

// checkWSVersion checks Sec-WebSocket-Version and records it.
func checkWSVersion(r *Request, c *wsRefusal) {
	// Sec-WebSocket-Version: exactly 13 (RFC 6455 §4.2.1 step 6, AMB-9, AMB-10).
	switch f := r.firstLine(fieldVersion); {
	case f == nil:
		// AMB-9: a missing version is a malformed handshake (400, RFC 6455
		// §4.2.1); 426 is for a well-formed version the server lacks.
		c.refuseWith(rules.RFC6455_4_2_1_7, 400, octetAt("Sec-WebSocket-Version", 0), "Sec-WebSocket-Version is missing")
	case r.count[fieldVersion] > 1:
		c.ok = false
	default:
		if indexByte(f.Value, ',') >= 0 {
			c.refuse(rules.RFC6455_4_3_G9, fieldValue("Sec-WebSocket-Version", f), "a request carries a single version, not a list")
			break
		}
		n, rule := parseVersion(f.Value)
		switch {
		case rule == rules.AMB_10:
			// Well-formed by RFC 6455's grammar, above 255 by its comment
			// (AMB-10), and in any case not 13.
			c.refuse(rule, fieldValue("Sec-WebSocket-Version", f), "version above 255")
			c.refuse(rules.RFC6455_4_2_1_7, fieldValue("Sec-WebSocket-Version", f), "unsupported version; 13 is the only one")
		case rule != "":
			c.refuse(rule, fieldValue("Sec-WebSocket-Version", f), "version is not 0-255 without leading zeros")
			if len(f.Value) > 1 && f.Value[0] == '0' {
				c.v.sender(rules.RFC6455_4_3_G11, octetAt("Sec-WebSocket-Version", f.ValueOffset), "a version of two or more digits starts with NZDIGIT")
			}
		case n != SupportedVersion:
			r.WebSocket.Version = n
			c.refuse(rules.RFC6455_4_2_1_7, fieldValue("Sec-WebSocket-Version", f), "unsupported version; 13 is the only one")
		default:
			r.WebSocket.Version = n
		}
	}
}

// checkWSProtocols reads the subprotocols offered.
func (p *Parser) checkWSProtocols(r *Request, c *wsRefusal) {
	// Sec-WebSocket-Protocol = 1#token, elements unique (RFC 6455 §4.1, AMB-7).
	p.subprots = p.subprots[:0]
	bad := false
	var seen subprotocolSet
	n, _ := p.eachElem(&r.Head, fieldProtocol, "", c.v, func(e listElem) {
		if bad {
			return
		}
		if i := firstNotTchar(e.b); i >= 0 {
			c.refuse(rules.RFC6455_4_3_G7, octetAt("Sec-WebSocket-Protocol", e.off+i), "subprotocol is not a token")
			if wordsWithoutComma(e.b, isToken) {
				// 1#token separates its tokens with commas (RFC 2616 §2.1).
				c.v.sender(rules.RFC2616_2_1_G1, element("Sec-WebSocket-Protocol", e), "list elements not separated by a comma")
			} else {
				c.v.alsoNotToken("Sec-WebSocket-Protocol", e.b, e.off)
			}
			bad = true
			return
		}
		if seen.repeats(p.subprots, e.b) {
			// RFC 6455 §4.1 binds the client; no RFC sentence makes the
			// server refuse, and AMB-7 is Switchyard's strict 400.
			c.v.sender(rules.RFC6455_4_1_15, element("Sec-WebSocket-Protocol", e), "subprotocol offered twice")
			c.v.refuse(rules.AMB_7, element("Sec-WebSocket-Protocol", e), "subprotocol offered twice refused by strict policy")
			bad = true
			return
		}
		p.subprots = append(p.subprots, Token{Value: e.b, Offset: e.off})
	})
	if n == 0 && !bad {
		f := r.firstLine(fieldProtocol)
		c.refuse(rules.RFC6455_4_3_G7, octetAt("Sec-WebSocket-Protocol", f.ValueOffset), "subprotocol list has no subprotocol")
		c.v.alsoNoElement("Sec-WebSocket-Protocol", f.ValueOffset)
	}
	r.WebSocket.Protocols = p.subprots
}

// subprotocolSet finds a repeated subprotocol in time linear in the
// number offered, where comparing each with those before it takes n²/2
// comparisons: an open-addressing table, by hash, of indexes into the
// subprotocols so far, at most half full up to DefaultMaxListElements of
// them. Past that (a Parser with a larger MaxListElements) it compares
// with each.
type subprotocolSet struct {
	slots [2 * DefaultMaxListElements]uint8 // 1 + an index into the subprotocols; 0 is empty
}

// subprotocolSeed seeds the hash of subprotocolSet: any seed finds the same
// repeats, only the slots differ.
var subprotocolSeed = maphash.MakeSeed()

// repeats reports whether ts holds b; when not, it notes that b is about
// to be ts[len(ts)].
func (s *subprotocolSet) repeats(ts []Token, b []byte) bool {
	if len(ts) >= DefaultMaxListElements {
		return slices.ContainsFunc(ts, func(t Token) bool { return bytes.Equal(t.Value, b) })
	}
	mask := uint64(len(s.slots) - 1)
	for j := maphash.Bytes(subprotocolSeed, b) & mask; ; j = (j + 1) & mask {
		k := s.slots[j]
		if k == 0 {
			s.slots[j] = uint8(len(ts) + 1)
			return false
		}
		if bytes.Equal(ts[k-1].Value, b) {
			return true
		}
	}
}

// checkWSExtensions reads the extensions offered.
func (p *Parser) checkWSExtensions(r *Request, c *wsRefusal) {
	// Sec-WebSocket-Extensions (RFC 6455 §9.1): syntax errors get 400
	// (AMB-14); permessage-deflate offers with bad parameters are declined,
	// not refused (RFC 7692 §7).
	exts, good := p.parseExtensions(&r.Head, c.v, 400)
	if !good {
		c.ok = false
	}
	r.WebSocket.Extensions = exts
	for i := range exts {
		e := &exts[i]
		if string(e.Name) != PermessageDeflate {
			continue
		}
		if msg, off, abnf := pmdProblem(e, pmdOffer); msg != "" {
			if abnf != "" {
				c.v.sender(abnf, octetAt("Sec-WebSocket-Extensions", off), msg)
			}
			c.v.warn(rules.RFC7692_7_2, octetAt("Sec-WebSocket-Extensions", off), "a server must decline this permessage-deflate offer: "+msg)
		}
	}
}

// checkH2CRequest applies RFC 7540 §3.2 and §3.2.1 to an h2c offer. Faults
// are the client's; the server answers over HTTP/1.1 (AMB-25, AMB-26). Where
// RFC 7540 §3.2.1 forbids the server to upgrade — HTTP2-Settings missing,
// repeated, or not decodable as a SETTINGS payload (§6.5) — the server's
// duty is cited too, with the NoSwitch role.
func (p *Parser) checkH2CRequest(r *Request) {
	v := &r.Verdict
	r.H2C.Offered = true
	upg := r.firstLine(fieldUpgrade)
	v.warn(rules.RFC9113_3_1_1, fieldValue("Upgrade", upg), "h2c upgrade is deprecated by RFC 9113")
	ok := hasToken(r.Connection, "upgrade")
	switch n := r.count[fieldHTTP2Settings]; {
	case n == 0:
		v.sender(rules.RFC7540_3_2_1, fieldLine("HTTP2-Settings", upg), "Upgrade: h2c without HTTP2-Settings")
		v.noSwitch(rules.RFC7540_3_2_1_1, fieldLine("HTTP2-Settings", upg), "no HTTP2-Settings: the server must not upgrade to h2c")
		ok = false
	case n > 1:
		// The duplicate check cited the server's duty (NoSwitch).
		f := r.firstLine(fieldHTTP2Settings)
		v.sender(rules.RFC7540_3_2_1, fieldLine("HTTP2-Settings", f), "Upgrade: h2c with more than one HTTP2-Settings")
		ok = false
	default:
		if !hasToken(r.Connection, "http2-settings") {
			// RFC 7540 §3.2.1: the client MUST name it; AMB-26: the field then counts as absent.
			f := r.firstLine(fieldHTTP2Settings)
			v.sender(rules.RFC7540_3_2_1_3, fieldLine("Connection", f), "HTTP2-Settings is not named in Connection")
			v.sender(rules.RFC9110_7_6_1_2, fieldLine("Connection", f), "a field carrying control data for the connection must be named in Connection")
			ok = false
		}
		f := r.firstLine(fieldHTTP2Settings)
		settings, good := p.parseHTTP2Settings(f, v)
		if !good {
			// RFC 7540 §3.2.1: the server decodes the value as a SETTINGS
			// payload; one it cannot decode (§6.5: a connection error) is
			// no usable HTTP2-Settings.
			v.noSwitch(rules.RFC7540_3_2_1_1, fieldValue("HTTP2-Settings", f), "HTTP2-Settings is not a decodable SETTINGS payload: the server must not upgrade to h2c")
			ok = false
		}
		r.H2C.Settings = settings
	}
	if ok && r.Verdict.Valid(Strict) && v.NoSwitchTo("h2c") == nil {
		r.addSwitchable("h2c", "")
	}
}

// httpTarget reports whether an absolute-form request-target is an http or
// https URI (RFC 9110 §4.2.1, §4.2.2: scheme "://" authority ...), the
// scheme compared case-insensitively (RFC 3986 §3.1).
func httpTarget(t []byte) bool {
	c := bytes.Index(t, []byte("://"))
	return c > 0 && (equalFold(t[:c], "http") || equalFold(t[:c], "https"))
}
