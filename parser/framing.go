package parser

// Message framing as far as an upgrade needs it: Content-Length and
// Transfer-Encoding (RFC 9112 §6), and Expect (RFC 9110 §10.1.1).

import (
	"bytes"

	"github.com/switchyard/switchyard/rules"
)

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
			v.refuse(rules.RFC9112_6_1_G1, element("Transfer-Encoding", e), "transfer-coding is not a token")
			if i := bytes.IndexByte(e.b, ';'); i < 0 && wordsWithoutComma(e.b, isToken) {
				v.sender(rules.RFC9110_5_6_1_G1, element("Transfer-Encoding", e), "list elements not separated by a comma")
			} else {
				v.alsoNotToken("Transfer-Encoding", coding, e.off)
			}
		}
		last, lastOff = coding, e.off
	})
	f := r.firstLine(fieldTransferEncoding)
	if r.Major == 1 && r.Minor == 0 {
		// RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing.
		v.sender(rules.RFC9112_6_1_4, fieldLine("Transfer-Encoding", f), "Transfer-Encoding in an HTTP/1.0 message")
	}
	if r.count[fieldContentLength] > 0 {
		// RFC 9112 §6.2: a sender MUST NOT send both; §6.1: the server must
		// close after responding, so the connection cannot be upgraded.
		v.sender(rules.RFC9112_6_2_1, fieldLine("Content-Length", f), "Content-Length together with Transfer-Encoding")
		v.refuse(rules.STRICT_6, fieldLine("Transfer-Encoding", f), "Content-Length with Transfer-Encoding: the connection must close, never upgrade")
	}
	if !equalFold(last, "chunked") {
		// RFC 9112 §6.3: a request whose final coding is not chunked gets 400.
		v.refuse(rules.RFC9112_6_3_2, bytesAt("Transfer-Encoding", lastOff, last), "final transfer coding is not chunked")
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
			v.refuseWith(rules.RFC9112_6_3_3, statusFor(h), element("Content-Length", e), "Content-Length is not 1*DIGIT")
			v.sender(rules.RFC9110_8_6_G1, element("Content-Length", e), "Content-Length is not 1*DIGIT")
			invalid = true
			return
		}
		if first == nil {
			first = e.b
		} else if !bytes.Equal(first, e.b) {
			v.refuseWith(rules.RFC9112_6_3_3, statusFor(h), element("Content-Length", e), "Content-Length values differ")
			invalid = true
		}
	})
	if invalid || first == nil {
		if first == nil && !invalid {
			f := h.firstLine(fieldContentLength)
			v.refuseWith(rules.RFC9112_6_3_3, statusFor(h), octetAt("Content-Length", f.ValueOffset), "empty Content-Length")
		}
		return -1
	}
	if lines > 1 {
		f := h.firstLine(fieldContentLength)
		v.sender(rules.RFC9110_5_3_3, fieldLine("Content-Length", f), "Content-Length repeated (identical values)")
	}
	var n int64
	for _, c := range first {
		n = n*10 + int64(c-'0')
	}
	return n
}

var digitClass = class("", '0', '9')

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
		f := r.firstLine(fieldExpect)
		// RFC 9110 §10.1.1: a client MUST NOT send 100-continue without content.
		r.Verdict.sender(rules.RFC9110_10_1_1_1, fieldLine("Expect", f), "Expect: 100-continue on a request without content")
	}
}
