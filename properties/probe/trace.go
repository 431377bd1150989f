package probe

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// The trace helpers of the exchange probes (probes_exchange.go): events,
// traces of valid exchanges, and machines that take or catch them.

func trReqEv(m handshake.Message) sm.Event  { return sm.Request(m.Print()) }
func trRespEv(m handshake.Message) sm.Event { return sm.ResponseHeadEvent(m.Print()) }
func trDataEv(k sm.EventKind, b []byte) sm.Event {
	return sm.Data(k, b)
}
func trSimpleEv(k sm.EventKind) sm.Event { return sm.Simple(k) }

// trInsert returns evs with e inserted before index i.
func trInsert(evs []sm.Event, i int, e ...sm.Event) []sm.Event {
	out := append([]sm.Event(nil), evs[:i]...)
	out = append(out, e...)
	return append(out, evs[i:]...)
}

// trWithout returns evs with the event at index i removed.
func trWithout(evs []sm.Event, i int) []sm.Event {
	out := append([]sm.Event(nil), evs[:i]...)
	return append(out, evs[i+1:]...)
}

// trIndexOf returns the index of the first event of kind k at or after from,
// or -1.
func trIndexOf(evs []sm.Event, k sm.EventKind, from int) int {
	for i := from; i < len(evs); i++ {
		if evs[i].Kind == k {
			return i
		}
	}
	return -1
}

// trDescribe prints a trace for failure reports.
func trDescribe(evs []sm.Event) string {
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

// trAccepts runs the trace through a machine of the role and reports an
// error if any event fails.
func trAccepts(role sm.Role, evs []sm.Event) error { return trAcceptsOn(sm.New(role), evs) }

// trAcceptsOn is trAccepts on a given fresh machine.
func trAcceptsOn(m *sm.Machine, evs []sm.Event) error {
	role := m.Role()
	for i, e := range evs {
		if _, err := m.Step(e); err != nil {
			return fmt.Errorf("the unbroken trace is refused by the %s at event %d: %v%s", role, i, err, trDescribe(evs))
		}
	}
	return nil
}

// trCatches runs the broken trace through a machine of the role: some event
// must fail, and the first failure must cite id (as its rule, or among the
// rules the machine cites beside it).
func trCatches(role sm.Role, evs []sm.Event, id rules.ID) error {
	return trCatchesOn(sm.New(role), evs, id)
}

// trCatchesOn is trCatches on a given fresh machine.
func trCatchesOn(m *sm.Machine, evs []sm.Event, id rules.ID) error {
	role := m.Role()
	for i, e := range evs {
		if _, err := m.Step(e); err != nil {
			for _, c := range m.Cited() {
				if c == id {
					return nil
				}
			}
			return fmt.Errorf("the %s refused the broken trace at event %d citing %v, not %s: %v%s", role, i, m.Cited(), id, err, trDescribe(evs))
		}
	}
	return fmt.Errorf("the %s took the broken trace without error (state %s)%s", role, m.State(), trDescribe(evs))
}

// trProbe checks the unbroken trace is accepted and the broken one caught.
func trProbe(role sm.Role, valid, broken []sm.Event, id rules.ID) error {
	if err := trAccepts(role, valid); err != nil {
		return err
	}
	return trCatches(role, broken, id)
}

// trAnyOf picks one of the upgrades.
func trAnyOf(r *rand.Rand, us ...handshake.Upgrade) handshake.Upgrade { return us[r.Intn(len(us))] }

// trEndpoint picks the client or the server machine.
func trEndpoint(r *rand.Rand) sm.Role { return []sm.Role{sm.Client, sm.Server}[r.Intn(2)] }

// Octets of the new protocols.

// trWsFrame returns one small WebSocket text frame: masked when the client
// sends it (RFC 6455 §5.3), its first octet FIN and opcode with rsv set as
// given (0x40 is RSV1).
func trWsFrame(r *rand.Rand, client bool, rsv byte) []byte {
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
	trH2ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
	trH2ServerPreface = "\x00\x00\x00\x04\x00\x00\x00\x00\x00"
)

// trTlsRecord returns the start of a TLS handshake record (content type 22,
// version 3.x), as a ClientHello or ServerHello starts.
func trTlsRecord(r *rand.Rand) []byte {
	return []byte{0x16, 0x03, byte(1 + r.Intn(3)), 0x00, byte(4 + r.Intn(200)), 0x01}
}

// trClientOctets and serverOctets return each side's first octets in the
// new protocol after a 101.
func trClientOctets(r *rand.Rand, u handshake.Upgrade) []byte {
	switch u {
	case handshake.H2C:
		return []byte(trH2ClientPreface)
	case handshake.TLS:
		return trTlsRecord(r)
	}
	return trWsFrame(r, true, 0)
}

func trServerOctets(r *rand.Rand, u handshake.Upgrade) []byte {
	switch u {
	case handshake.H2C:
		return []byte(trH2ServerPreface)
	case handshake.TLS:
		return trTlsRecord(r)
	}
	return trWsFrame(r, false, 0)
}

// trAfterSwitch is what both sides send once switched, in either order.
func trAfterSwitch(r *rand.Rand, u handshake.Upgrade) []sm.Event {
	c, s := trDataEv(sm.ClientBytes, trClientOctets(r, u)), trDataEv(sm.ServerBytes, trServerOctets(r, u))
	if u == handshake.TLS || handshake.Chance(r, 2) {
		return []sm.Event{c, s} // TLS: the client speaks first
	}
	return []sm.Event{s, c}
}

// trUpgradeTrace is a valid switch: request, 101, new-protocol octets.
func trUpgradeTrace(r *rand.Rand, e handshake.Exchange) []sm.Event {
	return append([]sm.Event{trReqEv(e.Request), trRespEv(e.Response)}, trAfterSwitch(r, e.Upgrade)...)
}

// trRefusal returns a valid final response declining e's upgrade, with a
// body of n octets (n may be 0): the server ignoring Upgrade (200), a
// 426 naming the protocol (RFC 9110 §15.5.22), or a 400.
func trRefusal(r *rand.Rand, e handshake.Exchange, n int) handshake.Message {
	var m handshake.Message
	switch r.Intn(3) {
	case 0:
		m.Start = "HTTP/1.1 200 OK"
	case 1:
		m.Start = "HTTP/1.1 426 Upgrade Required"
		up := map[handshake.Upgrade]string{handshake.WebSocket: "websocket", handshake.H2C: "h2c", handshake.TLS: "TLS/1.0, HTTP/1.1"}[e.Upgrade]
		m.Fields = append(m.Fields, handshake.NewField(r, "Upgrade", up, false), handshake.NewField(r, "Connection", handshake.Casing(r, "Upgrade"), false))
	default:
		m.Start = "HTTP/1.1 400 Bad Request"
	}
	m.Fields = append(m.Fields, handshake.NewField(r, "Content-Length", strconv.Itoa(n), false))
	if handshake.Chance(r, 2) {
		m.Fields = append(m.Fields, handshake.NewField(r, "Server", "switchyard-gen/1", true))
	}
	m.Fields = handshake.Shuffle(r, m.Fields)
	return m
}

// trRefusalTrace is a valid refused exchange: request, refusal, its body,
// the end of the response.
func trRefusalTrace(r *rand.Rand, e handshake.Exchange, resp handshake.Message, n int) []sm.Event {
	evs := []sm.Event{trReqEv(e.Request), trRespEv(resp)}
	if n > 0 {
		evs = append(evs, trDataEv(sm.ResponseData, []byte(strings.Repeat("x", n))))
	}
	return append(evs, trSimpleEv(sm.ResponseEnd))
}

// trWithBody gives e's request (h2c or TLS: AMB-23 keeps WebSocket
// handshakes body-less) a body of n octets, as a POST when it was a GET.
func trWithBody(r *rand.Rand, e *handshake.Exchange, n int) {
	if strings.HasPrefix(e.Request.Start, "GET ") {
		e.Request.Start = "POST " + strings.TrimPrefix(e.Request.Start, "GET ")
	}
	e.Request.Fields = handshake.Shuffle(r, append(e.Request.Fields, handshake.NewField(r, "Content-Length", strconv.Itoa(n), false)))
}

// trBodyEvents sends n octets of request body in one or two pieces, then
// the end of the request.
func trBodyEvents(r *rand.Rand, n int) []sm.Event {
	b := []byte(strings.Repeat("b", n))
	k := r.Intn(n + 1)
	var evs []sm.Event
	for _, p := range [][]byte{b[:k], b[k:]} {
		if len(p) > 0 {
			evs = append(evs, trDataEv(sm.RequestData, p))
		}
	}
	return append(evs, trSimpleEv(sm.RequestEnd))
}

// trBodyUpgrade is a valid switch of an h2c or TLS request with a body: the
// request, its body, the 101, new-protocol octets.
func trBodyUpgrade(r *rand.Rand) (handshake.Exchange, []sm.Event) {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.H2C, handshake.TLS))
	n := 1 + r.Intn(16)
	trWithBody(r, &e, n)
	evs := append([]sm.Event{trReqEv(e.Request)}, trBodyEvents(r, n)...)
	evs = append(evs, trRespEv(e.Response))
	return e, append(evs, trAfterSwitch(r, e.Upgrade)...)
}
