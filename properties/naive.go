package properties

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/switchyard/switchyard/parser"
	sm "github.com/switchyard/switchyard/statemachine"
)

// The naive recipient: a small WebSocket handshake acceptor written
// straight from RFC 6455 §4.1 and §4.2.1, RFC 9110 §5 and RFC 7692 §7, with
// fault switches. Without faults it must judge every valid exchange and
// every legal variation as the reference parser does (recipient_test.go); each
// fault breaks one recipient duty, and the recipient probes check that some
// variation tagged with that duty's rule exposes it.

// fault is a set of deliberate recipient bugs.
type fault uint32

const (
	// faultNoOWSStrip strips one leading SP from a field value and nothing
	// else (RFC 9110 §5.5, RFC 9112 §5.1).
	faultNoOWSStrip fault = 1 << iota
	// faultNoElementTrim strips one leading SP from a list element and
	// nothing else (RFC 9110 §5.6.1, RFC 2616 §2.1).
	faultNoElementTrim
	// faultNoParamLWS allows no whitespace before ";" and only one SP after
	// it in an extension (RFC 2616 §2.1 implied *LWS).
	faultNoParamLWS
	// faultKeepBWS keeps the whitespace around "=" in an extension
	// parameter (RFC 9110 §5.6.3 BWS).
	faultKeepBWS
	// faultRejectEmptyElements refuses a list with an empty element (RFC
	// 9110 §5.6.1.2, RFC 2616 §2.1).
	faultRejectEmptyElements
	// faultNoUnescape takes a quoted-string's content as it is, quoted-pairs
	// left escaped (RFC 9110 §5.6.4).
	faultNoUnescape
	// faultASCIIOnly refuses any octet above %x7F (obs-text, RFC 9110 §5.5).
	faultASCIIOnly
	// faultUTF8Decode decodes the head as UTF-8 text and refuses it when it
	// is not (RFC 9112 §2.2).
	faultUTF8Decode
	// faultFirstLineOnly reads only the first line of a repeated field, as
	// a map of names to one value would (RFC 9110 §5.2).
	faultFirstLineOnly
	// faultLastLineOnly reads only the last line of a repeated field, as a
	// map overwritten line by line would (RFC 9110 §5.2).
	faultLastLineOnly
	// faultSingleExtensionsLine fails a 101 with several
	// Sec-WebSocket-Extensions lines, as the text of RFC 6455 §11.3.2 did
	// before erratum 3433.
	faultSingleExtensionsLine
	// faultCaseSensitiveNames looks fields up by their canonical spelling
	// only (RFC 6455 §4.1, RFC 9110 §5.1).
	faultCaseSensitiveNames
	// faultCaseSensitiveOptions looks for the connection option spelled
	// exactly "Upgrade" (RFC 9110 §7.6.1).
	faultCaseSensitiveOptions
	// faultCaseSensitiveProtocols looks for the upgrade token spelled
	// exactly "websocket" (RFC 9110 §16.7).
	faultCaseSensitiveProtocols
	// faultRejectUnknownFields refuses a field it does not know (RFC 6455
	// §4.2.1: unknown fields are ignored).
	faultRejectUnknownFields
	// faultRequireSubprotocol refuses a request without
	// Sec-WebSocket-Protocol, an optional field (RFC 6455 §4.2.1).
	faultRequireSubprotocol
	// faultCNCTOnlyIfOffered fails a 101 whose permessage-deflate element
	// has client_no_context_takeover the offer lacked (RFC 7692 §7.1.1.2).
	faultCNCTOnlyIfOffered
	// faultRequireClientWindow fails a 101 that leaves out
	// client_max_window_bits when the offer had it (RFC 7692 §7.1.2.2: the
	// server then accepts the default window).
	faultRequireClientWindow
	// faultUnorderedExtensions keeps the extensions in use as a set, sorted
	// by name, and so loses the order they apply in (RFC 6455 §9.1).
	faultUnorderedExtensions
	// faultAssumeFirstSubprotocol takes the client's first offer for the
	// subprotocol in use whenever the 101 selects one, not the one it
	// selects (RFC 6455 §4.1).
	faultAssumeFirstSubprotocol
	// faultOfferOnlyClientWindow takes client_max_window_bits for a
	// parameter of offers only and fails a 101 that has it (RFC 7692 §7.1:
	// all four parameters are defined for offers and responses).
	faultOfferOnlyClientWindow
	// faultShortBuffer gives the client a 64-octet buffer for each response
	// field value, shorter than values it generates itself (RFC 9110 §2.3).
	faultShortBuffer
	// faultFirstHeadFinal takes the first response head the client reads
	// for the final one, so that a 1xx before the 101 fails the handshake
	// (RFC 9110 §15.2: a client parses any 1xx before the final response).
	faultFirstHeadFinal
	// faultActEarly makes the server read the request's field lines one by
	// one and decide at the first line where Host, Upgrade, Connection,
	// Sec-WebSocket-Key and Sec-WebSocket-Version pass its checks, ignoring
	// the lines after it (RFC 9110 §5.3: a recipient does not act on a
	// request before its whole header section has arrived). It also misses
	// offers made after that line. No valid variation makes it accept what
	// it must refuse, so it is not in recipientFaults: earlyCheck probes it.
	faultActEarly
)

// nShortBuffer is the value buffer of faultShortBuffer.
const nShortBuffer = 64

// naive is the naive recipient with the given faults: a WebSocket server
// judging requests and a WebSocket client judging the 101 to its request.
type naive struct{ faults fault }

func (n naive) has(f fault) bool { return n.faults&f != 0 }

// nDecision is what a recipient makes of one message: refused (err), or
// accepted with what it negotiates — the offers a server reads from a
// request, the subprotocol and extensions a client has in use after a 101.
type nDecision struct {
	err        error
	protocols  []string
	extensions []string // each "name; param; param=value", values unescaped
}

func (d nDecision) String() string {
	if d.err != nil {
		return "refused: " + d.err.Error()
	}
	return fmt.Sprintf("accepted: protocols %q, extensions %q", d.protocols, d.extensions)
}

// same reports whether two decisions agree: both refused, or both
// accepted with the same negotiation.
func (d nDecision) same(o nDecision) bool {
	if d.err != nil || o.err != nil {
		return (d.err != nil) == (o.err != nil)
	}
	return slices.Equal(d.protocols, o.protocols) && slices.Equal(d.extensions, o.extensions)
}

// refDecisions returns the reference's decisions on e: the server's on
// the request (valid in strict mode, websocket switchable) and the
// client's on the response stream (responseStream): each interim head
// valid, the 101 valid against the request and switched, and the
// statemachine's Client role taking the request, the interim heads and
// the 101 to Switched.
func refDecisions(e Exchange) (server, client nDecision) {
	var p1, p2 parser.Parser
	req := p1.ParseRequest(e.Request.Print())
	switch {
	case !req.Valid(true):
		server.err = req.First(true)
	case !slices.ContainsFunc(req.Switchable, func(p parser.Protocol) bool { return strings.EqualFold(string(p.Name), "websocket") }):
		server.err = errors.New("websocket not switchable")
	default:
		for _, t := range req.WebSocket.Protocols {
			server.protocols = append(server.protocols, string(t.Value))
		}
		server.extensions = refExtensionList(req.WebSocket.Extensions)
	}
	interim, final, err := responseStream(e.Response)
	resp := p2.ParseResponse(final, req)
	switch {
	case err != nil:
		client.err = err
	case !resp.Valid(true):
		client.err = resp.First(true)
	case !resp.Switched:
		client.err = errors.New("not switched")
	default:
		client.err = refClientTrace(e.Request.Print(), req, interim, final)
	}
	if client.err == nil {
		if resp.Subprotocol != nil {
			client.protocols = []string{string(resp.Subprotocol)}
		}
		client.extensions = refExtensionList(resp.Extensions)
	}
	return server, client
}

// responseStream returns the response heads a client reads in m: the
// interim responses that m.Pre holds (the interim-responses variation puts
// them there: they are the octets before the 101's status-line), each
// through its empty line, and then m's own head.
func responseStream(m Message) (interim [][]byte, final []byte, err error) {
	pre := []byte(m.Pre)
	for len(pre) > 0 {
		k := parser.HeadEnd(pre)
		if k < 0 {
			return nil, nil, fmt.Errorf("octets before the response that are no complete head: %q", pre)
		}
		interim = append(interim, pre[:k])
		pre = pre[k:]
	}
	m.Pre = ""
	return interim, m.Print(), nil
}

// refClientTrace checks the interim heads are valid responses and runs the
// statemachine's Client role over the request, the interim heads and the
// final head, which must leave it Switched.
func refClientTrace(reqHead []byte, req *parser.Request, interim [][]byte, final []byte) error {
	var p parser.Parser
	for _, h := range interim {
		if r := p.ParseResponse(h, req); !r.Valid(true) {
			return fmt.Errorf("interim head %q: %v", h, r.First(true))
		}
	}
	m := sm.New(sm.Client)
	evs := []sm.Event{sm.Request(reqHead)}
	for _, h := range interim {
		evs = append(evs, sm.ResponseHeadEvent(h))
	}
	for _, ev := range append(evs, sm.ResponseHeadEvent(final)) {
		if _, err := m.Step(ev); err != nil {
			return fmt.Errorf("the Client machine refuses the %v: %v", ev.Kind, err)
		}
	}
	if m.State() != sm.Switched {
		return fmt.Errorf("the Client machine is in %v after the 101, not Switched", m.State())
	}
	return nil
}

// refExtensionList prints the reference's extensions as nExt.String does.
func refExtensionList(xs []parser.Extension) []string {
	var out []string
	for _, x := range xs {
		s := string(x.Name)
		for _, p := range x.Params {
			s += "; " + string(p.Name)
			if p.HasValue {
				s += "=" + string(p.Value)
			}
		}
		out = append(out, s)
	}
	return out
}

// judge returns the naive server's decision on e's request and the naive
// client's on e's response. The client knows what it sent: it reads its
// own request without faults.
func (n naive) judge(e Exchange) (server, client nDecision) {
	req, resp := e.Request.Print(), e.Response.Print()
	return n.server(req), n.client(req, resp)
}

// nLine is one field line, its value without OWS.
type nLine struct{ name, value string }

// nHead is a message head: the start-line and the field lines.
type nHead struct {
	start  string
	fields []nLine
}

// parse splits a head into lines (RFC 9112 §2.1, §5): each field line is a
// token, a colon and a value free of control octets but HTAB.
func (n naive) parse(b []byte, response bool) (nHead, error) {
	var h nHead
	if n.has(faultUTF8Decode) && !utf8.Valid(b) {
		return h, errors.New("head is not UTF-8 text")
	}
	s, ok := strings.CutSuffix(string(b), "\r\n\r\n")
	if !ok {
		return h, errors.New("head does not end with an empty line")
	}
	lines := strings.Split(s, "\r\n")
	h.start = lines[0]
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ":")
		if !ok || !nIsToken(name) {
			return h, fmt.Errorf("malformed field line %q", l)
		}
		for i := 0; i < len(value); i++ {
			c := value[i]
			if c < 0x20 && c != '\t' || c == 0x7f {
				return h, fmt.Errorf("control octet in %s", name)
			}
			if c >= 0x80 && n.has(faultASCIIOnly) {
				return h, fmt.Errorf("non-ASCII octet in %s", name)
			}
		}
		if n.has(faultNoOWSStrip) {
			value = strings.TrimPrefix(value, " ")
		} else {
			value = strings.Trim(value, " \t")
		}
		if response && n.has(faultShortBuffer) && len(value) > nShortBuffer {
			return h, fmt.Errorf("%s longer than %d octets", name, nShortBuffer)
		}
		if n.has(faultRejectUnknownFields) && !nKnownFields[strings.ToLower(name)] {
			return h, fmt.Errorf("unknown field %s", name)
		}
		h.fields = append(h.fields, nLine{name, value})
		if !response && n.has(faultActEarly) {
			if _, err := n.required(h); err == nil {
				return h, nil // decided: the lines after this one are never read
			}
		}
	}
	return h, nil
}

// nKnownFields are the fields faultRejectUnknownFields lets through: those
// the generators send, and Link, which the 103 of interim-responses has.
var nKnownFields = map[string]bool{
	"link": true, "host": true, "upgrade": true, "connection": true, "sec-websocket-key": true, "sec-websocket-version": true,
	"sec-websocket-protocol": true, "sec-websocket-extensions": true, "sec-websocket-accept": true, "origin": true,
	"user-agent": true, "cache-control": true, "pragma": true, "accept-encoding": true, "accept-language": true,
	"cookie": true, "server": true, "date": true,
}

// values returns the values of the lines named name (given in its
// canonical spelling), in order.
func (n naive) values(h nHead, name string) []string {
	var out []string
	for _, f := range h.fields {
		if f.name == name || !n.has(faultCaseSensitiveNames) && strings.EqualFold(f.name, name) {
			out = append(out, f.value)
		}
	}
	switch {
	case len(out) < 2:
	case n.has(faultFirstLineOnly):
		out = out[:1]
	case n.has(faultLastLineOnly):
		out = out[len(out)-1:]
	}
	return out
}

// single returns the value of a field that must appear exactly once.
func (n naive) single(h nHead, name string) (string, error) {
	vs := n.values(h, name)
	if len(vs) != 1 {
		return "", fmt.Errorf("%d %s lines", len(vs), name)
	}
	return vs[0], nil
}

// list returns the elements of a list field, its lines combined in order
// (RFC 9110 §5.2), OWS around the commas removed and empty elements left
// out (RFC 9110 §5.6.1.2).
func (n naive) list(h nHead, name string) ([]string, error) {
	var out []string
	for _, el := range nSplit(strings.Join(n.values(h, name), ", "), ',') {
		if n.has(faultNoElementTrim) {
			el = strings.TrimPrefix(el, " ")
		} else {
			el = strings.Trim(el, " \t")
		}
		if el == "" {
			if n.has(faultRejectEmptyElements) {
				return nil, fmt.Errorf("empty element in %s", name)
			}
			continue
		}
		out = append(out, el)
	}
	return out, nil
}

// hasElement reports whether the list field holds want, compared
// case-insensitively unless exact.
func (n naive) hasElement(h nHead, name, want string, exact bool) (bool, error) {
	els, err := n.list(h, name)
	return slices.ContainsFunc(els, func(el string) bool { return el == want || !exact && strings.EqualFold(el, want) }), err
}

// nSplit splits s at sep outside quoted strings.
func nSplit(s string, sep byte) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func nIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// nExt is one Sec-WebSocket-Extensions element.
type nExt struct {
	name   string
	params []nParam
}

type nParam struct {
	name, value string
	hasValue    bool
}

func (x nExt) String() string {
	s := x.name
	for _, p := range x.params {
		s += "; " + p.name
		if p.hasValue {
			s += "=" + p.value
		}
	}
	return s
}

// extensions parses Sec-WebSocket-Extensions (RFC 6455 §9.1, with the
// implied *LWS of RFC 2616 §2.1), or returns nil when it is absent.
func (n naive) extensions(h nHead) ([]nExt, error) {
	if len(n.values(h, "Sec-WebSocket-Extensions")) == 0 {
		return nil, nil
	}
	els, err := n.list(h, "Sec-WebSocket-Extensions")
	if err != nil {
		return nil, err
	}
	if len(els) == 0 {
		return nil, errors.New("Sec-WebSocket-Extensions without an extension")
	}
	var out []nExt
	for _, el := range els {
		parts := nSplit(el, ';')
		x := nExt{name: parts[0]}
		if !n.has(faultNoParamLWS) {
			x.name = strings.Trim(x.name, " \t")
		}
		if !nIsToken(x.name) {
			return nil, fmt.Errorf("extension name %q is not a token", x.name)
		}
		for _, s := range parts[1:] {
			if n.has(faultNoParamLWS) {
				s = strings.TrimPrefix(s, " ")
			} else {
				s = strings.Trim(s, " \t")
			}
			name, value, hasValue := strings.Cut(s, "=")
			if !n.has(faultKeepBWS) {
				name, value = strings.Trim(name, " \t"), strings.Trim(value, " \t")
			}
			if !nIsToken(name) {
				return nil, fmt.Errorf("parameter name %q is not a token", name)
			}
			if hasValue && strings.HasPrefix(value, `"`) {
				if value, err = n.unquote(value); err != nil {
					return nil, err
				}
			}
			if hasValue && !nIsToken(value) {
				// RFC 6455 §9.1: a quoted value, once unescaped, is a token too.
				return nil, fmt.Errorf("parameter value %q is not a token", value)
			}
			x.params = append(x.params, nParam{name, value, hasValue})
		}
		out = append(out, x)
	}
	return out, nil
}

// unquote returns the content of a quoted-string, each quoted-pair replaced
// by the octet after the backslash (RFC 9110 §5.6.4).
func (n naive) unquote(q string) (string, error) {
	if len(q) < 2 || q[len(q)-1] != '"' {
		return "", fmt.Errorf("unterminated quoted-string %s", q)
	}
	q = q[1 : len(q)-1]
	if n.has(faultNoUnescape) {
		return q, nil
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] == '\\' && i+1 < len(q) {
			i++
		}
		b.WriteByte(q[i])
	}
	return b.String(), nil
}

// nRequest is what the server reads from a handshake request.
type nRequest struct {
	key        string
	protocols  []string
	extensions []nExt
}

// request checks a handshake request as a server must (RFC 6455 §4.2.1)
// and returns its offers.
func (n naive) request(b []byte) (nRequest, error) {
	var q nRequest
	h, err := n.parse(b, false)
	if err != nil {
		return q, err
	}
	method, rest, _ := strings.Cut(h.start, " ")
	target, version, _ := strings.Cut(rest, " ")
	if method != "GET" || target == "" || version != "HTTP/1.1" {
		return q, fmt.Errorf("request-line %q", h.start)
	}
	if q.key, err = n.required(h); err != nil {
		return q, err
	}
	if cl := n.values(h, "Content-Length"); len(n.values(h, "Transfer-Encoding")) > 0 || len(cl) > 0 && cl[0] != "0" {
		return q, errors.New("a handshake with a body")
	}
	if len(n.values(h, "Sec-WebSocket-Protocol")) == 0 {
		if n.has(faultRequireSubprotocol) {
			return q, errors.New("no Sec-WebSocket-Protocol")
		}
	} else {
		if q.protocols, err = n.list(h, "Sec-WebSocket-Protocol"); err != nil {
			return q, err
		}
		for i, p := range q.protocols {
			if !nIsToken(p) || slices.Contains(q.protocols[:i], p) {
				return q, fmt.Errorf("subprotocol %q is not a token, or repeated", p)
			}
		}
		if len(q.protocols) == 0 {
			return q, errors.New("Sec-WebSocket-Protocol without a subprotocol")
		}
	}
	q.extensions, err = n.extensions(h)
	return q, err
}

// required checks the fields every handshake request has (RFC 6455
// §4.2.1 items 2 to 6) and returns the key.
func (n naive) required(h nHead) (string, error) {
	if host, err := n.single(h, "Host"); err != nil || host == "" {
		return "", errors.New("Host missing, empty or repeated")
	}
	if ok, err := n.hasElement(h, "Upgrade", "websocket", n.has(faultCaseSensitiveProtocols)); !ok || err != nil {
		return "", fmt.Errorf("Upgrade lacks websocket (%v)", err)
	}
	if ok, err := n.hasElement(h, "Connection", "Upgrade", n.has(faultCaseSensitiveOptions)); !ok || err != nil {
		return "", fmt.Errorf("Connection lacks upgrade (%v)", err)
	}
	key, err := n.single(h, "Sec-WebSocket-Key")
	if err != nil {
		return "", err
	}
	if k, err := base64.StdEncoding.DecodeString(key); err != nil || len(k) != 16 {
		return "", fmt.Errorf("Sec-WebSocket-Key %q is not 16 octets in base64", key)
	}
	if v, err := n.single(h, "Sec-WebSocket-Version"); err != nil || v != "13" {
		return "", fmt.Errorf("Sec-WebSocket-Version %q (%v)", v, err)
	}
	return key, nil
}

// server decides on a request and reports its offers.
func (n naive) server(b []byte) nDecision {
	q, err := n.request(b)
	if err != nil {
		return nDecision{err: err}
	}
	d := nDecision{protocols: q.protocols}
	for _, x := range q.extensions {
		d.extensions = append(d.extensions, x.String())
	}
	return d
}

// client decides on the response stream to the request it sent: the
// heads it reads, each through its empty line, interim 1xx responses
// skipped (RFC 9110 §15.2, AMB-19) up to the final one, which must be a
// valid 101 (RFC 6455 §4.1, RFC 7692 §5 and §7). It reports the
// subprotocol and extensions in use.
func (n naive) client(req, resp []byte) nDecision {
	sent, err := naive{}.request(req)
	if err != nil {
		return nDecision{err: fmt.Errorf("the client's own request: %v", err)}
	}
	for {
		end := strings.Index(string(resp), "\r\n\r\n")
		if end < 0 {
			return nDecision{err: errors.New("no complete response head")}
		}
		h, err := n.parse(resp[:end+4], true)
		if err != nil {
			return nDecision{err: err}
		}
		if n.has(faultFirstHeadFinal) || !nInterim(h.start) {
			// What follows a 101 is the new protocol's, not HTTP's.
			return n.switched(sent, h)
		}
		resp = resp[end+4:]
	}
}

// nInterim reports whether a status-line is that of an interim response:
// HTTP/1.1, a 1xx status other than 101, and a reason phrase after SP
// (RFC 9112 §4; RFC 9110 §15.2).
func nInterim(start string) bool {
	rest, ok := strings.CutPrefix(start, "HTTP/1.1 1")
	return ok && len(rest) >= 3 && '0' <= rest[0] && rest[0] <= '9' && '0' <= rest[1] && rest[1] <= '9' &&
		rest[2] == ' ' && rest[:2] != "01"
}

// switched judges the final response head h to the request sent.
func (n naive) switched(sent nRequest, h nHead) nDecision {
	fail := func(format string, args ...any) nDecision { return nDecision{err: fmt.Errorf(format, args...)} }
	if !strings.HasPrefix(h.start, "HTTP/1.1 101 ") {
		return fail("status-line %q", h.start)
	}
	ups, err := n.list(h, "Upgrade")
	if err != nil || len(ups) != 1 || ups[0] != "websocket" && (n.has(faultCaseSensitiveProtocols) || !strings.EqualFold(ups[0], "websocket")) {
		return fail("Upgrade %q is not websocket (%v)", ups, err)
	}
	if ok, err := n.hasElement(h, "Connection", "Upgrade", n.has(faultCaseSensitiveOptions)); !ok || err != nil {
		return fail("Connection lacks upgrade (%v)", err)
	}
	if a, err := n.single(h, "Sec-WebSocket-Accept"); err != nil || a != parser.Accept(sent.key) {
		return fail("Sec-WebSocket-Accept %q does not match (%v)", a, err)
	}
	if len(n.values(h, "Content-Length"))+len(n.values(h, "Transfer-Encoding")) > 0 {
		return fail("a 101 with framing fields")
	}
	var d nDecision
	switch ps := n.values(h, "Sec-WebSocket-Protocol"); {
	case len(ps) > 1:
		return fail("%d Sec-WebSocket-Protocol lines", len(ps))
	case len(ps) == 1:
		if !slices.Contains(sent.protocols, ps[0]) {
			return fail("subprotocol %q was not offered", ps[0])
		}
		d.protocols = ps
		if n.has(faultAssumeFirstSubprotocol) {
			d.protocols = sent.protocols[:1]
		}
	}
	if n.has(faultSingleExtensionsLine) && len(n.values(h, "Sec-WebSocket-Extensions")) > 1 {
		return fail("several Sec-WebSocket-Extensions lines")
	}
	xs, err := n.extensions(h)
	if err != nil {
		return nDecision{err: err}
	}
	deflates := 0
	for _, x := range xs {
		if !slices.ContainsFunc(sent.extensions, func(o nExt) bool { return o.name == x.name }) {
			return fail("extension %s was not offered", x.name)
		}
		if x.name == parser.PermessageDeflate {
			if deflates++; deflates > 1 {
				return fail("two permessage-deflate elements")
			}
			if !slices.ContainsFunc(sent.extensions, func(o nExt) bool { return n.answers(x, o) }) {
				return fail("%s answers no offer", x)
			}
		}
		d.extensions = append(d.extensions, x.String())
	}
	if n.has(faultUnorderedExtensions) {
		slices.Sort(d.extensions)
	}
	return d
}

// answers reports whether the permessage-deflate element x of a response
// is a valid answer to offer o (RFC 7692 §7.1; AMB-15, AMB-16, AMB-17).
func (n naive) answers(x, o nExt) bool {
	if o.name != parser.PermessageDeflate {
		return false
	}
	offered := func(name string) (nParam, bool) {
		i := slices.IndexFunc(o.params, func(p nParam) bool { return p.name == name })
		if i < 0 {
			return nParam{}, false
		}
		return o.params[i], true
	}
	// An offer with a parameter not defined for offers is declined (RFC
	// 7692 §7): no answer accepts it.
	for _, p := range o.params {
		if !slices.Contains([]string{parser.ServerNoContextTakeover, parser.ClientNoContextTakeover, parser.ServerMaxWindowBits, parser.ClientMaxWindowBits}, p.name) {
			return false
		}
	}
	// Accepting an offer echoes its server_no_context_takeover and
	// server_max_window_bits (RFC 7692 §7.1.1.1, §7.1.2.1).
	for _, echo := range []string{parser.ServerNoContextTakeover, parser.ServerMaxWindowBits} {
		if _, ok := offered(echo); ok && !slices.ContainsFunc(x.params, func(p nParam) bool { return p.name == echo }) {
			return false
		}
	}
	if _, ok := offered(parser.ClientMaxWindowBits); ok && n.has(faultRequireClientWindow) &&
		!slices.ContainsFunc(x.params, func(p nParam) bool { return p.name == parser.ClientMaxWindowBits }) {
		return false
	}
	for i, p := range x.params {
		if slices.ContainsFunc(x.params[:i], func(q nParam) bool { return q.name == p.name }) {
			return false
		}
		switch p.name {
		case parser.ServerNoContextTakeover:
			if p.hasValue {
				return false
			}
		case parser.ClientNoContextTakeover:
			if _, ok := offered(p.name); p.hasValue || !ok && n.has(faultCNCTOnlyIfOffered) {
				return false
			}
		case parser.ServerMaxWindowBits:
			bits, ok := nWindowBits(p)
			if !ok {
				return false
			}
			if q, ok := offered(p.name); ok {
				if max, _ := nWindowBits(q); bits > max {
					return false
				}
			}
		case parser.ClientMaxWindowBits:
			if _, ok := nWindowBits(p); !ok || n.has(faultOfferOnlyClientWindow) {
				return false
			}
			if _, ok := offered(p.name); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nWindowBits returns a window-bits value: 8 to 15, no leading zero.
func nWindowBits(p nParam) (int, bool) {
	v, err := strconv.Atoi(p.value)
	return v, p.hasValue && err == nil && v >= 8 && v <= 15 && p.value[0] != '0' && p.value[0] != '+'
}
