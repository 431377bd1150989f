package parser

import (
	"encoding/binary"

	"github.com/switchyard/switchyard/rules"
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

	// allowed lists the message kinds the field may appear in; misplaced
	// is the rule its sender breaks in the other kind, misplacedAlso a
	// second rule the same fault breaks ("" for none).
	allowed       int
	misplaced     rules.ID
	misplacedAlso rules.ID

	// singleton lists the message kinds in which the field is not a list and
	// must appear at most once, counted on raw lines (STRICT-1, AMB-4);
	// dup is the rule a repeat breaks, whose duty dupRole says, and
	// dupStatus the status a server refuses a repeating request with (a
	// response's recipient answers nothing).
	singleton int
	dup       rules.ID
	dupRole   Role
	dupStatus int
}

// Every field but the first three may appear in both kinds of message.
// RFC 6455 §4.3: -Client fields only in requests, -Server only in
// responses. RFC 7540 §3.2.1: only a client sends HTTP2-Settings, and a
// server that sees it twice must not upgrade, but may serve the request as
// HTTP/1.1 (NoSwitch, no refusal).
var fieldTable = [fieldCount]fieldSpec{
	fieldOther: {},
	fieldHost: {name: "Host", low: "host", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2,
		singleton: inRequest, dup: rules.RFC9112_3_2_3, dupRole: Recipient, dupStatus: 400},
	fieldConnection:       {name: "Connection", low: "connection", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldUpgrade:          {name: "Upgrade", low: "upgrade", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldContentLength:    {name: "Content-Length", low: "content-length", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldTransferEncoding: {name: "Transfer-Encoding", low: "transfer-encoding", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldExpect:           {name: "Expect", low: "expect", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldKey: {name: "Sec-WebSocket-Key", low: "sec-websocket-key", allowed: inRequest, misplaced: rules.RFC9110_2_2_2, misplacedAlso: rules.RFC6455_4_3_1,
		singleton: inRequest, dup: rules.RFC6455_11_3_1_1, dupRole: Recipient, dupStatus: 400},
	fieldAccept: {name: "Sec-WebSocket-Accept", low: "sec-websocket-accept", allowed: inResponse, misplaced: rules.RFC9110_2_2_2, misplacedAlso: rules.RFC6455_4_3_1,
		singleton: inResponse, dup: rules.RFC6455_11_3_3_1, dupRole: Recipient},
	fieldVersion: {name: "Sec-WebSocket-Version", low: "sec-websocket-version", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2,
		singleton: inRequest, dup: rules.RFC6455_11_3_5_1, dupRole: Recipient, dupStatus: 400},
	fieldProtocol: {name: "Sec-WebSocket-Protocol", low: "sec-websocket-protocol", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2,
		singleton: inResponse, dup: rules.RFC6455_11_3_4_1, dupRole: Recipient},
	fieldExtensions: {name: "Sec-WebSocket-Extensions", low: "sec-websocket-extensions", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
	fieldHTTP2Settings: {name: "HTTP2-Settings", low: "http2-settings", allowed: inRequest, misplaced: rules.RFC7540_3_2_1_2,
		singleton: inRequest, dup: rules.RFC7540_3_2_1_1, dupRole: NoSwitch, dupStatus: 0},
	fieldOrigin: {name: "Origin", low: "origin", allowed: inRequest | inResponse, misplaced: rules.RFC9110_2_2_2},
}

// fieldSlots is a perfect hash of the known names: the slot of a name comes
// from its length and its last octet, which no two known names share in a
// way that collides (the table is built at start-up and panics if two
// would), so a lookup compares one name at most, with no loop over
// candidates. A name that is not known lands on some slot and fails the
// comparison, usually on its length. Each slot holds the known name as
// lookupWindow compares it: its ID and length, and its lower-case octets as
// three little-endian words at offsets 0, 8 and 16, with masks that keep
// only the name's own octets; an empty slot has length 0, which no name has.
var fieldSlots = func() (t [32]fieldSlotEntry) {
	for id := fieldHost; id < fieldCount; id++ {
		low := fieldTable[id].low
		if len(low) > maxKnownName {
			panic("fieldSlots: " + low + " is longer than maxKnownName")
		}
		s := &t[fieldSlot(len(low), low[len(low)-1])]
		if s.id != fieldOther {
			panic("fieldSlots: " + low + " collides with " + fieldTable[s.id].low)
		}
		var buf [maxKnownName]byte
		copy(buf[:], low)
		s.id, s.n = id, len(low)
		for k := range s.word {
			s.word[k] = binary.LittleEndian.Uint64(buf[8*k:])
			for i := 8 * k; i < min(8*k+8, len(low)); i++ {
				s.mask[k] |= 0xff << (8 * (i - 8*k))
			}
		}
	}
	return t
}()

// fieldSlotEntry is one slot of fieldSlots.
type fieldSlotEntry struct {
	id   fieldID
	n    int
	word [3]uint64
	mask [3]uint64
}

// fieldSlot hashes a name's length n and last octet c (folded to lower case
// for letters) to its slot in fieldSlots.
func fieldSlot(n int, c byte) int {
	return (n*13 + int(c|0x20)) & 31
}

// lookupField returns the ID of a token field name, ignoring ASCII case.
func lookupField(name []byte) fieldID {
	if len(name) == 0 || len(name) > maxKnownName {
		return fieldOther
	}
	var buf [maxKnownName]byte
	copy(buf[:], name)
	return lookupWindow(&buf, len(name))
}

// maxKnownName is the length of the longest known name,
// sec-websocket-extensions.
const maxKnownName = 24

// lookupWindow returns the ID of the token field name w[:n], 1 <= n <=
// maxKnownName, ignoring ASCII case; w holds at least maxKnownName octets,
// and those past the name are masked out. OR-ing 0x20 folds A-Z to a-z and
// leaves a-z, 0-9 and '-' alone; the octets it would confuse with them
// (0x0d, 0x10-0x19) are not tchar, so cannot be in the name. The comparison
// is loads and arithmetic with no branch on the name: known and unknown
// names alternate from line to line, which a branch would mispredict.
func lookupWindow(w *[maxKnownName]byte, n int) fieldID {
	return fieldSlots[fieldSlot(n, w[n-1])].match(w, n)
}

// match returns the slot's ID when w[:n] is its name, ignoring ASCII case,
// and fieldOther when not (see lookupWindow). It is small enough to be
// inlined, which fastFields needs: a call makes its loop spill and reload
// its registers on every line.
func (s *fieldSlotEntry) match(w *[maxKnownName]byte, n int) fieldID {
	const fold = 0x2020202020202020
	diff := uint64(n^s.n) |
		(((binary.LittleEndian.Uint64(w[0:]) | fold) & s.mask[0]) ^ s.word[0]) |
		(((binary.LittleEndian.Uint64(w[8:]) | fold) & s.mask[1]) ^ s.word[1]) |
		(((binary.LittleEndian.Uint64(w[16:]) | fold) & s.mask[2]) ^ s.word[2])
	miss := (diff | -diff) >> 63  // 1 when diff != 0
	return s.id & fieldID(miss-1) // fieldOther on a miss
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

// checkPlacementAndDuplicates checks fields against the field table: a
// field reserved for the other kind of message (RFC 9110 §2.2, RFC 6455
// §4.3, RFC 7540 §3.2.1), and a singleton repeated on several lines
// (STRICT-1, AMB-4), counted before combining.
func (p *Parser) checkPlacementAndDuplicates(h *Head, v *Verdict, kind int) {
	if h.present&^fieldMasks.allowed[kind] == 0 && h.repeated&fieldMasks.singleton[kind] == 0 {
		return // the loop below would find nothing
	}
	for id := fieldHost; id < fieldCount; id++ {
		spec := &fieldTable[id]
		n := h.count[id]
		if n == 0 {
			continue
		}
		if spec.allowed&kind == 0 {
			f := h.firstLine(id)
			v.sender(spec.misplaced, fieldLine(spec.name, f), spec.name+" belongs in the other kind of message")
			if spec.misplacedAlso != "" {
				v.sender(spec.misplacedAlso, fieldLine(spec.name, f), spec.name+" belongs in the other kind of message")
			}
		}
		if n > 1 && spec.singleton&kind != 0 {
			// Report at the second line.
			seen := 0
			for i := range h.Fields {
				if h.Fields[i].id == id {
					seen++
					if seen == 2 {
						f := &h.Fields[i]
						status := spec.dupStatus
						if kind == inResponse {
							status = 0
						}
						v.record(spec.dup, spec.dupRole, status, fieldLine(spec.name, f), spec.name+" appears on more than one line")
						break
					}
				}
			}
		}
	}
}

// fieldMasks holds, per kind of message, the known fields allowed in it and
// those that must not repeat in it, as bit masks over field IDs (see
// Head.present).
var fieldMasks = func() (m struct {
	allowed, singleton [inRequest | inResponse + 1]uint16
}) {
	for _, kind := range []int{inRequest, inResponse} {
		for id := fieldHost; id < fieldCount; id++ {
			if fieldTable[id].allowed&kind != 0 {
				m.allowed[kind] |= 1 << id
			}
			if fieldTable[id].singleton&kind != 0 {
				m.singleton[kind] |= 1 << id
			}
		}
	}
	return m
}()

// Field IDs are bits of a uint16 in Head.present and fieldMasks: this
// constant overflows, and the build fails, if they outgrow it.
const _ = uint16(1 << (fieldCount - 1))
