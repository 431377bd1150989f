package judge

import "fmt"

// The frame header of HTTP/2 (RFC 7540 §4.1): a 24-bit length, a type, flags
// and a 31-bit stream identifier.
const (
	frameHeaderLen = 9
	frameSettings  = 0x4 // RFC 7540 §6.5
	flagAck        = 0x1 // SETTINGS with ACK is an acknowledgement, not a preface
)

// prefaceFault returns why the octets a server sent after switching to
// protocol do not begin its HTTP/2 connection preface, or "" when they do
// or cannot tell: RFC 7540 §3.2 ("The first HTTP/2 frame sent by the server
// MUST be a server connection preface (Section 3.5) consisting of a
// SETTINGS frame") and §3.5 (the server connection preface is "a
// potentially empty SETTINGS frame"). It judges only an h2c switch, and only
// the octets that arrived (Observation.After): none arrived, or too few to
// tell the frame type, is no fault.
func prefaceFault(protocol string, after []byte) string {
	if protocol != H2C || len(after) < 4 {
		return ""
	}
	typ := after[3]
	switch {
	case typ != frameSettings:
		return fmt.Sprintf("its first frame after the 101 has type 0x%x, not SETTINGS (0x4)", typ)
	case len(after) >= 5 && after[4]&flagAck != 0:
		return "its first frame after the 101 is a SETTINGS acknowledgement (ACK flag), not its own SETTINGS"
	case len(after) >= frameHeaderLen && after[5]&0x7f|after[6]|after[7]|after[8] != 0:
		return "its first SETTINGS frame after the 101 is not on stream 0"
	}
	return ""
}
