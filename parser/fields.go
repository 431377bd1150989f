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

// fieldSlots is a perfect hash of the known names: the slot of a name comes
// from its length and its last octet, which no two known names share in a
// way that collides (the table is built at start-up and panics if two
// would), so a lookup compares one name at most, with no loop over
// candidates. A name that is not known lands on some slot and fails the
// comparison, usually on its length.
var fieldSlots = func() (t [32]fieldID) {
	for id := fieldHost; id < fieldCount; id++ {
		low := fieldTable[id].low
		s := fieldSlot(len(low), low[len(low)-1])
		if t[s] != fieldOther {
			panic("fieldSlots: " + low + " collides with " + fieldTable[t[s]].low)
		}
		t[s] = id
	}
	return t
}()

// fieldSlot hashes a name's length n and last octet c (folded to lower case
// for letters) to its slot in fieldSlots.
func fieldSlot(n int, c byte) int {
	return (n*13 + int(c|0x20)) & 31
}

// lookupField returns the ID of a token field name, ignoring ASCII case.
func lookupField(name []byte) fieldID {
	if len(name) == 0 {
		return fieldOther
	}
	// An empty slot holds fieldOther, whose name is "": no match.
	if id := fieldSlots[fieldSlot(len(name), name[len(name)-1])]; nameEqualFold(name, id) {
		return id
	}
	return fieldOther
}

// nameWords holds a known name as nameEqualFold compares it: windows of
// its lower-case octets, read little-endian, that together cover it. A name
// of eight octets or more has four eight-octet windows, at 0, 8, 16 and
// len-8, each moved back to len-8 where it would run past the end (so they
// may overlap); a shorter one has two four-octet windows, at 0 and len-4.
// A fixed number of loads and one test per name, whatever its length, keeps
// the comparison free of branches that depend on the name.
type nameWords struct {
	at   [4]int
	word [4]uint64
}

var knownWords = func() (t [fieldCount]nameWords) {
	for id := fieldHost; id < fieldCount; id++ {
		low := []byte(fieldTable[id].low)
		w := &t[id]
		if len(low) < 8 {
			w.at[1] = len(low) - 4
			w.word[0] = uint64(binary.LittleEndian.Uint32(low))
			w.word[1] = uint64(binary.LittleEndian.Uint32(low[w.at[1]:]))
			continue
		}
		for k := range w.at {
			w.at[k] = min(8*k, len(low)-8)
			w.word[k] = binary.LittleEndian.Uint64(low[w.at[k]:])
		}
	}
	return t
}()

// nameEqualFold reports whether the token name is the known field id's
// name, ignoring ASCII case. OR-ing 0x20 folds A-Z to a-z and leaves a-z,
// 0-9 and '-' alone; the octets it would confuse with them (0x0d,
// 0x10-0x19) are not tchar, so cannot be in name.
func nameEqualFold(name []byte, id fieldID) bool {
	n := len(name)
	if n != len(fieldTable[id].low) || n < 4 {
		return false
	}
	w := &knownWords[id]
	if n < 8 {
		const fold = 0x20202020
		return uint64(binary.LittleEndian.Uint32(name)|fold) == w.word[0] &&
			uint64(binary.LittleEndian.Uint32(name[w.at[1]:])|fold) == w.word[1]
	}
	const fold = 0x2020202020202020
	diff := ((binary.LittleEndian.Uint64(name[w.at[0]:]) | fold) ^ w.word[0]) |
		((binary.LittleEndian.Uint64(name[w.at[1]:]) | fold) ^ w.word[1]) |
		((binary.LittleEndian.Uint64(name[w.at[2]:]) | fold) ^ w.word[2]) |
		((binary.LittleEndian.Uint64(name[w.at[3]:]) | fold) ^ w.word[3])
	return diff == 0
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
