package statemachine

import (
	"bytes"
	"slices"
	"strings"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// What an intermediary forwards: the heads it sends on are parsed and
// checked against the ones it received.

// forwardRequest parses the request as the intermediary forwarded it and
// checks it against the one received (forwarded). The offer the server can
// answer is the forwarded one, and only if the client made one too.
func (m *Machine) forwardRequest(ev Event) (Outcome, *parser.Violation) {
	out := ev.Forwarded
	if out == nil {
		out = ev.Head
	}
	m.fwdBuf = append(m.fwdBuf[:0], out...)
	m.fwd = m.fwdP.ParseRequest(m.fwdBuf)
	in, f := m.req, m.fwd
	if o, v := forwarded(&in.Head, ev.Head, in.Connection, &f.Head, out, f.Connection); v != nil {
		return o, v
	}
	// RFC 9112 §3.2.2: for an absolute-form request, Host is regenerated
	// from the target.
	if auth, ok := absoluteAuthority(in.Target); ok {
		if h := f.Get("Host"); h == nil || !strings.EqualFold(string(h.Value), auth) {
			return cite(rules.RFC9112_3_2_2_1, "Host", "forwarded an absolute-form request with a Host other than the target's authority "+auth)
		}
	}
	// RFC 7540 §3.2.1 / RFC 9110 §7.6.1: HTTP2-Settings is connection
	// control data and must be named in Connection.
	if f.Get("HTTP2-Settings") != nil && !hasOption(f.Connection, "http2-settings") {
		return cite(rules.RFC9110_7_6_1_2, "HTTP2-Settings", "forwarded HTTP2-Settings without naming it in Connection")
	}
	// RFC 9110 §7.8: Upgrade needs the "upgrade" connection option.
	if len(f.Upgrade) > 0 && !hasOption(f.Connection, "upgrade") {
		return cite(rules.RFC9110_7_8_12, "Upgrade", "forwarded Upgrade without the \"upgrade\" connection option")
	}
	m.ex.offer = offers(f) && offers(in)
	m.ex.expect100 = f.Expect100
	return Outcome{}, nil
}

// forwardResponse parses the response head as the intermediary forwarded
// it and checks it against the one received, r.
func (m *Machine) forwardResponse(ev Event, r *parser.Response) (*parser.Response, Outcome, *parser.Violation) {
	out := ev.Forwarded
	if out == nil {
		out = ev.Head
	}
	fr := m.fwdRespP.ParseResponse(out, m.req)
	o, v := forwarded(&r.Head, ev.Head, r.Connection, &fr.Head, out, fr.Connection)
	return fr, o, v
}

// forwarded checks a message an intermediary forwarded (out, parsed from
// outRaw) against the one it received (in, from inRaw): hop-by-hop fields
// removed (RFC 9110 §7.6, §7.6.1), its own HTTP-version (RFC 9112 §2.3),
// obs-fold, NUL and CR not passed on (RFC 9112 §5.2, RFC 9110 §5.5),
// unrecognized fields passed on (RFC 9110 §5.1), and lines of one name in
// their order (RFC 9110 §5.3).
func forwarded(in *parser.Head, inRaw []byte, inConn []parser.Token, out *parser.Head, outRaw []byte, outConn []parser.Token) (Outcome, *parser.Violation) {
	if o, v := hopByHop(in, inConn, out, outConn); v != nil {
		return o, v
	}
	if out.Major != 1 || out.Minor != 1 {
		return cite(rules.RFC9112_2_3_1, startLine(out), "forwarded with HTTP-version "+version(out)+", not the intermediary's own HTTP/1.1")
	}
	if obsFold(inRaw) && obsFold(outRaw) {
		if in.Kind == parser.KindRequest {
			return cite(rules.RFC9112_5_2_2, "head", "forwarded a request with obs-fold, neither rejected nor replaced by SP")
		}
		return cite(rules.RFC9112_5_2_3, "head", "forwarded a response with obs-fold, neither replaced by 502 nor the fold by SP")
	}
	if nulOrCR(inRaw) && nulOrCR(outRaw) {
		return cite(rules.RFC9110_5_5_2, "head", "forwarded a field value with NUL or a bare CR, neither rejected nor replaced by SP")
	}
	// A response replaced by the intermediary's own (a 502 for a bad
	// response, RFC 9112 §5.2) is not forwarded: its fields are its own.
	if in.Kind == parser.KindResponse && in.Status != out.Status {
		return Outcome{}, nil
	}
	for i := range in.Fields {
		name := string(in.Fields[i].Name)
		if !recognized(name) && !hasOption(inConn, name) && out.Get(name) == nil {
			return cite(rules.RFC9110_5_1_1, parser.CanonicalName(name), "did not forward the unrecognized field "+name)
		}
	}
	for i := range in.Fields {
		name := string(in.Fields[i].Name)
		if in.Count(name) < 2 || hasOption(inConn, name) || strings.EqualFold(name, "connection") {
			continue
		}
		a, b := elements(in, name), elements(out, name)
		if len(b) > 0 && !slices.Equal(a, b) && sameElements(a, b) {
			return cite(rules.RFC9110_5_3_2, parser.CanonicalName(name), "forwarded the "+name+" field lines in another order")
		}
	}
	return Outcome{}, nil
}

// hopByHop checks a message an intermediary forwarded against the one it
// received (RFC 9110 §7.6.1): every field the received Connection names is
// removed — it may reappear only as the intermediary's own connection
// option — and so are the known hop-by-hop fields Connection need not list.
// A field left in is also one meant only for the incoming connection
// (RFC 9110 §7.6); when it is Upgrade, that is RFC 2817 §5 too.
func hopByHop(in *parser.Head, inConn []parser.Token, out *parser.Head, outConn []parser.Token) (Outcome, *parser.Violation) {
	for _, t := range inConn {
		name := string(t.Value)
		if out.Get(name) != nil && !hasOption(outConn, name) {
			also := []rules.ID{rules.RFC9110_7_6_1}
			if strings.EqualFold(name, "upgrade") {
				also = append(also, rules.RFC2817_5_1)
			}
			return citeAlso(rules.RFC9110_7_6_1_3, also, parser.CanonicalName(name), "forwarded "+parser.CanonicalName(name)+", which the received Connection named, without naming it in its own")
		}
	}
	for _, name := range [...]string{"Keep-Alive", "Proxy-Connection", "TE"} {
		if out.Get(name) != nil && !hasOption(outConn, name) {
			return cite(rules.RFC9110_7_6_1_4, name, "forwarded the hop-by-hop field "+name)
		}
	}
	return Outcome{}, nil
}

// recognizedFields are the fields the intermediary knows the semantics of,
// and so may remove, replace or regenerate: the hop-by-hop fields (RFC 9110
// §7.6.1), those a proxy consumes or rewrites (RFC 9110 §7.6.2, §7.6.3,
// §11.7), and those the upgrade mechanism reads (package parser). Every
// other field is unrecognized and is forwarded (RFC 9110 §5.1); the
// reference intermediary has no policy that blocks fields.
var recognizedFields = []string{
	"connection", "keep-alive", "proxy-connection", "te", "transfer-encoding", "upgrade", "trailer", "http2-settings",
	"max-forwards", "via", "proxy-authorization", "proxy-authenticate", "proxy-authentication-info",
	"host", "content-length", "expect", "origin",
	"sec-websocket-key", "sec-websocket-accept", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions",
}

func recognized(name string) bool {
	for _, r := range recognizedFields {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}

// elements returns the list elements of every line named name, in order,
// OWS trimmed (RFC 9110 §5.2, §5.6.1).
func elements(h *parser.Head, name string) []string {
	var out []string
	for i := range h.Fields {
		if !strings.EqualFold(string(h.Fields[i].Name), name) {
			continue
		}
		for _, e := range strings.Split(string(h.Fields[i].Value), ",") {
			if e = strings.Trim(e, " \t"); e != "" {
				out = append(out, e)
			}
		}
	}
	return out
}

// sameElements reports whether a and b hold the same elements, counted,
// in any order.
func sameElements(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// absoluteAuthority returns the authority of an absolute-form
// request-target (RFC 9112 §3.2.2), without userinfo.
func absoluteAuthority(target []byte) (string, bool) {
	t := string(target)
	i := strings.Index(t, "://")
	if i <= 0 || strings.ContainsAny(t[:i], "/?#") {
		return "", false
	}
	rest := t[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.LastIndexByte(rest, '@'); j >= 0 {
		rest = rest[j+1:]
	}
	return rest, rest != ""
}

// fieldLines returns the raw field lines of a head: after the start-line,
// before the empty line, each without its line end.
func fieldLines(raw []byte) [][]byte {
	if n := parser.HeadEnd(raw); n >= 0 {
		raw = raw[:n]
	}
	lines := bytes.Split(raw, []byte("\n"))
	if len(lines) == 0 {
		return nil
	}
	out := lines[1:]
	for i, l := range out {
		out[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// obsFold reports a field line continued on a whitespace-led line (RFC
// 9112 §5.2).
func obsFold(raw []byte) bool {
	for _, l := range fieldLines(raw) {
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			return true
		}
	}
	return false
}

// nulOrCR reports a NUL or a bare CR in the field lines (RFC 9110 §5.5).
func nulOrCR(raw []byte) bool {
	for _, l := range fieldLines(raw) {
		if bytes.IndexByte(l, 0) >= 0 || bytes.IndexByte(l, '\r') >= 0 {
			return true
		}
	}
	return false
}

func version(h *parser.Head) string {
	return "HTTP/" + string(rune('0'+h.Major%10)) + "." + string(rune('0'+h.Minor%10))
}

func startLine(h *parser.Head) string {
	if h.Kind == parser.KindRequest {
		return "request-line"
	}
	return "status-line"
}
