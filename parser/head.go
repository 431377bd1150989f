package parser

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strconv"

	"github.com/switchyard/switchyard/rules"
)

// Kind tells a request from a response.
type Kind uint8

// The two kinds of message.
const (
	KindRequest Kind = 1 + iota
	KindResponse
)

// String returns "request" or "response".
func (k Kind) String() string {
	if k == KindResponse {
		return "response"
	}
	return "request"
}

// MarshalText encodes the kind as its name, for JSON reports.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Field is one field line. Name and Value alias the input, or the Parser's
// buffer where the value was repaired.
type Field struct {
	Name        []byte // as received
	Value       []byte // without surrounding OWS (RFC 9112 §5.1); repaired octets replaced by SP
	Offset      int    // offset of the line's first octet in the input
	ValueOffset int    // offset of Value[0] in the input; repairs keep lengths, so Value[i] is at ValueOffset+i
	End         int    // offset just past the line's last octet (before CRLF), continuation lines included
	Repaired    bool   // obs-fold, bare CR or NUL was replaced by SP
	id          fieldID
}

// Head is a parsed message head.
type Head struct {
	Kind   Kind
	Method []byte // request: the method
	Target []byte // request: the request-target
	Status int    // response: the status code
	Reason []byte // response: the reason phrase
	Major  int    // HTTP-version major digit
	Minor  int    // HTTP-version minor digit
	Fields []Field
	// Len is the length of the head through its closing empty line, or the
	// whole input when the head is not complete.
	Len int
	// Complete reports whether the closing empty line was found.
	Complete bool

	count [fieldCount]uint8 // field lines per known field, capped at 255
	first [fieldCount]int16 // index of the first line of each known field, when count > 0
	// Bit id is set in present when a known field has a line, in repeated
	// when it has more than one: checkPlacementAndDuplicates tests them
	// against the field table's masks before looking at any field.
	present, repeated uint16
}

// Get returns the first field with the given name (case-insensitive), or nil.
func (h *Head) Get(name string) *Field {
	for i := range h.Fields {
		if len(h.Fields[i].Name) == len(name) && bytes.EqualFold(h.Fields[i].Name, []byte(name)) {
			return &h.Fields[i]
		}
	}
	return nil
}

// Count returns how many field lines carry the given name (case-insensitive).
func (h *Head) Count(name string) int {
	n := 0
	for i := range h.Fields {
		if bytes.EqualFold(h.Fields[i].Name, []byte(name)) {
			n++
		}
	}
	return n
}

// HeadEnd returns the length of the message head at the start of b, through
// the empty line that closes it, or -1 when b holds no complete head yet.
// It accepts a bare LF as a line end (RFC 9112 §2.2 lets recipients), so that
// the caller can hand the whole head to the parser, which judges it.
func HeadEnd(b []byte) int {
	seen := false // a non-empty line has been seen; empty lines before it are skipped
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return -1
		}
		empty := j == 0 || (j == 1 && b[i] == '\r')
		i += j + 1
		if empty && seen {
			return i
		}
		seen = seen || !empty
	}
	return -1
}

// valueClass sorts the octets of a field value (RFC 9110 §5.5):
// 0 field-vchar, SP or HTAB; vNUL; vCR (a bare CR, since lines end at LF);
// vCTL any other control octet or DEL.
const (
	vOK = iota
	vNUL
	vCR
	vCTL
	vClasses // the number of classes
)

var valueClass = func() (c [256]uint8) {
	for b := 0; b < 256; b++ {
		switch {
		case b == 0:
			c[b] = vNUL
		case b == '\r':
			c[b] = vCR
		case b == '\t':
			c[b] = vOK
		case b < 0x20 || b == 0x7f:
			c[b] = vCTL
		}
	}
	return c
}()

// parseHead splits b into start-line and field lines and checks the message
// syntax of RFC 9112 §2-§5 and RFC 9110 §5. It records violations in v.
// A head that cannot be split at all (no start-line) yields ok false. h is
// zero but for its emptied Fields: the caller has reset the message.
func (p *Parser) parseHead(b []byte, want Kind, h *Head, v *Verdict) (ok bool) {
	h.Kind = want
	p.scratch = p.scratch[:0]
	lim := p.limits

	pos := 0
	if want == KindRequest {
		pos = skipEmptyLines(b, v)
	}

	first := true
	if want == KindRequest && pos == 0 && !p.generalOnly {
		if n := fastRequestLine(b, h); n > 0 {
			pos, first = n, false
		}
	}
	lastField := -1    // index of the field an obs-fold continues
	skippingWS := true // RFC 9112 §2.2: whitespace-led lines right after the start-line
	for {
		if pos >= len(b) {
			if first {
				v.refuse(rules.RFC9112_2_1_G1, octetAt("head", pos), "message is empty: no start-line")
				return false
			}
			unterminated(h, v, pos, len(b))
			return true
		}
		if pos > lim.MaxHeadBytes {
			v.refuse(rules.LIMIT_1, octetAt("head", lim.MaxHeadBytes), "head is larger than the limit of "+strconv.Itoa(lim.MaxHeadBytes)+" octets")
			h.Len = pos
			return !first
		}
		if !first && !p.generalOnly {
			if n, closed := p.fastLines(b, pos, h); n > pos {
				if closed {
					return true
				}
				skippingWS = false
				lastField = len(h.Fields) - 1
				pos = n
				continue
			}
		}
		start := pos
		end, next, hasLF := splitLine(b, pos, first, v)
		pos = next
		line := b[start:end]

		switch {
		case first:
			first = false
			p.parseStartLine(b, start, line, h, v)
			if !hasLF {
				unterminated(h, v, len(b), len(b))
				return true
			}
		case len(line) == 0:
			if !hasLF {
				unterminated(h, v, len(b), len(b))
				return true
			}
			h.Len = pos
			h.Complete = true
			return true
		case isOWS(line[0]) && skippingWS:
			// RFC 9112 §2.2: a recipient MUST reject the message or ignore
			// each whitespace-led line before the first field line.
			v.sender(rules.RFC9112_2_2_6, bytesAt("head", start, line), "whitespace-led line between the start-line and the first field line")
			v.refuse(rules.AMB_31, bytesAt("head", start, line), "whitespace-led line refused by strict policy")
		case isOWS(line[0]):
			p.fold(b, start, end, h, lastField, v)
		case len(h.Fields) >= lim.MaxFields:
			v.refuse(rules.LIMIT_2, bytesAt("head", start, line), "more than "+strconv.Itoa(lim.MaxFields)+" field lines")
			h.Len = len(b)
			if j := HeadEnd(b); j >= 0 {
				h.Len = j
			}
			return true
		default:
			skippingWS = false
			lastField = -1
			if p.fieldLine(b, start, end, h, v) {
				lastField = len(h.Fields) - 1
			}
		}
	}
}

// parseStartLine parses the start-line b[start:] of h's kind of message.
func (p *Parser) parseStartLine(b []byte, start int, line []byte, h *Head, v *Verdict) {
	if h.Kind == KindRequest {
		p.parseRequestLine(b, start, line, h, v)
	} else {
		p.parseStatusLine(b, start, line, h, v)
	}
}

// fastLines reads the common field lines from pos on with fastFields and
// returns where the first that is not starts; when the empty line that
// closes the head follows them, it reads that too, as parseHead's loop
// would, and reports closed.
func (p *Parser) fastLines(b []byte, pos int, h *Head) (next int, closed bool) {
	n := p.fastFields(b, pos, h)
	if n > pos && n <= p.limits.MaxHeadBytes && n+1 < len(b) && b[n] == '\r' && b[n+1] == '\n' {
		h.Len, h.Complete = n+2, true
		return n, true
	}
	return n, false
}

// skipEmptyLines returns the offset past the empty lines before a
// request-line, citing each: a server SHOULD ignore at least one, a user
// agent MUST NOT send them (RFC 9112 §2.2).
func skipEmptyLines(b []byte, v *Verdict) int {
	pos := 0
	for pos < len(b) && (b[pos] == '\n' || (b[pos] == '\r' && pos+1 < len(b) && b[pos+1] == '\n')) {
		n := 1
		if b[pos] == '\r' {
			n = 2
		}
		v.sender(rules.RFC9112_2_2_4, spanAt("head", pos, n), "empty line before the request-line")
		pos += n
	}
	return pos
}

// splitLine finds the line that starts at b[pos]: end is the end of its
// content (before CRLF), next the start of the next line, hasLF whether it
// ends at all. A bare LF is cited (STRICT-2); first says whether the line
// is the start-line, for the report.
func splitLine(b []byte, pos int, first bool, v *Verdict) (end, next int, hasLF bool) {
	j := bytes.IndexByte(b[pos:], '\n')
	if j < 0 {
		return len(b), len(b), false
	}
	end = pos + j
	if end > pos && b[end-1] == '\r' {
		return end - 1, end + 1, true
	}
	// RFC 9112 §2.2: the line terminator is CRLF; a recipient MAY accept a
	// bare LF. Switchyard's strict policy does not (STRICT-2).
	v.sender(rules.RFC9112_2_1_G1, octetAt(lineField(first), end), "line ends in a bare LF, not CRLF")
	v.refuse(rules.STRICT_2, octetAt(lineField(first), end), "bare LF line terminator refused by strict policy")
	return end, end + 1, true
}

// unterminated records a head that ends before the empty line that closes
// it, cited at offset at; the head is all of b, n octets.
func unterminated(h *Head, v *Verdict, at, n int) {
	v.refuse(rules.RFC9112_2_1_G1, octetAt("head", at), "head ends before the empty line that closes it")
	h.Len = n
}

// fastFields parses field lines from pos on for as long as each is in the
// common form, and returns where the first that is not starts (pos when
// none is), which the general path then reads and judges, so both agree on
// every line the fast path takes (FuzzFastPath). It stops, as parseHead's
// loop would, at the end of b and at the limits, so that parseHead reports
// them.
//
// The common form is a token name, a colon, a value of plain octets, CRLF,
// read in one pass. The loop is one function, and the first step of
// tokenEnd and of plainRun, which cover most names and values, are written
// out in it: a call per line, or per step, costs more than the step.
func (p *Parser) fastFields(b []byte, pos int, h *Head) int {
	fields := h.Fields
	stop, maxFields := min(len(b), p.limits.MaxHeadBytes+1), p.limits.MaxFields // pos < stop: pos < len(b) && pos <= MaxHeadBytes
	for pos < stop && len(fields) < maxFields {
		i := pos
		for { // tokenEnd's steps; its octet loop near the end of b
			if i+8 > len(b) {
				i = tokenEnd(b, i)
				break
			}
			w := b[i : i+8 : i+8]
			m := tcharAt[0][w[0]] | tcharAt[1][w[1]] | tcharAt[2][w[2]] | tcharAt[3][w[3]] |
				tcharAt[4][w[4]] | tcharAt[5][w[5]] | tcharAt[6][w[6]] | tcharAt[7][w[7]]
			if m != 0xff {
				i += bits.TrailingZeros8(^m)
				break
			}
			i += 8
		}
		if i == pos || i >= len(b) || b[i] != ':' {
			break
		}
		name := b[pos:i]
		i++
		for i < len(b) && isOWS(b[i]) {
			i++
		}
		vs := i
		for { // plainRun's first steps; plainRun past 32 octets
			if i+16 > len(b) || i >= vs+32 {
				i = plainRun(b, i)
				break
			}
			w := b[i : i+16 : i+16]
			m0 := unplain(binary.LittleEndian.Uint64(w[0:]))
			m1 := unplain(binary.LittleEndian.Uint64(w[8:]))
			if m0|m1 == 0 {
				i += 16
				continue
			}
			i += lowestOf2(m0, m1) / 8
			if b[i] != '\t' {
				break
			}
			i++
		}
		if i+1 >= len(b) || b[i] != '\r' || b[i+1] != '\n' {
			break
		}
		ve := i
		for ve > vs && isOWS(b[ve-1]) {
			ve--
		}
		var id fieldID
		if len(name) <= maxKnownName && pos+maxKnownName <= len(b) {
			// lookupWindow, with its comparison inlined.
			w := (*[maxKnownName]byte)(b[pos:]) // no copy: the head goes on past the name
			id = fieldSlots[fieldSlot(len(name), w[len(name)-1])].match(w, len(name))
		} else {
			id = lookupField(name)
		}
		// Write each member of the new element in place, once: appending
		// a Field built beforehand, or a zero one filled in after, writes
		// its 80 octets twice. Every member is set: a reused element holds
		// a line of an earlier message.
		n := len(fields)
		if n == cap(fields) {
			fields = growFields(fields)
		}
		fields = fields[:n+1]
		f := &fields[n]
		f.Name, f.Value, f.Offset, f.ValueOffset, f.End, f.Repaired, f.id = name, b[vs:ve], pos, vs, i, false, id
		h.index(id, n)
		pos = i + 2
	}
	h.Fields = fields
	return pos
}

// firstFields is the room a new Parser makes for field lines at once: a
// browser's handshake has about a dozen, which growing from one would take
// five allocations to hold.
const firstFields = 16

// growFields returns fields with room for one more line at least.
func growFields(fields []Field) []Field {
	if cap(fields) == 0 {
		return make([]Field, 0, firstFields)
	}
	return append(fields, Field{})[:len(fields)]
}

// addField appends a field line and indexes it.
func (h *Head) addField(f Field) {
	if len(h.Fields) == cap(h.Fields) {
		h.Fields = growFields(h.Fields)
	}
	h.Fields = append(h.Fields, f)
	h.index(f.id, len(h.Fields)-1)
}

// index records field line number line under its known-field ID.
// It does not branch on id, which goes from known to unknown and back from
// line to line: fieldOther is counted in slot 0, which nothing reads, and
// has no bit in present.
func (h *Head) index(id fieldID, line int) {
	bit := (uint16(1) << id) &^ 1
	h.repeated |= h.present & bit
	h.present |= bit
	n, first := h.count[id], h.first[id]
	if n == 0 {
		first = int16(line)
	}
	if n < 255 {
		n++
	}
	h.count[id], h.first[id] = n, first
}

// visited counts down the lines of a known field still to visit, for loops
// that start at h.first[id] and stop once left is 0 rather than scan every
// later line. A count of 255 means 255 or more lines: such a loop runs to
// the end of h.Fields.
func (h *Head) visited(left uint8) uint8 {
	if left == 255 {
		return left
	}
	return left - 1
}

func lineField(first bool) string {
	if first {
		return "start-line"
	}
	return "head"
}

// fieldLine parses one field line b[start:end] (RFC 9112 §5):
// field-line = field-name ":" OWS field-value OWS.
func (p *Parser) fieldLine(b []byte, start, end int, h *Head, v *Verdict) bool {
	line := b[start:end]
	colon := bytes.IndexByte(line, ':')
	if colon < 0 {
		v.refuse(rules.RFC9112_5_G1, bytesAt("head", start, line), "field line has no colon")
		return false
	}
	name := line[:colon]
	if colon > 0 && isOWS(name[len(name)-1]) {
		// RFC 9112 §5.1: a server MUST reject whitespace between the field
		// name and the colon; it has been used for smuggling.
		n := len(name)
		for n > 0 && isOWS(name[n-1]) {
			n--
		}
		v.refuse(rules.RFC9112_5_1_1, spanAt(string(name[:n]), start+n, colon-n), "whitespace between the field name and the colon")
		name = name[:n]
	}
	if i := firstNotTchar(name); i >= 0 || len(name) == 0 {
		off := start + i
		if len(name) == 0 {
			off = start
		}
		v.refuse(rules.RFC9110_5_1_G1, octetAt("head", off), "field name is not a token")
		v.alsoNotToken("head", name, start)
		return false
	}
	raw := line[colon+1:]
	val, lead := trimOWS(raw)
	vo := start + colon + 1 + lead
	f := Field{Name: name, Value: val, Offset: start, ValueOffset: vo, End: end, id: lookupField(name)}
	p.checkValueOctets(&f, v)
	h.addField(f)
	return true
}

// checkValueOctets checks the octets of a field value against field-value
// (RFC 9110 §5.5). NUL and bare CR make the recipient reject the message or
// replace them with SP (RFC 9110 §5.5, RFC 9112 §2.2); other controls make
// the value invalid but may be kept. Replacements go to the Parser's scratch
// buffer so that the repaired field can be validated again.
func (p *Parser) checkValueOctets(f *Field, v *Verdict) {
	first := scanOctets(f.Value, f.ValueOffset, f.Name, v)
	if first < 0 {
		return
	}
	f.Value = p.repairable(f.Value)
	f.Repaired = true
	spaceOut(f.Value[first:])
	trimmed, lead := trimOWS(f.Value)
	f.Value = trimmed
	f.ValueOffset += lead
}

// scanOctets reports the octets of val (found at input offset off) that
// field-value does not allow, and returns the index of the first that must
// be replaced by SP for a lenient recipient to go on, or -1. Each kind of
// octet (NUL, bare CR, other control) is reported once per value, at its
// first place: a value of thousands of control octets says no more with
// thousands of violations, and would cost the recipient work and memory in
// proportion. Runs of fine octets are skipped word by word (plainRun:
// vOK is plainValue), and a fault right after a fault is taken without
// starting a run: fuzzed values hold both.
func scanOctets(val []byte, off int, fieldName []byte, v *Verdict) (repair int) {
	repair = -1
	var reported [vClasses]bool
	var name string // converted once, on the error path: converting allocates
	for i := plainRun(val, 0); i < len(val); i = nextFault(val, i+1) {
		c := val[i]
		class := valueClass[c]
		if name == "" {
			name = string(fieldName)
		}
		if !reported[class] {
			reported[class] = true
			switch class {
			case vNUL:
				v.sender(rules.RFC9110_5_5_G2, octetAt(name, off+i), "NUL octet in a field value")
				v.refuse(rules.STRICT_3, octetAt(name, off+i), "NUL in a field value refused by strict policy (RFC 9110 §5.5 allows replacing it with SP)")
			case vCR:
				v.sender(rules.RFC9112_2_2_3, octetAt(name, off+i), "bare CR (not followed by LF) in a field value")
				v.refuse(rules.AMB_31, octetAt(name, off+i), "bare CR refused by strict policy (RFC 9112 §2.2 allows replacing it with SP)")
			case vCTL:
				// Kept, as RFC 9110 §5.5 lets a recipient; the field's
				// own grammar judges it.
				v.sender(rules.RFC9110_5_5_G2, octetAt(name, off+i), "control octet in a field value")
				v.refuse(rules.STRICT_3, octetAt(name, off+i), "control octet in a field value refused by strict policy")
			}
		}
		if repair < 0 && class != vCTL {
			repair = i // NUL or bare CR
		}
		if (i == 0 || i == len(val)-1) && isSpaceCtl(c) {
			// Where field-line = field-name ":" OWS field-value OWS
			// has its OWS; OWS is only SP and HTAB (RFC 9110 §5.6.3).
			v.sender(rules.RFC9110_5_6_3_G1, octetAt(name, off+i), "whitespace other than SP or HTAB around a field value (OWS = *( SP / HTAB ))")
		}
	}
	return repair
}

// nextFault returns the index of the first octet at or after i that is not
// plainValue, or len(val): i itself when it is one, else plainRun's.
func nextFault(val []byte, i int) int {
	if i < len(val) && valueClass[val[i]] != vOK {
		return i
	}
	return plainRun(val, i)
}

// spaceOut replaces NUL, CR and LF with SP, as RFC 9110 §5.5 and RFC 9112
// §2.2 and §5.2 let a recipient do.
func spaceOut(b []byte) {
	for i, c := range b {
		if c == 0 || c == '\r' || c == '\n' {
			b[i] = ' '
		}
	}
}

// repairable copies val into the scratch buffer so it can be changed.
func (p *Parser) repairable(val []byte) []byte {
	// Fields slice the scratch buffer; grow it by replacing it, never by
	// appending in place past its capacity, so earlier slices stay valid.
	if cap(p.scratch)-len(p.scratch) < len(val) {
		p.scratch = make([]byte, 0, 2*cap(p.scratch)+len(val))
	}
	n := len(p.scratch)
	p.scratch = append(p.scratch, val...)
	return p.scratch[n : n+len(val) : n+len(val)]
}

// fold handles an obs-fold continuation line b[start:end] (RFC 9112 §5.2):
// senders MUST NOT generate it; a server MUST reject it or replace it with
// SP, and a user agent MUST replace it. Switchyard's strict policy rejects it
// (AMB-31); the repaired value is validated as the lenient recipient sees it.
func (p *Parser) fold(b []byte, start, end int, h *Head, last int, v *Verdict) {
	if last < 0 {
		v.refuse(rules.RFC9112_5_2_G1, spanAt("head", start, end-start), "continuation line without a field line to continue")
		return
	}
	f := &h.Fields[last]
	name := string(f.Name)
	v.sender(rules.RFC9112_5_2_1, spanAt(name, start, end-start), "obs-fold: field value continued on a whitespace-led line")
	v.refuse(rules.AMB_31, spanAt(name, start, end-start), "obs-fold refused by strict policy (RFC 9112 §5.2 allows replacing it with SP)")
	scanOctets(b[start:end], start, f.Name, v)
	// The unfolded value runs from the old value to the end of this line,
	// with the line break (and any NUL or bare CR) replaced by SP; lengths
	// are kept, so offsets still point into the input.
	from := f.ValueOffset
	if len(f.Value) == 0 {
		from = f.End
	}
	whole := p.repairable(b[from:end])
	spaceOut(whole)
	trimmed, lead := trimOWS(whole)
	f.Value = trimmed
	f.ValueOffset = from + lead
	f.End = end
	f.Repaired = true
}
