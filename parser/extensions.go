package parser

import (
	"bytes"
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// Extension is one element of Sec-WebSocket-Extensions (RFC 6455 §9.1).
type Extension struct {
	Name   []byte
	Params []Param
	Offset int
}

// Param is one extension-param: token [ "=" ( token | quoted-string ) ].
type Param struct {
	Name     []byte
	Value    []byte // unescaped when it was a quoted-string; nil when absent
	HasValue bool
	Quoted   bool
	Offset   int
}

// Param returns the first parameter with the given name (case-sensitive,
// AMB-18), or nil.
func (e *Extension) Param(name string) *Param {
	for i := range e.Params {
		if string(e.Params[i].Name) == name {
			return &e.Params[i]
		}
	}
	return nil
}

// PermessageDeflate is the extension name RFC 7692 §7 registers.
const PermessageDeflate = "permessage-deflate"

// The permessage-deflate parameters (RFC 7692 §7.1).
const (
	ServerNoContextTakeover = "server_no_context_takeover"
	ClientNoContextTakeover = "client_no_context_takeover"
	ServerMaxWindowBits     = "server_max_window_bits"
	ClientMaxWindowBits     = "client_max_window_bits"
)

// extState holds the extensions being parsed; Params are attached at the
// end, once the flat parameter slice has stopped growing.
type extSpan struct{ from, to int }

// parseExtensions parses every Sec-WebSocket-Extensions line of h as one
// extension-list (RFC 6455 §9.1; lines combine, RFC 6455 §9.1, AMB-5), with
// SP and HTAB allowed around ",", ";" and "=" (AMB-13). It returns false
// after reporting the first syntax error, citing grammarRole's rule:
// a server answers 400, a client Fails (AMB-14).
func (p *Parser) parseExtensions(h *Head, v *Verdict, status int) ([]Extension, bool) {
	p.exts = p.exts[:0]
	p.params = p.params[:0]
	p.spans = p.spans[:0]
	if h.count[fieldExtensions] == 1 && !p.generalOnly && p.browserOffer(h.firstLine(fieldExtensions)) {
		return p.exts, true
	}
	nonEmpty := 0
	seen := false
	left := h.count[fieldExtensions]
	for i := int(h.first[fieldExtensions]); left > 0 && i < len(h.Fields); i++ {
		f := &h.Fields[i]
		if f.id != fieldExtensions {
			continue
		}
		left = h.visited(left)
		seen = true
		n, ok := p.extensionLine(f.Value, f.ValueOffset, v, status)
		nonEmpty += n
		if !ok {
			return nil, false
		}
	}
	if seen && nonEmpty == 0 {
		// extension-list = 1#extension: at least one element (AMB-13).
		f := h.firstLine(fieldExtensions)
		v.refuseWith(rules.RFC6455_9_1_G1, status, octetAt("Sec-WebSocket-Extensions", f.ValueOffset), "extension list has no extension")
		v.alsoNoElement("Sec-WebSocket-Extensions", f.ValueOffset)
		return nil, false
	}
	for i := range p.exts {
		s := p.spans[i]
		p.exts[i].Params = p.params[s.from:s.to:s.to]
	}
	return p.exts, true
}

// browserOffer reads a Sec-WebSocket-Extensions line that is one of the
// offers browsers send, "permessage-deflate" (Firefox) or
// "permessage-deflate; client_max_window_bits" (Chromium, Edge, Safari),
// into p.exts and p.params, as extensionLine would read it, without its
// general walk; it reports whether the line was one of them. FuzzFastPath
// checks that both read them alike.
func (p *Parser) browserOffer(f *Field) bool {
	const withWindow = PermessageDeflate + "; " + ClientMaxWindowBits
	switch string(f.Value) {
	case PermessageDeflate:
	case withWindow:
		const at = len(withWindow) - len(ClientMaxWindowBits)
		p.params = append(p.params, Param{Name: f.Value[at:], Offset: f.ValueOffset + at})
	default:
		return false
	}
	p.exts = append(p.exts, Extension{Name: f.Value[:len(PermessageDeflate)], Params: p.params[:len(p.params):len(p.params)], Offset: f.ValueOffset})
	return true
}

// firstLine returns the first line of a known field, or nil when the head
// has none.
func (h *Head) firstLine(id fieldID) *Field {
	if h.count[id] == 0 {
		return nil
	}
	return &h.Fields[h.first[id]]
}

// extensionLine parses one line's worth of extension-list.
func (p *Parser) extensionLine(s []byte, base int, v *Verdict, status int) (n int, ok bool) {
	const field = "Sec-WebSocket-Extensions"
	bad := func(rule rules.ID, i int, msg string) (int, bool) {
		v.refuseWith(rule, status, octetAt(field, base+i), msg)
		return n, false
	}
	i := 0
	elems := 0
	for {
		i = skipOWS(s, i)
		if i == len(s) {
			return n, true
		}
		elems++
		if elems > p.limits.MaxListElements {
			return bad(rules.LIMIT_3, i, "more than "+strconv.Itoa(p.limits.MaxListElements)+" list elements")
		}
		if s[i] == ',' { // an empty element: allowed by RFC 2616's #rule
			i++
			continue
		}
		name, j := scanToken(s, i)
		if len(name) == 0 {
			n, ok := bad(rules.RFC6455_9_1_G2, i, "extension name is not a token")
			v.alsoNotToken(field, s[i:i+1], base+i)
			return n, ok
		}
		ext := Extension{Name: name, Offset: base + i}
		from := len(p.params)
		i = skipOWS(s, j)
		for i < len(s) && s[i] == ';' {
			i = skipOWS(s, i+1)
			pname, j := scanToken(s, i)
			if len(pname) == 0 {
				n, ok := bad(rules.RFC6455_9_1_G3, i, "extension parameter name is not a token")
				v.alsoNotToken(field, s[i:min(i+1, len(s))], base+i)
				return n, ok
			}
			prm := Param{Name: pname, Offset: base + i}
			i = skipOWS(s, j)
			if i < len(s) && s[i] == '=' {
				i = skipOWS(s, i+1)
				prm.HasValue = true
				if i < len(s) && s[i] == '"' {
					val, j, failed := p.scanQuoted(s, i)
					if failed != "" {
						return bad(failed, j, "malformed quoted-string")
					}
					if !isToken(val) {
						// RFC 6455 §9.1: the unescaped value MUST match token.
						n, ok := bad(rules.RFC6455_9_1_2, i, "quoted parameter value is not a token once unescaped")
						v.sender(rules.RFC9110_5_6_2_G1, spanAt(field, base+i, j-i), "not a token (token = 1*tchar) once unescaped")
						if k := rawIndex(s[i+1:j-1], firstNotTchar(val)); k >= 0 {
							v.sender(rules.RFC9110_5_6_2_G2, octetAt(field, base+i+1+k), notTcharMessage[s[i+1+k]])
						}
						return n, ok
					}
					prm.Value, prm.Quoted = val, true
					i = j
				} else {
					val, j := scanToken(s, i)
					if len(val) == 0 {
						return bad(rules.RFC6455_9_1_G3, i, "extension parameter value is neither a token nor a quoted-string")
					}
					prm.Value = val
					i = j
				}
				i = skipOWS(s, i)
			}
			if len(p.params)-from >= p.limits.MaxExtensionParams {
				return bad(rules.LIMIT_4, prm.Offset-base, "more than "+strconv.Itoa(p.limits.MaxExtensionParams)+" extension parameters")
			}
			p.params = append(p.params, prm)
		}
		if i < len(s) && s[i] != ',' {
			return bad(rules.RFC6455_9_1_G2, i, "expected ',' or ';' after an extension or parameter")
		}
		p.exts = append(p.exts, ext)
		p.spans = append(p.spans, extSpan{from, len(p.params)})
		n++
		if i < len(s) {
			i++
		}
	}
}

// rawIndex maps index u of a quoted-string's unescaped content to the index
// of that octet in its raw content (between the DQUOTEs), or returns -1
// for u < 0.
func rawIndex(raw []byte, u int) int {
	if u < 0 {
		return -1
	}
	k := 0
	for n := 0; k < len(raw); k++ {
		if raw[k] == '\\' {
			k++
		}
		if n == u {
			return k
		}
		n++
	}
	return -1
}

func skipOWS(s []byte, i int) int {
	for i < len(s) && isOWS(s[i]) {
		i++
	}
	return i
}

// scanToken returns the token starting at s[i] (possibly empty) and the
// index after it.
func scanToken(s []byte, i int) ([]byte, int) {
	j := tokenEnd(s, i)
	return s[i:j], j
}

// tokenEnd returns the index of the first octet at or after i that is not a
// tchar, or len(s): runEnd over tchar, eight octets a step. Field names and
// extension tokens end at every length, which a per-octet loop's exit
// branch mispredicts.
func tokenEnd(s []byte, i int) int {
	return runEnd(s, i, &tchar, &tcharAt)
}

// scanQuoted reads the quoted-string starting at s[i] (RFC 9110 §5.6.4) and
// returns its unescaped content (a quoted-pair stands for the octet after
// the backslash) and the index after the closing DQUOTE. On a malformed
// quoted-string it returns the rule broken and the index of the fault: a
// bad quoted-pair (-G3), an octet that is not qdtext (-G2), no closing
// DQUOTE (-G1).
func (p *Parser) scanQuoted(s []byte, i int) ([]byte, int, rules.ID) {
	j := i + 1
	escaped := false
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			inner := s[i+1 : j]
			if !escaped {
				return inner, j + 1, ""
			}
			out := p.repairable(inner)[:0]
			for k := 0; k < len(inner); k++ {
				if inner[k] == '\\' {
					k++
				}
				out = append(out, inner[k])
			}
			return out, j + 1, ""
		case c == '\\':
			if j+1 >= len(s) {
				return nil, j, rules.RFC9110_5_6_4_G1
			}
			if !quotedPairChar[s[j+1]] {
				return nil, j, rules.RFC9110_5_6_4_G3
			}
			escaped = true
			j += 2
		case qdtext[c]:
			j++
		default:
			return nil, j, rules.RFC9110_5_6_4_G2
		}
	}
	return nil, j, rules.RFC9110_5_6_4_G1
}

// windowBits parses a max_window_bits value: 1*DIGIT, 8..15, no leading
// zeros (RFC 7692 §7.1.2.1, §7.1.2.2).
func windowBits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 2 || b[0] == '0' {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, 8 <= n && n <= 15
}

// The values of pmdProblem's offer argument: an element of a client's
// offer, or of a server's response.
const (
	pmdOffer    = true
	pmdResponse = false
)

// pmdProblem judges one permessage-deflate element's parameters (RFC 7692
// §7): undefined parameter, invalid value, repeated name. It returns "" when
// the element is valid, else what is wrong, and the offset of the problem.
// In an offer client_max_window_bits may lack a value; in a response it
// must have one (RFC 7692 §7.1.2.2).
func pmdProblem(e *Extension, offer bool) (msg string, off int, abnf rules.ID) {
	for i := range e.Params {
		prm := &e.Params[i]
		for j := 0; j < i; j++ {
			if bytes.Equal(e.Params[j].Name, prm.Name) {
				return "parameter " + string(prm.Name) + " repeated", prm.Offset, ""
			}
		}
		switch string(prm.Name) {
		case ServerNoContextTakeover, ClientNoContextTakeover:
			if prm.HasValue {
				return string(prm.Name) + " takes no value", prm.Offset, ""
			}
		case ServerMaxWindowBits:
			if !prm.HasValue {
				return "server_max_window_bits needs a value of 8 to 15", prm.Offset, ""
			}
			if _, ok := windowBits(prm.Value); !ok {
				return "server_max_window_bits is not 8 to 15 without leading zeros", prm.Offset, rules.RFC7692_7_1_2_1_G1
			}
		case ClientMaxWindowBits:
			if !prm.HasValue {
				if offer {
					continue
				}
				return "client_max_window_bits in a response needs a value of 8 to 15", prm.Offset, ""
			}
			if _, ok := windowBits(prm.Value); !ok {
				return "client_max_window_bits is not 8 to 15 without leading zeros", prm.Offset, rules.RFC7692_7_1_2_2_G1
			}
		default:
			return "parameter " + string(prm.Name) + " is not defined for permessage-deflate", prm.Offset, ""
		}
	}
	return "", 0, ""
}
