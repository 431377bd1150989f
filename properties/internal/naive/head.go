package naive

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// nLine is one field line, its value without OWS.
type nLine struct{ name, value string }

// nHead is a message head: the start-line and the field lines.
type nHead struct {
	start  string
	fields []nLine
}

// parse splits a head into lines (RFC 9112 §2.1, §5): each field line is a
// token, a colon and a value free of control octets but HTAB.
func (n Recipient) parse(b []byte, response bool) (nHead, error) {
	var h nHead
	if n.has(FaultUTF8Decode) && !utf8.Valid(b) {
		return h, errors.New("head is not UTF-8 text")
	}
	s, ok := strings.CutSuffix(string(b), "\r\n\r\n")
	if !ok {
		return h, errors.New("head does not end with an empty line")
	}
	lines := strings.Split(s, "\r\n")
	h.start = lines[0]
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ":")
		if !ok || !nIsToken(name) {
			return h, fmt.Errorf("malformed field line %q", l)
		}
		for i := 0; i < len(value); i++ {
			c := value[i]
			if c < 0x20 && c != '\t' || c == 0x7f {
				return h, fmt.Errorf("control octet in %s", name)
			}
			if c >= 0x80 && n.has(FaultASCIIOnly) {
				return h, fmt.Errorf("non-ASCII octet in %s", name)
			}
		}
		if n.has(FaultNoOWSStrip) {
			value = strings.TrimPrefix(value, " ")
		} else {
			value = strings.Trim(value, " \t")
		}
		if response && n.has(FaultShortBuffer) && len(value) > nShortBuffer {
			return h, fmt.Errorf("%s longer than %d octets", name, nShortBuffer)
		}
		if n.has(FaultRejectUnknownFields) && !nKnownFields[strings.ToLower(name)] {
			return h, fmt.Errorf("unknown field %s", name)
		}
		h.fields = append(h.fields, nLine{name, value})
		if !response && n.has(FaultActEarly) {
			if _, err := n.required(h); err == nil {
				return h, nil // decided: the lines after this one are never read
			}
		}
	}
	return h, nil
}

// nKnownFields are the fields FaultRejectUnknownFields lets through: those
// the generators send, and Link, which the 103 of interim-responses has.
var nKnownFields = map[string]bool{
	"link": true, "host": true, "upgrade": true, "connection": true, "sec-websocket-key": true, "sec-websocket-version": true,
	"sec-websocket-protocol": true, "sec-websocket-extensions": true, "sec-websocket-accept": true, "origin": true,
	"user-agent": true, "cache-control": true, "pragma": true, "accept-encoding": true, "accept-language": true,
	"cookie": true, "server": true, "date": true,
}

// values returns the values of the lines named name (given in its
// canonical spelling), in order.
func (n Recipient) values(h nHead, name string) []string {
	var out []string
	for _, f := range h.fields {
		if f.name == name || !n.has(FaultCaseSensitiveNames) && strings.EqualFold(f.name, name) {
			out = append(out, f.value)
		}
	}
	switch {
	case len(out) < 2:
	case n.has(FaultFirstLineOnly):
		out = out[:1]
	case n.has(FaultLastLineOnly):
		out = out[len(out)-1:]
	}
	return out
}

// single returns the value of a field that must appear exactly once.
func (n Recipient) single(h nHead, name string) (string, error) {
	vs := n.values(h, name)
	if len(vs) != 1 {
		return "", fmt.Errorf("%d %s lines", len(vs), name)
	}
	return vs[0], nil
}

// list returns the elements of a list field, its lines combined in order
// (RFC 9110 §5.2), OWS around the commas removed and empty elements left
// out (RFC 9110 §5.6.1.2).
func (n Recipient) list(h nHead, name string) ([]string, error) {
	var out []string
	for _, el := range nSplit(strings.Join(n.values(h, name), ", "), ',') {
		if n.has(FaultNoElementTrim) {
			el = strings.TrimPrefix(el, " ")
		} else {
			el = strings.Trim(el, " \t")
		}
		if el == "" {
			if n.has(FaultRejectEmptyElements) {
				return nil, fmt.Errorf("empty element in %s", name)
			}
			continue
		}
		out = append(out, el)
	}
	return out, nil
}

// hasElement reports whether the list field holds want, compared
// case-insensitively unless exact.
func (n Recipient) hasElement(h nHead, name, want string, exact bool) (bool, error) {
	els, err := n.list(h, name)
	return slices.ContainsFunc(els, func(el string) bool { return el == want || !exact && strings.EqualFold(el, want) }), err
}

// nSplit splits s at sep outside quoted strings.
func nSplit(s string, sep byte) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func nIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
