package handshake

import (
	"encoding/base64"
	"math/rand"
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/parser"
)

// NewExchange builds a valid exchange of the given upgrade, every legal
// choice (case, OWS, list splitting, field order, optional fields) drawn
// from r.
func NewExchange(r *rand.Rand, u Upgrade) Exchange {
	switch u {
	case H2C:
		return newH2C(r)
	case TLS:
		return newTLS(r)
	}
	return newWebSocket(r)
}

// Pick returns one of the choices.
func Pick(r *rand.Rand, choices ...string) string { return choices[r.Intn(len(choices))] }

// Chance reports true with probability 1/n.
func Chance(r *rand.Rand, n int) bool { return r.Intn(n) == 0 }

// Casing spells s in a random legal case: as is, lower, upper or mixed.
// Field names, connection options and upgrade tokens are case-insensitive
// (RFC 9110 §5.1, §7.6.1, §16.7).
func Casing(r *rand.Rand, s string) string {
	switch r.Intn(6) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	case 2:
		b := []byte(s)
		for i := range b {
			if Chance(r, 2) {
				b[i] ^= 0x20 * byte(Btoi(isLetter(b[i])))
			}
		}
		return string(b)
	}
	return s
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// Btoi returns 1 for true and 0 for false.
func Btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// OWS returns optional whitespace: mostly empty or one SP, sometimes more
// or HTAB (RFC 9110 §5.6.3).
func OWS(r *rand.Rand) string { return Pick(r, "", "", " ", " ", "  ", "\t", " \t") }

// NewField returns a field line with random name case and OWS around the value.
func NewField(r *rand.Rand, name, value string, optional bool) Field {
	lead := OWS(r)
	if Chance(r, 2) {
		lead = " "
	}
	trail := ""
	if Chance(r, 4) {
		trail = OWS(r)
	}
	return Field{Name: Casing(r, name), Lead: lead, Value: value, Trail: trail, Optional: optional}
}

// ListFields spreads the elements of a list field over one or more field
// lines, joined by a comma with random OWS (RFC 9110 §5.2, §5.6.1).
func ListFields(r *rand.Rand, name string, elems []string, optional bool) []Field {
	var out []Field
	cur := []string{}
	for i, e := range elems {
		cur = append(cur, e)
		if i == len(elems)-1 || Chance(r, 3) {
			var b strings.Builder
			for j, c := range cur {
				if j > 0 {
					b.WriteString(Pick(r, ", ", ", ", ",", " , ", ",\t"))
				}
				b.WriteString(c)
			}
			out = append(out, NewField(r, name, b.String(), optional))
			cur = cur[:0]
		}
	}
	return out
}

// Shuffle puts the fields in random order: order does not matter to
// recipients (RFC 6455 §4.2.1), except between lines of one list field,
// whose relative order is kept.
func Shuffle(r *rand.Rand, fs []Field) []Field {
	order := make([]string, len(fs))
	for i, f := range fs {
		order[i] = strings.ToLower(f.Name)
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	// Refill the shuffled name slots with each name's lines in their order.
	next := map[string]int{}
	out := make([]Field, 0, len(fs))
	for _, n := range order {
		for k := next[n]; k < len(fs); k++ {
			if strings.ToLower(fs[k].Name) == n {
				out = append(out, fs[k])
				next[n] = k + 1
				break
			}
		}
	}
	return out
}

// Host returns a Host value: a name or an IP literal, with a port now and
// then.
func Host(r *rand.Rand) string {
	h := Pick(r, "example.com", "server.example.com", "localhost", "127.0.0.1", "[::1]", "ws.example.org")
	if Chance(r, 3) {
		h += ":" + strconv.Itoa(1024+r.Intn(60000))
	}
	return h
}

// NewTarget returns a request-target in origin-form (RFC 9112 §3.2.1).
func NewTarget(r *rand.Rand) string {
	return Pick(r, "/", "/chat", "/ws", "/socket.io/?EIO=4&transport=websocket", "/a/b/c?x=1&y=%20", "/demo")
}

// NewKey returns a strict Sec-WebSocket-Key: 16 random octets in base64
// (RFC 6455 §4.1; STRICT-G1).
func NewKey(r *rand.Rand) string {
	var b [16]byte
	r.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

var subprotocolPool = []string{"chat", "superchat", "Chat", "v1.graphql-ws", "mqtt", "wamp.2.json", "soap", "x_y~z"}

// ExtraRequestFields are the optional fields, besides the upgrade's own,
// a generated request may carry: name and value.
var ExtraRequestFields = [][2]string{
	{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) switchyard/1"},
	{"Origin", "http://example.com"},
	{"Cache-Control", "no-cache"},
	{"Pragma", "no-cache"},
	{"Accept-Encoding", "gzip, deflate"},
	{"Accept-Language", "en-US,en;q=0.9"},
	{"Cookie", "session=abc123"},
}

func extras(r *rand.Rand, pool [][2]string) []Field {
	var out []Field
	for _, kv := range pool {
		if Chance(r, 3) {
			v := kv[1]
			if kv[0] == "Origin" {
				v = Pick(r, "http://example.com", "https://app.example.org", "null", "http://localhost:3000")
			}
			out = append(out, NewField(r, kv[0], v, true))
		}
	}
	return out
}

// Connection returns the elements of a Connection field: "Upgrade" in a
// random case, the extra options, and now and then keep-alive.
func Connection(r *rand.Rand, extra ...string) []string {
	elems := append([]string{Casing(r, "Upgrade")}, extra...)
	if Chance(r, 3) {
		elems = append(elems, Casing(r, "keep-alive"))
	}
	r.Shuffle(len(elems), func(i, j int) { elems[i], elems[j] = elems[j], elems[i] })
	return elems
}

func newWebSocket(r *rand.Rand) Exchange {
	e := Exchange{Upgrade: WebSocket, Key: NewKey(r)}
	fs := []Field{
		NewField(r, "Host", Host(r), false),
		NewField(r, "Upgrade", Casing(r, "websocket"), false),
		NewField(r, "Sec-WebSocket-Key", e.Key, false),
		NewField(r, "Sec-WebSocket-Version", "13", false),
	}
	fs = append(fs, ListFields(r, "Connection", Connection(r), false)...)
	fs = append(fs, extras(r, ExtraRequestFields)...)
	if Chance(r, 2) {
		n := 1 + r.Intn(3)
		for _, i := range r.Perm(len(subprotocolPool))[:n] {
			e.Subprotocols = append(e.Subprotocols, subprotocolPool[i])
		}
	}
	if Chance(r, 2) {
		for n := 1 + r.Intn(2); n > 0; n-- {
			e.Deflate = append(e.Deflate, deflateOffer(r))
		}
	}
	e.Response = websocket101(r, &e)
	// Offers the response selects from must stay; the others may go.
	keepProto := e.Response.Index("Sec-WebSocket-Protocol") >= 0
	keepExt := e.Response.Index("Sec-WebSocket-Extensions") >= 0
	if len(e.Subprotocols) > 0 {
		fs = append(fs, ListFields(r, "Sec-WebSocket-Protocol", e.Subprotocols, !keepProto)...)
	}
	if len(e.Deflate) > 0 {
		var elems []string
		for _, o := range e.Deflate {
			elems = append(elems, o.Format(r))
		}
		if Chance(r, 4) {
			elems = append(elems, "x-webkit-deflate-frame")
		}
		fs = append(fs, ListFields(r, "Sec-WebSocket-Extensions", elems, !keepExt)...)
	}
	e.Request = Message{Start: "GET " + NewTarget(r) + " HTTP/1.1", Fields: Shuffle(r, fs)}
	return e
}

// deflateOffer draws a valid permessage-deflate offer (RFC 7692 §7.1).
func deflateOffer(r *rand.Rand) DeflateOffer {
	var o DeflateOffer
	for _, i := range r.Perm(4) {
		if !Chance(r, 2) {
			continue
		}
		switch i {
		case 0:
			o.Params = append(o.Params, parser.ServerNoContextTakeover)
		case 1:
			o.Params = append(o.Params, parser.ClientNoContextTakeover)
		case 2:
			o.Params = append(o.Params, parser.ServerMaxWindowBits+"="+strconv.Itoa(8+r.Intn(8)))
		case 3:
			p := parser.ClientMaxWindowBits
			if Chance(r, 2) {
				p += "=" + strconv.Itoa(8+r.Intn(8))
			}
			o.Params = append(o.Params, p)
		}
	}
	return o
}

// Format prints the offer as an extension element, with random OWS around
// ";" (RFC 2616 implied *LWS, AMB-13) and a quoted value now and then.
func (o DeflateOffer) Format(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(parser.PermessageDeflate)
	for _, p := range o.Params {
		b.WriteString(Pick(r, "; ", "; ", ";", " ; "))
		if n, v, ok := strings.Cut(p, "="); ok && Chance(r, 5) {
			p = n + `="` + v + `"`
		}
		b.WriteString(p)
	}
	return b.String()
}

// websocket101 builds the 101 that accepts e's request (RFC 6455 §4.2.2):
// maybe one offered subprotocol, maybe a valid answer to one
// permessage-deflate offer (RFC 7692 §7.1).
func websocket101(r *rand.Rand, e *Exchange) Message {
	fs := []Field{
		NewField(r, "Upgrade", Casing(r, "websocket"), false),
		NewField(r, "Connection", Casing(r, "Upgrade"), false),
		NewField(r, "Sec-WebSocket-Accept", parser.Accept(e.Key), false),
	}
	if len(e.Subprotocols) > 0 && !Chance(r, 4) {
		fs = append(fs, NewField(r, "Sec-WebSocket-Protocol", e.Subprotocols[r.Intn(len(e.Subprotocols))], true))
	}
	if len(e.Deflate) > 0 && !Chance(r, 4) {
		fs = append(fs, NewField(r, "Sec-WebSocket-Extensions", deflateAnswer(r, e.Deflate[r.Intn(len(e.Deflate))]), true))
	}
	if Chance(r, 3) {
		fs = append(fs, NewField(r, "Server", "switchyard-gen/1", true))
	}
	if Chance(r, 3) {
		fs = append(fs, NewField(r, "Date", "Sat, 21 Nov 2026 10:00:00 GMT", true))
	}
	return Message{Start: statusLine(r), Fields: Shuffle(r, fs)}
}

func statusLine(r *rand.Rand) string {
	return "HTTP/1.1 101 " + Pick(r, "Switching Protocols", "Switching Protocols", "Web Socket Protocol Handshake", "")
}

// deflateAnswer draws a valid response to offer o (RFC 7692 §7.1.1, §7.1.2;
// AMB-15, AMB-16).
func deflateAnswer(r *rand.Rand, o DeflateOffer) string {
	var ps []string
	if _, ok := o.Param(parser.ServerNoContextTakeover); ok || Chance(r, 4) {
		ps = append(ps, parser.ServerNoContextTakeover)
	}
	if _, ok := o.Param(parser.ClientNoContextTakeover); ok && Chance(r, 2) || Chance(r, 5) {
		ps = append(ps, parser.ClientNoContextTakeover)
	}
	if v, ok := o.Param(parser.ServerMaxWindowBits); ok {
		n, _ := strconv.Atoi(v)
		ps = append(ps, parser.ServerMaxWindowBits+"="+strconv.Itoa(8+r.Intn(n-7)))
	} else if Chance(r, 4) {
		ps = append(ps, parser.ServerMaxWindowBits+"="+strconv.Itoa(8+r.Intn(8)))
	}
	if _, ok := o.Param(parser.ClientMaxWindowBits); ok && Chance(r, 2) {
		ps = append(ps, parser.ClientMaxWindowBits+"="+strconv.Itoa(8+r.Intn(8)))
	}
	r.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	return DeflateOffer{Params: ps}.Format(r)
}

// newH2C builds an h2c upgrade (RFC 7540 §3.2): HTTP2-Settings named in
// Connection, holding base64url SETTINGS without padding.
func newH2C(r *rand.Rand) Exchange {
	e := Exchange{Upgrade: H2C}
	fs := []Field{
		NewField(r, "Host", Host(r), false),
		NewField(r, "Upgrade", Casing(r, "h2c"), false),
		NewField(r, "HTTP2-Settings", string(parser.AppendHTTP2Settings(nil, Settings(r))), false),
	}
	fs = append(fs, ListFields(r, "Connection", Connection(r, Casing(r, "HTTP2-Settings")), false)...)
	fs = append(fs, extras(r, ExtraRequestFields[:1])...)
	start := "GET " + NewTarget(r) + " HTTP/1.1"
	if Chance(r, 3) {
		start = "OPTIONS " + Pick(r, "*", "/") + " HTTP/1.1"
	}
	e.Request = Message{Start: start, Fields: Shuffle(r, fs)}
	e.Response = Message{Start: statusLine(r), Fields: Shuffle(r, []Field{
		NewField(r, "Connection", Casing(r, "Upgrade"), false),
		NewField(r, "Upgrade", Casing(r, "h2c"), false),
	})}
	return e
}

// Settings draws one to four valid SETTINGS (RFC 7540 §6.5.2, RFC 8441 §3).
func Settings(r *rand.Rand) []parser.Setting {
	var out []parser.Setting
	for n := 1 + r.Intn(4); n > 0; n-- {
		id := uint16(1 + r.Intn(8))
		v := r.Uint32()
		switch id {
		case parser.SettingEnablePush:
			v = uint32(r.Intn(2))
		case parser.SettingInitialWindowSize:
			v &= 1<<31 - 1
		case parser.SettingMaxFrameSize:
			v = 1<<14 + v%(1<<24-1<<14)
		case parser.SettingEnableConnectProtocol:
			v &= 1 // RFC 8441 §3: 0 or 1 (no further draw: the stream of cases stays as it was)
		}
		out = append(out, parser.Setting{ID: id, Value: v})
	}
	return out
}

// newTLS builds a TLS/1.0 upgrade (RFC 2817 §3): OPTIONS * or an ordinary
// request, and a 101 listing the stack bottom-up (§3.3).
func newTLS(r *rand.Rand) Exchange {
	e := Exchange{Upgrade: TLS}
	fs := []Field{
		NewField(r, "Host", Host(r), false),
		NewField(r, "Upgrade", Pick(r, "TLS/1.0", "tls/1.0", "TLS/1.0"), false),
	}
	fs = append(fs, ListFields(r, "Connection", Connection(r), false)...)
	fs = append(fs, extras(r, ExtraRequestFields[:1])...)
	start := "OPTIONS * HTTP/1.1"
	if Chance(r, 3) {
		start = "GET " + NewTarget(r) + " HTTP/1.1"
	}
	e.Request = Message{Start: start, Fields: Shuffle(r, fs)}
	up := "TLS/1.0, HTTP/1.1"
	if Chance(r, 3) {
		up = "TLS/1.0"
	}
	e.Response = Message{Start: statusLine(r), Fields: Shuffle(r, []Field{
		NewField(r, "Upgrade", up, false),
		NewField(r, "Connection", Casing(r, "Upgrade"), false),
	})}
	return e
}
