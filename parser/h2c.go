package parser

import (
	"github.com/switchyard/switchyard/rules"
)

// Setting is one HTTP/2 SETTINGS parameter (RFC 7540 §6.5.1).
type Setting struct {
	ID    uint16
	Value uint32
}

// SETTINGS identifiers whose values RFC 7540 §6.5.2 and RFC 8441 §3
// constrain.
const (
	SettingEnablePush            = 0x2
	SettingInitialWindowSize     = 0x4
	SettingMaxFrameSize          = 0x5
	SettingEnableConnectProtocol = 0x8 // RFC 8441 §3
)

// b64urlValue maps a base64url character to its 6-bit value (RFC 4648 §5).
var b64urlValue = func() (t [256]uint8) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = uint8(i)
	}
	return t
}()

// parseHTTP2Settings decodes HTTP2-Settings (RFC 7540 §3.2.1): token68
// holding the base64url encoding, without padding, of a SETTINGS payload,
// which is a whole number of 6-octet entries (RFC 7540 §6.5; STRICT-G2).
// Problems are reported with the sender role; the caller cites the
// server's duty not to upgrade to h2c (RFC7540-3.2.1-1, NoSwitch role): it
// answers over HTTP/1.1 (RFC 7540 §3.2.1, AMB-25).
func (p *Parser) parseHTTP2Settings(f *Field, v *Verdict) ([]Setting, bool) {
	const field = "HTTP2-Settings"
	b, off := f.Value, f.ValueOffset
	if len(b) == 0 {
		// The sender broke token68; what it encodes is still plain: an
		// empty SETTINGS payload, a valid one (RFC 7540 §6.5), which a
		// recipient may take (RFC 9110 §2.4).
		v.sender(rules.RFC7540_3_2_1_G1, octetAt(field, off), "empty value; token68 needs at least one character")
		return nil, true
	}
	// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
	end := len(b)
	for end > 0 && b[end-1] == '=' {
		end--
	}
	if end == 0 {
		v.sender(rules.RFC7540_3_2_1_G1, bytesAt(field, off, b), "value is only padding; not a token68")
		return nil, false
	}
	if i := runEnd(b[:end], 0, &token68Char, &token68CharAt); i < end {
		v.sender(rules.RFC7540_3_2_1_G1, octetAt(field, off+i), "octet not allowed in token68")
		v.sender(rules.RFC9110_11_2_G1, octetAt(field, off+i), "octet not allowed in token68")
		return nil, false
	}
	if end < len(b) {
		v.sender(rules.RFC7540_3_2_1_4, spanAt(field, off+end, len(b)-end), "trailing '=' padding; base64url here omits it")
		return nil, false
	}
	if i := runEnd(b, 0, &base64urlChar, &base64urlCharAt); i < len(b) {
		v.sender(rules.RFC7540_3_2_1_4, octetAt(field, off+i), "token68 octet outside the base64url alphabet (A-Z a-z 0-9 - _)")
		return nil, false
	}
	if len(b)%8 != 0 {
		// 6n octets encode to exactly 8n characters.
		v.sender(rules.RFC7540_6_5_1, bytesAt(field, off, b), "payload is not a whole number of 6-octet settings")
		return nil, false
	}
	p.settings = p.settings[:0]
	for g := 0; g < len(b); g += 8 {
		// Eight characters of six bits are one 48-bit entry: a 16-bit
		// identifier, then a 32-bit value, both big-endian (RFC 7540 §6.5.1).
		w := b[g : g+8 : g+8]
		x := uint64(b64urlValue[w[0]])<<42 | uint64(b64urlValue[w[1]])<<36 |
			uint64(b64urlValue[w[2]])<<30 | uint64(b64urlValue[w[3]])<<24 |
			uint64(b64urlValue[w[4]])<<18 | uint64(b64urlValue[w[5]])<<12 |
			uint64(b64urlValue[w[6]])<<6 | uint64(b64urlValue[w[7]])
		s := Setting{ID: uint16(x >> 32), Value: uint32(x)}
		if rule, msg := settingProblem(s); msg != "" {
			v.sender(rule, spanAt(field, off+g, 8), msg)
			return nil, false
		}
		p.settings = append(p.settings, s)
	}
	return p.settings, true
}

// settingProblem checks the value constraints of RFC 7540 §6.5.2 and
// RFC 8441 §3 (a registered setting, which a server that implements it
// treats as a connection error); unknown identifiers are ignored, as
// RFC 7540 §6.5.2 requires.
func settingProblem(s Setting) (rules.ID, string) {
	switch s.ID {
	case SettingEnablePush:
		if s.Value > 1 {
			return rules.RFC7540_6_5_2_1, "SETTINGS_ENABLE_PUSH is neither 0 nor 1"
		}
	case SettingInitialWindowSize:
		if s.Value > 1<<31-1 {
			return rules.RFC7540_6_5_2_1, "SETTINGS_INITIAL_WINDOW_SIZE is above 2^31-1"
		}
	case SettingMaxFrameSize:
		if s.Value < 1<<14 || s.Value > 1<<24-1 {
			return rules.RFC7540_6_5_2_1, "SETTINGS_MAX_FRAME_SIZE is outside 2^14..2^24-1"
		}
	case SettingEnableConnectProtocol:
		if s.Value > 1 {
			return rules.RFC8441_3_1, "SETTINGS_ENABLE_CONNECT_PROTOCOL is neither 0 nor 1"
		}
	}
	return "", ""
}

// AppendHTTP2Settings appends the HTTP2-Settings value for settings:
// base64url without padding (RFC 7540 §3.2.1).
func AppendHTTP2Settings(dst []byte, settings []Setting) []byte {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for _, s := range settings {
		x := uint64(s.ID)<<32 | uint64(s.Value)
		for k := 7; k >= 0; k-- {
			dst = append(dst, alphabet[(x>>(6*uint(k)))&63])
		}
	}
	return dst
}
