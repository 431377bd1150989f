package oracle

import (
	"encoding/base64"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/switchyard/switchyard/parser/rules"
)

// edit is one named change to a WebSocket handshake request: a valid
// variant (its rule is the one that makes it legal) or a mutant that breaks
// exactly one rule.
type edit struct {
	name  string
	rule  rules.ID
	apply func(d *draft, r *rand.Rand)
}

// variants are legal variations of the handshake (RFC 6455 §4.1, RFC 9110
// §5): a server must accept each of them.
var variants = []edit{
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
	{"upgrade-case", rules.RFC6455_4_2_1_4, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "WebSocket") }},
	{"connection-keep-alive", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive, Upgrade") }},
	{"connection-lower", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "upgrade") }},
	{"connection-split-lines", rules.RFC9110_5_2_1, func(d *draft, _ *rand.Rand) {
		d.set("Connection", "keep-alive")
		d.add("Connection", "Upgrade")
	}},
	{"ows", rules.RFC9110_5_5_1, func(d *draft, _ *rand.Rand) {
		for i := range d.fields {
			d.fields[i][1] = " \t" + d.fields[i][1] + " "
		}
	}},
	{"empty-list-elements", rules.RFC9110_5_6_1_2_1, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive, , Upgrade") }},
	{"shuffled", rules.RFC9110_5_3_1, func(d *draft, r *rand.Rand) {
		r.Shuffle(len(d.fields), func(i, j int) { d.fields[i], d.fields[j] = d.fields[j], d.fields[i] })
	}},
	{"subprotocols", rules.RFC6455_4_1_15, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "chat, superchat") }},
	{"subprotocol-other", rules.RFC6455_4_1_15, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "mqtt") }},
	{"subprotocol-split-lines", rules.RFC9110_5_2_1, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Protocol", "superchat")
		d.add("Sec-WebSocket-Protocol", "chat")
	}},
	{"deflate", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
	}},
	{"deflate-server-window", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10")
	}},
	{"deflate-no-takeover", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
	}},
	{"deflate-two-offers", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) {
		d.set("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=10, permessage-deflate")
	}},
	{"unknown-extension", rules.RFC6455_4_1_16, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Extensions", "x-foo; bar=\"baz\"") }},
	{"origin", rules.RFC6455_4_1_13, func(d *draft, _ *rand.Rand) { d.set("Origin", "http://example.com") }},
	{"extra-fields", rules.RFC6455_4_1_17, func(d *draft, _ *rand.Rand) {
		d.add("User-Agent", "switchyard")
		d.add("Cookie", "a=b")
	}},
	{"absolute-form", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "GET http://example.com/chat HTTP/1.1" }},
	{"query", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "GET /chat?room=1 HTTP/1.1" }},
	{"upgrade-two-protocols", rules.RFC9110_7_8_1, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "foo/2, websocket") }},
}

// mutants each break one rule of the catalogue; a server must refuse each.
var mutants = []edit{
	{"bad-key-short", rules.RFC6455_4_2_1_6, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Key", "AAAA") }},
	{"bad-key-unpadded", rules.RFC6455_4_2_1_6, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ") }},
	{"bad-key-20-octets", rules.RFC6455_4_2_1_6, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=") }},
	{"bad-key-not-base64", rules.RFC6455_4_2_1_6, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Key", "!!!!!!!!!!!!!!!!!!!!!!==") }},
	{"key-nonzero-pad-bits", rules.STRICT_G1, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZR==") }},
	{"no-key", rules.RFC6455_4_2_1_6, func(d *draft, _ *rand.Rand) { d.del("Sec-WebSocket-Key") }},
	{"two-keys", rules.AMB_4, func(d *draft, _ *rand.Rand) { d.add("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA==") }},
	{"version-8", rules.RFC6455_4_2_1_7, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Version", "8") }},
	{"version-list", rules.RFC6455_4_3_G9, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Version", "13, 8") }},
	{"version-013", rules.RFC6455_4_3_G10, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Version", "013") }},
	{"no-version", rules.RFC6455_4_2_1_7, func(d *draft, _ *rand.Rand) { d.del("Sec-WebSocket-Version") }},
	{"method-post", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "POST /chat HTTP/1.1" }},
	{"method-lower-get", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "get /chat HTTP/1.1" }},
	{"http-1.0", rules.RFC6455_4_2_1_2, func(d *draft, _ *rand.Rand) { d.line = "GET /chat HTTP/1.0" }},
	{"no-connection-upgrade", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive") }},
	{"connection-upgraded", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.set("Connection", "Upgraded") }},
	{"no-connection", rules.RFC6455_4_2_1_5, func(d *draft, _ *rand.Rand) { d.del("Connection") }},
	{"upgrade-websockets", rules.RFC6455_4_2_1_4, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "websockets") }},
	{"upgrade-versioned", rules.AMB_3, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "websocket/13") }},
	{"upgrade-h2", rules.RFC7540_3_2_3, func(d *draft, _ *rand.Rand) { d.set("Upgrade", "h2") }},
	{"no-upgrade", rules.RFC6455_4_2_1_4, func(d *draft, _ *rand.Rand) { d.del("Upgrade") }},
	{"no-host", rules.RFC9112_3_2_3, func(d *draft, _ *rand.Rand) { d.del("Host") }},
	{"two-hosts", rules.RFC9112_3_2_3, func(d *draft, _ *rand.Rand) { d.add("Host", "other.example") }},
	{"bad-host", rules.RFC9112_3_2_3, func(d *draft, _ *rand.Rand) { d.set("Host", "exa mple.com") }},
	{"subprotocol-duplicate", rules.RFC6455_4_1_15, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "chat, chat") }},
	{"subprotocol-not-token", rules.RFC6455_4_3_G7, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Protocol", "chat room") }},
	{"extensions-syntax", rules.RFC6455_9_1_G1, func(d *draft, _ *rand.Rand) { d.set("Sec-WebSocket-Extensions", "permessage-deflate;;") }},
	{"body", rules.AMB_23, func(d *draft, _ *rand.Rand) {
		d.set("Content-Length", "5")
		d.body = "hello"
	}},
	{"chunked", rules.AMB_23, func(d *draft, _ *rand.Rand) {
		d.set("Transfer-Encoding", "chunked")
		d.body = "0\r\n\r\n"
	}},
	{"cl-and-te", rules.STRICT_6, func(d *draft, _ *rand.Rand) {
		d.set("Content-Length", "5")
		d.set("Transfer-Encoding", "chunked")
		d.body = "0\r\n\r\n"
	}},
	{"expect-continue", rules.AMB_35, func(d *draft, _ *rand.Rand) { d.set("Expect", "100-continue") }},
	{"bare-lf", rules.STRICT_2, func(d *draft, _ *rand.Rand) { d.eol = "\n" }},
	{"obs-fold", rules.RFC9112_5_2_1, func(d *draft, _ *rand.Rand) { d.set("Connection", "keep-alive,\r\n Upgrade") }},
	{"space-before-colon", rules.RFC9112_5_1_1, func(d *draft, _ *rand.Rand) {
		i := d.field("Upgrade")
		d.fields[i][0] = "Upgrade "
	}},
	{"ctl-in-value", rules.STRICT_3, func(d *draft, _ *rand.Rand) { d.set("Origin", "http://exa\x01mple.com") }},
	{"ws-scheme-target", rules.AMB_27, func(d *draft, _ *rand.Rand) { d.line = "GET ws://example.com/chat HTTP/1.1" }},
	{"bad-field-name", rules.RFC9110_5_1_G1, func(d *draft, _ *rand.Rand) { d.add("Bad[Name]", "x") }},
	{"two-spaces-request-line", rules.STRICT_2, func(d *draft, _ *rand.Rand) { d.line = "GET  /chat HTTP/1.1" }},
}

// baseRequest is the plain WebSocket handshake of RFC 6455 §1.3 with a
// fresh key.
func baseRequest(r *rand.Rand) *draft {
	var nonce [16]byte
	for i := range nonce {
		nonce[i] = byte(r.Uint32())
	}
	return &draft{line: "GET /chat HTTP/1.1", fields: [][2]string{
		{"Host", "example.com"},
		{"Upgrade", "websocket"},
		{"Connection", "Upgrade"},
		{"Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(nonce[:])},
		{"Sec-WebSocket-Version", "13"},
	}}
}

// h2cCases are the h2c upgrade (RFC 7540 §3.2) and its mutants.
func h2cCases() []Case {
	const settings = "AAMAAABkAAQCAAAAAAIAAAAA"
	mk := func(name string, rule rules.ID, lines ...string) Case {
		msg := strings.Join(lines, "\r\n") + "\r\n\r\n"
		return Case{Name: "h2c/" + name, Side: ServerSide, Message: []byte(msg), Rule: rule, Level: rules.LevelOf(rule)}
	}
	return []Case{
		mk("valid", "", "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+settings),
		mk("no-settings", rules.RFC7540_3_2_1_1, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade", "Upgrade: h2c"),
		mk("settings-not-in-connection", rules.RFC7540_3_2_1_3, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade", "Upgrade: h2c", "HTTP2-Settings: "+settings),
		mk("two-settings", rules.RFC7540_3_2_1_1, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+settings, "HTTP2-Settings: "+settings),
		mk("settings-not-base64url", rules.RFC7540_3_2_1_4, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMA+AB/"),
		mk("settings-odd-length", rules.RFC7540_6_5_1, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMAAA"),
		mk("http-1.0", rules.RFC9110_7_8_13, "GET / HTTP/1.0", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+settings),
		mk("upgrade-h2", rules.RFC7540_3_2_3, "GET / HTTP/1.1", "Host: example.com", "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2", "HTTP2-Settings: "+settings),
		mk("no-connection-upgrade", rules.RFC9110_7_8_12, "GET / HTTP/1.1", "Host: example.com", "Connection: HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: "+settings),
	}
}

// CorpusCases reads the captured handshakes in dir (corpus/requests/*.http):
// real requests from real clients and proxies. A missing directory yields
// none.
func CorpusCases(dir string) []Case {
	files, _ := filepath.Glob(filepath.Join(dir, "*.http"))
	sort.Strings(files)
	var out []Case
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || len(b) == 0 {
			continue
		}
		out = append(out, Case{Name: "corpus/" + strings.TrimSuffix(filepath.Base(f), ".http"), Side: ServerSide, Message: b})
	}
	return out
}

// ServerCases returns n server cases, deterministic from seed: every
// variant and every mutant on its own, the h2c cases and the corpus first,
// then random combinations of variants, half of them with one mutant.
func ServerCases(seed int64, n int, corpus []Case) []Case {
	r := rand.New(rand.NewPCG(uint64(seed), 0x5317c4))
	out := make([]Case, 0, n)
	one := func(kind string, e edit) Case {
		d := baseRequest(r)
		e.apply(d, r)
		return Case{Name: kind + "/" + e.name, Side: ServerSide, Message: d.Bytes(), Rule: e.rule, Level: rules.LevelOf(e.rule)}
	}
	out = append(out, Case{Name: "valid/plain", Side: ServerSide, Message: baseRequest(r).Bytes()})
	for _, e := range variants {
		out = append(out, one("valid", e))
	}
	for _, e := range mutants {
		out = append(out, one("mutant", e))
	}
	out = append(out, h2cCases()...)
	out = append(out, corpus...)
	for len(out) < n {
		d := baseRequest(r)
		var names []string
		var rule rules.ID
		for k := r.IntN(3) + 1; k > 0; k-- {
			e := variants[r.IntN(len(variants))]
			e.apply(d, r)
			names = append(names, e.name)
			rule = e.rule
		}
		kind := "valid"
		if len(names) > 1 {
			rule = ""
		}
		if r.IntN(2) == 0 {
			e := mutants[r.IntN(len(mutants))]
			e.apply(d, r)
			kind, rule = "mutant/"+e.name, e.rule
		}
		out = append(out, Case{Name: kind + "+" + strings.Join(names, "+"), Side: ServerSide, Message: d.Bytes(), Rule: rule, Level: rules.LevelOf(rule)})
	}
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
