// Package parser is Switchyard's strict, sans-IO reference parser for the
// HTTP/1.1 protocol-upgrade mechanism: request and response heads (RFC 9112)
// and every field the upgrade uses — Connection, Upgrade, Host,
// Content-Length, Transfer-Encoding, Expect, the WebSocket handshake fields
// (RFC 6455, RFC 7692 permessage-deflate), HTTP2-Settings (RFC 7540 §3.2.1)
// and the TLS/1.0 upgrade (RFC 2817).
//
// It reads bytes and returns a verdict; it does no I/O, starts no
// goroutines, keeps no global state and imports only the standard library.
//
// Every problem is a [Violation] citing a rule of the catalogue (package
// rules) with its level: MUST (the RFC forbids it), SHOULD, or POLICY
// (Switchyard's strict decision beyond the RFC text). A [Verdict] separates
// what the sender of the message violated from what its recipient must do:
// a message can be non-conforming (its sender broke a MUST) yet acceptable
// (its recipient is required to tolerate the fault, e.g. empty list
// elements), and a recipient may repair some faults (obs-fold, bare CR, NUL
// replaced by SP) — the repaired field is then validated again. A third
// role, [NoSwitch], marks a rule that forbids the recipient only to switch
// protocols (RFC 7540 §3.2.1, RFC 9110 §7.8 for HTTP/1.0): the request is
// still served as HTTP/1.1 ([Verdict.NoSwitchTo]). A fault is
// cited under every rule it breaks: the rule of the field it sits in, the
// grammar building blocks under it (token, OWS, the #list forms), and a
// requirement stated again elsewhere (RFC 6455 §4.1 "a valid HTTP request"
// beside an RFC 9110/9112 fault in a handshake; §4.2.1 "stop and answer
// with an error" beside each fault a server must refuse it for).
//
// A [Parser] holds reusable buffers: parsing with the same Parser again
// allocates nothing on valid input. The returned messages alias the input
// and the Parser's buffers and are valid until the next call.
package parser
