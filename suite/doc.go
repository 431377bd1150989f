// Package suite is Switchyard's deterministic conformance suite for the
// HTTP/1.1 Upgrade mechanism, in the manner of Autobahn|Testsuite but for
// the opening handshake, which Autobahn does not test.
//
// A [Case] is one raw handshake request tied to one catalogue rule, with
// the outcome the strict reference (package parser) requires of a server:
// it must switch, must refuse, must not switch, or may do either ([Want]).
// [Run] sends every case to a server on its own connection with a deadline,
// [JudgeServer] reads the response against the request and gives each case
// one [Outcome]: PASS, FAIL (an RFC MUST is broken, or the server hung or
// reset), NON-STRICT (only a SHOULD or a Switchyard POLICY rule objects) or
// INFORMATIONAL (the case allows several answers; the one given is
// recorded). Reports are a per-case text table, index.json and a
// self-contained HTML page ([WriteReport]).
//
// Subpackages test the other two roles: proxymode drives a proxy with a
// scripted backend behind it, clientmode serves crafted responses to real
// clients. The deliberately broken peers the tests prove the suite detects
// are internal/testpeers' planted peers.
package suite
