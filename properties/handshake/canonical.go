package handshake

import (
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// ListFieldNames are the fields whose lines combine into one list
// (RFC 9110 §5.2), in lower case.
var ListFieldNames = map[string]bool{
	"connection": true, "upgrade": true, "sec-websocket-protocol": true, "sec-websocket-extensions": true,
}

// SplitPair returns the first two lines of one list field, or -1, -1.
func SplitPair(m *Message) (int, int) {
	for i, f := range m.Fields {
		if !ListFieldNames[strings.ToLower(f.Name)] {
			continue
		}
		for j := i + 1; j < len(m.Fields); j++ {
			if strings.EqualFold(m.Fields[j].Name, f.Name) {
				return i, j
			}
		}
	}
	return -1, -1
}

// canonicalNames spells the field names the generators use.
var canonicalNames = func() map[string]string {
	m := map[string]string{}
	for _, kv := range ExtraRequestFields {
		m[strings.ToLower(kv[0])] = kv[0]
	}
	m["server"], m["date"] = "Server", "Date"
	return m
}()

// CanonicalName spells a field name as the shrinker leaves it: the
// parser's canonical spelling, or the generators' own.
func CanonicalName(n string) string {
	if c := parser.CanonicalName(n); c != n {
		return c
	}
	if c, ok := canonicalNames[strings.ToLower(n)]; ok {
		return c
	}
	return n
}

// canonicalTokens spells the tokens of Upgrade and Connection.
var canonicalTokens = map[string]string{
	"websocket": "websocket", "upgrade": "Upgrade", "keep-alive": "keep-alive", "h2c": "h2c",
	"http2-settings": "HTTP2-Settings", "tls/1.0": "TLS/1.0", "http/1.1": "HTTP/1.1",
}

// CanonicalValue spells the tokens of an Upgrade or Connection value in
// canonical case; other values are returned as they are.
func CanonicalValue(name, v string) string {
	if !strings.EqualFold(name, "Upgrade") && !strings.EqualFold(name, "Connection") {
		return v
	}
	elems := strings.Split(v, ",")
	for i, el := range elems {
		el = strings.Trim(el, " \t")
		if c, ok := canonicalTokens[strings.ToLower(el)]; ok {
			el = c
		}
		elems[i] = el
	}
	return strings.Join(elems, ", ")
}

// Canonical returns e in the plainest legal form: field names and tokens
// in canonical case, one SP before each value and none after, the lines
// of each list field merged, list elements joined by ", ", extension
// parameters by "; " and unquoted. Recipient probes vary this form, so
// that what a faulty recipient refuses is the variation's doing.
func Canonical(e Exchange) Exchange {
	e = e.Clone()
	for _, m := range []*Message{&e.Request, &e.Response} {
		for i, j := SplitPair(m); i >= 0; i, j = SplitPair(m) {
			m.Fields[i].Value += ", " + m.Fields[j].Value
			m.Fields = slices.Delete(m.Fields, j, j+1)
		}
		for i := range m.Fields {
			f := &m.Fields[i]
			f.Name, f.Lead, f.Trail = CanonicalName(f.Name), " ", ""
			f.Value = CanonicalValue(f.Name, f.Value)
			switch strings.ToLower(f.Name) {
			case "sec-websocket-protocol":
				f.Value = JoinList(SplitList(f.Value), func() string { return ", " })
			case "sec-websocket-extensions":
				xs := ParseExtensions(f.Value)
				for _, x := range xs {
					for p := 1; p < len(x); p++ {
						if n, v, ok := strings.Cut(x[p], "="); ok {
							x[p] = strings.Trim(n, " \t") + "=" + strings.Trim(v, " \t\"")
						}
					}
				}
				f.Value = FormatExtensions(xs, func() string { return "; " })
			}
		}
	}
	return e
}
