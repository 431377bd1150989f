package statemachine

import (
	"bytes"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// After an h2c 101 both sides start HTTP/2 at once (RFC 7540 §3.2): the
// client with the connection preface and a SETTINGS frame, the server with
// a SETTINGS frame. These guards check the first octets of each side,
// however they are split across events.

// h2cPreface is the client connection preface (RFC 7540 §3.5); a SETTINGS
// frame (type 0x4) must follow it.
const h2cPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// frameHeaderLen is the length of an HTTP/2 frame header (RFC 7540 §4.1).
const frameHeaderLen = 9

const settingsFrame = 0x4

// guardClientFrames checks, after an h2c 101, that the client's first
// octets are the preface and a SETTINGS frame (RFC 7540 §3.2, §3.5). The
// octets may arrive in pieces; the check runs as far as they reach.
func (m *Machine) guardClientFrames(ev Event) (Outcome, *parser.Violation) {
	if !m.wsFirstSeen && len(ev.Data) > 0 {
		return m.guardFirstWebSocketFrame(ev)
	}
	const want = len(h2cPreface) + frameHeaderLen
	if !m.h2c || len(m.cliPre) >= want {
		return m.stay(), nil
	}
	n := min(want-len(m.cliPre), len(ev.Data))
	m.cliPre = append(m.cliPre, ev.Data[:n]...)
	got := m.cliPre
	p := min(len(got), len(h2cPreface))
	if !bytes.Equal(got[:p], []byte(h2cPreface[:p])) {
		return cite(rules.RFC7540_3_2_6, "ClientBytes", "the client's first octets after the h2c 101 are not the connection preface")
	}
	if len(got) > len(h2cPreface)+3 && got[len(h2cPreface)+3] != settingsFrame {
		return cite(rules.RFC7540_3_2_6, "ClientBytes", "the client's connection preface is not followed by a SETTINGS frame")
	}
	return m.stay(), nil
}

// guardServerFrames checks, after an h2c 101, that the server's first
// frame is a SETTINGS frame without ACK (RFC 7540 §3.2, §3.5).
func (m *Machine) guardServerFrames(ev Event) (Outcome, *parser.Violation) {
	if m.tls {
		return m.guardTLSServer(ev)
	}
	if !m.h2c || len(m.srvPre) >= frameHeaderLen {
		return m.stay(), nil
	}
	n := min(frameHeaderLen-len(m.srvPre), len(ev.Data))
	m.srvPre = append(m.srvPre, ev.Data[:n]...)
	got := m.srvPre
	if len(got) > 3 && got[3] != settingsFrame {
		return cite(rules.RFC7540_3_2_5, "ServerBytes", "the server's first frame after the h2c 101 is not SETTINGS")
	}
	if len(got) > 4 && got[4]&0x1 != 0 {
		return cite(rules.RFC7540_3_2_5, "ServerBytes", "the server's first SETTINGS frame is an ACK, not its preface")
	}
	return m.stay(), nil
}

// rsv1 is the RSV1 bit of a WebSocket frame's first octet (RFC 6455 §5.2),
// which permessage-deflate uses to mark a compressed message (RFC 7692 §6).
const rsv1 = 0x40

// guardFirstWebSocketFrame checks, after a WebSocket 101, the header of the
// client's first frame: RSV1 set means permessage-deflate, which the client
// must not use when it offered it and the server did not select it (RFC
// 6455 §9.1). Only the first frame is read; framing is out of scope.
func (m *Machine) guardFirstWebSocketFrame(ev Event) (Outcome, *parser.Violation) {
	m.wsFirstSeen = true
	if m.wsDeflateOffered && !m.wsDeflate && ev.Data[0]&rsv1 != 0 {
		return cite(rules.RFC6455_9_1_5, "ClientBytes", "the client's first frame has RSV1 set: permessage-deflate, which the server did not select")
	}
	return m.stay(), nil
}
