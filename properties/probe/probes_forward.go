package probe

import (
	"math/rand"
	"strings"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// forwardProbes breaks rules by changing the forward (see KindForward).
// Each builds a valid trace of an intermediary's connection from a
// generated exchange — the request and responses as received and as it
// forwarded them — checks that the Intermediary machine takes it, changes
// what the intermediary forwarded, and checks that the machine then fails
// citing the rule.
var forwardProbes = []Probe{
	{Name: "connection-named-field-forwarded", Rule: rules.RFC9110_7_6_1_3, Kind: KindForward, Check: probeNamedFieldForwarded},
	{Name: "connection-named-field-forwarded@RFC9110-7.6-1", Rule: rules.RFC9110_7_6_1, Kind: KindForward, Check: probeNamedFieldForwarded},
	{Name: "upgrade-forwarded-end-to-end", Rule: rules.RFC2817_5_1, Kind: KindForward, Check: probeUpgradeForwarded},
	{Name: "1xx-not-forwarded", Rule: rules.RFC9110_15_2_4, Kind: KindForward, Check: probe1xxNotForwarded},
	{Name: "forwarded-other-version", Rule: rules.RFC9112_2_3_1, Kind: KindForward, Check: probeForwardedOtherVersion},
	{Name: "unrecognized-field-dropped", Rule: rules.RFC9110_5_1_1, Kind: KindForward, Check: probeUnrecognizedDropped},
	{Name: "same-name-lines-reordered", Rule: rules.RFC9110_5_3_2, Kind: KindForward, Check: probeLinesReordered},
	{Name: "absolute-form-host-forwarded", Rule: rules.RFC9112_3_2_2_1, Kind: KindForward, Check: probeAbsoluteFormHost},
	{Name: "request-obs-fold-forwarded", Rule: rules.RFC9112_5_2_2, Kind: KindForward, Check: probeRequestFoldForwarded},
	{Name: "response-obs-fold-forwarded", Rule: rules.RFC9112_5_2_3, Kind: KindForward, Check: probeResponseFoldForwarded},
	{Name: "nul-or-cr-forwarded", Rule: rules.RFC9110_5_5_2, Kind: KindForward, Check: probeNULForwarded},
}

// trFwd returns a head event as the intermediary forwarded it.
func trFwd(e sm.Event, sent handshake.Message) sm.Event {
	e.Forwarded = sent.Print()
	return e
}

// trProxySwitch is a valid switch through the intermediary: the request as
// received and as forwarded, the 101, the tunnel, new-protocol octets.
func trProxySwitch(r *rand.Rand, e handshake.Exchange, sent handshake.Message) []sm.Event {
	evs := []sm.Event{trFwd(trReqEv(e.Request), sent), trRespEv(e.Response), trSimpleEv(sm.Tunnel)}
	return append(evs, trAfterSwitch(r, e.Upgrade)...)
}

// trProxyRefusal is a valid refused exchange through the intermediary, the
// refusal as received and as forwarded.
func trProxyRefusal(e handshake.Exchange, got, sent handshake.Message) []sm.Event {
	return []sm.Event{trReqEv(e.Request), trFwd(trRespEv(got), sent), trSimpleEv(sm.ResponseEnd)}
}

// trAddFields appends field lines to a copy of m.
func trAddFields(r *rand.Rand, m handshake.Message, kv ...string) handshake.Message {
	m = m.Clone()
	for i := 0; i+1 < len(kv); i += 2 {
		m.Fields = append(m.Fields, handshake.NewField(r, kv[i], kv[i+1], false))
	}
	return m
}

// trHex returns n random hex digits.
func trHex(r *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.Intn(16)]
	}
	return string(b)
}

// RFC 9110 §7.6.1 (and §7.6): the fields the received Connection names are
// removed before forwarding. The request or the refusal names a field of
// its own in Connection; the intermediary drops the option but forwards
// the field.
func probeNamedFieldForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	name := "X-Hop-" + trHex(r, 4)
	val := trHex(r, 8)
	if handshake.Chance(r, 2) {
		got := trAddFields(r, e.Request, "Connection", name, name, val)
		valid := trAddFields(r, e.Request)             // option and field removed
		broken := trAddFields(r, e.Request, name, val) // option removed, field left in
		e.Request = got
		if err := trAccepts(sm.Intermediary, trProxySwitch(r, e, valid)); err != nil {
			return err
		}
		return trCatches(sm.Intermediary, trProxySwitch(r, e, broken), rules.RFC9110_7_6_1_3)
	}
	refuse := trRefusal(r, e, 0)
	got := trAddFields(r, refuse, "Connection", name, name, val)
	valid := trProxyRefusal(e, got, refuse)
	broken := trProxyRefusal(e, got, trAddFields(r, refuse, name, val))
	return trProbe(sm.Intermediary, valid, broken, rules.RFC9110_7_6_1_3)
}

// RFC 2817 §5: Upgrade is hop-by-hop. The intermediary forwards the
// client's Upgrade without the "upgrade" option in its own Connection (or a
// 426's Upgrade without it), as if it were end-to-end.
func probeUpgradeForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	if handshake.Chance(r, 2) {
		sent := e.Request.Clone()
		sent.Remove("Connection")
		sent.Remove("HTTP2-Settings") // h2c: named too; removed as it must be
		valid := trProxySwitch(r, e, e.Request)
		broken := []sm.Event{trFwd(trReqEv(e.Request), sent)}
		return trProbe(sm.Intermediary, valid, broken, rules.RFC2817_5_1)
	}
	up := map[handshake.Upgrade]string{handshake.WebSocket: "websocket", handshake.H2C: "h2c", handshake.TLS: "TLS/1.0, HTTP/1.1"}[e.Upgrade]
	refuse := handshake.Message{Start: "HTTP/1.1 426 Upgrade Required", Fields: handshake.Shuffle(r, []handshake.Field{
		handshake.NewField(r, "Upgrade", up, false), handshake.NewField(r, "Connection", handshake.Casing(r, "Upgrade"), false), handshake.NewField(r, "Content-Length", "0", false)})}
	sent := refuse.Clone()
	sent.Remove("Connection")
	return trProbe(sm.Intermediary, trProxyRefusal(e, refuse, refuse), trProxyRefusal(e, refuse, sent), rules.RFC2817_5_1)
}

// RFC 9110 §15.2: a proxy forwards 1xx responses: a 103 before the 101,
// or the 101 itself, is not forwarded.
func probe1xxNotForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	valid := trInsert(trProxySwitch(r, e, e.Request), 1, trRespEv(trEarlyHints(r)))
	broken := append([]sm.Event(nil), valid...)
	i := 1 + r.Intn(2) // the 103 or the 101
	broken[i].NotForwarded = true
	return trProbe(sm.Intermediary, valid, broken, rules.RFC9110_15_2_4)
}

// RFC 9112 §2.3: an intermediary sends its own HTTP-version, HTTP/1.1: it
// forwards the request as HTTP/1.0, or an HTTP/1.0 refusal unchanged
// (valid: rewritten as HTTP/1.1).
func probeForwardedOtherVersion(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	if handshake.Chance(r, 2) {
		sent := e.Request.Clone()
		sent.Start = strings.TrimSuffix(sent.Start, "HTTP/1.1") + "HTTP/1.0"
		return trProbe(sm.Intermediary, trProxySwitch(r, e, e.Request), []sm.Event{trFwd(trReqEv(e.Request), sent)}, rules.RFC9112_2_3_1)
	}
	refuse := trRefusal(r, e, 0)
	got := refuse.Clone()
	got.Start = "HTTP/1.0" + strings.TrimPrefix(got.Start, "HTTP/1.1")
	return trProbe(sm.Intermediary, trProxyRefusal(e, got, refuse), trProxyRefusal(e, got, got), rules.RFC9112_2_3_1)
}

// RFC 9110 §5.1: a proxy forwards unrecognized fields unless Connection
// names them: the request (or the refusal) carries one, and the
// intermediary drops it. Dropping one the Connection names is valid.
func probeUnrecognizedDropped(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	name := handshake.Pick(r, "X-Request-Id", "X-Trace-"+trHex(r, 3), "Foo-Bar", "Sec-Fetch-Mode")
	val := trHex(r, 12)
	if handshake.Chance(r, 2) {
		base := e.Request
		e.Request = trAddFields(r, base, name, val)
		e.Request.Fields = handshake.Shuffle(r, e.Request.Fields)
		dropped := e.Request.Clone()
		dropped.Remove(name)
		return trProbe(sm.Intermediary, trProxySwitch(r, e, e.Request), []sm.Event{trFwd(trReqEv(e.Request), dropped)}, rules.RFC9110_5_1_1)
	}
	refuse := trRefusal(r, e, 0)
	got := trAddFields(r, refuse, name, val)
	named := trAddFields(r, refuse, "Connection", name, name, val)
	if err := trAccepts(sm.Intermediary, trProxyRefusal(e, named, refuse)); err != nil {
		return err
	}
	return trProbe(sm.Intermediary, trProxyRefusal(e, got, got), trProxyRefusal(e, got, refuse), rules.RFC9110_5_1_1)
}

// RFC 9110 §5.3: a proxy keeps the order of same-name field lines: the
// request carries a list field on two lines; the intermediary swaps them.
// Merging them in order is valid.
func probeLinesReordered(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	name, a, b := "Cache-Control", "no-cache", "max-age="+trHex(r, 2)
	if handshake.Chance(r, 2) {
		name, a, b = "Accept-Encoding", handshake.Pick(r, "gzip", "br"), handshake.Pick(r, "deflate", "zstd")
	}
	e.Request.Remove(name)
	got := trAddFields(r, e.Request, name, a, name, b)
	merged := trAddFields(r, e.Request, name, a+", "+b)
	swapped := trAddFields(r, e.Request, name, b, name, a)
	e.Request = got
	if err := trAccepts(sm.Intermediary, trProxySwitch(r, e, merged)); err != nil {
		return err
	}
	return trProbe(sm.Intermediary, trProxySwitch(r, e, got), []sm.Event{trFwd(trReqEv(got), swapped)}, rules.RFC9110_5_3_2)
}

// RFC 9112 §3.2.2: for an absolute-form request a proxy ignores the
// received Host and regenerates it from the target: the client's Host
// differs from the target's authority, and the intermediary forwards it.
func probeAbsoluteFormHost(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	i := e.Request.Index("Host")
	auth := e.Request.Fields[i].Value
	if strings.Contains(auth, "[") {
		// The parser does not take an IP-literal in an absolute-form
		// target (reported to its owner): use a reg-name.
		auth = "example.com"
		e.Request.Fields[i].Value = auth
	}
	other := "other" + trHex(r, 3) + ".example"
	method, rest, _ := strings.Cut(e.Request.Start, " ")
	path, _, _ := strings.Cut(rest, " ")
	if !strings.HasPrefix(path, "/") {
		method, path = "GET", "/"
	}
	e.Request.Start = method + " " + handshake.Pick(r, "http", "HTTP") + "://" + auth + path + " HTTP/1.1"
	regenerated := e.Request.Clone()
	e.Request.Fields[i].Value = other
	kept := e.Request.Clone()
	return trProbe(sm.Intermediary, trProxySwitch(r, e, regenerated), []sm.Event{trFwd(trReqEv(e.Request), kept)}, rules.RFC9112_3_2_2_1)
}

// trFolded returns a copy of m with a field whose value is folded onto a
// second line (obs-fold, RFC 9112 §5.2), and the same with the fold
// replaced by SP.
func trFolded(r *rand.Rand, m handshake.Message) (folded, repaired handshake.Message) {
	name := handshake.Pick(r, "X-Note", "Warning-Text", "X-Long")
	a, b := trHex(r, 4), trHex(r, 4)
	fold := handshake.Pick(r, "\r\n ", "\r\n\t", "\r\n  ")
	folded, repaired = m.Clone(), m.Clone()
	folded.Fields = append(folded.Fields, handshake.Field{Name: name, Lead: " ", Value: a + fold + b})
	repaired.Fields = append(repaired.Fields, handshake.Field{Name: name, Lead: " ", Value: a + strings.Repeat(" ", len(fold)) + b})
	return folded, repaired
}

// RFC 9112 §5.2: a request with obs-fold is rejected or the fold replaced
// by SP before it is forwarded: the intermediary forwards it folded.
func probeRequestFoldForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	folded, repaired := trFolded(r, e.Request)
	e.Request = folded
	return trProbe(sm.Intermediary, trProxySwitch(r, e, repaired), []sm.Event{trFwd(trReqEv(folded), folded)}, rules.RFC9112_5_2_2)
}

// RFC 9112 §5.2: a proxy replaces a response's obs-fold by SP, or the
// response by a 502: the intermediary forwards the refusal folded.
func probeResponseFoldForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	folded, repaired := trFolded(r, trRefusal(r, e, 0))
	bad := handshake.Message{Start: "HTTP/1.1 502 Bad Gateway", Fields: []handshake.Field{handshake.NewField(r, "Content-Length", "0", false)}}
	if err := trAccepts(sm.Intermediary, trProxyRefusal(e, folded, bad)); err != nil {
		return err
	}
	return trProbe(sm.Intermediary, trProxyRefusal(e, folded, repaired), trProxyRefusal(e, folded, folded), rules.RFC9112_5_2_3)
}

// RFC 9110 §5.5: a field value with NUL or a bare CR is rejected or each
// such octet replaced by SP before forwarding: the intermediary forwards
// it as received, in the request or in the refusal.
func probeNULForwarded(r *rand.Rand) error {
	e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
	name := handshake.Pick(r, "X-Note", "X-Data")
	bad := handshake.Pick(r, "\x00", "\r")
	a, b := trHex(r, 3), trHex(r, 3)
	if handshake.Chance(r, 2) {
		got := trAddFields(r, e.Request, name, a+bad+b)
		repaired := trAddFields(r, e.Request, name, a+" "+b)
		e.Request = got
		return trProbe(sm.Intermediary, trProxySwitch(r, e, repaired), []sm.Event{trFwd(trReqEv(got), got)}, rules.RFC9110_5_5_2)
	}
	refuse := trRefusal(r, e, 0)
	got := trAddFields(r, refuse, name, a+bad+b)
	repaired := trAddFields(r, refuse, name, a+" "+b)
	return trProbe(sm.Intermediary, trProxyRefusal(e, got, repaired), trProxyRefusal(e, got, got), rules.RFC9110_5_5_2)
}
