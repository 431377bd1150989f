package parser

import (
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// Token is one element of a token list, aliasing the input.
type Token struct {
	Value  []byte
	Offset int // offset of Value[0] in the input
}

// Protocol is one element of Upgrade: protocol-name ["/" protocol-version]
// (RFC 9110 §7.8).
type Protocol struct {
	Name    []byte
	Version []byte // nil when absent
	Offset  int
}

// String returns "name" or "name/version".
func (p Protocol) String() string {
	if p.Version == nil {
		return string(p.Name)
	}
	return string(p.Name) + "/" + string(p.Version)
}

// is reports whether the protocol is name (case-insensitive, RFC 9110 §16.7)
// with exactly the given version ("" for none).
func (p Protocol) is(name, version string) bool {
	if !equalFold(p.Name, name) {
		return false
	}
	if version == "" {
		return p.Version == nil
	}
	return string(p.Version) == version
}

// listElem is one comma-separated element of a field value.
type listElem struct {
	b   []byte // without surrounding OWS; empty for an empty element
	off int    // offset of b in the input
}

// eachElem calls fn for every element of a #list field's lines, in order,
// after combining the lines (RFC 9110 §5.2). Empty elements are reported to
// the sender rule given (RFC 9110 §5.6.1.1: senders MUST NOT generate them)
// unless emptyRule is "", and are otherwise skipped (RFC 9110 §5.6.1.2:
// recipients MUST ignore them). It returns the number of non-empty elements,
// and false when the element count passed the limit (LIMIT-3).
func (p *Parser) eachElem(h *Head, id fieldID, emptyRule rules.ID, v *Verdict, fn func(e listElem)) (n int, ok bool) {
	if h.count[id] == 1 && p.limits.MaxListElements >= 1 && !p.generalOnly {
		// The common case: one line of one element ("websocket",
		// "Upgrade"), which the loop below would find the same way: a
		// field's value has no surrounding OWS, so the element is the
		// whole value, and with no comma beside it nothing else applies.
		if f := &h.Fields[h.first[id]]; len(f.Value) > 0 && indexByte(f.Value, ',') < 0 {
			fn(listElem{b: f.Value, off: f.ValueOffset})
			return 1, true
		}
	}
	total := 0
	name := fieldTable[id].name
	left := h.count[id]
	for i := int(h.first[id]); left > 0 && i < len(h.Fields); i++ {
		f := &h.Fields[i]
		if f.id != id {
			continue
		}
		left = h.visited(left)
		val := f.Value
		start := 0
		for {
			j := indexByte(val[start:], ',')
			end := len(val)
			if j >= 0 {
				end = start + j
			}
			el, lead := trimOWS(val[start:end])
			total++
			if total > p.limits.MaxListElements {
				v.refuse(rules.LIMIT_3, octetAt(name, f.ValueOffset+start), "more than "+strconv.Itoa(p.limits.MaxListElements)+" list elements")
				return n, false
			}
			if len(el) == 0 {
				// An empty field line value is an empty list, not an empty
				// element (RFC 9110 §5.6.1: #element allows zero elements).
				if emptyRule == "" && len(val) > 0 {
					// An RFC 2616 #rule list (RFC 6455's fields) allows
					// null elements; its recipient must ignore them as an
					// RFC 9110 one does (RFC 9110 §5.6.1.2), a fact worth
					// knowing when a recipient refuses the message.
					v.warn(rules.RFC9110_5_6_1_2_1, octetAt(name, f.ValueOffset+start), "empty list element, which a recipient must ignore")
				}
				if emptyRule != "" && len(val) > 0 {
					v.sender(emptyRule, octetAt(name, f.ValueOffset+start), "empty list element")
					// The sender form has no empty elements (RFC 9110
					// §5.6.1.1), nor has Upgrade's (§7.8, Appendix A).
					v.sender(rules.RFC9110_5_6_1_1_G1, octetAt(name, f.ValueOffset+start), "the sender's list form has no empty elements")
					if id == fieldUpgrade {
						v.sender(rules.RFC9110_7_8_G1, octetAt(name, f.ValueOffset+start), "Upgrade = [ protocol *( OWS \",\" OWS protocol ) ] has no empty elements")
					}
				}
			} else {
				// In an RFC 9110 list (one that names emptyRule), whitespace
				// other than SP and HTAB beside a comma stands where OWS
				// belongs (RFC 9110 §5.6.3).
				if at := spaceCtlBesideComma(el, start > 0, j >= 0); at >= 0 && emptyRule != "" {
					v.sender(rules.RFC9110_5_6_3_G1, octetAt(name, f.ValueOffset+start+lead+at), "whitespace other than SP or HTAB beside a list comma (OWS = *( SP / HTAB ))")
				}
				n++
				fn(listElem{b: el, off: f.ValueOffset + start + lead})
			}
			if j < 0 {
				break
			}
			start = end + 1
		}
	}
	return n, true
}

// soleToken returns the field of id when it has one line whose value is one
// token, the most common Upgrade ("websocket") and Connection ("Upgrade"):
// then eachElem would find that one element, with no comma and no "/"
// (neither is a tchar), so a caller can take it without the walk and its
// callback, having read the value once rather than once per question.
func (p *Parser) soleToken(h *Head, id fieldID) (*Field, bool) {
	if h.count[id] != 1 || p.limits.MaxListElements < 1 || p.generalOnly {
		return nil, false
	}
	f := &h.Fields[h.first[id]]
	return f, isToken(f.Value)
}

// isSpaceCtl reports the control octets that are whitespace to some
// software but never OWS (RFC 9110 §5.6.3): VT and FF.
func isSpaceCtl(b byte) bool { return b == '\v' || b == '\f' }

// spaceCtlBesideComma returns the index in the non-empty element el of a
// VT or FF that borders a comma (after one when commaBefore, before one
// when commaAfter), or -1.
func spaceCtlBesideComma(el []byte, commaBefore, commaAfter bool) int {
	switch {
	case commaBefore && isSpaceCtl(el[0]):
		return 0
	case commaAfter && isSpaceCtl(el[len(el)-1]):
		return len(el) - 1
	}
	return -1
}

// wordsWithoutComma reports whether b holds two or more words separated by
// SP or HTAB, each of which elem accepts: list elements whose separating
// comma is missing (RFC 9110 §5.6.1: elements are separated by ","). b has
// no surrounding OWS.
func wordsWithoutComma(b []byte, elem func([]byte) bool) bool {
	if indexOWS(b) < 0 {
		return false // one word at most: most elements that are no token
	}
	words := 0
	for i := 0; i < len(b); {
		if isOWS(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && !isOWS(b[j]) {
			j++
		}
		if !elem(b[i:j]) {
			return false
		}
		words++
		i = j
	}
	return words >= 2
}
