package parser

// The common WebSocket handshake, validated in one pass. Nearly every
// handshake a server sees has one shape: GET of a resource name in HTTP/1.1,
// one Host, Upgrade: websocket, Connection: Upgrade, a strict key, version
// 13, and maybe an Origin and one of the extension offers browsers send.
// validateRequest's general walk finds nothing wrong with such a request,
// through a dozen checks that each cost little and together cost more than
// reading the head. commonHandshake recognises the shape and fills the
// Request as validateRequest would; anything else, including every request
// with a violation, goes to validateRequest. FuzzFastPath and
// TestFastPathMutants check that both give the same Request.

// commonRequired are the fields the common handshake has, one line each;
// commonOptional those it may have, one line each. It has no other known
// field: no Content-Length, Transfer-Encoding or Expect (a handshake has no
// body, AMB-23, AMB-35), no Sec-WebSocket-Protocol, no response field.
const (
	commonRequired = 1<<fieldHost | 1<<fieldConnection | 1<<fieldUpgrade | 1<<fieldKey | 1<<fieldVersion
	commonOptional = 1<<fieldOrigin | 1<<fieldExtensions
)

// commonHandshake validates r when it is the common WebSocket handshake and
// reports whether it was; it writes r only then. r has been parsed by
// parseHead.
func (p *Parser) commonHandshake(r *Request) bool {
	if len(r.Violations) > 0 || !commonRequestLine(&r.Head) ||
		r.present&^commonOptional != commonRequired || r.repeated != 0 || p.limits.MaxListElements < 1 {
		return false
	}
	host, upg, conn := r.firstLine(fieldHost), r.firstLine(fieldUpgrade), r.firstLine(fieldConnection)
	key, ver := r.firstLine(fieldKey), r.firstLine(fieldVersion)
	// Each test is what the general path's check accepts without a
	// violation: checkHost and checkWSConnectionAndHost (a non-empty, valid
	// Host), parseUpgrade and checkWSUpgrade (the one token websocket),
	// parseConnection and checkWSConnectionAndHost (the one option
	// upgrade, which names no end-to-end field), checkWSKey, checkWSVersion.
	if len(host.Value) == 0 || !equalFold(upg.Value, "websocket") || !equalFold(conn.Value, "upgrade") ||
		string(ver.Value) != "13" || !strictKey(key.Value) || !hostOK(host.Value, portOptional) {
		return false
	}
	if r.count[fieldExtensions] > 0 {
		// parseExtensions as it reads a browser's offer, which pmdProblem
		// finds nothing wrong with; the general path starts over from
		// empty buffers when the offer is another.
		p.exts, p.params, p.spans = p.exts[:0], p.params[:0], p.spans[:0]
		if !p.browserOffer(r.firstLine(fieldExtensions)) {
			return false
		}
		r.WebSocket.Extensions = p.exts
	}
	p.protos = append(p.protos[:0], Protocol{Name: upg.Value, Offset: upg.ValueOffset})
	p.conn = append(p.conn[:0], Token{Value: conn.Value, Offset: conn.ValueOffset})
	r.Upgrade, r.Connection = p.protos, p.conn
	r.WebSocket.Offered, r.WebSocket.Key, r.WebSocket.Version = true, key.Value, SupportedVersion
	r.switchTo(r.Upgrade[0])
	return true
}

// commonRequestLine reports whether h's request-line is the handshake's
// common one: GET, a resource name (origin-form), HTTP/1.1 (RFC 6455
// §4.2.1 step 1).
func commonRequestLine(h *Head) bool {
	return string(h.Method) == "GET" && h.Major == 1 && h.Minor == 1 && len(h.Target) > 0 && h.Target[0] == '/'
}
