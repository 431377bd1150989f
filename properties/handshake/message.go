package handshake

import (
	"strconv"
	"strings"
)

// Field is one field line: Name ":" Lead Value Trail End. Lead and Trail are
// the OWS around the value (RFC 9112 §5); End is the line terminator, CRLF
// when empty. Any part may hold raw octets: mutators use that to put
// whitespace before the colon, a bare CR, or an obs-fold into a line.
type Field struct {
	Name, Lead, Value, Trail, End string
	// Optional marks a field the message stays valid without; shrinking
	// drops such fields.
	Optional bool
}

// Message is a message head: octets before the start-line (Pre, normally
// empty), the start-line and its terminator (StartEnd, CRLF when empty),
// and the field lines in order. The empty line that closes the head is
// always printed.
type Message struct {
	Pre, Start, StartEnd string
	Fields               []Field
}

// Print returns the raw octets of the head, through its closing empty line.
func (m Message) Print() []byte {
	return m.AppendTo(nil)
}

// AppendTo appends the raw octets of the head to dst.
func (m Message) AppendTo(dst []byte) []byte {
	dst = append(dst, m.Pre...)
	dst = append(dst, m.Start...)
	dst = appendEnd(dst, m.StartEnd)
	for _, f := range m.Fields {
		dst = append(dst, f.Name...)
		dst = append(dst, ':')
		dst = append(dst, f.Lead...)
		dst = append(dst, f.Value...)
		dst = append(dst, f.Trail...)
		dst = appendEnd(dst, f.End)
	}
	return append(dst, "\r\n"...)
}

func appendEnd(dst []byte, end string) []byte {
	if end == "" {
		return append(dst, "\r\n"...)
	}
	return append(dst, end...)
}

// Clone returns a copy of m that shares no field slice with it.
func (m Message) Clone() Message {
	m.Fields = append([]Field(nil), m.Fields...)
	return m
}

// Index returns the index of the first field named name (ASCII
// case-insensitive), or -1.
func (m *Message) Index(name string) int {
	for i := range m.Fields {
		if strings.EqualFold(m.Fields[i].Name, name) {
			return i
		}
	}
	return -1
}

// Remove deletes every field named name (case-insensitive).
func (m *Message) Remove(name string) {
	out := m.Fields[:0]
	for _, f := range m.Fields {
		if !strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	m.Fields = out
}

// Set replaces the fields named name by one line "name: value" at the
// place of the first, or appends it.
func (m *Message) Set(name, value string) {
	i := m.Index(name)
	if i < 0 {
		m.Add(name, value)
		return
	}
	m.Fields[i] = Field{Name: name, Lead: " ", Value: value}
	rest := m.Fields[:i+1]
	for _, f := range m.Fields[i+1:] {
		if !strings.EqualFold(f.Name, name) {
			rest = append(rest, f)
		}
	}
	m.Fields = rest
}

// Add appends the field line "name: value".
func (m *Message) Add(name, value string) {
	m.Fields = append(m.Fields, Field{Name: name, Lead: " ", Value: value})
}

// String returns the head as a Go-quoted string, one line per field, for
// failure reports.
func (m Message) String() string {
	var b strings.Builder
	b.WriteString(strconv.Quote(m.Pre + m.Start + orCRLF(m.StartEnd)))
	for _, f := range m.Fields {
		b.WriteString("\n  ")
		b.WriteString(strconv.Quote(f.Name + ":" + f.Lead + f.Value + f.Trail + orCRLF(f.End)))
	}
	b.WriteString("\n  \"\\r\\n\"")
	return b.String()
}

func orCRLF(s string) string {
	if s == "" {
		return "\r\n"
	}
	return s
}
