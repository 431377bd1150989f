package naive

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// nExt is one Sec-WebSocket-Extensions element.
type nExt struct {
	name   string
	params []nParam
}

type nParam struct {
	name, value string
	hasValue    bool
}

func (x nExt) String() string {
	s := x.name
	for _, p := range x.params {
		s += "; " + p.name
		if p.hasValue {
			s += "=" + p.value
		}
	}
	return s
}

// extensions parses Sec-WebSocket-Extensions (RFC 6455 §9.1, with the
// implied *LWS of RFC 2616 §2.1), or returns nil when it is absent.
func (n Recipient) extensions(h nHead) ([]nExt, error) {
	if len(n.values(h, "Sec-WebSocket-Extensions")) == 0 {
		return nil, nil
	}
	els, err := n.list(h, "Sec-WebSocket-Extensions")
	if err != nil {
		return nil, err
	}
	if len(els) == 0 {
		return nil, errors.New("Sec-WebSocket-Extensions without an extension")
	}
	var out []nExt
	for _, el := range els {
		parts := nSplit(el, ';')
		x := nExt{name: parts[0]}
		if !n.has(FaultNoParamLWS) {
			x.name = strings.Trim(x.name, " \t")
		}
		if !nIsToken(x.name) {
			return nil, fmt.Errorf("extension name %q is not a token", x.name)
		}
		for _, s := range parts[1:] {
			if n.has(FaultNoParamLWS) {
				s = strings.TrimPrefix(s, " ")
			} else {
				s = strings.Trim(s, " \t")
			}
			name, value, hasValue := strings.Cut(s, "=")
			if !n.has(FaultKeepBWS) {
				name, value = strings.Trim(name, " \t"), strings.Trim(value, " \t")
			}
			if !nIsToken(name) {
				return nil, fmt.Errorf("parameter name %q is not a token", name)
			}
			if hasValue && strings.HasPrefix(value, `"`) {
				if value, err = n.unquote(value); err != nil {
					return nil, err
				}
			}
			if hasValue && !nIsToken(value) {
				// RFC 6455 §9.1: a quoted value, once unescaped, is a token too.
				return nil, fmt.Errorf("parameter value %q is not a token", value)
			}
			x.params = append(x.params, nParam{name, value, hasValue})
		}
		out = append(out, x)
	}
	return out, nil
}

// unquote returns the content of a quoted-string, each quoted-pair replaced
// by the octet after the backslash (RFC 9110 §5.6.4).
func (n Recipient) unquote(q string) (string, error) {
	if len(q) < 2 || q[len(q)-1] != '"' {
		return "", fmt.Errorf("unterminated quoted-string %s", q)
	}
	q = q[1 : len(q)-1]
	if n.has(FaultNoUnescape) {
		return q, nil
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] == '\\' && i+1 < len(q) {
			i++
		}
		b.WriteByte(q[i])
	}
	return b.String(), nil
}

// answers reports whether the permessage-deflate element x of a response
// is a valid answer to offer o (RFC 7692 §7.1; AMB-15, AMB-16, AMB-17).
func (n Recipient) answers(x, o nExt) bool {
	if o.name != parser.PermessageDeflate {
		return false
	}
	offered := func(name string) (nParam, bool) {
		i := slices.IndexFunc(o.params, func(p nParam) bool { return p.name == name })
		if i < 0 {
			return nParam{}, false
		}
		return o.params[i], true
	}
	// An offer with a parameter not defined for offers is declined (RFC
	// 7692 §7): no answer accepts it.
	for _, p := range o.params {
		if !slices.Contains([]string{parser.ServerNoContextTakeover, parser.ClientNoContextTakeover, parser.ServerMaxWindowBits, parser.ClientMaxWindowBits}, p.name) {
			return false
		}
	}
	// Accepting an offer echoes its server_no_context_takeover and
	// server_max_window_bits (RFC 7692 §7.1.1.1, §7.1.2.1).
	for _, echo := range []string{parser.ServerNoContextTakeover, parser.ServerMaxWindowBits} {
		if _, ok := offered(echo); ok && !slices.ContainsFunc(x.params, func(p nParam) bool { return p.name == echo }) {
			return false
		}
	}
	if _, ok := offered(parser.ClientMaxWindowBits); ok && n.has(FaultRequireClientWindow) &&
		!slices.ContainsFunc(x.params, func(p nParam) bool { return p.name == parser.ClientMaxWindowBits }) {
		return false
	}
	for i, p := range x.params {
		if slices.ContainsFunc(x.params[:i], func(q nParam) bool { return q.name == p.name }) {
			return false
		}
		switch p.name {
		case parser.ServerNoContextTakeover:
			if p.hasValue {
				return false
			}
		case parser.ClientNoContextTakeover:
			if _, ok := offered(p.name); p.hasValue || !ok && n.has(FaultCNCTOnlyIfOffered) {
				return false
			}
		case parser.ServerMaxWindowBits:
			bits, ok := nWindowBits(p)
			if !ok {
				return false
			}
			if q, ok := offered(p.name); ok {
				if max, _ := nWindowBits(q); bits > max {
					return false
				}
			}
		case parser.ClientMaxWindowBits:
			if _, ok := nWindowBits(p); !ok || n.has(FaultOfferOnlyClientWindow) {
				return false
			}
			if _, ok := offered(p.name); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nWindowBits returns a window-bits value: 8 to 15, no leading zero.
func nWindowBits(p nParam) (int, bool) {
	v, err := strconv.Atoi(p.value)
	return v, p.hasValue && err == nil && v >= 8 && v <= 15 && p.value[0] != '0' && p.value[0] != '+'
}
