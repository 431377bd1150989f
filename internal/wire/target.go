package wire

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
)

// Target is a server under test reached over TCP, as given on the command
// line: tcp://HOST:PORT[/PATH][?QUERY]. Every case sent to it goes to its
// path and query, with a Host naming it (Retarget).
type Target struct {
	Addr  string // HOST:PORT
	Path  string // the escaped path, "/" when the URL has none
	Query string // the raw query, without "?"; "" for none
}

// ParseTarget parses "tcp://HOST:PORT[/PATH][?QUERY]".
func ParseTarget(s string) (Target, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "tcp" || u.Host == "" || u.Port() == "" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return Target{}, fmt.Errorf("target %q: want tcp://HOST:PORT[/PATH][?QUERY]", s)
	}
	t := Target{Addr: u.Host, Path: u.EscapedPath(), Query: u.RawQuery}
	if t.Path == "" {
		t.Path = "/"
	}
	return t, nil
}

// RequestTarget is the origin-form request-target of the target: its path
// and query.
func (t Target) RequestTarget() string {
	if t.Query == "" {
		return t.Path
	}
	return t.Path + "?" + t.Query
}

// String returns the target as a tcp:// URL.
func (t Target) String() string { return "tcp://" + t.Addr + t.RequestTarget() }

// Retarget points a request (a head, possibly followed by its body, which
// is left alone) at the target, keeping whatever defect the case is about:
//
//   - a request-line of three tokens whose request-target is a well-formed
//     origin-form or absolute-form gets the target's path, and the
//     target's query followed by the case's own (so that a case about a
//     query keeps it); a fragment is kept; the authority of an
//     absolute-form becomes the target's address. Any other request-line
//     (a missing or split target, a control octet, "*", authority-form)
//     is left as it is: its defect is the case.
//   - every Host field line whose value is a well-formed host[:port] gets
//     the target's address; an empty, malformed or oddly spelled one is
//     the case's defect and is kept.
func (t Target) Retarget(msg []byte) []byte {
	end := parser.HeadEnd(msg)
	if end < 0 {
		end = len(msg)
	}
	var out []byte
	first := true
	for rest := msg[:end]; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		rest = rest[len(line):]
		body, eol := splitEOL(line)
		switch {
		case first && len(body) > 0:
			first = false
			out = append(out, t.requestLine(body)...)
		case !first:
			out = append(out, t.hostLine(body)...)
		default:
			out = append(out, body...)
		}
		out = append(out, eol...)
	}
	return append(out, msg[end:]...)
}

// splitEOL splits a line from its CRLF or LF.
func splitEOL(line []byte) (body, eol []byte) {
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		return line[:len(line)-2], line[len(line)-2:]
	case bytes.HasSuffix(line, []byte("\n")):
		return line[:len(line)-1], line[len(line)-1:]
	}
	return line, nil
}

// requestLine rewrites the request-target of a request-line.
func (t Target) requestLine(line []byte) []byte {
	// Tokens separated by runs of SP; the separators are kept.
	var toks [][2]int
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		toks = append(toks, [2]int{i, j})
		i = j
	}
	if len(toks) != 3 {
		return line
	}
	rt, ok := t.requestTarget(string(line[toks[1][0]:toks[1][1]]))
	if !ok {
		return line
	}
	out := append([]byte(nil), line[:toks[1][0]]...)
	out = append(out, rt...)
	return append(out, line[toks[1][1]:]...)
}

// requestTarget rewrites one request-target, reporting false when it is
// not a well-formed origin-form or absolute-form.
func (t Target) requestTarget(rt string) (string, bool) {
	base, frag, hasFrag := strings.Cut(rt, "#")
	if hasFrag {
		frag = "#" + frag
	}
	if !targetChars(base) {
		return "", false
	}
	prefix := ""
	switch {
	case strings.HasPrefix(base, "/"):
	case schemeEnd(base) > 0:
		i := schemeEnd(base)
		auth := base[i+3:]
		j := strings.IndexAny(auth, "/?")
		if j < 0 {
			j = len(auth)
		}
		prefix, base = base[:i+3]+t.Addr, auth[j:]
	default:
		return "", false
	}
	_, q, _ := strings.Cut(base, "?")
	return prefix + t.Path + mergeQuery(t.Query, q) + frag, true
}

// schemeEnd returns the index of "://" after a scheme, or -1.
func schemeEnd(s string) int {
	i := strings.Index(s, "://")
	if i <= 0 {
		return -1
	}
	for k := 0; k < i; k++ {
		c := s[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || k > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return -1
		}
	}
	return i
}

// mergeQuery is the target's query followed by the case's own.
func mergeQuery(target, own string) string {
	q := own
	if target != "" && own != target && !strings.HasPrefix(own, target+"&") {
		q = target
		if own != "" {
			q += "&" + own
		}
	}
	if q == "" {
		return ""
	}
	return "?" + q
}

// targetChars reports whether s holds only octets a request-target may
// (RFC 3986 pchar, "/", "?", and "[" "]" of an IP-literal authority).
func targetChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~%!$&'()*+,;=:@/?[]", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// hostLine gives a well-formed Host field line the target's address.
func (t Target) hostLine(line []byte) []byte {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || !strings.EqualFold(string(name), "Host") {
		return line
	}
	v := bytes.TrimLeft(value, " \t")
	lead := value[:len(value)-len(v)]
	v2 := bytes.TrimRight(v, " \t")
	trail := v[len(v2):]
	if !hostPort(string(v2)) {
		return line
	}
	out := append(append([]byte(nil), name...), ':')
	out = append(append(out, lead...), t.Addr...)
	return append(out, trail...)
}

// hostPort reports a well-formed uri-host [":" port] with a non-empty
// host and, after a colon, at least one digit (RFC 9110 §7.2).
func hostPort(s string) bool {
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		i := strings.IndexByte(s, ']')
		if i < 0 {
			return false
		}
		host, port = s[:i+1], s[i+1:]
		if port != "" && port[0] != ':' {
			return false
		}
	} else if i := strings.IndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i:]
		for k := 0; k < len(host); k++ {
			c := host[k]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~%!$&'()*+,;=", c) >= 0) {
				return false
			}
		}
	} else {
		return hostPort(s + ":0")
	}
	if host == "" {
		return false
	}
	if port != "" {
		if len(port) < 2 {
			return false
		}
		for _, c := range port[1:] {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// PreflightKey is the Sec-WebSocket-Key of the preflight handshake, the
// sample nonce of RFC 6455 §1.2.
const PreflightKey = "dGhlIHNhbXBsZSBub25jZQ=="

// PreflightSubprotocols is the Sec-WebSocket-Protocol offer of the
// WebSocket preflight handshake, RFC 6455 §1.2's example; a server that
// serves other subprotocols only is offered its own
// (PreflightRequestOffering).
const PreflightSubprotocols = "chat, superchat"

// PreflightRequest is the plain valid WebSocket handshake of RFC 6455
// §1.2, sent to the target's path and query with a Host naming it (and an
// Origin of the same host, which a server's default same-origin check
// accepts), offering PreflightSubprotocols.
func PreflightRequest(t Target) []byte {
	return PreflightRequestOffering(t, PreflightSubprotocols)
}

// PreflightRequestOffering is PreflightRequest offering the subprotocols
// offer (a Sec-WebSocket-Protocol value, RFC 6455 §4.1) instead; "" offers
// none. A server may refuse a handshake that offers none of the
// subprotocols it serves, so the preflight offers one it serves.
func PreflightRequestOffering(t Target, offer string) []byte {
	proto := ""
	if offer != "" {
		proto = "Sec-WebSocket-Protocol: " + offer + "\r\n"
	}
	return []byte("GET " + t.RequestTarget() + " HTTP/1.1\r\n" +
		"Host: " + t.Addr + "\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + PreflightKey + "\r\n" +
		"Origin: http://" + t.Addr + "\r\n" +
		proto +
		"Sec-WebSocket-Version: 13\r\n\r\n")
}

// PreflightSettings is the HTTP2-Settings value of the h2c preflight
// handshake: the base64url encoding, without padding, of a valid SETTINGS
// payload of two settings (SETTINGS_MAX_CONCURRENT_STREAMS = 100 and
// SETTINGS_INITIAL_WINDOW_SIZE = 1073807359), RFC 7540 §3.2.1.
const PreflightSettings = "AAMAAABkAARAAP__"

// PreflightRequestFor is the plain valid handshake of protocol
// ("websocket", "h2c" or "tls"; "" is websocket) for the target:
//
//   - websocket: PreflightRequest, RFC 6455 §1.2;
//   - h2c: GET to the target's path and query with Upgrade: h2c,
//     Connection: Upgrade, HTTP2-Settings and one valid HTTP2-Settings
//     (RFC 7540 §3.2);
//   - tls: the mandatory upgrade of RFC 2817 §3.2, OPTIONS * with
//     Upgrade: TLS/1.0 and Connection: Upgrade.
//
// It returns nil for any other protocol.
func PreflightRequestFor(t Target, protocol string) []byte {
	switch protocol {
	case "", judge.WebSocket:
		return PreflightRequest(t)
	case judge.H2C:
		return []byte("GET " + t.RequestTarget() + " HTTP/1.1\r\n" +
			"Host: " + t.Addr + "\r\n" +
			"Connection: Upgrade, HTTP2-Settings\r\n" +
			"Upgrade: h2c\r\n" +
			"HTTP2-Settings: " + PreflightSettings + "\r\n\r\n")
	case judge.TLS:
		return []byte("OPTIONS * HTTP/1.1\r\n" +
			"Host: " + t.Addr + "\r\n" +
			"Upgrade: TLS/1.0\r\n" +
			"Connection: Upgrade\r\n\r\n")
	}
	return nil
}

// handshakeName names a protocol's preflight handshake in errors.
func handshakeName(protocol string) string {
	switch protocol {
	case judge.H2C:
		return "the plain h2c upgrade (RFC 7540 §3.2)"
	case judge.TLS:
		return "the mandatory TLS/1.0 upgrade (RFC 2817 §3.2, OPTIONS *)"
	}
	return "the plain WebSocket handshake (RFC 6455 §1.2)"
}

// Preflight sends PreflightRequest to the target before a run and returns
// nil only when it is answered with a 101 (PreflightProtocol for
// "websocket").
func Preflight(ctx context.Context, dial Dialer, t Target, timeout time.Duration) error {
	return PreflightProtocol(ctx, dial, t, judge.WebSocket, timeout)
}

// PreflightProtocol sends the plain valid handshake of protocol
// (PreflightRequestFor) to the target before a run and returns nil only
// when it is answered with a 101: the preflight checks that the target
// implements the protocol, so a 200 over HTTP/1.1 does not do. Otherwise
// the error says what the target did (its status-line, or the
// connection's fate): a run against a wrong path, a target that does not
// serve the protocol or one that refuses connections would only measure
// that, case after case.
func PreflightProtocol(ctx context.Context, dial Dialer, t Target, protocol string, timeout time.Duration) error {
	return PreflightOffering(ctx, dial, t, protocol, PreflightSubprotocols, timeout)
}

// PreflightOffering is PreflightProtocol whose WebSocket handshake offers
// the subprotocols offer (PreflightRequestOffering); for h2c and TLS the
// offer is not used.
func PreflightOffering(ctx context.Context, dial Dialer, t Target, protocol, offer string, timeout time.Duration) error {
	req := PreflightRequestFor(t, protocol)
	if protocol == "" || protocol == judge.WebSocket {
		req = PreflightRequestOffering(t, offer)
	}
	if req == nil {
		return fmt.Errorf("preflight: unknown protocol %q (want websocket, h2c or tls)", protocol)
	}
	what := handshakeName(protocol)
	at := t.RequestTarget()
	if protocol == judge.TLS {
		at = "*"
	}
	o := Exchange(ctx, dial, t.Addr, req, len(req), timeout)
	switch {
	case o.Fate == judge.Unreachable:
		return fmt.Errorf("target %s is unreachable: %s", t, o.Detail)
	case o.Fate != judge.Answered:
		return fmt.Errorf("target %s: %s to %s got no response head: %s (%s)", t, what, at, o.Fate, o.Detail)
	}
	line := StatusLine(o.Reply)
	if f := strings.Fields(line); len(f) >= 2 && strings.HasPrefix(f[0], "HTTP/") && f[1] == "101" {
		return nil
	}
	server := map[string]string{judge.H2C: "an h2c server", judge.TLS: "a server of RFC 2817's upgrade to TLS"}[protocol]
	if server == "" {
		server = "a WebSocket server"
	}
	return fmt.Errorf("target %s: %s to %s was answered %q, not 101: is %s at that path?", t, what, at, line, server)
}

// StatusLine returns the first non-empty line of a head, without its line
// end.
func StatusLine(head []byte) string {
	for _, l := range strings.Split(string(head), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			return l
		}
	}
	return ""
}
