package parser

// Upgrade (RFC 9110 §7.8): the protocols offered or switched to, read for
// requests and responses alike.

import (
	"bytes"

	"github.com/switchyard/switchyard/rules"
)

// parseUpgrade reads Upgrade = #protocol, protocol = protocol-name
// ["/" protocol-version] (RFC 9110 §7.8).
func (p *Parser) parseUpgrade(h *Head, v *Verdict, out *[]Protocol, buf *[]Protocol, status int) {
	*buf = (*buf)[:0]
	if f, ok := p.soleToken(h, fieldUpgrade); ok {
		// A protocol-name without a version, as the walk below finds it.
		*buf = append(*buf, Protocol{Name: f.Value, Offset: f.ValueOffset})
		*out = *buf
		return
	}
	if h.Kind == KindResponse {
		status = 0
	}
	p.eachElem(h, fieldUpgrade, rules.RFC9110_5_6_1_1_1, v, func(e listElem) {
		name, ver := e.b, []byte(nil)
		if i := indexByte(e.b, '/'); i >= 0 {
			name, ver = e.b[:i], e.b[i+1:]
			if !isToken(ver) {
				v.refuseWith(rules.RFC9110_7_8_G4, status, bytesAt("Upgrade", e.off+i+1, ver), "protocol-version is not a token")
				alsoBadProtocol(v, e, ver, e.off+i+1)
				return
			}
		}
		if at := firstNotTchar(name); at >= 0 || len(name) == 0 {
			v.refuseWith(rules.RFC9110_7_8_G3, status, octetAt("Upgrade", e.off+max(at, 0)), "protocol-name is not a token")
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
	v.sender(rules.RFC9110_7_8_G1, element("Upgrade", e), "Upgrade element is not a protocol")
	if wordsWithoutComma(e.b, isProtocol) {
		v.sender(rules.RFC9110_5_6_1_G1, element("Upgrade", e), "list elements not separated by a comma")
		return
	}
	v.sender(rules.RFC9110_7_8_G2, element("Upgrade", e), "protocol is not protocol-name [\"/\" protocol-version]")
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
