package oracle

import (
	mathrand "math/rand"
	"math/rand/v2"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/properties"
	"github.com/switchyard/switchyard/rules"
)

// clientCase builds a crafted response; lines are joined with CRLF and the
// head is closed with an empty line.
func clientCase(name string, rule rules.ID, lines ...string) Case {
	return Case{Name: "response/" + name, Side: ClientSide, Message: []byte(strings.Join(lines, "\r\n") + "\r\n\r\n"),
		Rule: rule, Level: rules.LevelOf(rule)}
}

const (
	status101 = "HTTP/1.1 101 Switching Protocols"
	upgradeWS = "Upgrade: websocket"
	connUpg   = "Connection: Upgrade"
	accept    = "Sec-WebSocket-Accept: " + PlaceholderAccept
)

// ClientCases returns the crafted responses every client under test is
// handed, each labelled with the rule it is built around: valid server
// handshakes in their legal variety, which a client must accept, and 101s
// that break one rule, which it must Fail (RFC 6455 §4.1); then
// combinations of the legal variations, and last each response target of
// properties.Targets applied to a plain 101 (responseTargets), all
// deterministic from seed.
func ClientCases(seed int64) []Case {
	out := append(craftedResponses(), responseVariants(seed, 24)...)
	return append(out, responseTargets(seed)...)
}

// ReferenceRequest is the request client cases are judged against when
// no client is at hand (responseTargets, Reach): the RFC 6455 §1.2
// handshake offering the subprotocols the clients under test offer (chat,
// superchat) and permessage-deflate with client_max_window_bits.
const ReferenceRequest = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat, superchat\r\n" +
	"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"

// judgeTemplate returns the first fault for which the reference client
// Fails on the response template, rendered for ReferenceRequest; nil when
// it opens.
func judgeTemplate(template []byte) *parser.Violation {
	var p, q parser.Parser
	req := p.ParseRequest([]byte(ReferenceRequest))
	return q.ParseResponse(Render(template, req), req).Verdict.First(parser.Strict)
}

// responseTargets applies each response target of properties.Targets to
// a plain 101 (Upgrade, Connection, Sec-WebSocket-Accept, and the varied
// field: the subprotocol the client offered first, permessage-deflate,
// or Sec-WebSocket-Version: 13). A case the reference client opens on is
// labelled with the target's rule and named "response/vary/<field>/<kind>";
// one it Fails on is labelled with the rule it cites and named
// "response/<rule>/vary-<field>-<kind>".
func responseTargets(seed int64) []Case {
	r := mathrand.New(mathrand.NewSource(seed ^ 0x101a26))
	var out []Case
	for _, t := range properties.Targets() {
		if !t.Response {
			continue
		}
		f := func(name, value string) properties.Field {
			return properties.Field{Name: name, Lead: " ", Value: value}
		}
		m := properties.Message{Start: status101, Fields: []properties.Field{
			f("Upgrade", "websocket"), f("Connection", "Upgrade"), f("Sec-WebSocket-Accept", PlaceholderAccept)}}
		switch t.Field {
		case "Sec-WebSocket-Protocol":
			m.Fields = append(m.Fields, f(t.Field, "chat"))
		case "Sec-WebSocket-Extensions":
			m.Fields = append(m.Fields, f(t.Field, "permessage-deflate"))
		case "Sec-WebSocket-Version":
			m.Fields = append(m.Fields, f(t.Field, "13"))
		}
		if !t.Vary(r, &m) {
			continue
		}
		// The 101 echoes the subprotocol the client offered first.
		for i := range m.Fields {
			if strings.EqualFold(m.Fields[i].Name, "Sec-WebSocket-Protocol") {
				els := strings.Split(m.Fields[i].Value, ",")
				for k, el := range els {
					if strings.Trim(el, " \t") == "chat" {
						els[k] = strings.Replace(el, "chat", PlaceholderProto, 1)
					}
				}
				m.Fields[i].Value = strings.Join(els, ",")
			}
		}
		msg := m.Print()
		slug := strings.ToLower(t.Field) + "/" + t.Kind
		c := Case{Name: "response/vary/" + slug, Side: ClientSide, Message: msg, Rule: t.Rule}
		if x := judgeTemplate(msg); x != nil {
			c.Name, c.Rule = "response/"+string(x.Rule)+"/vary-"+strings.ReplaceAll(slug, "/", "-"), x.Rule
		}
		c.Level = rules.LevelOf(c.Rule)
		out = append(out, c)
	}
	return out
}

// responseEdits are legal variations of a server's 101 (RFC 6455 §4.2.2,
// RFC 9110 §5): a client must accept each of them.
var responseEdits = []edit{
	{"lower-names", rules.RFC6455_4_1_26, func(d *draft, _ *rand.Rand) {
		for i := range d.fields {
			d.fields[i][0] = strings.ToLower(d.fields[i][0])
		}
	}},
	{"upper-names", rules.RFC6455_4_1_26, func(d *draft, _ *rand.Rand) {
		for i := range d.fields {
			d.fields[i][0] = strings.ToUpper(d.fields[i][0])
		}
	}},
	{"ows", rules.RFC9110_5_5_1, addOWS},
	{"shuffled", rules.RFC9110_5_3_1, shuffleFields},
	{"upgrade-upper", rules.RFC6455_4_1_20, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "WEBSOCKET") }},
	{"connection-lower", rules.RFC6455_4_1_21, func(d *draft, _ *rand.Rand) { d.set("Connection", "upgrade") }},
	{"connection-split-lines", rules.RFC9110_5_2_1, func(d *draft, _ *rand.Rand) {
		d.set("Connection", "keep-alive")
		d.add("Connection", "Upgrade")
	}},
	{"extra-fields", rules.RFC9110_5_1_2, func(d *draft, _ *rand.Rand) {
		d.add("Date", "Sat, 21 Nov 2026 10:00:00 GMT")
		d.add("Server", "switchyard")
		d.add("X-Unknown", "1")
	}},
	{"empty-reason", rules.RFC9112_4_G1, func(d *draft, _ *rand.Rand) { d.line = "HTTP/1.1 101 " }},
	{"subprotocol", rules.RFC6455_4_2_2_6, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", PlaceholderProto) }},
}

// responseVariants returns n valid 101s, each with one to three legal
// variations applied.
func responseVariants(seed int64, n int) []Case {
	r := rand.New(rand.NewPCG(uint64(seed), 0x101))
	out := make([]Case, 0, n)
	for i := 0; i < n; i++ {
		d := &draft{line: status101, fields: [][2]string{{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Accept", PlaceholderAccept}}}
		var names []string
		var rule rules.ID
		for k := r.IntN(3) + 1; k > 0; k-- {
			e := responseEdits[r.IntN(len(responseEdits))]
			e.apply(d, r)
			names = append(names, e.name)
			rule = e.rule
		}
		if len(names) > 1 {
			rule = ""
		}
		out = append(out, Case{Name: "response/valid+" + strings.Join(names, "+"), Side: ClientSide, Message: d.Bytes(), Rule: rule, Level: rules.LevelOf(rule)})
	}
	return out
}

// craftedResponses are the fixed client cases.
func craftedResponses() []Case {
	return []Case{
		clientCase("valid", "", status101, upgradeWS, connUpg, accept),
		clientCase("valid-case-insensitive", rules.RFC6455_4_1_26, status101, "upgrade: WebSocket", "connection: upgrade", "sec-websocket-accept: "+PlaceholderAccept),
		clientCase("valid-connection-list", rules.RFC6455_4_1_21, status101, upgradeWS, "Connection: keep-alive, Upgrade", accept),
		clientCase("valid-subprotocol", rules.RFC6455_4_2_2_6, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: "+PlaceholderProto),
		clientCase("valid-deflate", rules.RFC6455_4_2_2_7, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate"),
		clientCase("valid-other-reason", rules.RFC9112_4_G1, "HTTP/1.1 101 OK", upgradeWS, connUpg, accept),
		clientCase("wrong-accept", rules.RFC6455_4_1_22, status101, upgradeWS, connUpg, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
		clientCase("no-accept", rules.RFC6455_4_1_22, status101, upgradeWS, connUpg),
		clientCase("accept-lower-case", rules.RFC6455_4_1_22, status101, upgradeWS, connUpg, "Sec-WebSocket-Accept: "+PlaceholderAccept+"x"),
		clientCase("missing-upgrade", rules.RFC9110_15_2_2_1, status101, connUpg, accept),
		clientCase("upgrade-websockets", rules.RFC6455_4_1_20, status101, "Upgrade: websockets", connUpg, accept),
		clientCase("upgrade-websocket-h2c", rules.RFC6455_4_1_20, status101, "Upgrade: websocket, h2c", connUpg, accept),
		clientCase("missing-connection", rules.RFC6455_4_1_21, status101, upgradeWS, accept),
		clientCase("connection-close", rules.RFC6455_4_1_21, status101, upgradeWS, "Connection: close", accept),
		clientCase("content-length", rules.AMB_20, status101, upgradeWS, connUpg, accept, "Content-Length: 0"),
		clientCase("transfer-encoding", rules.AMB_20, status101, upgradeWS, connUpg, accept, "Transfer-Encoding: chunked"),
		clientCase("two-accepts", rules.RFC6455_4_1_25, status101, upgradeWS, connUpg, accept, accept),
		clientCase("unsolicited-subprotocol", rules.RFC6455_4_1_24, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: mqtt"),
		clientCase("subprotocol-list", rules.RFC6455_4_3_G8, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Protocol: chat, superchat"),
		clientCase("extension-not-offered", rules.RFC6455_4_1_23, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: x-foo"),
		clientCase("client-max-window-bits-not-offered", rules.RFC7692_7_1_2_2_3, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10"),
		clientCase("deflate-bad-window", rules.RFC7692_7_3, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=7"),
		clientCase("deflate-unknown-param", rules.RFC7692_7_3, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate; foo"),
		clientCase("deflate-twice", rules.RFC7692_5_4, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate"),
		clientCase("extensions-syntax", rules.RFC6455_9_1_1, status101, upgradeWS, connUpg, accept, "Sec-WebSocket-Extensions: permessage-deflate;;"),
		clientCase("200-ok", rules.RFC6455_4_1_19, "HTTP/1.1 200 OK", upgradeWS, connUpg, accept, "Content-Length: 0"),
		clientCase("http-1.0-101", rules.AMB_21, "HTTP/1.0 101 Switching Protocols", upgradeWS, connUpg, accept),
		clientCase("status-1010", rules.RFC9112_4_G1, "HTTP/1.1 1010 Switching Protocols", upgradeWS, connUpg, accept),
		clientCase("bare-lf", rules.STRICT_2, status101+"\n"+upgradeWS+"\n"+connUpg+"\n"+accept),
		clientCase("obs-fold", rules.RFC9112_5_2_1, status101, upgradeWS, "Connection:", " Upgrade", accept),
		clientCase("http2-settings", rules.RFC7540_3_2_1_2, status101, upgradeWS, connUpg, accept, "HTTP2-Settings: AAMAAABk"),
	}
}
