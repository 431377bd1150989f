package properties

import (
	"math/rand"
	"slices"
	"strconv"
	"strings"

	R "github.com/switchyard/switchyard/rules"
)

// variation is one legal variation of a WebSocket exchange: the exchange
// stays valid. Most variations keep its meaning (whitespace, case, lines);
// some take another legal choice (another subprotocol, an optional field
// left out, a parameter a 101 may add or omit). Either way a recipient
// that judges the varied exchange otherwise than the reference parser
// breaks one of the recipient duties in rules: the variations tell the
// recipient probes which duty an implementation broke.
type variation struct {
	name string
	// rules are the recipient duties the variation exercises.
	rules []R.ID
	// sender lists rules the variation breaks on the sender's side while
	// the recipient must still accept (empty list elements): the only
	// rules the reference may cite on a varied message.
	sender []R.ID
	// apply varies e in place; it returns false, leaving e as it was or
	// still valid, when e has nothing to vary.
	apply func(r *rand.Rand, e *Exchange) bool
}

// tagged reports whether v exercises rule id.
func (v variation) tagged(id R.ID) bool { return slices.Contains(v.rules, id) }

// variations lists the legal variations. Each applies to a WebSocket
// exchange in any legal form, canonical or as generated.
var variations = []variation{
	{name: "ows-around-value", rules: []R.ID{R.RFC9110_5_5_1, R.RFC9112_5_1_2}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, varyEvaluated...)
		if i < 0 {
			return false
		}
		m.Fields[i].Lead = pick(r, "\t", "  ", " \t", "\t ", "   ")
		m.Fields[i].Trail = pick(r, " ", "\t", " \t", "\t\t")
		return true
	}},
	{name: "ows-around-commas", rules: []R.ID{R.RFC9110_5_6_1_G1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m, i, els := varyTwoElements(r, e)
		if i < 0 {
			return false
		}
		m.Fields[i].Value = varyJoin(els, func() string { return pick(r, " ,", " , ", ",\t", "\t,\t", " ,  ") })
		return true
	}},
	{name: "lws-around-commas-6455", rules: []R.ID{R.RFC2616_2_1_G1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-protocol", "sec-websocket-extensions")
		if i < 0 || !strings.Contains(m.Fields[i].Value, ",") {
			return false
		}
		m.Fields[i].Value = varyJoin(varyElements(m.Fields[i].Value), func() string { return pick(r, " ,", " , ", ",\t", "\t,\t", " ,  ") })
		return true
	}},
	{name: "lws-around-semicolons", rules: []R.ID{R.RFC2616_2_1_G1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-extensions")
		if i < 0 || !strings.Contains(m.Fields[i].Value, ";") {
			return false
		}
		m.Fields[i].Value = varyFormatExt(varyParseExt(m.Fields[i].Value), func() string { return pick(r, " ;", " ; ", "\t;\t", " ;\t", ";  ") })
		return true
	}},
	// RFC 6455 §9.1 allows whitespace around "=" only through RFC 2616's
	// implied *LWS: historical whitespace, which RFC 9110 §5.6.3 calls
	// BWS — senders do not generate it (AMB-13), recipients remove it.
	{name: "bws-around-equals", rules: []R.ID{R.RFC9110_5_6_3_2, R.RFC2616_2_1_G1}, apply: func(r *rand.Rand, e *Exchange) bool {
		return varyParamValue(r, e, func(name, value string) string { return name + pick(r, " =", "= ", " = ", "\t=\t", " =\t") + value })
	}},
	{name: "quoted-pair-param", rules: []R.ID{R.RFC9110_5_6_4_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		return varyParamValue(r, e, func(name, value string) string {
			var b strings.Builder
			k := r.Intn(len(value)) // at least this octet is escaped
			for i := 0; i < len(value); i++ {
				if i == k || chance(r, 2) {
					b.WriteByte('\\')
				}
				b.WriteByte(value[i])
			}
			return name + `="` + b.String() + `"`
		})
	}},
	{name: "empty-list-elements", rules: []R.ID{R.RFC9110_5_6_1_2_1, R.RFC9110_5_6_1_2_G1},
		sender: []R.ID{R.RFC9110_5_6_1_1_1, R.RFC9110_5_6_1_1_G1, R.RFC9110_7_8_G1, R.RFC9110_7_6_1_G1, R.RFC6455_4_1_6},
		apply: func(r *rand.Rand, e *Exchange) bool {
			m, i := varyListField(r, e, false)
			if i < 0 {
				return false
			}
			m.Fields[i].Value = varyWithEmpty(r, varyElements(m.Fields[i].Value))
			return true
		}},
	{name: "null-elements-6455", rules: []R.ID{R.RFC2616_2_1_G1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-protocol", "sec-websocket-extensions")
		if i < 0 || m == &e.Response && strings.EqualFold(m.Fields[i].Name, "Sec-WebSocket-Protocol") {
			return false // the 101's Sec-WebSocket-Protocol is one token, not a list
		}
		m.Fields[i].Value = varyWithEmpty(r, varyElements(m.Fields[i].Value))
		return true
	}},
	{name: "split-list-lines", rules: []R.ID{R.RFC9110_5_2_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m, i, els := varyTwoElements(r, e)
		if i < 0 {
			return false
		}
		varySplit(r, m, i, els)
		return true
	}},
	{name: "split-extension-offers", rules: []R.ID{R.RFC6455_9_1_3, R.RFC9110_5_2_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		i := e.Request.Index("Sec-WebSocket-Extensions")
		if i < 0 {
			return false
		}
		els := varyElements(e.Request.Fields[i].Value)
		if len(els) == 1 {
			if strings.Contains(string(e.Request.Print()), "x-example") {
				return false
			}
			els = varyInsert(r, els, "x-example")
		}
		varySplit(r, &e.Request, i, els)
		return true
	}},
	{name: "extension-lines-101", rules: []R.ID{R.RFC6455_9_1_3, R.RFC6455_11_3_2_1, R.RFC9110_5_2_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		i := e.Response.Index("Sec-WebSocket-Extensions")
		if i < 0 || strings.Contains(string(e.Response.Print()), "x-example") {
			return false
		}
		// Offer one more extension and accept it on a line of its own:
		// the 101 then has two extension lines (erratum 3433).
		// x-example goes after permessage-deflate, in name order: a new
		// order is extension-order-101's business.
		j := e.Request.Index("Sec-WebSocket-Extensions")
		e.Request.Fields[j].Value += ", x-example"
		e.Response.Fields = slices.Insert(e.Response.Fields, i+1, varyPlain(e.Response.Fields[i].Name, "x-example", true))
		return true
	}},
	{name: "extension-order-101", rules: []R.ID{R.RFC6455_9_1_6}, apply: func(r *rand.Rand, e *Exchange) bool {
		i := e.Response.Index("Sec-WebSocket-Extensions")
		if i < 0 || strings.Contains(string(e.Response.Print()), "x-example") {
			return false
		}
		// Offer one more extension; the 101 applies it first, before
		// permessage-deflate: order is meaning, not name order.
		j := e.Request.Index("Sec-WebSocket-Extensions")
		e.Request.Fields[j].Value += ", x-example"
		e.Response.Fields[i].Value = "x-example, " + e.Response.Fields[i].Value
		return true
	}},
	{name: "obs-text-in-comment", rules: []R.ID{R.RFC9110_5_5_G1, R.RFC9112_2_2_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		m, name := &e.Request, "User-Agent"
		if chance(r, 2) {
			m, name = &e.Response, "Server"
		}
		i := m.Index(name)
		if i < 0 {
			m.Fields = slices.Insert(m.Fields, r.Intn(len(m.Fields)+1), varyPlain(name, "switchyard/1", true))
			i = m.Index(name)
		}
		// Latin-1 and other octets that are not UTF-8, and UTF-8.
		m.Fields[i].Value += " (" + pick(r, "caf\xe9", "\xa9 2026", "na\xefve", "\xff\xfe", "caf\xc3\xa9", "\xe2\x82\xac 5") + ")"
		return true
	}},
	{name: "unknown-fields", rules: []R.ID{R.RFC6455_4_2_1_9}, apply: func(r *rand.Rand, e *Exchange) bool {
		m, pool := &e.Request, unknownRequestFields
		if chance(r, 2) {
			m, pool = &e.Response, unknownResponseFields
		}
		for _, k := range r.Perm(len(pool))[:1+r.Intn(2)] {
			m.Fields = slices.Insert(m.Fields, r.Intn(len(m.Fields)+1), varyPlain(pool[k][0], pool[k][1], true))
		}
		return true
	}},
	{name: "omit-optional", rules: []R.ID{R.RFC6455_4_2_1_9}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		var opt []int
		for i, f := range m.Fields {
			if f.Optional || m == &e.Request && (strings.EqualFold(f.Name, "Sec-WebSocket-Protocol") || strings.EqualFold(f.Name, "Sec-WebSocket-Extensions")) {
				opt = append(opt, i)
			}
		}
		if len(opt) == 0 {
			return false
		}
		name := m.Fields[opt[r.Intn(len(opt))]].Name
		m.Remove(name)
		if m == &e.Request && (strings.EqualFold(name, "Sec-WebSocket-Protocol") || strings.EqualFold(name, "Sec-WebSocket-Extensions")) {
			// Without the offer, the 101 selects nothing from it.
			e.Response.Remove(name)
			if strings.EqualFold(name, "Sec-WebSocket-Protocol") {
				e.Subprotocols = nil
			} else {
				e.Deflate = nil
			}
		}
		return true
	}},
	{name: "case-field-names", rules: []R.ID{R.RFC6455_4_1_26}, apply: func(r *rand.Rand, e *Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, varyEvaluated...)
		if i < 0 {
			return false
		}
		n := m.Fields[i].Name
		m.Fields[i].Name = pick(r, strings.ToLower(n), strings.ToUpper(n))
		if m.Fields[i].Name == n {
			m.Fields[i].Name = strings.ToUpper(n)
		}
		return m.Fields[i].Name != n
	}},
	{name: "case-connection-options", rules: []R.ID{R.RFC9110_7_6_1_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		return varyRecase(r, varySide(r, e), "Connection", "Upgrade", "upgrade", "UPGRADE", "uPgRaDe")
	}},
	{name: "case-protocol-names", rules: []R.ID{R.RFC9110_16_7_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		return varyRecase(r, varySide(r, e), "Upgrade", "websocket", "WebSocket", "WEBSOCKET", "Websocket")
	}},
	{name: "unsolicited-client-no-context-takeover", rules: []R.ID{R.RFC7692_7_1_1_2_2}, apply: func(r *rand.Rand, e *Exchange) bool {
		i := e.Response.Index("Sec-WebSocket-Extensions")
		if i < 0 {
			return false
		}
		xs := varyParseExt(e.Response.Fields[i].Value)
		for k, x := range xs {
			if x[0] == "permessage-deflate" && !slices.Contains(x, "client_no_context_takeover") {
				xs[k] = slices.Insert(x, 1+r.Intn(len(x)), "client_no_context_takeover")
				e.Response.Fields[i].Value = varyFormatExt(xs, func() string { return "; " })
				return true
			}
		}
		return false
	}},
	{name: "select-other-subprotocol", rules: []R.ID{R.RFC6455_4_1_27}, apply: func(r *rand.Rand, e *Exchange) bool {
		// The server picks another offered subprotocol, or none: the
		// subprotocol in use is the 101's, not the client's first choice.
		var offers []string
		for _, f := range e.Request.Fields {
			if strings.EqualFold(f.Name, "Sec-WebSocket-Protocol") {
				offers = append(offers, slices.DeleteFunc(varyElements(f.Value), func(s string) bool { return s == "" })...)
			}
		}
		if len(offers) == 0 {
			return false
		}
		cur := ""
		if i := e.Response.Index("Sec-WebSocket-Protocol"); i >= 0 {
			cur = e.Response.Fields[i].Value
		}
		choices := slices.DeleteFunc(append(offers, ""), func(s string) bool { return s == cur })
		switch c := choices[r.Intn(len(choices))]; {
		case c == "":
			e.Response.Remove("Sec-WebSocket-Protocol")
		case cur == "":
			e.Response.Fields = slices.Insert(e.Response.Fields, r.Intn(len(e.Response.Fields)+1), varyPlain("Sec-WebSocket-Protocol", c, true))
		default:
			e.Response.Fields[e.Response.Index("Sec-WebSocket-Protocol")].Value = c
		}
		return true
	}},
	{name: "answer-client-max-window-bits", rules: []R.ID{R.RFC7692_7_1}, apply: func(r *rand.Rand, e *Exchange) bool {
		// A 101 may answer an offer of client_max_window_bits with a value
		// (RFC 7692 §7.1.2.2; any of 8 to 15, AMB-15). With one offer the
		// answer answers the same offer before and after: only the
		// parameter changes.
		i := e.Response.Index("Sec-WebSocket-Extensions")
		if i < 0 || len(e.Deflate) != 1 {
			return false
		}
		xs := varyParseExt(e.Response.Fields[i].Value)
		for k, x := range xs {
			if x[0] == "permessage-deflate" && slices.ContainsFunc(e.Deflate, func(o DeflateOffer) bool { return varyCanAnswerWindow(x, o) }) {
				xs[k] = slices.Insert(x, 1+r.Intn(len(x)), "client_max_window_bits="+pick(r, "8", "9", "10", "11", "12", "13", "14", "15"))
				e.Response.Fields[i].Value = varyFormatExt(xs, func() string { return "; " })
				return true
			}
		}
		return false
	}},
	{name: "omit-client-max-window-bits", rules: []R.ID{R.RFC7692_7_1_2_2_4}, apply: func(r *rand.Rand, e *Exchange) bool {
		i := e.Response.Index("Sec-WebSocket-Extensions")
		if i < 0 {
			return false
		}
		xs := varyParseExt(e.Response.Fields[i].Value)
		for k, x := range xs {
			if p := slices.IndexFunc(x, func(s string) bool { return strings.HasPrefix(s, "client_max_window_bits") }); p > 0 {
				xs[k] = slices.Delete(x, p, p+1)
				e.Response.Fields[i].Value = varyFormatExt(xs, func() string { return "; " })
				return true
			}
		}
		return false
	}},
	{name: "interim-responses", rules: []R.ID{R.RFC9110_15_2_3}, apply: func(r *rand.Rand, e *Exchange) bool {
		// One to three 1xx responses the client did not ask for come
		// before the 101 (RFC 9110 §15.2; AMB-19 names 100, 102 and 103).
		// They go into the 101's Pre: the octets the client reads before
		// its status-line (responseStream). The request is HTTP/1.1, to
		// which a 1xx may be sent (RFC 9110 §15.2-1), and has no Expect,
		// so no 100 is owed before the 101 (RFC 9110 §10.1.1) and an
		// unsolicited 100 is one more unexpected 1xx.
		if !strings.HasSuffix(e.Request.Start, " HTTP/1.1") || e.Request.Index("Expect") >= 0 {
			return false
		}
		for k := 1 + r.Intn(3); k > 0; k-- {
			e.Response.Pre += string(varyInterim(r).Print())
		}
		return true
	}},
	{name: "as-long-as-generated", rules: []R.ID{R.RFC9110_2_3_2}, apply: func(r *rand.Rand, e *Exchange) bool {
		// The client generated its request: the 101 gets a Server value as
		// long as the longest value of that request.
		n := 0
		for _, f := range e.Request.Fields {
			n = max(n, len(f.Value))
		}
		v := "x/" + strings.Repeat("1", max(n-2, 1))
		if i := e.Response.Index("Server"); i >= 0 {
			e.Response.Fields[i].Value = v
		} else {
			e.Response.Fields = slices.Insert(e.Response.Fields, r.Intn(len(e.Response.Fields)+1), varyPlain("Server", v, true))
		}
		return true
	}},
}

// varyInterim returns an interim response: 100 Continue, 102 Processing,
// or 103 Early Hints (RFC 8297) with one or two Link lines.
func varyInterim(r *rand.Rand) Message {
	switch r.Intn(3) {
	case 0:
		return Message{Start: "HTTP/1.1 100 Continue"}
	case 1:
		return Message{Start: "HTTP/1.1 102 Processing"}
	}
	links := []string{"</style.css>; rel=preload; as=style", "</app.js>; rel=preload; as=script", "<https://cdn.example>; rel=preconnect"}
	m := Message{Start: "HTTP/1.1 103 Early Hints"}
	for _, k := range r.Perm(len(links))[:1+r.Intn(2)] {
		m.Fields = append(m.Fields, varyPlain("Link", links[k], true))
	}
	return m
}

// varyCanAnswerWindow reports whether the permessage-deflate element x
// (name, then parameters) of a 101 still answers offer o once it adds
// client_max_window_bits: o has that parameter, x has not, and x echoes
// o's server_no_context_takeover and a server_max_window_bits no larger
// than o's (RFC 7692 §7.1.1.1, §7.1.2.1).
func varyCanAnswerWindow(x []string, o DeflateOffer) bool {
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

// varyPlain returns the field line "name: value", in the given case, one SP
// before the value: it varies nothing but what its variation adds.
func varyPlain(name, value string, optional bool) Field {
	return Field{Name: name, Lead: " ", Value: value, Optional: optional}
}

// varySide returns the request or the response, at random.
func varySide(r *rand.Rand, e *Exchange) *Message {
	if chance(r, 2) {
		return &e.Response
	}
	return &e.Request
}

// varyPick returns the index of a random field of m named one of names
// (lower case), or -1.
func varyPick(r *rand.Rand, m *Message, names ...string) int {
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
func varyListField(r *rand.Rand, e *Exchange, protocols bool) (*Message, int) {
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

// varyExtra returns an element that may join the list field name of m
// without changing what the exchange negotiates, one m does not hold yet,
// or "" when m holds them all.
func varyExtra(m *Message, name string) string {
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
			held = held || strings.EqualFold(f.Name, name) && slices.ContainsFunc(varyElements(f.Value), func(s string) bool { return strings.EqualFold(s, el) })
		}
		if !held {
			return el
		}
	}
	return ""
}

// varyAdd puts the extra element x among els: anywhere, but last in
// Sec-WebSocket-Protocol, whose order is the client's preference — a
// least-preferred offer changes nothing the 101 selected.
func varyAdd(r *rand.Rand, els []string, x, name string) []string {
	if strings.EqualFold(name, "Sec-WebSocket-Protocol") {
		return append(els, x)
	}
	return varyInsert(r, els, x)
}

// varyElements splits a list value at its commas, OWS removed, empty elements
// kept.
func varyElements(v string) []string {
	els := strings.Split(v, ",")
	for i := range els {
		els[i] = strings.Trim(els[i], " \t")
	}
	return els
}

func varyJoin(els []string, sep func() string) string {
	var b strings.Builder
	for i, el := range els {
		if i > 0 {
			b.WriteString(sep())
		}
		b.WriteString(el)
	}
	return b.String()
}

// varyInsert puts el at a random place of els.
func varyInsert(r *rand.Rand, els []string, el string) []string {
	return slices.Insert(els, r.Intn(len(els)+1), el)
}

// varyWithEmpty joins els with one to three empty elements among them.
func varyWithEmpty(r *rand.Rand, els []string) string {
	for n := 1 + r.Intn(3); n > 0; n-- {
		els = varyInsert(r, els, "")
	}
	return varyJoin(els, func() string { return ", " })
}

// varySplit replaces line i of m by lines of the same name holding els
// in order, at least two lines.
func varySplit(r *rand.Rand, m *Message, i int, els []string) {
	f := m.Fields[i]
	cut := 1 + r.Intn(len(els)-1) // first split point
	var lines []Field
	start := 0
	for k := 1; k <= len(els); k++ {
		if k == len(els) || k == cut || chance(r, 3) {
			lines = append(lines, varyPlain(f.Name, varyJoin(els[start:k], func() string { return ", " }), f.Optional))
			start = k
		}
	}
	m.Fields = slices.Replace(m.Fields, i, i+1, lines...)
}

// varyRecase respells the element want of the list field name (lower or upper
// case, mixed) in every line of m; it reports whether m had one.
func varyRecase(r *rand.Rand, m *Message, name, want string, spellings ...string) bool {
	done := false
	for i, f := range m.Fields {
		if !strings.EqualFold(f.Name, name) {
			continue
		}
		els := varyElements(f.Value)
		for k, el := range els {
			if strings.EqualFold(el, want) {
				s := pick(r, spellings...)
				for s == el {
					s = pick(r, spellings...)
				}
				els[k], done = s, true
			}
		}
		m.Fields[i].Value = varyJoin(els, func() string { return ", " })
	}
	return done
}

// varyParseExt splits a Sec-WebSocket-Extensions value into elements,
// each its name then its parameters, whitespace around them removed. The
// generated values hold no comma or semicolon inside quotes.
func varyParseExt(v string) [][]string {
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

// varyFormatExt joins elements with ", " and parameters with semi().
func varyFormatExt(xs [][]string, semi func() string) string {
	var els []string
	for _, x := range xs {
		els = append(els, varyJoin(x, semi))
	}
	return varyJoin(els, func() string { return ", " })
}

// varyParamValue rewrites one extension parameter with a value, in the
// request or the 101, as f(name, value) with value unquoted; it reports
// whether there was one.
func varyParamValue(r *rand.Rand, e *Exchange, f func(name, value string) string) bool {
	m := varySide(r, e)
	i := varyPick(r, m, "sec-websocket-extensions")
	if i < 0 {
		return false
	}
	xs := varyParseExt(m.Fields[i].Value)
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
	m.Fields[i].Value = varyFormatExt(xs, func() string { return "; " })
	return true
}

// canonicalExchange returns e in the plainest legal form: field names and tokens
// in canonical case, one SP before each value and none after, the lines
// of each list field merged, list elements joined by ", ", extension
// parameters by "; " and unquoted. Recipient probes vary this form, so
// that what a faulty recipient refuses is the variation's doing.
func canonicalExchange(e Exchange) Exchange {
	e = e.Clone()
	for _, m := range []*Message{&e.Request, &e.Response} {
		for i, j := splitPair(m); i >= 0; i, j = splitPair(m) {
			m.Fields[i].Value += ", " + m.Fields[j].Value
			m.Fields = slices.Delete(m.Fields, j, j+1)
		}
		for i := range m.Fields {
			f := &m.Fields[i]
			f.Name, f.Lead, f.Trail = canonicalName(f.Name), " ", ""
			f.Value = canonicalValue(f.Name, f.Value)
			switch strings.ToLower(f.Name) {
			case "sec-websocket-protocol":
				f.Value = varyJoin(varyElements(f.Value), func() string { return ", " })
			case "sec-websocket-extensions":
				xs := varyParseExt(f.Value)
				for _, x := range xs {
					for p := 1; p < len(x); p++ {
						if n, v, ok := strings.Cut(x[p], "="); ok {
							x[p] = strings.Trim(n, " \t") + "=" + strings.Trim(v, " \t\"")
						}
					}
				}
				f.Value = varyFormatExt(xs, func() string { return "; " })
			}
		}
	}
	return e
}

// varyTwoElements picks a list field of e that is not a lone token and
// returns its message, index and elements, with a legal element added
// when it had only one, so that a variation between elements has
// somewhere to go; i < 0 when there is none.
func varyTwoElements(r *rand.Rand, e *Exchange) (m *Message, i int, els []string) {
	m, i = varyListField(r, e, true)
	if i < 0 {
		return nil, -1, nil
	}
	els = varyElements(m.Fields[i].Value)
	if len(els) == 1 {
		x := varyExtra(m, m.Fields[i].Name)
		if x == "" {
			return nil, -1, nil
		}
		els = varyAdd(r, els, x, m.Fields[i].Name)
	}
	return m, i, els
}
