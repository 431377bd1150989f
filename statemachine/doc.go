// Package statemachine is Switchyard's sans-IO connection state machine for
// the HTTP/1.1 protocol-upgrade mechanism (RFC 9110 §7.8, §15.2.2), seen by
// a client, a server, or an intermediary that sees both sides.
//
// The transitions are data, in the manner of python-hyper h11: [Table]
// maps (role, state, event) to the outcomes the event can have, and every
// pair has an entry — a transition, or an error citing a rule of the
// catalogue (package rules). Where one pair has several outcomes, a named
// guard picks one of those listed, so that the diagrams printed from the
// table (`fuzzrun states`, docs/states.md) show every possible move.
//
// A [Machine] takes [Event]s in the order its role observes them and
// returns the new [State], or a [*parser.Violation] citing the rule broken;
// the machine is then in [Error] and stays there (STRICT-9). Events carry
// raw octets: head events carry the message head, which the machine parses
// with package parser and keeps (a copy), so that the 101 is checked
// against the request it answers. An intermediary's head events also carry
// the head as the intermediary forwarded it.
//
// The machine follows one exchange at a time, as h11 does. Octets the
// client sends after its request is complete and before the response
// decides the exchange are held (HTTP/1.1 pipelining, RFC 9112 §9.3.2) —
// except behind an upgrade request, where their meaning depends on the 101
// and the machine flags them (AMB-24, RFC 6455 §4.1).
//
// The package does no I/O, starts no goroutines, reads no clock and keeps
// no global state; it imports the standard library and this module's
// parser packages only.
package statemachine
