package parser

// Connection (RFC 9110 §7.6.1): the connection options, read for requests
// and responses alike.

import (
	"github.com/switchyard/switchyard/rules"
)

// parseConnection reads Connection = #connection-option (RFC 9110 §7.6.1).
// An option that is not a token is cited with role: Recipient where the
// recipient must refuse it, Sender where it may recover (RFC 9110 §2.4),
// the sender's RFC 9110 §2.2 duty then cited beside it. It returns the
// input offset of the first such option, or -1.
func (p *Parser) parseConnection(h *Head, v *Verdict, out *[]Token, buf *[]Token, role Role) int {
	*buf = (*buf)[:0]
	bad := -1
	if f, ok := p.soleToken(h, fieldConnection); ok {
		// One option, a token, as the walk below finds it.
		*buf = append(*buf, Token{Value: f.Value, Offset: f.ValueOffset})
	} else {
		p.eachElem(h, fieldConnection, rules.RFC9110_5_6_1_1_1, v, func(e listElem) {
			if i := firstNotTchar(e.b); i >= 0 {
				if bad < 0 {
					bad = e.off + i
				}
				if role == Recipient {
					v.refuseWith(rules.RFC9110_7_6_1_G1, statusFor(h), octetAt("Connection", e.off+i), "connection option is not a token")
				} else {
					v.sender(rules.RFC9110_7_6_1_G1, octetAt("Connection", e.off+i), "connection option is not a token")
					v.sender(rules.RFC9110_2_2_1, octetAt("Connection", e.off+i), "connection option is not a token")
				}
				if wordsWithoutComma(e.b, isToken) {
					// Options with only whitespace between them: the comma
					// that separates list elements is missing (RFC 9110 §5.6.1).
					v.sender(rules.RFC9110_5_6_1_G1, element("Connection", e), "list elements not separated by a comma")
				} else {
					v.alsoNotToken("Connection", e.b, e.off)
				}
				return
			}
			*buf = append(*buf, Token{Value: e.b, Offset: e.off})
		})
	}
	*out = *buf
	for _, t := range *out {
		if isEndToEnd(t.Value) {
			// RFC 9110 §7.6.1: a sender MUST NOT list an end-to-end field.
			v.sender(rules.RFC9110_7_6_1_5, bytesAt("Connection", t.Offset, t.Value), "connection option names an end-to-end field")
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

func hasToken(ts []Token, lowerName string) bool {
	for _, t := range ts {
		if equalFold(t.Value, lowerName) {
			return true
		}
	}
	return false
}
