package probe

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/mutate"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// exchangeProbes breaks rules by changing the exchange (see KindExchange).
// Each builds a valid trace of events on one connection from a generated
// exchange, checks that the Client or Server machine takes it without
// error, changes the trace (an event inserted, removed or changed), and
// checks that the machine then fails citing the rule.
var exchangeProbes = []Probe{
	{Name: "client-bytes-mid-body", Rule: rules.RFC9110_7_8_14, Kind: KindExchange, Check: probeClientBytesMidBody},
	{Name: "101-mid-body", Rule: rules.RFC9110_7_8_14, Kind: KindExchange, Check: probe101MidBody},
	{Name: "101-without-100", Rule: rules.RFC9110_7_8_15, Kind: KindExchange, Check: probe101Without100},
	{Name: "request-after-close", Rule: rules.RFC9112_9_6_1, Kind: KindExchange, Check: probeRequestAfterClose},
	{Name: "http-after-101", Rule: rules.RFC9112_6_3_1, Kind: KindExchange, Check: probeHTTPAfter101},
	{Name: "frame-before-101", Rule: rules.RFC6455_4_1_18, Kind: KindExchange, Check: probeFrameBefore101},
	{Name: "frames-after-refusal", Rule: rules.RFC6455_4_1_19, Kind: KindExchange, Check: probeFramesAfterRefusal},
	{Name: "tls-after-426", Rule: rules.RFC2817_4_2_3, Kind: KindExchange, Check: probeTLSAfter426},
	{Name: "data-after-1xx", Rule: rules.RFC9110_15_2_2, Kind: KindExchange, Check: probeDataAfter1xx(rules.RFC9110_15_2_2)},
	{Name: "request-after-http10", Rule: rules.RFC9112_9_3_1, Kind: KindExchange, Check: probeRequestAfterHTTP10},
	{Name: "frame-after-fail", Rule: rules.RFC6455_7_1_7_1, Kind: KindExchange, Check: probeFrameAfterFail},
	{Name: "101-after-cl-te", Rule: rules.RFC9112_6_1_3, Kind: KindExchange, Check: probe101AfterCLTE},
	{Name: "request-after-cl-te", Rule: rules.RFC9112_6_1_3, Kind: KindExchange, Check: probeRequestAfterCLTE},
	{Name: "deflate-rsv1-unselected", Rule: rules.RFC6455_9_1_5, Kind: KindExchange, Check: probeDeflateRSV1Unselected},
	{Name: "final-after-101", Rule: rules.RFC9110_7_8_10, Kind: KindExchange, Check: probeFinalAfter101},
	{Name: "data-after-1xx@RFC9110-6.4.1-1", Rule: rules.RFC9110_6_4_1_1, Kind: KindExchange, Check: probeDataAfter1xx(rules.RFC9110_6_4_1_1)},
	{Name: "data-after-204-or-304", Rule: rules.RFC9110_6_4_1_1, Kind: KindExchange, Check: probeDataAfterNoContent},
	{Name: "tls-response-in-clear", Rule: rules.RFC2817_3_3_2, Kind: KindExchange, Check: probeTLSResponseInClear(rules.RFC2817_3_3_2)},
	{Name: "tls-response-in-clear@RFC2817-3-1", Rule: rules.RFC2817_3_1, Kind: KindExchange, Check: probeTLSResponseInClear(rules.RFC2817_3_1)},
	{Name: "tls-octets-after-fatal-alert", Rule: rules.RFC2817_3_3_2, Kind: KindExchange, Check: probeTLSAfterFatalAlert},
	{Name: "wss-handshake-in-clear", Rule: rules.RFC6455_4_1_5, Kind: KindExchange, Check: probeWSSInClear(sm.Client, rules.RFC6455_4_1_5)},
	{Name: "https-handshake-read-in-clear", Rule: rules.RFC6455_4_2_2_1, Kind: KindExchange, Check: probeWSSInClear(sm.Server, rules.RFC6455_4_2_2_1)},
}

// RFC 9110 §7.8: the client sends no octets of the new protocol before the
// request is complete: its first octets go in the middle of the body.
func probeClientBytesMidBody(r *rand.Rand) error {
	e, valid := trBodyUpgrade(r)
	end := trIndexOf(valid, sm.RequestEnd, 0)
	broken := trInsert(valid, 1+r.Intn(end), trDataEv(sm.ClientBytes, trClientOctets(r, e.Upgrade)))
	return trProbe(sm.Client, valid, broken, rules.RFC9110_7_8_14)
}

// RFC 9110 §7.8: the 101 comes only after the whole request: it moves into
// the middle of the body.
func probe101MidBody(r *rand.Rand) error {
	_, valid := trBodyUpgrade(r)
	end := trIndexOf(valid, sm.RequestEnd, 0)
	sw := trIndexOf(valid, sm.SwitchHead, 0)
	broken := trInsert(trWithout(valid, sw), 1+r.Intn(end), valid[sw])
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9110_7_8_14)
}

// RFC 9110 §7.8: with Expect: 100-continue the server sends the 100 before
// the 101: the 100 is dropped.
func probe101Without100(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.H2C, handshake.TLS))
	n := 1 + r.Intn(16)
	trWithBody(r, &e, n)
	e.Request.Fields = handshake.Shuffle(r, append(e.Request.Fields, handshake.NewField(r, "Expect", "100-continue", false)))
	cont := handshake.Message{Start: "HTTP/1.1 100 Continue"}
	valid := append([]sm.Event{trReqEv(e.Request), trRespEv(cont)}, trBodyEvents(r, n)...)
	valid = append(valid, trRespEv(e.Response))
	valid = append(valid, trAfterSwitch(r, e.Upgrade)...)
	return trProbe(trEndpoint(r), valid, trWithout(valid, 1), rules.RFC9110_7_8_15)
}

// trCloseRequest adds the "close" connection option to e's request.
func trCloseRequest(r *rand.Rand, e *handshake.Exchange) {
	e.Request.Fields = handshake.Shuffle(r, append(e.Request.Fields, handshake.NewField(r, "Connection", handshake.Casing(r, "close"), false)))
}

// RFC 9112 §9.6: after a request with Connection: close is answered, no
// further request: the refused exchange is followed by a new request
// instead of the close.
func probeRequestAfterClose(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	trCloseRequest(r, &e)
	n := r.Intn(4)
	valid := append(trRefusalTrace(r, e, trRefusal(r, e, n), n), trSimpleEv(sm.Close))
	next := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	broken := append(valid[:len(valid)-1:len(valid)-1], trReqEv(next.Request))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9112_9_6_1)
}

// RFC 9112 §6.3: after a 101 every octet is the new protocol: an HTTP
// event follows the 101 (a body for it, a new request, another 1xx, an
// end of response).
func probeHTTPAfter101(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	valid := trUpgradeTrace(r, e)
	var bad sm.Event
	switch r.Intn(4) {
	case 0:
		bad = trDataEv(sm.ResponseData, trServerOctets(r, e.Upgrade))
	case 1:
		bad = trReqEv(handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS)).Request)
	case 2:
		bad = trRespEv(handshake.Message{Start: "HTTP/1.1 " + handshake.Pick(r, "100 Continue", "103 Early Hints")})
	default:
		bad = trSimpleEv(sm.ResponseEnd)
	}
	broken := trInsert(valid, 2+r.Intn(len(valid)-1), bad)
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9112_6_3_1)
}

// RFC 6455 §4.1: the client sends nothing after its handshake until the
// server's answer: a frame goes before the 101.
func probeFrameBefore101(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.WebSocket)
	valid := trUpgradeTrace(r, e)
	broken := trInsert(valid, 1, trDataEv(sm.ClientBytes, trWsFrame(r, true, 0)))
	return trProbe(sm.Client, valid, broken, rules.RFC6455_4_1_18)
}

// RFC 6455 §4.1: after a non-101 the WebSocket connection is not
// established: the server sends a frame after its refusal.
func probeFramesAfterRefusal(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.WebSocket)
	n := r.Intn(4)
	valid := trRefusalTrace(r, e, trRefusal(r, e, n), n)
	broken := trInsert(valid, 2, trDataEv(sm.ServerBytes, trWsFrame(r, false, 0)))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC6455_4_1_19)
}

// RFC 2817 §4.2: TLS does not start right after a 426; the client sends a
// new upgrade request. The valid trace does; the broken one starts TLS
// right after the 426.
func probeTLSAfter426(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.TLS)
	refuse := handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: handshake.Shuffle(r, []handshake.Field{
		handshake.NewField(r, "Upgrade", "TLS/1.0, HTTP/1.1", false),
		handshake.NewField(r, "Connection", handshake.Casing(r, "Upgrade"), false),
		handshake.NewField(r, "Content-Length", "0", false),
	})}
	again := handshake.NewExchange(r, handshake.TLS)
	valid := append(trRefusalTrace(r, e, refuse, 0), trUpgradeTrace(r, again)...)
	broken := trInsert(valid, 2, trDataEv(sm.ClientBytes, trTlsRecord(r)))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC2817_4_2_3)
}

// trEarlyHints is a valid 103 (RFC 8297), a 1xx any request may get.
func trEarlyHints(r *rand.Rand) handshake.Message {
	return handshake.Message{Start: "HTTP/1.1 103 Early Hints", Fields: []handshake.Field{handshake.NewField(r, "Link", "</style.css>; rel=preload; as=style", false)}}
}

// RFC 9110 §15.2 (a 1xx ends at its empty line) and §6.4.1 (a 1xx never
// has content): octets of a body follow the 1xx before the 101. The machine
// cites both; id says which the probe is for.
func probeDataAfter1xx(id rules.ID) func(r *rand.Rand) error {
	return func(r *rand.Rand) error {
		e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
		valid := trInsert(trUpgradeTrace(r, e), 1, trRespEv(trEarlyHints(r)))
		broken := trInsert(valid, 2, trDataEv(sm.ResponseData, []byte(strings.Repeat("h", 1+r.Intn(8)))))
		return trProbe(trEndpoint(r), valid, broken, id)
	}
}

// RFC 9112 §9.3: an HTTP/1.0 message keeps the connection only with the
// keep-alive option. The valid trace has it and reuses the connection; the
// broken one leaves it out: the HTTP/1.0 request (an h2c or TLS request
// made plain and HTTP/1.0), or the HTTP/1.0 refusal of an upgrade request.
func probeRequestAfterHTTP10(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	resp := trRefusal(r, e, 0)
	keep := func(m handshake.Message) handshake.Message {
		m = m.Clone()
		m.Fields = handshake.Shuffle(r, append(m.Fields, handshake.NewField(r, "Connection", handshake.Casing(r, "keep-alive"), false)))
		return m
	}
	var bare, kept []sm.Event
	if e.Upgrade != handshake.WebSocket && handshake.Chance(r, 2) {
		// An HTTP/1.0 request without Upgrade: a plain request.
		q := e.Request.Clone()
		q.Start = strings.TrimSuffix(q.Start, "HTTP/1.1") + "HTTP/1.0"
		for _, name := range []string{"Upgrade", "Connection", "HTTP2-Settings"} {
			q.Remove(name)
		}
		resp = handshake.Message{Start: "HTTP/1.1 200 OK", Fields: []handshake.Field{handshake.NewField(r, "Content-Length", "0", false)}}
		bare = []sm.Event{trReqEv(q), trRespEv(resp), trSimpleEv(sm.ResponseEnd)}
		kept = []sm.Event{trReqEv(keep(q)), trRespEv(resp), trSimpleEv(sm.ResponseEnd)}
	} else {
		resp.Start = "HTTP/1.0" + strings.TrimPrefix(resp.Start, "HTTP/1.1")
		bare = []sm.Event{trReqEv(e.Request), trRespEv(resp), trSimpleEv(sm.ResponseEnd)}
		kept = []sm.Event{trReqEv(e.Request), trRespEv(keep(resp)), trSimpleEv(sm.ResponseEnd)}
	}
	next := trReqEv(handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS)).Request)
	role := trEndpoint(r)
	if err := trAccepts(role, append(bare, trSimpleEv(sm.Close))); err != nil {
		return err
	}
	return trProbe(role, append(kept, next), append(bare, next), rules.RFC9112_9_3_1)
}

// RFC 6455 §7.1.7: to Fail the WebSocket connection is to close it: after
// a 101 the client fails (its Sec-WebSocket-Accept answers another key),
// octets still flow. The same failure followed by a close is not caught
// under the rule.
func probeFrameAfterFail(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.WebSocket)
	if err := trAccepts(trEndpoint(r), trUpgradeTrace(r, e)); err != nil {
		return err
	}
	bad := e.Response.Clone()
	bad.Set("Sec-WebSocket-Accept", trRefAcceptOther(r, e.Key))
	role := trEndpoint(r)
	closed := []sm.Event{trReqEv(e.Request), trRespEv(bad), trSimpleEv(sm.Close)}
	m := sm.New(role)
	for i, ev := range closed {
		_, err := m.Step(ev)
		if (err != nil) != (i == 1) {
			return fmt.Errorf("the %s: event %d: %v%s", role, i, err, trDescribe(closed))
		}
		for _, c := range m.Cited() {
			if c == rules.RFC6455_7_1_7_1 {
				return fmt.Errorf("the %s cites %s for a failure followed by a close%s", role, c, trDescribe(closed))
			}
		}
	}
	if m.State() != sm.Closed {
		return fmt.Errorf("the %s is in %s after the close%s", role, m.State(), trDescribe(closed))
	}
	octets := trDataEv(sm.ClientBytes, trWsFrame(r, true, 0))
	if handshake.Chance(r, 2) {
		octets = trDataEv(sm.ServerBytes, trWsFrame(r, false, 0))
	}
	m = sm.New(role)
	m.Step(closed[0])
	if _, err := m.Step(closed[1]); err == nil {
		return fmt.Errorf("the %s took a 101 with a wrong Sec-WebSocket-Accept%s", role, trDescribe(closed))
	}
	m.Step(octets)
	for _, c := range m.Cited() {
		if c == rules.RFC6455_7_1_7_1 {
			return nil
		}
	}
	return fmt.Errorf("the %s cites %v for octets after the failed handshake, not %s", role, m.Cited(), rules.RFC6455_7_1_7_1)
}

// trRefAcceptOther returns the Sec-WebSocket-Accept of a key other than key.
func trRefAcceptOther(r *rand.Rand, key string) string {
	for {
		if k := handshake.NewKey(r); k != key {
			return parser.Accept(k)
		}
	}
}

// trClte adds Transfer-Encoding: chunked to a request that has
// Content-Length, so that it has both (RFC 9112 §6.1).
func trClte(r *rand.Rand, m *handshake.Message) {
	m.Fields = handshake.Shuffle(r, append(m.Fields, handshake.NewField(r, "Transfer-Encoding", "chunked", false)))
}

// RFC 9112 §6.1: a request with both Content-Length and Transfer-Encoding
// is answered and the connection closed, so it is never upgraded: the valid
// h2c or TLS switch of a request with a body gets Transfer-Encoding too.
func probe101AfterCLTE(r *rand.Rand) error {
	e, valid := trBodyUpgrade(r)
	q := e.Request.Clone()
	trClte(r, &q)
	broken := append([]sm.Event{trReqEv(q)}, valid[1:]...)
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9112_6_1_3)
}

// RFC 9112 §6.1: after answering a request with both Content-Length and
// Transfer-Encoding the connection closes: a refused upgrade request with
// a body, then a second request; valid without Transfer-Encoding.
func probeRequestAfterCLTE(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.H2C, handshake.TLS))
	n := 1 + r.Intn(16)
	trWithBody(r, &e, n)
	k := r.Intn(3)
	trace := func(q handshake.Message) []sm.Event {
		evs := append([]sm.Event{trReqEv(q)}, trBodyEvents(r, n)...)
		evs = append(evs, trRespEv(trRefusal(r, e, k)))
		if k > 0 {
			evs = append(evs, trDataEv(sm.ResponseData, []byte(strings.Repeat("x", k))))
		}
		return append(evs, trSimpleEv(sm.ResponseEnd), trReqEv(handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS)).Request))
	}
	q := e.Request.Clone()
	trClte(r, &q)
	// An intermediary refuses reuse after any refused upgrade with a body
	// (PROXY-4): judged by the endpoints.
	return trProbe(trEndpoint(r), trace(e.Request), trace(q), rules.RFC9112_6_1_3)
}

// RFC 6455 §9.1: the client uses no offered extension the server did not
// select: permessage-deflate is offered, the 101 selects no extension, and
// the client's first frame has RSV1 set (a compressed message, RFC 7692 §6).
func probeDeflateRSV1Unselected(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.WebSocket)
	if len(e.Deflate) == 0 {
		mutate.OfferDeflate(&e, parser.PermessageDeflate)
	}
	e.Response.Remove("Sec-WebSocket-Extensions")
	head := []sm.Event{trReqEv(e.Request), trRespEv(e.Response)}
	if handshake.Chance(r, 2) {
		head = append(head, trDataEv(sm.ServerBytes, trWsFrame(r, false, 0)))
	}
	valid := append(head[:len(head):len(head)], trDataEv(sm.ClientBytes, trWsFrame(r, true, 0)))
	broken := append(head[:len(head):len(head)], trDataEv(sm.ClientBytes, trWsFrame(r, true, 0x40)))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC6455_9_1_5)
}

// RFC 9110 §7.8: after a 101 the server answers the request in the new
// protocol: an HTTP/1.1 final response follows the 101.
func probeFinalAfter101(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	valid := trUpgradeTrace(r, e)
	final := handshake.Message{Start: "HTTP/1.1 200 OK", Fields: []handshake.Field{handshake.NewField(r, "Content-Length", strconv.Itoa(r.Intn(100)), false)}}
	broken := trInsert(valid, 2+r.Intn(len(valid)-1), trRespEv(final))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9110_7_8_10)
}

// RFC 9110 §6.4.1: a 204 or 304 never has content. The valid trace refuses
// the upgrade with one and ends; the broken one sends content after it.
func probeDataAfterNoContent(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	resp := handshake.Message{Start: handshake.Pick(r, "HTTP/1.1 204 No Content", "HTTP/1.1 304 Not Modified")}
	if handshake.Chance(r, 2) {
		resp.Fields = append(resp.Fields, handshake.NewField(r, "Server", "switchyard-gen/1", true))
	}
	valid := trRefusalTrace(r, e, resp, 0)
	broken := trInsert(valid, 2, trDataEv(sm.ResponseData, []byte(strings.Repeat("c", 1+r.Intn(8)))))
	return trProbe(trEndpoint(r), valid, broken, rules.RFC9110_6_4_1_1)
}

// RFC 2817 §3.3 (and §3: the request is finished after the switch to TLS):
// after a TLS/1.0 101 the server answers the original request only over
// TLS. The broken trace has it answer in the clear.
func probeTLSResponseInClear(id rules.ID) func(r *rand.Rand) error {
	return func(r *rand.Rand) error {
		e := handshake.NewExchange(r, handshake.TLS)
		valid := trUpgradeTrace(r, e)
		clear := handshake.Message{Start: "HTTP/1.1 200 OK", Fields: []handshake.Field{handshake.NewField(r, "Content-Length", "2", false)}}
		broken := append(valid[:3:3], trDataEv(sm.ServerBytes, append(clear.Print(), "ok"...)))
		return trProbe(trEndpoint(r), valid, broken, id)
	}
}

// RFC 2817 §3.3: a failed TLS handshake ends the connection. The valid
// trace has the server send a fatal alert and close; the broken one sends
// more octets after the alert.
func probeTLSAfterFatalAlert(r *rand.Rand) error {
	e := handshake.NewExchange(r, handshake.TLS)
	alert := []byte{0x15, 0x03, byte(1 + r.Intn(3)), 0x00, 0x02, 0x02, byte(r.Intn(256))}
	valid := append(trUpgradeTrace(r, e)[:3], trDataEv(sm.ServerBytes, alert), trSimpleEv(sm.Close))
	more := trServerOctets(r, handshake.TLS)
	var broken []sm.Event
	if handshake.Chance(r, 2) {
		broken = append(valid[:3:3], trDataEv(sm.ServerBytes, append(append([]byte(nil), alert...), more...)))
	} else {
		broken = append(valid[:4:4], trDataEv(sm.ServerBytes, more))
	}
	return trProbe(trEndpoint(r), valid, broken, rules.RFC2817_3_3_2)
}

// RFC 6455 §4.1 step 5 (client, wss URI) and §4.2.2 step 1 (server, HTTPS
// port): TLS comes before the handshake. The valid trace on a secure
// machine has both sides' TLS handshake records, then the handshake; the
// broken one leaves out the server's records, or all of them.
func probeWSSInClear(role sm.Role, id rules.ID) func(r *rand.Rand) error {
	return func(r *rand.Rand) error {
		e := handshake.NewExchange(r, handshake.WebSocket)
		tls := []sm.Event{trDataEv(sm.ClientBytes, trTlsRecord(r)), trDataEv(sm.ServerBytes, trTlsRecord(r))}
		valid := append(tls, trUpgradeTrace(r, e)...)
		broken := valid[2:]
		if handshake.Chance(r, 2) {
			broken = append(valid[:1:1], valid[2:]...)
		}
		if err := trAcceptsOn(sm.NewSecure(role), valid); err != nil {
			return err
		}
		return trCatchesOn(sm.NewSecure(role), broken, id)
	}
}
