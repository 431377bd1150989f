package mutate

import (
	"math/rand"
	"slices"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/properties/handshake"
)

// The helpers of the variations table (variations.go).

// varyInterim returns an interim response: 100 Continue, 102 Processing,
// or 103 Early Hints (RFC 8297) with one or two Link lines.
func varyInterim(r *rand.Rand) handshake.Message {
	switch r.Intn(3) {
	case 0:
		return handshake.Message{Start: "HTTP/1.1 100 Continue"}
	case 1:
		return handshake.Message{Start: "HTTP/1.1 102 Processing"}
	}
	links := []string{"</style.css>; rel=preload; as=style", "</app.js>; rel=preload; as=script", "<https://cdn.example>; rel=preconnect"}
	m := handshake.Message{Start: "HTTP/1.1 103 Early Hints"}
	for _, k := range r.Perm(len(links))[:1+r.Intn(2)] {
		m.Fields = append(m.Fields, handshake.PlainField("Link", links[k], true))
	}
	return m
}

// varyCanAnswerWindow reports whether the permessage-deflate element x
// (name, then parameters) of a 101 still answers offer o once it adds
// client_max_window_bits: o has that parameter, x has not, and x echoes
// o's server_no_context_takeover and a server_max_window_bits no larger
// than o's (RFC 7692 §7.1.1.1, §7.1.2.1).
func varyCanAnswerWindow(x []string, o handshake.DeflateOffer) bool {
	param := func(name string) (string, bool) {
		for _, p := range x[1:] {
			if n, v, _ := strings.Cut(p, "="); strings.Trim(n, " \t") == name {
				return strings.Trim(v, " \t\""), true
			}
		}
		return "", false
	}
	if _, ok := o.Param("client_max_window_bits"); !ok {
		return false
	}
	if _, ok := param("client_max_window_bits"); ok {
		return false
	}
	if _, ok := o.Param("server_no_context_takeover"); ok {
		if _, ok := param("server_no_context_takeover"); !ok {
			return false
		}
	}
	if max, ok := o.Param("server_max_window_bits"); ok {
		v, ok := param("server_max_window_bits")
		if n, m := atoiOr(v), atoiOr(max); !ok || n > m {
			return false
		}
	}
	return true
}

// atoiOr returns the decimal value of s, or a large number.
func atoiOr(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 1 << 30
	}
	return n
}

// varyEvaluated are the fields a WebSocket recipient reads, in lower case.
var varyEvaluated = []string{"host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
	"sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-accept"}

var unknownRequestFields = [][2]string{
	{"X-Request-Id", "7f3c9a"}, {"Sec-Fetch-Mode", "websocket"}, {"DNT", "1"}, {"X-Forwarded-For", "192.0.2.1"},
}

var unknownResponseFields = [][2]string{
	{"X-Powered-By", "switchyard"}, {"X-Request-Id", "7f3c9a"}, {"Via", "1.1 gateway"},
}

// varySide returns the request or the response, at random.
func varySide(r *rand.Rand, e *handshake.Exchange) *handshake.Message {
	if handshake.Chance(r, 2) {
		return &e.Response
	}
	return &e.Request
}

// varyPick returns the index of a random field of m named one of names
// (lower case), or -1.
func varyPick(r *rand.Rand, m *handshake.Message, names ...string) int {
	var is []int
	for i, f := range m.Fields {
		if slices.Contains(names, strings.ToLower(f.Name)) {
			is = append(is, i)
		}
	}
	if len(is) == 0 {
		return -1
	}
	return is[r.Intn(len(is))]
}

// varyListField picks a line of an HTTP list field whose elements the
// recipient checks: Connection, or the request's Upgrade; with protocols,
// also the request's Sec-WebSocket-Protocol.
func varyListField(r *rand.Rand, e *handshake.Exchange, protocols bool) (*handshake.Message, int) {
	m := varySide(r, e)
	names := []string{"connection"}
	if m == &e.Request {
		names = append(names, "upgrade")
		if protocols {
			names = append(names, "sec-websocket-protocol")
		}
	}
	return m, varyPick(r, m, names...)
}

// varyAdd puts the extra element x among els: anywhere, but last in
// Sec-WebSocket-Protocol, whose order is the client's preference — a
// least-preferred offer changes nothing the 101 selected.
func varyAdd(r *rand.Rand, els []string, x, name string) []string {
	if strings.EqualFold(name, "Sec-WebSocket-Protocol") {
		return append(els, x)
	}
	return handshake.InsertAt(r, els, x)
}

// varySplit replaces line i of m by lines of the same name holding els
// in order, at least two lines.
func varySplit(r *rand.Rand, m *handshake.Message, i int, els []string) {
	f := m.Fields[i]
	cut := 1 + r.Intn(len(els)-1) // first split point
	var lines []handshake.Field
	start := 0
	for k := 1; k <= len(els); k++ {
		if k == len(els) || k == cut || handshake.Chance(r, 3) {
			lines = append(lines, handshake.PlainField(f.Name, handshake.JoinList(els[start:k], func() string { return ", " }), f.Optional))
			start = k
		}
	}
	m.Fields = slices.Replace(m.Fields, i, i+1, lines...)
}

// varyRecase respells the element want of the list field name (lower or upper
// case, mixed) in every line of m; it reports whether m had one.
func varyRecase(r *rand.Rand, m *handshake.Message, name, want string, spellings ...string) bool {
	done := false
	for i, f := range m.Fields {
		if !strings.EqualFold(f.Name, name) {
			continue
		}
		els := handshake.SplitList(f.Value)
		for k, el := range els {
			if strings.EqualFold(el, want) {
				s := handshake.Pick(r, spellings...)
				for s == el {
					s = handshake.Pick(r, spellings...)
				}
				els[k], done = s, true
			}
		}
		m.Fields[i].Value = handshake.JoinList(els, func() string { return ", " })
	}
	return done
}

// varyParamValue rewrites one extension parameter with a value, in the
// request or the 101, as f(name, value) with value unquoted; it reports
// whether there was one.
func varyParamValue(r *rand.Rand, e *handshake.Exchange, f func(name, value string) string) bool {
	m := varySide(r, e)
	i := varyPick(r, m, "sec-websocket-extensions")
	if i < 0 {
		return false
	}
	xs := handshake.ParseExtensions(m.Fields[i].Value)
	type at struct{ x, p int }
	var valued []at
	for x := range xs {
		for p := 1; p < len(xs[x]); p++ {
			if _, v, ok := strings.Cut(xs[x][p], "="); ok && strings.Trim(v, " \t\"") != "" && !strings.Contains(v, `\`) {
				valued = append(valued, at{x, p})
			}
		}
	}
	if len(valued) == 0 {
		return false
	}
	a := valued[r.Intn(len(valued))]
	name, value, _ := strings.Cut(xs[a.x][a.p], "=")
	xs[a.x][a.p] = f(strings.Trim(name, " \t"), strings.Trim(value, " \t\""))
	m.Fields[i].Value = handshake.FormatExtensions(xs, func() string { return "; " })
	return true
}

// varyTwoElements picks a list field of e that is not a lone token and
// returns its message, index and elements, with a legal element added
// when it had only one, so that a variation between elements has
// somewhere to go; i < 0 when there is none.
func varyTwoElements(r *rand.Rand, e *handshake.Exchange) (m *handshake.Message, i int, els []string) {
	m, i = varyListField(r, e, true)
	if i < 0 {
		return nil, -1, nil
	}
	els = handshake.SplitList(m.Fields[i].Value)
	if len(els) == 1 {
		x := handshake.ExtraElement(m, m.Fields[i].Name)
		if x == "" {
			return nil, -1, nil
		}
		els = varyAdd(r, els, x, m.Fields[i].Name)
	}
	return m, i, els
}

// varyAnswer rewrites the first element of the 101's Sec-WebSocket-Extensions
// line that edit changes (edit returns the new element and true), its
// parameters then joined by "; "; it reports whether one changed.
func varyAnswer(e *handshake.Exchange, edit func(x []string) ([]string, bool)) bool {
	i := e.Response.Index("Sec-WebSocket-Extensions")
	if i < 0 {
		return false
	}
	xs := handshake.ParseExtensions(e.Response.Fields[i].Value)
	for k, x := range xs {
		if y, ok := edit(x); ok {
			xs[k] = y
			e.Response.Fields[i].Value = handshake.FormatExtensions(xs, func() string { return "; " })
			return true
		}
	}
	return false
}
