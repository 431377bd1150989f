package handshake

import (
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
