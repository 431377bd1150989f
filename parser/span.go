package parser

// span is where a violation sits: the canonical field name (or
// "request-line", "status-line", "head") and the octets of the input it
// covers. A span of no octets is recorded as one: a violation with a known
// place has a Length of at least 1.
type span struct {
	field string
	off   int
	n     int
}

// spanAt is the n octets at input offset off.
func spanAt(field string, off, n int) span { return span{field, off, n} }

// octetAt is the one octet at input offset off; at offset 0 it also stands
// for a fault with no place of its own, such as a missing field.
func octetAt(field string, off int) span { return span{field, off, 1} }

// bytesAt is b, found at input offset off.
func bytesAt[B ~string | ~[]byte](field string, off int, b B) span { return span{field, off, len(b)} }

// fieldLine is the whole field line f, name to end of value.
func fieldLine(field string, f *Field) span { return span{field, f.Offset, f.End - f.Offset} }

// fieldValue is f's value, OWS removed.
func fieldValue(field string, f *Field) span { return span{field, f.ValueOffset, len(f.Value)} }

// element is one list element of a field value.
func element(field string, e listElem) span { return span{field, e.off, len(e.b)} }
