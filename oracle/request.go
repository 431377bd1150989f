package oracle

import (
	"strings"
)

// draft is a request under construction: a request-line and field lines
// kept apart so that variants and mutants can edit them before Bytes
// renders the raw message.
type draft struct {
	line   string      // request-line without CRLF
	fields [][2]string // name, value
	eol    string      // line terminator, CRLF unless a mutant changes it
	body   string
}

// field returns the index of the first field named name (case-insensitive), or -1.
func (d *draft) field(name string) int {
	for i, f := range d.fields {
		if strings.EqualFold(f[0], name) {
			return i
		}
	}
	return -1
}

// set replaces the value of the first field named name, or appends it.
func (d *draft) set(name, value string) {
	if i := d.field(name); i >= 0 {
		d.fields[i][1] = value
		return
	}
	d.fields = append(d.fields, [2]string{name, value})
}

// add appends a field line.
func (d *draft) add(name, value string) { d.fields = append(d.fields, [2]string{name, value}) }

// Bytes renders the raw message.
func (d *draft) Bytes() []byte {
	eol := d.eol
	if eol == "" {
		eol = "\r\n"
	}
	var b strings.Builder
	b.WriteString(d.line)
	b.WriteString(eol)
	for _, f := range d.fields {
		b.WriteString(f[0])
		b.WriteString(": ")
		b.WriteString(f[1])
		b.WriteString(eol)
	}
	b.WriteString(eol)
	b.WriteString(d.body)
	return []byte(b.String())
}
