package parser

import (
	"encoding/binary"

	"github.com/switchyard/switchyard/parser/rules"
)

// fieldID names the fields the upgrade mechanism reads. Every other field is
// fieldOther: parsed for syntax, otherwise ignored (RFC 9110 §5.1).
type fieldID uint8

const (
	fieldOther fieldID = iota
	fieldHost
	fieldConnection
	fieldUpgrade
	fieldContentLength
	fieldTransferEncoding
	fieldExpect
	fieldKey
	fieldAccept
	fieldVersion
	fieldProtocol
	fieldExtensions
	fieldHTTP2Settings
	fieldOrigin
	fieldCount
)

// Where a field may appear (RFC 6455 §4.3: -Client productions appear only
// in requests, -Server only in responses; RFC 7540 §3.2.1: only a client
// sends HTTP2-Settings).
const (
	inRequest = 1 << iota
	inResponse
)

// fieldSpec is one row of the field table.
type fieldSpec struct {
	name string // canonical spelling, used in reports
	low  string // lower case, for case-insensitive matching (RFC 9110 §5.1)
	// singleton lists the message kinds in which the field is not a list and
	// must appear at most once, counted on raw lines (STRICT-1, AMB-4);
	// dup is the rule a repeat breaks.
	singleton int
	dup       rules.ID
	// allowed lists the message kinds the field may appear in.
	allowed int
}

var fieldTable = [fieldCount]fieldSpec{
	fieldOther:            {},
	fieldHost:             {"Host", "host", inRequest, rules.RFC9112_3_2_3, inRequest | inResponse},
	fieldConnection:       {"Connection", "connection", 0, "", inRequest | inResponse},
	fieldUpgrade:          {"Upgrade", "upgrade", 0, "", inRequest | inResponse},
	fieldContentLength:    {"Content-Length", "content-length", 0, "", inRequest | inResponse},
	fieldTransferEncoding: {"Transfer-Encoding", "transfer-encoding", 0, "", inRequest | inResponse},
	fieldExpect:           {"Expect", "expect", 0, "", inRequest | inResponse},
	fieldKey:              {"Sec-WebSocket-Key", "sec-websocket-key", inRequest, rules.RFC6455_11_3_1_1, inRequest},
	fieldAccept:           {"Sec-WebSocket-Accept", "sec-websocket-accept", inResponse, rules.RFC6455_11_3_3_1, inResponse},
	fieldVersion:          {"Sec-WebSocket-Version", "sec-websocket-version", inRequest, rules.RFC6455_11_3_5_1, inRequest | inResponse},
	fieldProtocol:         {"Sec-WebSocket-Protocol", "sec-websocket-protocol", inResponse, rules.RFC6455_11_3_4_1, inRequest | inResponse},
	fieldExtensions:       {"Sec-WebSocket-Extensions", "sec-websocket-extensions", 0, "", inRequest | inResponse},
	fieldHTTP2Settings:    {"HTTP2-Settings", "http2-settings", inRequest, rules.RFC7540_3_2_1_1, inRequest},
	fieldOrigin:           {"Origin", "origin", 0, "", inRequest | inResponse},
}

// fieldsByLen indexes the field table by name length, so that a lookup
// compares at most a few names.
var fieldsByLen = func() (t [32][]fieldID) {
	for id := fieldHost; id < fieldCount; id++ {
		n := len(fieldTable[id].low)
		t[n] = append(t[n], id)
	}
	return t
}()

// lookupField returns the ID of a field name, ignoring ASCII case.
func lookupField(name []byte) fieldID {
	if len(name) >= len(fieldsByLen) {
		return fieldOther
	}
	for _, id := range fieldsByLen[len(name)] {
		if nameEqualFold(name, fieldTable[id].low) {
			return id
		}
	}
	return fieldOther
}

// nameEqualFold is equalFold for a token name against a lower-case name of
// letters, digits and '-', eight octets at a time: OR-ing 0x20 folds A-Z to
// a-z and leaves a-z, 0-9 and '-' alone; the octets it would confuse with
// them (0x0d, 0x10-0x19) are not tchar, so cannot be in name.
func nameEqualFold(name []byte, low string) bool {
	if len(name) != len(low) {
		return false
	}
	i := 0
	for ; i+8 <= len(name); i += 8 {
		x := binary.LittleEndian.Uint64(name[i:]) | 0x2020202020202020
		y := uint64(low[i]) | uint64(low[i+1])<<8 | uint64(low[i+2])<<16 | uint64(low[i+3])<<24 |
			uint64(low[i+4])<<32 | uint64(low[i+5])<<40 | uint64(low[i+6])<<48 | uint64(low[i+7])<<56
		if x != y {
			return false
		}
	}
	for ; i < len(name); i++ {
		if name[i]|0x20 != low[i] {
			return false
		}
	}
	return true
}

// CanonicalName returns the canonical spelling of a field name the upgrade
// mechanism uses ("sec-websocket-key" -> "Sec-WebSocket-Key"), or name
// unchanged for any other field.
func CanonicalName(name string) string {
	if id := lookupField([]byte(name)); id != fieldOther {
		return fieldTable[id].name
	}
	return name
}
