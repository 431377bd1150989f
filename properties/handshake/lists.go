package handshake

import (
	"math/rand"
	"slices"
	"strings"
)

// PlainField returns the field line "name: value", in the given case, one SP
// before the value: it varies nothing but what its variation adds.
func PlainField(name, value string, optional bool) Field {
	return Field{Name: name, Lead: " ", Value: value, Optional: optional}
}

// SplitList splits a list value at its commas, OWS removed, empty elements
// kept.
func SplitList(v string) []string {
	els := strings.Split(v, ",")
	for i := range els {
		els[i] = strings.Trim(els[i], " \t")
	}
	return els
}

// JoinList joins els, each separator drawn anew from sep.
func JoinList(els []string, sep func() string) string {
	var b strings.Builder
	for i, el := range els {
		if i > 0 {
			b.WriteString(sep())
		}
		b.WriteString(el)
	}
	return b.String()
}

// InsertAt puts el at a random place of els.
func InsertAt(r *rand.Rand, els []string, el string) []string {
	return slices.Insert(els, r.Intn(len(els)+1), el)
}

// JoinWithEmpty joins els with one to three empty elements among them.
func JoinWithEmpty(r *rand.Rand, els []string) string {
	for n := 1 + r.Intn(3); n > 0; n-- {
		els = InsertAt(r, els, "")
	}
	return JoinList(els, func() string { return ", " })
}

// ParseExtensions splits a Sec-WebSocket-Extensions value into elements,
// each its name then its parameters, whitespace around them removed. The
// generated values hold no comma or semicolon inside quotes.
func ParseExtensions(v string) [][]string {
	var out [][]string
	for _, el := range strings.Split(v, ",") {
		parts := strings.Split(el, ";")
		for i := range parts {
			parts[i] = strings.Trim(parts[i], " \t")
		}
		out = append(out, parts)
	}
	return out
}

// FormatExtensions joins elements with ", " and parameters with semi().
func FormatExtensions(xs [][]string, semi func() string) string {
	var els []string
	for _, x := range xs {
		els = append(els, JoinList(x, semi))
	}
	return JoinList(els, func() string { return ", " })
}

// ExtraElement returns an element that may join the list field name of m
// without changing what the exchange negotiates, one m does not hold yet,
// or "" when m holds them all.
func ExtraElement(m *Message, name string) string {
	pool := []string{"keep-alive", "x-hop", "x-hop2"}
	switch strings.ToLower(name) {
	case "upgrade":
		pool = []string{"example/1", "example/2", "example/3"}
	case "sec-websocket-protocol":
		pool = []string{"v2.example", "v3.example", "v4.example"}
	}
	for _, el := range pool {
		held := false
		for _, f := range m.Fields {
			held = held || strings.EqualFold(f.Name, name) && slices.ContainsFunc(SplitList(f.Value), func(s string) bool { return strings.EqualFold(s, el) })
		}
		if !held {
			return el
		}
	}
	return ""
}
