package statemachine

import "github.com/switchyard/switchyard/rules"

// This file is the whole transition table. Nothing else decides a state:
// Machine.Step looks the pair up here and, where an entry lists several
// outcomes, lets the entry's guard (guards.go) pick one of them.

// row is one state's entries, by event kind.
type row = [numEvents]Entry

// table is Table[role][state][event].
var table = Table{
	Client:       {Idle: clientIdle, SendBody: sendBody, AwaitResponse: awaitResponse, MightSwitch: clientMightSwitch, Response: response, Refused: refused, Switched: switched, MustClose: clientMustClose, Closed: closed, Error: errorRow},
	Server:       {Idle: serverIdle, SendBody: sendBody, AwaitResponse: awaitResponse, MightSwitch: serverMightSwitch, Response: response, Refused: refused, Switched: switched, MustClose: serverMustClose, Closed: closed, Error: errorRow},
	Intermediary: {Idle: proxyIdle, SendBody: proxySendBody, AwaitResponse: proxyAwaitResponse, MightSwitch: proxyMightSwitch, Response: proxyResponse, Refused: proxyRefused, Switched: proxySwitched, MustClose: proxyMustClose, Closed: proxyClosed, Error: proxyErrorRow},
}

// Why-texts shared by several entries.
const (
	whyNoRequest  = "no request is outstanding: these octets are not the HTTP-message the connection expects (RFC 9110 §2.2)"
	whyNoFinal    = "no final response head yet: there is no response body to read (RFC 9110 §15.2: 1xx have no content)"
	whyClose      = "either side may close at any time (RFC 9112 §9.6)"
	whyHeld       = "a pipelined request waits until the exchange ahead of it ends (RFC 9112 §9.3.2)"
	whySwitched   = "after a 101 every octet belongs to the new protocol, none is HTTP/1.1 (RFC 9112 §6.3)"
	whyAfterError = "after a handshake error no further octets are processed (STRICT-9); after a WebSocket one the connection is Failed, so closed (RFC 6455 §7.1.7)"
	whyAfterClose = "the connection is closed"
	whyNoTunnel   = "no 101 has switched the connection: an intermediary tunnels only after one (Switchyard policy)"
	whyRefusedT   = "a final status refused the upgrade: the connection stays HTTP, never a tunnel (Switchyard policy)"
	whyInBody     = "a head inside an unfinished request body breaks its framing (RFC 9112 §6)"
	whyInterim    = "1xx responses come before the final one and change nothing; never to an HTTP/1.0 client (RFC 9110 §15.2)"
)

// noFinal is response body octets before any final response head.
var noFinal = pick(GuardNoFinal, whyNoFinal+"; after a 1xx they would be its content", fail(rules.RFC9110_2_2_1), failAlso(rules.RFC9110_15_2_2, rules.RFC9110_6_4_1_1))

var clientIdle = idleRow(rules.RFC9110_2_2_1, rules.RFC6455_4_1_5)
var serverIdle = idleRow(rules.RFC9112_2_2_7, rules.RFC6455_4_2_2_1)

// whyIdleOctets: octets before any request head.
const whyIdleOctets = "octets where a request-line must start (RFC 9112 §2.2); on a secure connection (NewSecure) the TLS handshake's records, the client's first (RFC 6455 §4.1, §4.2.2)"

// idleRow builds the Idle row; garbage is the rule octets before a
// request-line break, clear the rule a request read before TLS on a
// secure connection breaks (the client's RFC 6455 §4.1 step 5, the
// server's §4.2.2 step 1).
func idleRow(garbage, clear rules.ID) row {
	return row{
		RequestHead: pick(GuardRequestHead, "a request starts an exchange; an upgrade offer with a complete request may switch (RFC 9110 §7.8); on a secure connection only after TLS (RFC 6455 §4.1, §4.2.2)",
			to(SendBody), to(AwaitResponse), to(MightSwitch), fail(clear)),
		RequestData:  err1(rules.RFC9110_2_2_1, "body octets without a request head (RFC 9110 §2.2)"),
		RequestEnd:   err1(rules.RFC9110_2_2_1, "end of a request that never started (RFC 9110 §2.2)"),
		ClientBytes:  pick(GuardIdleOctets, whyIdleOctets, to(Idle), fail(garbage)),
		InterimHead:  err1(rules.RFC9110_2_2_1, whyNoRequest),
		SwitchHead:   err1(rules.RFC9110_7_8_6, "a 101 with no request, so no upgrade offer, to answer (RFC 9110 §7.8)"),
		FinalHead:    err1(rules.RFC9110_2_2_1, whyNoRequest),
		ResponseData: err1(rules.RFC9110_2_2_1, whyNoRequest),
		ResponseEnd:  err1(rules.RFC9110_2_2_1, whyNoRequest),
		ServerBytes:  pick(GuardIdleOctets, whyIdleOctets, to(Idle), fail(rules.RFC9110_2_2_1)),
		Close:        go1(Closed, whyClose),
	}
}

var sendBody = row{
	RequestHead: err1(rules.RFC9110_2_2_1, whyInBody),
	RequestData: go1(SendBody, "request body octets"),
	RequestEnd: pick(GuardRequestEnd, "the request is complete; with an upgrade offer the server may now switch (RFC 9110 §7.8)",
		to(AwaitResponse), to(MightSwitch)),
	ClientBytes: err1(rules.RFC9110_7_8_14, "a client cannot use the upgraded protocol before the request is sent completely (RFC 9110 §7.8)"),
	InterimHead: pick(GuardInterim, whyInterim, to(SendBody), fail(rules.RFC9110_15_2_1)),
	SwitchHead: pick(GuardSwitchEarly, "a 101 before the request is complete, or with no offer, or to HTTP/1.0 (RFC 9110 §7.8, §15.2)",
		fail(rules.RFC9110_7_8_14), fail(rules.RFC9110_7_8_6), fail(rules.RFC9110_15_2_1)),
	FinalHead: pick(GuardFinal, "an early final response; with an upgrade offer it refuses it (RFC 9110 §7.8)",
		to(Response), to(Refused)),
	ResponseData: noFinal,
	ResponseEnd:  err1(rules.RFC9110_2_2_1, whyNoFinal),
	ServerBytes:  err1(rules.RFC9110_2_2_1, "octets before any response head (RFC 9110 §2.2)"),
	Close:        go1(Closed, whyClose),
}

var awaitResponse = row{
	RequestHead: go1(AwaitResponse, whyHeld),
	RequestData: go1(AwaitResponse, whyHeld),
	RequestEnd:  go1(AwaitResponse, whyHeld),
	ClientBytes: go1(AwaitResponse, whyHeld),
	InterimHead: pick(GuardInterim, whyInterim, to(AwaitResponse), fail(rules.RFC9110_15_2_1)),
	SwitchHead: pick(GuardSwitchUnoffered, "a 101 the request did not ask for, or to HTTP/1.0 (RFC 9110 §7.8, §15.2)",
		fail(rules.RFC9110_7_8_6), fail(rules.RFC9110_15_2_1)),
	FinalHead:    pick(GuardFinal, "the final response to a request without an upgrade offer", to(Response)),
	ResponseData: noFinal,
	ResponseEnd:  err1(rules.RFC9110_2_2_1, whyNoFinal),
	ServerBytes:  err1(rules.RFC9110_2_2_1, "octets before any response head (RFC 9110 §2.2)"),
	Close:        go1(Closed, whyClose),
}

// mightSwitch builds the MightSwitch row; early is the entry for octets
// the client sends before the upgrade is decided, which differs by role.
func mightSwitch(early Entry, sw Entry, final Entry, interim Entry) row {
	return row{
		RequestHead:  early,
		RequestData:  early,
		RequestEnd:   early,
		ClientBytes:  early,
		InterimHead:  interim,
		SwitchHead:   sw,
		FinalHead:    final,
		ResponseData: noFinal,
		ResponseEnd:  err1(rules.RFC9110_2_2_1, whyNoFinal),
		ServerBytes:  err1(rules.RFC9110_2_2_1, "octets before any response head (RFC 9110 §2.2)"),
		Close:        go1(Closed, whyClose),
	}
}

const whySwitch = "a 101 switches only if it answers the offer, after any 100 owed, and passes the parser's checks; never after a request with Content-Length and Transfer-Encoding (RFC 9110 §7.8, §15.2.2; RFC 9112 §6.1; STRICT-5; RFC 7540 §3.2.1)"

var endpointSwitch = pick(GuardSwitch, whySwitch,
	to(Switched), verdict(), fail(rules.RFC9112_6_1_3), fail(rules.RFC9110_7_8_15), fail(rules.STRICT_5), fail(rules.RFC7540_3_2_1_1))

var clientMightSwitch = mightSwitch(
	pick(GuardEarly, "a WebSocket client waits for the 101 (RFC 6455 §4.1); other octets are flagged: refused, they would be HTTP (AMB-24)",
		to(MightSwitch), fail(rules.RFC6455_4_1_18)),
	endpointSwitch,
	pick(GuardFinal, "a final status refuses the upgrade (RFC 9110 §7.8, RFC 6455 §4.1)", to(Refused)),
	pick(GuardInterim, whyInterim, to(MightSwitch)))

var serverMightSwitch = mightSwitch(
	err1(rules.AMB_24, "octets behind an upgrade request before the 101: the server fails and closes, never reading them as frames or HTTP (AMB-24)"),
	endpointSwitch,
	pick(GuardFinal, "a final status refuses the upgrade (RFC 9110 §7.8, RFC 6455 §4.1)", to(Refused)),
	pick(GuardInterim, whyInterim, to(MightSwitch)))

// responseRow builds the Response and Refused rows.
func responseRow(s State, clientBytes, serverBytes Entry) row {
	return row{
		RequestHead:  pick(GuardHeldHead, whyHeld+"; inside an unfinished request body it breaks framing", to(s), fail(rules.RFC9110_2_2_1)),
		RequestData:  go1(s, "the rest of a request body, or held pipelined octets"),
		RequestEnd:   pick(GuardHeldBody, "the end of a request body, or held pipelined octets", to(s)),
		ClientBytes:  clientBytes,
		InterimHead:  err1(rules.RFC9110_2_2_1, "a 1xx after the final response head (RFC 9110 §15.2)"),
		SwitchHead:   err1(rules.RFC9110_7_8_6, "a 101 after the final response: the request was answered without switching (RFC 9110 §7.8)"),
		FinalHead:    err1(rules.RFC9110_2_2_1, "a second final response head inside a response (RFC 9110 §2.2)"),
		ResponseData: pick(GuardResponseData, "response body octets; a 204 or 304 has none (RFC 9110 §6.4.1)", to(s), fail(rules.RFC9110_6_4_1_1)),
		ResponseEnd: pick(GuardResponseEnd, "the exchange ends; the connection persists unless something obliges it to close (RFC 9112 §9.3, §9.6; AMB-24)",
			to(Idle), to(MustClose)),
		ServerBytes: serverBytes,
		Close:       go1(Closed, whyClose),
	}
}

var response = responseRow(Response,
	pick(GuardAfterClientBytes, whyHeld+"; inside an unfinished request body they are not HTTP (RFC 9110 §7.8)",
		to(Response), fail(rules.RFC9110_7_8_14)),
	err1(rules.RFC9110_2_2_1, "octets beyond the response as framed (RFC 9110 §2.2)"))

var refused = responseRow(Refused,
	pick(GuardAfterClientBytes, "after a refusal the client's octets are HTTP; after a 426 TLS cannot start without a new request (RFC 2817 §4.2)",
		to(Refused), fail(rules.RFC9110_7_8_14), fail(rules.RFC2817_4_2_3)),
	pick(GuardRefusedServerBytes, "a refused upgrade is not established: the server may not speak the new protocol (RFC 6455 §4.1, RFC 9110 §7.8)",
		fail(rules.RFC6455_4_1_19), fail(rules.RFC9110_2_2_1)))

var switched = row{
	RequestHead: err1(rules.RFC9112_6_3_1, whySwitched),
	RequestData: err1(rules.RFC9112_6_3_1, whySwitched),
	RequestEnd:  err1(rules.RFC9112_6_3_1, whySwitched),
	ClientBytes: pick(GuardClientFrames, "the new protocol; after an h2c 101 the client's first octets are the connection preface with SETTINGS (RFC 7540 §3.2, §3.5); "+
		"a WebSocket client's first frame uses no offered extension the server did not select (RFC 6455 §9.1)", to(Switched), fail(rules.RFC7540_3_2_6), fail(rules.RFC6455_9_1_5)),
	InterimHead:  err1(rules.RFC9112_6_3_1, whySwitched),
	SwitchHead:   err1(rules.RFC9112_6_3_1, whySwitched),
	FinalHead:    err1(rules.RFC9110_7_8_10, "after a 101 the response to the request is given in the new protocol, not as an HTTP/1.1 final response (RFC 9110 §7.8, RFC 9112 §6.3)"),
	ResponseData: err1(rules.RFC9112_6_3_1, whySwitched),
	ResponseEnd:  err1(rules.RFC9112_6_3_1, whySwitched),
	ServerBytes: pick(GuardServerFrames, "the new protocol; after an h2c 101 the server's first frame is SETTINGS (RFC 7540 §3.2); after a TLS/1.0 101 the server speaks TLS and a fatal alert ends the connection (RFC 2817 §3.3)",
		to(Switched), fail(rules.RFC7540_3_2_5), failAlso(rules.RFC2817_3_3_2, rules.RFC2817_3_1), fail(rules.RFC2817_3_3_2)),
	Close: go1(Closed, whyClose),
}

func mustCloseRow(next Entry) row {
	return row{
		RequestHead:  next,
		RequestData:  pick(GuardHeldBody, "only the rest of an unfinished request body may follow (RFC 9112 §9.6)", to(MustClose), fail(rules.RFC9112_9_6_1)),
		RequestEnd:   pick(GuardHeldBody, "only the rest of an unfinished request body may follow (RFC 9112 §9.6)", to(MustClose), fail(rules.RFC9112_9_6_1)),
		ClientBytes:  next,
		InterimHead:  err1(rules.RFC9110_2_2_1, whyNoRequest),
		SwitchHead:   err1(rules.RFC9110_7_8_6, "a 101 with no upgrade offer outstanding (RFC 9110 §7.8)"),
		FinalHead:    err1(rules.RFC9110_2_2_1, whyNoRequest),
		ResponseData: err1(rules.RFC9110_2_2_1, whyNoRequest),
		ResponseEnd:  err1(rules.RFC9110_2_2_1, whyNoRequest),
		ServerBytes:  err1(rules.RFC9110_2_2_1, whyNoRequest),
		Close:        go1(Closed, whyClose),
	}
}

const whyNoReuse = "no further requests on a connection that must close: after Connection: close (RFC 9112 §9.6), HTTP/1.0 without keep-alive (RFC 9112 §9.3), a request with Content-Length and Transfer-Encoding (RFC 9112 §6.1)"

var clientMustClose = mustCloseRow(pick(GuardMustClose, whyNoReuse+"; octets sent before a refused 101 are never read as HTTP (AMB-24)",
	fail(rules.RFC9112_9_6_1), fail(rules.RFC9112_9_3_1), fail(rules.RFC9112_6_1_3), fail(rules.AMB_24)))

var serverMustClose = mustCloseRow(pick(GuardMustClose, whyNoReuse,
	fail(rules.RFC9112_9_6_1), fail(rules.RFC9112_9_3_1), fail(rules.RFC9112_6_1_3)))

var closed = func() row {
	var r row
	for _, k := range Events[:Tunnel] {
		r[k] = err1(rules.RFC9110_2_2_1, whyAfterClose)
	}
	r[RequestHead] = err1(rules.RFC9112_9_6_1, "no requests after the connection closed (RFC 9112 §9.6)")
	r[Close] = go1(Closed, "closing twice changes nothing")
	return r
}()

var afterError = pick(GuardAfterError, whyAfterError, fail(rules.STRICT_9), fail(rules.RFC6455_7_1_7_1))

var errorRow = func() row {
	var r row
	for _, k := range Events[:Tunnel] {
		r[k] = afterError
	}
	r[Close] = go1(Closed, "the connection is torn down after the error")
	return r
}()

// The intermediary's rows: the endpoints' rows plus Tunnel, with the
// checks on what it forwards (RFC 9110 §7.6.1, §15.2) and Switchyard's
// proxy policy (PROXY-n) where the RFCs are silent.

func withTunnel(r row, e Entry) row {
	r[Tunnel] = e
	return r
}

// What an intermediary forwards, checked against what it received
// (forward.go): the outcomes common to requests and responses; fold is the
// rule an obs-fold left in breaks (RFC 9112 §5.2: a request's, a
// response's).
const whyForwarded = "sends its own HTTP-version (RFC 9112 §2.3), passes on no obs-fold, NUL or CR (RFC 9112 §5.2, RFC 9110 §5.5), forwards unrecognized fields (RFC 9110 §5.1) and keeps the order of same-name lines (RFC 9110 §5.3)"

func forwardedOutcomes(fold rules.ID) []Outcome {
	return []Outcome{
		failAlso(rules.RFC9110_7_6_1_3, rules.RFC9110_7_6_1), failAlso(rules.RFC9110_7_6_1_3, rules.RFC9110_7_6_1, rules.RFC2817_5_1),
		fail(rules.RFC9110_7_6_1_4), fail(rules.RFC9112_2_3_1), fail(fold), fail(rules.RFC9110_5_5_2), fail(rules.RFC9110_5_1_1), fail(rules.RFC9110_5_3_2),
	}
}

// forwardedFinal is a final response's forwarding outcomes, beside the
// faked 101 (PROXY-2).
func forwardedFinal() []Outcome {
	return append([]Outcome{fail(rules.PROXY_2)}, forwardedOutcomes(rules.RFC9112_5_2_3)...)
}

var proxyIdle = withTunnel(func() row {
	r := serverIdle
	r[RequestHead] = pick(GuardRequestHead, "a request starts an exchange; what is forwarded drops the client's hop-by-hop fields (RFC 9110 §7.6, §7.6.1, §7.8), "+whyForwarded+
		", and for an absolute-form target regenerates Host (RFC 9112 §3.2.2)",
		append([]Outcome{to(SendBody), to(AwaitResponse), to(MightSwitch)},
			append(forwardedOutcomes(rules.RFC9112_5_2_2), fail(rules.RFC9112_3_2_2_1), fail(rules.RFC9110_7_8_12), fail(rules.RFC9110_7_6_1_2), fail(rules.RFC6455_4_2_2_1))...)...)
	return r
}(), err1(rules.PROXY_1, whyNoTunnel))

var proxySendBody = withTunnel(func() row {
	r := sendBody
	r[InterimHead] = pick(GuardInterim, whyInterim+"; a proxy forwards them (RFC 9110 §15.2)",
		to(SendBody), fail(rules.RFC9110_15_2_1), fail(rules.RFC9110_15_2_4))
	r[FinalHead] = pick(GuardFinal, "an early final response; forwarded without the server's hop-by-hop fields (RFC 9110 §7.6, §7.6.1), never as a 101 (PROXY-2); the intermediary "+whyForwarded,
		append([]Outcome{to(Response), to(Refused)}, forwardedFinal()...)...)
	return r
}(), err1(rules.PROXY_1, whyNoTunnel))

var proxyAwaitResponse = withTunnel(func() row {
	r := awaitResponse
	r[InterimHead] = pick(GuardInterim, whyInterim+"; a proxy forwards them (RFC 9110 §15.2)",
		to(AwaitResponse), fail(rules.RFC9110_15_2_1), fail(rules.RFC9110_15_2_4))
	r[FinalHead] = pick(GuardFinal, "the final response; forwarded without the server's hop-by-hop fields (RFC 9110 §7.6, §7.6.1), never as a 101 (PROXY-2); the intermediary "+whyForwarded,
		append([]Outcome{to(Response)}, forwardedFinal()...)...)
	r[SwitchHead] = pick(GuardSwitchUnoffered, "a 101 the request did not ask for, to HTTP/1.0, or answering an offer the proxy made itself (RFC 9110 §7.8, §15.2; PROXY-3)",
		fail(rules.RFC9110_7_8_6), fail(rules.RFC9110_15_2_1), fail(rules.PROXY_3))
	return r
}(), err1(rules.PROXY_1, whyNoTunnel))

var proxyMightSwitch = withTunnel(mightSwitch(
	pick(GuardEarly, "octets before the 101 are held, not forwarded: refused, they would be HTTP (AMB-24, PROXY-5)", to(MightSwitch)),
	pick(GuardSwitch, whySwitch+"; the client must have asked for the protocol, and the proxy forwards the 101 (PROXY-3, RFC 9110 §15.2) as HTTP/1.1 (RFC 9112 §2.3), without hop-by-hop fields (RFC 9110 §7.6, §7.6.1), obs-fold, NUL or CR (RFC 9112 §5.2, RFC 9110 §5.5), with every unrecognized field, lines in order (RFC 9110 §5.1, §5.3)",
		to(Switched), verdict(), fail(rules.RFC9112_6_1_3), fail(rules.RFC9110_7_8_15), fail(rules.STRICT_5), fail(rules.RFC7540_3_2_1_1), fail(rules.PROXY_3), fail(rules.RFC9110_15_2_4),
		failAlso(rules.RFC9110_7_6_1_3, rules.RFC9110_7_6_1), fail(rules.RFC9110_7_6_1_4), fail(rules.RFC9112_2_3_1), fail(rules.RFC9112_5_2_3), fail(rules.RFC9110_5_5_2), fail(rules.RFC9110_5_1_1), fail(rules.RFC9110_5_3_2)),
	pick(GuardFinal, "a final status refuses the upgrade; forwarded without the server's hop-by-hop fields (RFC 9110 §7.6, §7.6.1), never as a 101 (PROXY-2); the intermediary "+whyForwarded,
		append([]Outcome{to(Refused)}, forwardedFinal()...)...),
	pick(GuardInterim, whyInterim+"; a proxy forwards them (RFC 9110 §15.2)", to(MightSwitch), fail(rules.RFC9110_15_2_4)),
), err1(rules.PROXY_1, whyNoTunnel))

var proxyResponse = withTunnel(response, err1(rules.PROXY_2, "a final response without an upgrade offer: the connection stays HTTP (Switchyard policy)"))

var proxyRefused = withTunnel(refused, err1(rules.PROXY_2, whyRefusedT))

var proxySwitched = withTunnel(switched, go1(Switched, "the 101 answered the offer the proxy forwarded: relay octets both ways (RFC 9110 §7.8)"))

var proxyMustClose = withTunnel(mustCloseRow(pick(GuardMustClose,
	whyNoReuse+"; after a refused upgrade whose request had a body (PROXY-4), or with octets held before a refused 101 (PROXY-5)",
	fail(rules.RFC9112_9_6_1), fail(rules.RFC9112_9_3_1), fail(rules.RFC9112_6_1_3), fail(rules.PROXY_4), fail(rules.PROXY_5))),
	pick(GuardTunnelAfter, "the exchange is over: no tunnel (Switchyard policy)", fail(rules.PROXY_1), fail(rules.PROXY_2)))

var proxyClosed = withTunnel(closed, err1(rules.PROXY_1, whyAfterClose))

var proxyErrorRow = withTunnel(errorRow, afterError)
