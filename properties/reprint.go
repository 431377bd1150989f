package properties

import "github.com/switchyard/switchyard/parser"

// FromHead rebuilds a Message from a parsed head and the input it was
// parsed from: start-line from the method, target and version (or
// version, status and reason), each field from its name, value and the
// OWS around the value. For a head the parser accepted, printing the
// result gives the input back.
func FromHead(h *parser.Head, in []byte) Message {
	var m Message
	ver := "HTTP/" + string(rune('0'+h.Major)) + "." + string(rune('0'+h.Minor))
	if h.Kind == parser.KindRequest {
		m.Start = string(h.Method) + " " + string(h.Target) + " " + ver
	} else {
		m.Start = ver + " " + string(rune('0'+h.Status/100)) + string(rune('0'+h.Status/10%10)) + string(rune('0'+h.Status%10)) + " " + string(h.Reason)
	}
	for _, f := range h.Fields {
		colon := f.Offset + len(f.Name)
		m.Fields = append(m.Fields, Field{
			Name:  string(f.Name),
			Lead:  string(in[colon+1 : f.ValueOffset]),
			Value: string(f.Value),
			Trail: string(in[f.ValueOffset+len(f.Value) : f.End]),
		})
	}
	return m
}
