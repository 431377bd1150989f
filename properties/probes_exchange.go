package properties

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser/rules"
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
}

// Trace helpers.

func reqEv(m Message) sm.Event  { return sm.Request(m.Print()) }
func respEv(m Message) sm.Event { return sm.ResponseHeadEvent(m.Print()) }
func dataEv(k sm.EventKind, b []byte) sm.Event {
	return sm.Data(k, b)
}
func simpleEv(k sm.EventKind) sm.Event { return sm.Simple(k) }

// insert returns evs with e inserted before index i.
func insert(evs []sm.Event, i int, e ...sm.Event) []sm.Event {
	out := append([]sm.Event(nil), evs[:i]...)
	out = append(out, e...)
	return append(out, evs[i:]...)
}

// without returns evs with the event at index i removed.
func without(evs []sm.Event, i int) []sm.Event {
	out := append([]sm.Event(nil), evs[:i]...)
	return append(out, evs[i+1:]...)
}

// indexOf returns the index of the first event of kind k at or after from,
// or -1.
func indexOf(evs []sm.Event, k sm.EventKind, from int) int {
	for i := from; i < len(evs); i++ {
		if evs[i].Kind == k {
			return i
		}
	}
	return -1
}

// describe prints a trace for failure reports.
func describe(evs []sm.Event) string {
	var b strings.Builder
	for i, e := range evs {
		fmt.Fprintf(&b, "\n  %d %s", i, e.Kind)
		switch {
		case e.Head != nil:
			fmt.Fprintf(&b, " %q", e.Head)
			if e.Forwarded != nil {
				fmt.Fprintf(&b, " forwarded %q", e.Forwarded)
			}
			if e.NotForwarded {
				b.WriteString(" (not forwarded)")
			}
		case e.Data != nil:
			fmt.Fprintf(&b, " %q", e.Data)
		}
	}
	return b.String()
}

// accepts runs the trace through a machine of the role and reports an
// error if any event fails.
func accepts(role sm.Role, evs []sm.Event) error {
	m := sm.New(role)
	for i, e := range evs {
		if _, err := m.Step(e); err != nil {
			return fmt.Errorf("the unbroken trace is refused by the %s at event %d: %v%s", role, i, err, describe(evs))
		}
	}
	return nil
}

// catches runs the broken trace through a machine of the role: some event
// must fail, and the first failure must cite id (as its rule, or among the
// rules the machine cites beside it).
func catches(role sm.Role, evs []sm.Event, id rules.ID) error {
	m := sm.New(role)
	for i, e := range evs {
		if _, err := m.Step(e); err != nil {
			for _, c := range m.Cited() {
				if c == id {
					return nil
				}
			}
			return fmt.Errorf("the %s refused the broken trace at event %d citing %v, not %s: %v%s", role, i, m.Cited(), id, err, describe(evs))
		}
	}
	return fmt.Errorf("the %s took the broken trace without error (state %s)%s", role, m.State(), describe(evs))
}

// probe checks the unbroken trace is accepted and the broken one caught.
func probe(role sm.Role, valid, broken []sm.Event, id rules.ID) error {
	if err := accepts(role, valid); err != nil {
		return err
	}
	return catches(role, broken, id)
}

// anyOf picks one of the upgrades.
func anyOf(r *rand.Rand, us ...Upgrade) Upgrade { return us[r.Intn(len(us))] }

// endpoint picks the client or the server machine.
func endpoint(r *rand.Rand) sm.Role { return []sm.Role{sm.Client, sm.Server}[r.Intn(2)] }

// Octets of the new protocols.

// wsFrame returns one small WebSocket text frame: masked when the client
// sends it (RFC 6455 §5.3), its first octet FIN and opcode with rsv set as
// given (0x40 is RSV1).
func wsFrame(r *rand.Rand, client bool, rsv byte) []byte {
	n := 1 + r.Intn(8)
	b := []byte{0x80 | rsv | 0x1, byte(n)}
	if client {
		b[1] |= 0x80
		var mask [4]byte
		r.Read(mask[:])
		b = append(b, mask[:]...)
	}
	for i := 0; i < n; i++ {
		b = append(b, byte('a'+r.Intn(26)))
	}
	return b
}

// h2 octets: the client preface with an empty SETTINGS frame, and the
// server's empty SETTINGS frame (RFC 7540 §3.5, §6.5).
const (
	h2ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	h2ServerPreface = "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
)

// tlsRecord returns the start of a TLS handshake record (content type 22,
// version 3.x), as a ClientHello or ServerHello starts.
func tlsRecord(r *rand.Rand) []byte {
	return []byte{0x16, 0x03, byte(1 + r.Intn(3)), 0x00, byte(4 + r.Intn(200)), 0x01}
}

// clientOctets and serverOctets return each side's first octets in the
// new protocol after a 101.
func clientOctets(r *rand.Rand, u Upgrade) []byte {
	switch u {
	case H2C:
		return []byte(h2ClientPreface)
	case TLS:
		return tlsRecord(r)
	}
	return wsFrame(r, true, 0)
}

func serverOctets(r *rand.Rand, u Upgrade) []byte {
	switch u {
	case H2C:
		return []byte(h2ServerPreface)
	case TLS:
		return tlsRecord(r)
	}
	return wsFrame(r, false, 0)
}

// afterSwitch is what both sides send once switched, in either order.
func afterSwitch(r *rand.Rand, u Upgrade) []sm.Event {
	c, s := dataEv(sm.ClientBytes, clientOctets(r, u)), dataEv(sm.ServerBytes, serverOctets(r, u))
	if u == TLS || chance(r, 2) {
		return []sm.Event{c, s} // TLS: the client speaks first
	}
	return []sm.Event{s, c}
}

// upgradeTrace is a valid switch: request, 101, new-protocol octets.
func upgradeTrace(r *rand.Rand, e Exchange) []sm.Event {
	return append([]sm.Event{reqEv(e.Request), respEv(e.Response)}, afterSwitch(r, e.Upgrade)...)
}

// refusal returns a valid final response declining e's upgrade, with a
// body of n octets (n may be 0): the server ignoring Upgrade (200), a
// 426 naming the protocol (RFC 9110 §15.5.22), or a 400.
func refusal(r *rand.Rand, e Exchange, n int) Message {
	var m Message
	switch r.Intn(3) {
	case 0:
		m.Start = "HTTP/1.1 200 OK"
	case 1:
		m.Start = "HTTP/1.1 426 Upgrade Required"
		up := map[Upgrade]string{WebSocket: "websocket", H2C: "h2c", TLS: "TLS/1.0, HTTP/1.1"}[e.Upgrade]
		m.Fields = append(m.Fields, field(r, "Upgrade", up, false), field(r, "Connection", casing(r, "Upgrade"), false))
	default:
		m.Start = "HTTP/1.1 400 Bad Request"
	}
	m.Fields = append(m.Fields, field(r, "Content-Length", strconv.Itoa(n), false))
	if chance(r, 2) {
		m.Fields = append(m.Fields, field(r, "Server", "switchyard-gen/1", true))
	}
	m.Fields = shuffle(r, m.Fields)
	return m
}

// refusalTrace is a valid refused exchange: request, refusal, its body,
// the end of the response.
func refusalTrace(r *rand.Rand, e Exchange, resp Message, n int) []sm.Event {
	evs := []sm.Event{reqEv(e.Request), respEv(resp)}
	if n > 0 {
		evs = append(evs, dataEv(sm.ResponseData, []byte(strings.Repeat("x", n))))
	}
	return append(evs, simpleEv(sm.ResponseEnd))
}

// withBody gives e's request (h2c or TLS: AMB-23 keeps WebSocket
// handshakes body-less) a body of n octets, as a POST when it was a GET.
func withBody(r *rand.Rand, e *Exchange, n int) {
	if strings.HasPrefix(e.Request.Start, "GET ") {
		e.Request.Start = "POST " + strings.TrimPrefix(e.Request.Start, "GET ")
	}
	e.Request.Fields = shuffle(r, append(e.Request.Fields, field(r, "Content-Length", strconv.Itoa(n), false)))
}

// bodyEvents sends n octets of request body in one or two pieces, then
// the end of the request.
func bodyEvents(r *rand.Rand, n int) []sm.Event {
	b := []byte(strings.Repeat("b", n))
	k := r.Intn(n + 1)
	var evs []sm.Event
	for _, p := range [][]byte{b[:k], b[k:]} {
		if len(p) > 0 {
			evs = append(evs, dataEv(sm.RequestData, p))
		}
	}
	return append(evs, simpleEv(sm.RequestEnd))
}

// bodyUpgrade is a valid switch of an h2c or TLS request with a body: the
// request, its body, the 101, new-protocol octets.
func bodyUpgrade(r *rand.Rand) (Exchange, []sm.Event) {
	e := NewExchange(r, anyOf(r, H2C, TLS))
	n := 1 + r.Intn(16)
	withBody(r, &e, n)
	evs := append([]sm.Event{reqEv(e.Request)}, bodyEvents(r, n)...)
	evs = append(evs, respEv(e.Response))
	return e, append(evs, afterSwitch(r, e.Upgrade)...)
}

// RFC 9110 §7.8: the client sends no octets of the new protocol before the
// request is complete: its first octets go in the middle of the body.
func probeClientBytesMidBody(r *rand.Rand) error {
	e, valid := bodyUpgrade(r)
	end := indexOf(valid, sm.RequestEnd, 0)
	broken := insert(valid, 1+r.Intn(end), dataEv(sm.ClientBytes, clientOctets(r, e.Upgrade)))
	return probe(sm.Client, valid, broken, rules.RFC9110_7_8_14)
}

// RFC 9110 §7.8: the 101 comes only after the whole request: it moves into
// the middle of the body.
func probe101MidBody(r *rand.Rand) error {
	_, valid := bodyUpgrade(r)
	end := indexOf(valid, sm.RequestEnd, 0)
	sw := indexOf(valid, sm.SwitchHead, 0)
	broken := insert(without(valid, sw), 1+r.Intn(end), valid[sw])
	return probe(endpoint(r), valid, broken, rules.RFC9110_7_8_14)
}

// RFC 9110 §7.8: with Expect: 100-continue the server sends the 100 before
// the 101: the 100 is dropped.
func probe101Without100(r *rand.Rand) error {
	e := NewExchange(r, anyOf(r, H2C, TLS))
	n := 1 + r.Intn(16)
	withBody(r, &e, n)
	e.Request.Fields = shuffle(r, append(e.Request.Fields, field(r, "Expect", "100-continue", false)))
	cont := Message{Start: "HTTP/1.1 100 Continue"}
	valid := append([]sm.Event{reqEv(e.Request), respEv(cont)}, bodyEvents(r, n)...)
	valid = append(valid, respEv(e.Response))
	valid = append(valid, afterSwitch(r, e.Upgrade)...)
	return probe(endpoint(r), valid, without(valid, 1), rules.RFC9110_7_8_15)
}

// closeRequest adds the "close" connection option to e's request.
func closeRequest(r *rand.Rand, e *Exchange) {
	e.Request.Fields = shuffle(r, append(e.Request.Fields, field(r, "Connection", casing(r, "close"), false)))
}

// RFC 9112 §9.6: after a request with Connection: close is answered, no
// further request: the refused exchange is followed by a new request
// instead of the close.
func probeRequestAfterClose(r *rand.Rand) error {
	e := NewExchange(r, anyOf(r, WebSocket, H2C, TLS))
	closeRequest(r, &e)
	n := r.Intn(4)
	valid := append(refusalTrace(r, e, refusal(r, e, n), n), simpleEv(sm.Close))
	next := NewExchange(r, anyOf(r, WebSocket, H2C, TLS))
	broken := append(valid[:len(valid)-1:len(valid)-1], reqEv(next.Request))
	return probe(endpoint(r), valid, broken, rules.RFC9112_9_6_1)
}

// RFC 9112 §6.3: after a 101 every octet is the new protocol: an HTTP
// event follows the 101 (a body for it, a new request, another 1xx, an
// end of response).
func probeHTTPAfter101(r *rand.Rand) error {
	e := NewExchange(r, anyOf(r, WebSocket, H2C, TLS))
	valid := upgradeTrace(r, e)
	var bad sm.Event
	switch r.Intn(4) {
	case 0:
		bad = dataEv(sm.ResponseData, serverOctets(r, e.Upgrade))
	case 1:
		bad = reqEv(NewExchange(r, anyOf(r, WebSocket, H2C, TLS)).Request)
	case 2:
		bad = respEv(Message{Start: "HTTP/1.1 " + pick(r, "100 Continue", "103 Early Hints")})
	default:
		bad = simpleEv(sm.ResponseEnd)
	}
	broken := insert(valid, 2+r.Intn(len(valid)-1), bad)
	return probe(endpoint(r), valid, broken, rules.RFC9112_6_3_1)
}

// RFC 6455 §4.1: the client sends nothing after its handshake until the
// server's answer: a frame goes before the 101.
func probeFrameBefore101(r *rand.Rand) error {
	e := NewExchange(r, WebSocket)
	valid := upgradeTrace(r, e)
	broken := insert(valid, 1, dataEv(sm.ClientBytes, wsFrame(r, true, 0)))
	return probe(sm.Client, valid, broken, rules.RFC6455_4_1_18)
}

// RFC 6455 §4.1: after a non-101 the WebSocket connection is not
// established: the server sends a frame after its refusal.
func probeFramesAfterRefusal(r *rand.Rand) error {
	e := NewExchange(r, WebSocket)
	n := r.Intn(4)
	valid := refusalTrace(r, e, refusal(r, e, n), n)
	broken := insert(valid, 2, dataEv(sm.ServerBytes, wsFrame(r, false, 0)))
	return probe(endpoint(r), valid, broken, rules.RFC6455_4_1_19)
}

// RFC 2817 §4.2: TLS does not start right after a 426; the client sends a
// new upgrade request. The valid trace does; the broken one starts TLS
// right after the 426.
func probeTLSAfter426(r *rand.Rand) error {
	e := NewExchange(r, TLS)
	refuse := Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: shuffle(r, []Field{
		field(r, "Upgrade", "TLS/1.0, HTTP/1.1", false),
		field(r, "Connection", casing(r, "Upgrade"), false),
		field(r, "Content-Length", "0", false),
	})}
	again := NewExchange(r, TLS)
	valid := append(refusalTrace(r, e, refuse, 0), upgradeTrace(r, again)...)
	broken := insert(valid, 2, dataEv(sm.ClientBytes, tlsRecord(r)))
	return probe(endpoint(r), valid, broken, rules.RFC2817_4_2_3)
}
