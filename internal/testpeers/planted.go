package testpeers

import "fmt"

// Defect is the one deliberate, documented defect a planted peer has
// (Strict: none). The planted peers are built on package parser so that a
// test can prove the oracle or the suite detects each defect and cites
// the right rule: servers ([Respond], [ServePlanted], [NewServer]), a
// reverse proxy ([NewProxy]) and clients ([Handshake], [Dial]). Each
// defect below says which of them it applies to; the others ignore it.
type Defect uint8

const (
	// Strict has no defect: a server switches exactly when the strict
	// reference says so and refuses with the reference's status; the proxy
	// removes hop-by-hop fields (RFC 9110 §7.6.1) and tunnels only after a
	// valid 101 answering the client's own offer (PROXY-1..3), answers an
	// invalid 101 with 502 and closes after a refused upgrade with octets
	// behind it (PROXY-5); a client opens only on a 101 the strict
	// reference accepts for the request it sent.
	Strict Defect = iota

	// AcceptBadKey (server) switches on a WebSocket request whose only
	// faults are in Sec-WebSocket-Key, answering for the key it got (RFC
	// 6455 §4.2.1 requires a refusal).
	AcceptBadKey
	// WrongAccept (server) forgets the GUID in Sec-WebSocket-Accept (RFC
	// 6455 §4.2.2 step 5.4).
	WrongAccept
	// NoUpgrade (server) leaves Upgrade out of its 101.
	NoUpgrade
	// NoConnection (server) leaves Connection out of its 101.
	NoConnection
	// ContentLength101 (server) sends Content-Length in its 101.
	ContentLength101
	// UnofferedSubprotocol (server) selects a subprotocol not offered.
	UnofferedSubprotocol
	// UnofferedExtension (server) accepts an extension not offered.
	UnofferedExtension
	// HTTP10 (server) takes an HTTP/1.0 handshake for HTTP/1.1.
	HTTP10
	// SwitchToH2 (server) switches to "h2", which is never upgraded to
	// over cleartext (RFC 7540 §3.2).
	SwitchToH2
	// RefusalWithoutVersion (server) answers a 426 without
	// Sec-WebSocket-Version.
	RefusalWithoutVersion
	// NoAnswer (server) sends nothing to a request it refuses.
	NoAnswer
	// RefuseValid (server) refuses every handshake.
	RefuseValid
	// Lenient (server) accepts what only Switchyard's policy refuses, and
	// sends a 100 before the 101 a request expecting it gets.
	Lenient
	// Panic (server and client, in process only) panics on a request
	// offering a subprotocol (server) or a 101 with Transfer-Encoding
	// (client).
	Panic
	// Hang (server and client) never answers a request offering a
	// subprotocol (server) or sleeps past every timeout on a 101 with
	// Content-Length (client).
	Hang

	// TunnelAfterRefusal (proxy) tunnels after whatever answers an upgrade
	// request: a 426, a 200, a 4xx (breaks PROXY-2).
	TunnelAfterRefusal
	// TunnelOnUnsolicited101 (proxy) trusts any 101 that names a protocol,
	// even one answering a request that offered no upgrade (breaks
	// PROXY-3).
	TunnelOnUnsolicited101

	// IgnoreAccept (client) opens whatever Sec-WebSocket-Accept the server
	// sends, or none (RFC 6455 §4.1 requires it to Fail).
	IgnoreAccept
	// IgnoreSubprotocol (client) opens whatever subprotocol the 101 names.
	IgnoreSubprotocol
	// IgnoreExtensions (client) opens whatever extensions the 101 names.
	IgnoreExtensions
	// BadRequest (client) sends Sec-WebSocket-Version 8.
	BadRequest
	// RejectValid (client) fails every handshake.
	RejectValid
)

var defectNames = [...]string{
	Strict: "", AcceptBadKey: "bad-key", WrongAccept: "wrong-accept", NoUpgrade: "no-upgrade",
	NoConnection: "no-connection", ContentLength101: "content-length", UnofferedSubprotocol: "unoffered-subprotocol",
	UnofferedExtension: "unoffered-extension", HTTP10: "http10", SwitchToH2: "h2", RefusalWithoutVersion: "426-without-version",
	NoAnswer: "no-answer", RefuseValid: "refuse-valid", Lenient: "lenient", Panic: "panic", Hang: "hang",
	TunnelAfterRefusal: "tunnel-after-refusal", TunnelOnUnsolicited101: "tunnel-on-unsolicited-101",
	IgnoreAccept: "ignore-accept", IgnoreSubprotocol: "ignore-subprotocol", IgnoreExtensions: "ignore-extensions",
	BadRequest: "bad-request", RejectValid: "reject-valid",
}

// String names the defect as test and target names show it, e.g.
// "bad-key"; Strict is "".
func (d Defect) String() string {
	if int(d) < len(defectNames) {
		return defectNames[d]
	}
	return fmt.Sprintf("defect(%d)", d)
}

// maxPlantedHead caps the heads the planted peers read.
const maxPlantedHead = 64 << 10
