package suite

import (
	"strings"

	"github.com/switchyard/switchyard/internal/upgradecases"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/rules"
)

// Protocols lists the upgrade protocols the suite tests a server of
// (fuzzrun suite --protocol).
var Protocols = []string{judge.WebSocket, judge.H2C, judge.TLS}

// noOffer are the requests sent to a server of h2c or TLS that offer it
// nothing: it may answer them with any final status, never a 101.
var noOffer = []struct {
	name    string
	rule    rules.ID
	request string
}{
	{"other-upgrade/websocket", rules.RFC9110_7_8_6, "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"},
	{"other-upgrade/unknown-protocol", rules.RFC9110_7_8_6, "GET $PATH HTTP/1.1\r\nHost: $HOST\r\nUpgrade: foo/2\r\nConnection: Upgrade\r\n\r\n"},
	{"other-upgrade/plain-get", rules.RFC9110_7_8_6, "GET $PATH HTTP/1.1\r\nHost: $HOST\r\n\r\n"},
}

// CasesFor returns the suite for a server of protocol, deterministic:
// Cases for WebSocket (or ""); for h2c and TLS, the hand-written cases of
// the protocol (internal/upgradecases, shared with fuzzrun diff), requests
// that offer it nothing, then the generated cases of properties.Cases that
// offer it (upgradecases.Offers), from the same MutantSeed and rounds as
// Cases. Every case's Protocol is protocol, and its want is the strict
// reference's decision for a server of that protocol. It returns nil for
// a protocol not in Protocols.
func CasesFor(protocol string) []Case {
	switch protocol {
	case "", judge.WebSocket:
		return Cases()
	case judge.H2C, judge.TLS:
	default:
		return nil
	}
	var out []Case
	for _, u := range upgradecases.For(protocol) {
		group, _, _ := strings.Cut(u.Name, "/")
		c := Case{Name: u.Name, Group: group, Rule: u.Rule, Request: []byte(u.Request), Body: []byte(u.Body)}
		deriveFor(&c, protocol)
		out = append(out, c)
	}
	for _, r := range noOffer {
		c := Case{Name: protocol + "/" + r.name, Group: "other-upgrade", Rule: r.rule, Request: []byte(r.request)}
		deriveFor(&c, protocol)
		out = append(out, c)
	}
	n := MutantRounds * (3 + requestMutators())
	for _, m := range properties.Cases(MutantSeed, n) {
		if !upgradecases.Offers(m.Request, protocol) {
			continue
		}
		group, _, _ := strings.Cut(m.Name, "/")
		if m.Rule == "" {
			group = "valid-generated"
		}
		c := Case{Name: "generated/" + m.Name, Group: group, Rule: m.Rule, Request: m.Request, Body: bodyFor(m.Request)}
		deriveFor(&c, protocol)
		out = append(out, c)
	}
	return out
}

// deriveFor sets the case's want for a server of protocol (h2c or TLS)
// from the strict reference's reading of its request: Switch for a valid,
// conforming upgrade to it, Either when the reference may switch but the
// client broke a MUST the recipient may tolerate, NoSwitch otherwise (a
// server of these protocols refuses by answering over HTTP/1.1, with any
// status: RFC 7540 §3.2, RFC 2817 §3.1).
func deriveFor(c *Case, protocol string) {
	c.Protocol = protocol
	c.Level = rules.LevelOf(c.Rule)
	r := parser.ParseRequest(Bind(c.Request, "example.com", "/chat"))
	c.Status = r.RefusalStatus(parser.Strict)
	if x := r.Verdict.First(parser.Strict); x != nil {
		c.Because = x.Rule
	}
	name := protocol
	if protocol == judge.TLS {
		name = "TLS"
	}
	switch {
	case switchable(r, name) && r.Verdict.Conforming():
		c.Want = Switch
	case switchable(r, name):
		c.Want = Either
	default:
		c.Want = NoSwitch
		c.Strict = r.Verdict.Valid(parser.Lenient) && !r.Verdict.Valid(parser.Strict)
	}
	if c.Rule == "" {
		// A generated valid upgrade is about the protocol's completed
		// handshake.
		c.Rule = map[string]rules.ID{judge.H2C: rules.RFC7540_3_2_4, judge.TLS: rules.RFC2817_3_1}[protocol]
		c.Level = rules.LevelOf(c.Rule)
	}
}
