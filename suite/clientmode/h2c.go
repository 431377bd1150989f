package clientmode

import (
	"io"
	"net"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
)

// H2CClient reports whether a client kind of scripts/peers/client.sh is an
// h2c client (RFC 7540 §3.2: an HTTP/1.1 request with Upgrade: h2c), run
// on H2CCases: curl --http2 and nghttp -u.
func H2CClient(kind string) bool { return kind == "curl-h2c" || kind == "nghttp" }

// h2cServerFrames are the HTTP/2 frames the harness sends right after an
// h2c 101 (RFC 7540 §3.2: "the server MUST send a connection preface
// (Section 3.5), which MUST include a SETTINGS frame"; the response to the
// upgraded request is on stream 1):
//   - SETTINGS with no setting, the server connection preface (RFC 7540
//     §3.5, §6.5): length 0, type 0x4, flags 0, stream 0;
//   - HEADERS on stream 1 with END_STREAM and END_HEADERS (flags 0x5),
//     one octet of header block: 0x88, the HPACK static table's index 8,
//     ":status: 200" (RFC 7541 Appendix A), so a 200 with no body.
const h2cServerFrames = "\x00\x00\x00\x04\x00\x00\x00\x00\x00" +
	"\x00\x00\x01\x01\x05\x00\x00\x00\x01\x88"

// The lines of the crafted h2c answers.
const (
	upgradeH2C = "Upgrade: h2c"
	// MaxH2CDrain caps the octets read from an h2c client after the
	// harness's frames (its preface, SETTINGS, acknowledgements).
	MaxH2CDrain = 1 << 20
)

// h2cHead is head followed by h2cServerFrames: a 101 switches to HTTP/2,
// whose first octets are the server's preface and the response.
func h2cHead(lines ...string) string { return head(lines...) + h2cServerFrames }

// H2CCases returns the cases for h2c clients, in a fixed order: the
// client sent an h2c upgrade (curl --http2, nghttp -u), and the harness
// answers with a valid 101 followed by HTTP/2 frames, a 101 with one
// defect followed by the same frames, or an HTTP/1.1 200 (the upgrade
// declined). The client opened when it read the response over HTTP/2.
func H2CCases() []Case {
	h2c := func(name string, rule rules.ID, resp string) Case {
		return Case{Name: "h2c/" + name, Rule: rule, Protocol: judge.H2C, Response: resp}
	}
	return []Case{
		h2c("valid", rules.RFC7540_3_2_4, h2cHead(status101, connUpg, upgradeH2C)),
		h2c("valid-case-insensitive", rules.RFC9110_7_8_3, h2cHead(status101, "connection: upgrade", "upgrade: H2C")),
		h2c("declined-200", rules.RFC9110_7_8_2, head("HTTP/1.1 200 OK", "Content-Length: 2", "Connection: close")+"ok"),
		h2c("missing-upgrade", rules.RFC9110_15_2_2_1, h2cHead(status101, connUpg)),
		h2c("missing-connection", rules.RFC9110_7_8_12, h2cHead(status101, upgradeH2C)),
		h2c("upgrade-h2", rules.RFC7540_3_2_3, h2cHead(status101, connUpg, "Upgrade: h2")),
		h2c("upgrade-websocket", rules.RFC9110_7_8_6, h2cHead(status101, connUpg, "Upgrade: websocket")),
		h2c("http2-settings-in-101", rules.RFC7540_3_2_1_2, h2cHead(status101, connUpg, upgradeH2C, "HTTP2-Settings: AAMAAABkAARAAP__")),
		h2c("content-length", rules.AMB_20, h2cHead(status101, connUpg, upgradeH2C, "Content-Length: 0")),
		h2c("http-1.0-101", rules.AMB_21, h2cHead("HTTP/1.0 101 Switching Protocols", connUpg, upgradeH2C)),
	}
}

// h2cClose ends an h2c connection after the harness's frames: it reads
// what the client sends (its connection preface, SETTINGS and
// acknowledgements; at most MaxH2CDrain octets) until the client closes
// or CloseWait passes, then closes. A client that has its response on
// stream 1 closes first.
func h2cClose(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(CloseWait))
	io.Copy(io.Discard, io.LimitReader(c, MaxH2CDrain))
	c.Close()
}
