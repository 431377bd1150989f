package properties

import (
	"sort"
	"strings"

	"github.com/leanovate/gopter"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
)

// ShrinkExchange is the gopter shrinker of valid exchanges. Every candidate
// it offers is still a valid exchange, one step simpler: the key of RFC
// 6455 §1.2, Host example.com, an optional field dropped, a name or token in canonical case, OWS reduced to one SP, two
// lines of a list field merged, fields in canonical order, the target "/",
// the reason phrase "Switching Protocols".
func ShrinkExchange(v interface{}) gopter.Shrink {
	e := v.(Exchange)
	cands := shrinkCandidates(e)
	i := 0
	return func() (interface{}, bool) {
		if i >= len(cands) {
			return nil, false
		}
		i++
		return cands[i-1], true
	}
}

func shrinkCandidates(e Exchange) []Exchange {
	var out []Exchange
	if e.Upgrade == WebSocket && e.Key != sampleKey {
		c := e.Clone()
		c.Key = sampleKey
		setValue(&c.Request, "Sec-WebSocket-Key", sampleKey)
		setValue(&c.Response, "Sec-WebSocket-Accept", parser.Accept(sampleKey))
		out = append(out, c)
	}
	if i := e.Request.Index("Host"); i >= 0 && e.Request.Fields[i].Value != "example.com" {
		c := e.Clone()
		c.Request.Fields[i].Value = "example.com"
		out = append(out, c)
	}
	for side := 0; side < 2; side++ {
		m := &e.Request
		if side == 1 {
			m = &e.Response
		}
		with := func(f func(c *Exchange, m *Message)) {
			c := e.Clone()
			cm := &c.Request
			if side == 1 {
				cm = &c.Response
			}
			f(&c, cm)
			out = append(out, c)
		}
		for i, f := range m.Fields {
			if f.Optional {
				with(func(c *Exchange, cm *Message) { dropOptional(c, cm, i) })
			}
		}
		for i, f := range m.Fields {
			if n := handshake.CanonicalName(f.Name); n != f.Name {
				with(func(_ *Exchange, cm *Message) { cm.Fields[i].Name = n })
			}
			if f.Lead != " " || f.Trail != "" {
				with(func(_ *Exchange, cm *Message) { cm.Fields[i].Lead, cm.Fields[i].Trail = " ", "" })
			}
			if v := handshake.CanonicalValue(f.Name, f.Value); v != f.Value {
				with(func(_ *Exchange, cm *Message) { cm.Fields[i].Value = v })
			}
		}
		if i, j := handshake.SplitPair(m); i >= 0 {
			with(func(_ *Exchange, cm *Message) {
				cm.Fields[i].Value += ", " + cm.Fields[j].Value
				cm.Fields = append(cm.Fields[:j], cm.Fields[j+1:]...)
			})
		}
		if !sort.SliceIsSorted(m.Fields, func(a, b int) bool { return fieldRank(m.Fields[a].Name) < fieldRank(m.Fields[b].Name) }) {
			with(func(_ *Exchange, cm *Message) {
				sort.SliceStable(cm.Fields, func(a, b int) bool { return fieldRank(cm.Fields[a].Name) < fieldRank(cm.Fields[b].Name) })
			})
		}
		if s := simpleStart(m.Start, side == 1); s != m.Start {
			with(func(_ *Exchange, cm *Message) { cm.Start = s })
		}
	}
	return out
}

// sampleKey is the key of RFC 6455 §1.2, the simplest key to read.
const sampleKey = "dGhlIHNhbXBsZSBub25jZQ=="

// setValue sets the value of the first field named name, if any.
func setValue(m *Message, name, value string) {
	if i := m.Index(name); i >= 0 {
		m.Fields[i].Value = value
	}
}

// dropOptional removes field i of m; a request's subprotocol or extension
// offer goes with all its lines, and the exchange forgets it.
func dropOptional(e *Exchange, m *Message, i int) {
	name := m.Fields[i].Name
	if m == &e.Request {
		switch {
		case strings.EqualFold(name, "Sec-WebSocket-Protocol"):
			m.Remove(name)
			e.Subprotocols = nil
			return
		case strings.EqualFold(name, "Sec-WebSocket-Extensions"):
			m.Remove(name)
			e.Deflate = nil
			return
		}
	}
	m.Fields = append(m.Fields[:i], m.Fields[i+1:]...)
}

var fieldOrder = []string{"host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-accept",
	"sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "http2-settings", "origin"}

func fieldRank(name string) int {
	n := strings.ToLower(name)
	for i, o := range fieldOrder {
		if o == n {
			return i
		}
	}
	return len(fieldOrder)
}

// simpleStart returns the simplest start-line of the same kind: target "/"
// (not "*", which OPTIONS needs), reason "Switching Protocols".
func simpleStart(s string, response bool) string {
	if response {
		if strings.HasPrefix(s, "HTTP/1.1 101 ") {
			return "HTTP/1.1 101 Switching Protocols"
		}
		return s
	}
	parts := strings.Split(s, " ")
	if len(parts) == 3 && parts[1] != "*" {
		parts[1] = "/"
	}
	return strings.Join(parts, " ")
}
