package mutate

import (
	"math/rand"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/properties/handshake"
	R "github.com/switchyard/switchyard/rules"
)

// Variation is one legal Variation of a WebSocket exchange: the exchange
// stays valid. Most variations keep its meaning (whitespace, case, lines);
// some take another legal choice (another subprotocol, an optional field
// left out, a parameter a 101 may add or omit). Either way a recipient
// that judges the varied exchange otherwise than the reference parser
// breaks one of the recipient duties in rules: the variations tell the
// recipient probes which duty an implementation broke.
type Variation struct {
	Name string
	// Rules are the recipient duties the variation exercises.
	Rules []R.ID
	// Sender lists rules the variation breaks on the Sender's side while
	// the recipient must still accept (empty list elements): the only
	// rules the reference may cite on a varied message.
	Sender []R.ID
	// Apply varies e in place; it returns false, leaving e as it was or
	// still valid, when e has nothing to vary.
	Apply func(r *rand.Rand, e *handshake.Exchange) bool
}

// Tagged reports whether v exercises rule id.
func (v Variation) Tagged(id R.ID) bool { return slices.Contains(v.Rules, id) }

// Variations returns every legal variation. The slice is a fresh copy.
func Variations() []Variation {
	return append([]Variation(nil), variations...)
}

// variations lists the legal variations. Each applies to a WebSocket
// exchange in any legal form, canonical or as generated.
var variations = []Variation{
	{Name: "ows-around-value", Rules: []R.ID{R.RFC9110_5_5_1, R.RFC9112_5_1_2}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, varyEvaluated...)
		if i < 0 {
			return false
		}
		m.Fields[i].Lead = handshake.Pick(r, "\t", "  ", " \t", "\t ", "   ")
		m.Fields[i].Trail = handshake.Pick(r, " ", "\t", " \t", "\t\t")
		return true
	}},
	{Name: "ows-around-commas", Rules: []R.ID{R.RFC9110_5_6_1_G1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m, i, els := varyTwoElements(r, e)
		if i < 0 {
			return false
		}
		m.Fields[i].Value = handshake.JoinList(els, func() string { return handshake.Pick(r, " ,", " , ", ",\t", "\t,\t", " ,  ") })
		return true
	}},
	{Name: "lws-around-commas-6455", Rules: []R.ID{R.RFC2616_2_1_G1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-protocol", "sec-websocket-extensions")
		if i < 0 || !strings.Contains(m.Fields[i].Value, ",") {
			return false
		}
		m.Fields[i].Value = handshake.JoinList(handshake.SplitList(m.Fields[i].Value), func() string { return handshake.Pick(r, " ,", " , ", ",\t", "\t,\t", " ,  ") })
		return true
	}},
	{Name: "lws-around-semicolons", Rules: []R.ID{R.RFC2616_2_1_G1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-extensions")
		if i < 0 || !strings.Contains(m.Fields[i].Value, ";") {
			return false
		}
		m.Fields[i].Value = handshake.FormatExtensions(handshake.ParseExtensions(m.Fields[i].Value), func() string { return handshake.Pick(r, " ;", " ; ", "\t;\t", " ;\t", ";  ") })
		return true
	}},
	// RFC 6455 §9.1 allows whitespace around "=" only through RFC 2616's
	// implied *LWS: historical whitespace, which RFC 9110 §5.6.3 calls
	// BWS — senders do not generate it (AMB-13), recipients remove it.
	{Name: "bws-around-equals", Rules: []R.ID{R.RFC9110_5_6_3_2, R.RFC2616_2_1_G1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyParamValue(r, e, func(name, value string) string {
			return name + handshake.Pick(r, " =", "= ", " = ", "\t=\t", " =\t") + value
		})
	}},
	{Name: "quoted-pair-param", Rules: []R.ID{R.RFC9110_5_6_4_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyParamValue(r, e, func(name, value string) string {
			var b strings.Builder
			k := r.Intn(len(value)) // at least this octet is escaped
			for i := 0; i < len(value); i++ {
				if i == k || handshake.Chance(r, 2) {
					b.WriteByte('\\')
				}
				b.WriteByte(value[i])
			}
			return name + `="` + b.String() + `"`
		})
	}},
	{Name: "empty-list-elements", Rules: []R.ID{R.RFC9110_5_6_1_2_1, R.RFC9110_5_6_1_2_G1},
		Sender: []R.ID{R.RFC9110_5_6_1_1_1, R.RFC9110_5_6_1_1_G1, R.RFC9110_7_8_G1, R.RFC9110_7_6_1_G1, R.RFC6455_4_1_6},
		Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
			m, i := varyListField(r, e, false)
			if i < 0 {
				return false
			}
			m.Fields[i].Value = handshake.JoinWithEmpty(r, handshake.SplitList(m.Fields[i].Value))
			return true
		}},
	{Name: "null-elements-6455", Rules: []R.ID{R.RFC2616_2_1_G1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, "sec-websocket-protocol", "sec-websocket-extensions")
		if i < 0 || m == &e.Response && strings.EqualFold(m.Fields[i].Name, "Sec-WebSocket-Protocol") {
			return false // the 101's Sec-WebSocket-Protocol is one token, not a list
		}
		m.Fields[i].Value = handshake.JoinWithEmpty(r, handshake.SplitList(m.Fields[i].Value))
		return true
	}},
	{Name: "split-list-lines", Rules: []R.ID{R.RFC9110_5_2_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m, i, els := varyTwoElements(r, e)
		if i < 0 {
			return false
		}
		varySplit(r, m, i, els)
		return true
	}},
	{Name: "split-extension-offers", Rules: []R.ID{R.RFC6455_9_1_3, R.RFC9110_5_2_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		i := e.Request.Index("Sec-WebSocket-Extensions")
		if i < 0 {
			return false
		}
		els := handshake.SplitList(e.Request.Fields[i].Value)
		if len(els) == 1 {
			if strings.Contains(string(e.Request.Print()), "x-example") {
				return false
			}
			els = handshake.InsertAt(r, els, "x-example")
		}
		varySplit(r, &e.Request, i, els)
		return true
	}},
	{Name: "extension-lines-101", Rules: []R.ID{R.RFC6455_9_1_3, R.RFC6455_11_3_2_1, R.RFC9110_5_2_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
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
		e.Response.Fields = slices.Insert(e.Response.Fields, i+1, handshake.PlainField(e.Response.Fields[i].Name, "x-example", true))
		return true
	}},
	{Name: "extension-order-101", Rules: []R.ID{R.RFC6455_9_1_6}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
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
	{Name: "obs-text-in-comment", Rules: []R.ID{R.RFC9110_5_5_G1, R.RFC9112_2_2_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m, name := &e.Request, "User-Agent"
		if handshake.Chance(r, 2) {
			m, name = &e.Response, "Server"
		}
		i := m.Index(name)
		if i < 0 {
			m.Fields = slices.Insert(m.Fields, r.Intn(len(m.Fields)+1), handshake.PlainField(name, "switchyard/1", true))
			i = m.Index(name)
		}
		// Latin-1 and other octets that are not UTF-8, and UTF-8.
		m.Fields[i].Value += " (" + handshake.Pick(r, "caf\xe9", "\xa9 2026", "na\xefve", "\xff\xfe", "caf\xc3\xa9", "\xe2\x82\xac 5") + ")"
		return true
	}},
	{Name: "unknown-fields", Rules: []R.ID{R.RFC6455_4_2_1_9}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m, pool := &e.Request, unknownRequestFields
		if handshake.Chance(r, 2) {
			m, pool = &e.Response, unknownResponseFields
		}
		for _, k := range r.Perm(len(pool))[:1+r.Intn(2)] {
			m.Fields = slices.Insert(m.Fields, r.Intn(len(m.Fields)+1), handshake.PlainField(pool[k][0], pool[k][1], true))
		}
		return true
	}},
	{Name: "omit-optional", Rules: []R.ID{R.RFC6455_4_2_1_9}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
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
	{Name: "case-field-names", Rules: []R.ID{R.RFC6455_4_1_26}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		m := varySide(r, e)
		i := varyPick(r, m, varyEvaluated...)
		if i < 0 {
			return false
		}
		n := m.Fields[i].Name
		m.Fields[i].Name = handshake.Pick(r, strings.ToLower(n), strings.ToUpper(n))
		if m.Fields[i].Name == n {
			m.Fields[i].Name = strings.ToUpper(n)
		}
		return m.Fields[i].Name != n
	}},
	{Name: "case-connection-options", Rules: []R.ID{R.RFC9110_7_6_1_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyRecase(r, varySide(r, e), "Connection", "Upgrade", "upgrade", "UPGRADE", "uPgRaDe")
	}},
	{Name: "case-protocol-names", Rules: []R.ID{R.RFC9110_16_7_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyRecase(r, varySide(r, e), "Upgrade", "websocket", "WebSocket", "WEBSOCKET", "Websocket")
	}},
	{Name: "unsolicited-client-no-context-takeover", Rules: []R.ID{R.RFC7692_7_1_1_2_2}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyAnswer(e, func(x []string) ([]string, bool) {
			if x[0] != "permessage-deflate" || slices.Contains(x, "client_no_context_takeover") {
				return x, false
			}
			return slices.Insert(x, 1+r.Intn(len(x)), "client_no_context_takeover"), true
		})
	}},
	{Name: "select-other-subprotocol", Rules: []R.ID{R.RFC6455_4_1_27}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		// The server picks another offered subprotocol, or none: the
		// subprotocol in use is the 101's, not the client's first choice.
		var offers []string
		for _, f := range e.Request.Fields {
			if strings.EqualFold(f.Name, "Sec-WebSocket-Protocol") {
				offers = append(offers, slices.DeleteFunc(handshake.SplitList(f.Value), func(s string) bool { return s == "" })...)
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
			e.Response.Fields = slices.Insert(e.Response.Fields, r.Intn(len(e.Response.Fields)+1), handshake.PlainField("Sec-WebSocket-Protocol", c, true))
		default:
			e.Response.Fields[e.Response.Index("Sec-WebSocket-Protocol")].Value = c
		}
		return true
	}},
	{Name: "answer-client-max-window-bits", Rules: []R.ID{R.RFC7692_7_1}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		// A 101 may answer an offer of client_max_window_bits with a value
		// (RFC 7692 §7.1.2.2; any of 8 to 15, AMB-15). With one offer the
		// answer answers the same offer before and after: only the
		// parameter changes.
		if len(e.Deflate) != 1 {
			return false
		}
		return varyAnswer(e, func(x []string) ([]string, bool) {
			if x[0] != "permessage-deflate" || !slices.ContainsFunc(e.Deflate, func(o handshake.DeflateOffer) bool { return varyCanAnswerWindow(x, o) }) {
				return x, false
			}
			return slices.Insert(x, 1+r.Intn(len(x)), "client_max_window_bits="+handshake.Pick(r, "8", "9", "10", "11", "12", "13", "14", "15")), true
		})
	}},
	{Name: "omit-client-max-window-bits", Rules: []R.ID{R.RFC7692_7_1_2_2_4}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
		return varyAnswer(e, func(x []string) ([]string, bool) {
			p := slices.IndexFunc(x, func(s string) bool { return strings.HasPrefix(s, "client_max_window_bits") })
			if p <= 0 {
				return x, false
			}
			return slices.Delete(x, p, p+1), true
		})
	}},
	{Name: "interim-responses", Rules: []R.ID{R.RFC9110_15_2_3}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
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
	{Name: "as-long-as-generated", Rules: []R.ID{R.RFC9110_2_3_2}, Apply: func(r *rand.Rand, e *handshake.Exchange) bool {
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
			e.Response.Fields = slices.Insert(e.Response.Fields, r.Intn(len(e.Response.Fields)+1), handshake.PlainField("Server", v, true))
		}
		return true
	}},
}
