package parser

import (
	"strconv"
	"strings"

	"github.com/switchyard/switchyard/rules"
)

// The default ports of the WebSocket URI schemes (RFC 6455 §3).
const (
	DefaultWSPort  = 80  // ws
	DefaultWSSPort = 443 // wss
)

// WebSocketURI is a ws or wss URI split into the components a client
// establishes a WebSocket connection with (RFC 6455 §3, §4.1): /host/,
// /port/, /resource name/ and the /secure/ flag.
type WebSocketURI struct {
	// Secure is the /secure/ flag: the scheme is "wss", matched
	// case-insensitively.
	Secure bool
	// Host is the host as written: a reg-name or IPv4address, or an
	// IP-literal with its brackets. Compare it case-insensitively.
	Host string
	// Port is the port: the one written, or 80 for ws and 443 for wss when
	// the URI has none (or an empty one).
	Port int
	// Path is the path-abempty component: empty, or starting with "/".
	Path string
	// Query is the query component, without its "?".
	Query string
}

// ResourceName returns the /resource name/ (RFC 6455 §3): "/" when the path
// is empty, then the path, then "?" and the query when the query is not
// empty. It is the origin-form request-target of the handshake.
func (u *WebSocketURI) ResourceName() string {
	p := u.resourcePath()
	if u.Query != "" {
		return p + "?" + u.Query
	}
	return p
}

// resourcePath is the path part of the resource name.
func (u *WebSocketURI) resourcePath() string {
	if u.Path == "" {
		return "/"
	}
	return u.Path
}

// DefaultPort reports whether Port is the scheme's default.
func (u *WebSocketURI) DefaultPort() bool {
	if u.Secure {
		return u.Port == DefaultWSSPort
	}
	return u.Port == DefaultWSPort
}

// HostValue returns the Host field value a client sends for the URI
// (RFC 6455 §4.1, item 4 of the handshake): /host/, plus ":" and /port/
// when the port is not the default.
func (u *WebSocketURI) HostValue() string {
	if u.DefaultPort() {
		return u.Host
	}
	return u.Host + ":" + strconv.Itoa(u.Port)
}

// String returns the URI rebuilt from its components, the port written
// only when it is not the default. It is the URI RFC 6455 §4.1 says to
// construct from /host/, /port/, /resource name/ and /secure/.
func (u *WebSocketURI) String() string {
	scheme := "ws://"
	if u.Secure {
		scheme = "wss://"
	}
	return scheme + u.HostValue() + u.Path + queryPart(u.Query)
}

func queryPart(q string) string {
	if q == "" {
		return ""
	}
	return "?" + q
}

// ParseWebSocketURI parses and validates a ws or wss URI against RFC 6455
// §3:
//
//	ws-URI  = "ws:"  "//" host [ ":" port ] path [ "?" query ]
//	wss-URI = "wss:" "//" host [ ":" port ] path [ "?" query ]
//
// with host, port, path-abempty and query from RFC 3986. The scheme is
// matched case-insensitively. A URI that breaks the grammar (userinfo, a
// bad host, a non-digit port, an octet outside pchar, a '%' without two hex
// digits) is refused citing RFC6455-3-G1; a '#' — a fragment, or an
// unescaped '#' — citing RFC6455-3-1. An empty host, or a port above
// 65535, matches the grammar but names nothing a client can connect to:
// such a URI is refused citing RFC6455-4.1-1 (invalid components).
//
// A non-nil error is always a *Violation with the role Sender, the Field
// "ws-URI" and Offset and Length locating the fault in s. A client handed
// an invalid URI must Fail before sending any handshake (RFC 6455 §4.1
// step 1); Endpoint.CheckRequest judges that.
func ParseWebSocketURI(s string) (WebSocketURI, error) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return WebSocketURI{}, uriFault(rules.RFC6455_3_1, i, len(s)-i, "ws/wss URIs carry no fragment; a literal '#' is escaped as %23")
	}
	var u WebSocketURI
	rest, err := parseWSScheme(s, &u)
	if err != nil {
		return WebSocketURI{}, err
	}
	end, err := parseWSAuthority(s, rest, &u)
	if err != nil {
		return WebSocketURI{}, err
	}
	if err := parseWSPathQuery(s, end, &u); err != nil {
		return WebSocketURI{}, err
	}
	return u, nil
}

// uriFault is the error of ParseWebSocketURI: the rule broken by the
// octets s[off:off+n] (at least one).
func uriFault(id rules.ID, off, n int, msg string) error {
	if n < 1 {
		n = 1
	}
	return &Violation{Rule: id, Level: rules.LevelOf(id), Role: Sender, Field: "ws-URI",
		Offset: off, Length: n, Message: msg}
}

// parseWSScheme reads "ws://" or "wss://" (case-insensitive scheme) and
// returns the offset of the authority.
func parseWSScheme(s string, u *WebSocketURI) (int, error) {
	colon := strings.IndexByte(s, ':')
	switch {
	case colon < 0:
		return 0, uriFault(rules.RFC6455_3_G1, 0, len(s), "no scheme: a WebSocket URI starts with ws:// or wss://")
	case strings.EqualFold(s[:colon], "wss"):
		u.Secure = true
	case !strings.EqualFold(s[:colon], "ws"):
		return 0, uriFault(rules.RFC6455_3_G1, 0, colon, "scheme "+strconv.Quote(s[:colon])+" is not ws or wss")
	}
	rest := colon + 1
	if !strings.HasPrefix(s[rest:], "//") {
		return 0, uriFault(rules.RFC6455_3_G1, rest, 1, "\"//\" and an authority must follow the scheme")
	}
	return rest + 2, nil
}

// parseWSAuthority reads authority = host [ ":" port ], without userinfo,
// starting at s[rest], into u, and returns the offset past it.
func parseWSAuthority(s string, rest int, u *WebSocketURI) (int, error) {
	end := rest + strings.IndexAny(s[rest:], "/?")
	if end < rest {
		end = len(s)
	}
	auth := s[rest:end]
	if i := strings.IndexByte(auth, '@'); i >= 0 {
		return 0, uriFault(rules.RFC6455_3_G1, rest+i, 1, "userinfo is not part of a ws/wss URI")
	}
	host, port, hasPort := auth, "", false
	if strings.HasPrefix(auth, "[") {
		j := strings.IndexByte(auth, ']')
		if j < 0 || !ipLiteralOK([]byte(auth[1:j])) {
			return 0, uriFault(rules.RFC6455_3_G1, rest, len(auth), "IP-literal is not [ IPv6address ] or [ IPvFuture ]")
		}
		host = auth[:j+1]
		if after := auth[j+1:]; after != "" {
			if after[0] != ':' {
				return 0, uriFault(rules.RFC6455_3_G1, rest+j+1, 1, "only \":\" port may follow an IP-literal")
			}
			port, hasPort = after[1:], true
		}
	} else if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		host, port, hasPort = auth[:i], auth[i+1:], true
	}
	if i := uriBadOctet(host, &regNameChar); i >= 0 && host[0] != '[' {
		return 0, uriFault(rules.RFC6455_3_G1, rest+i, 1, "octet not allowed in a host (reg-name or IPv4address)")
	}
	if host == "" {
		return 0, uriFault(rules.RFC6455_4_1_1, rest, 1, "empty host: the grammar allows an empty reg-name, but it names no host to connect to")
	}
	u.Host = host
	u.Port = DefaultWSPort
	if u.Secure {
		u.Port = DefaultWSSPort
	}
	if hasPort && port != "" {
		n, err := parseWSPort(port, rest+len(auth)-len(port))
		if err != nil {
			return 0, err
		}
		u.Port = n
	}
	return end, nil
}

// parseWSPort reads port = *DIGIT, found at offset off, up to 65535.
func parseWSPort(port string, off int) (int, error) {
	for i := 0; i < len(port); i++ {
		if !isDigit(port[i]) {
			return 0, uriFault(rules.RFC6455_3_G1, off+i, 1, "port is not *DIGIT")
		}
	}
	n, err := strconv.Atoi(port)
	if err != nil || n > 65535 {
		return 0, uriFault(rules.RFC6455_4_1_1, off, len(port), "port "+port+" is above 65535: no TCP port to connect to")
	}
	return n, nil
}

// parseWSPathQuery reads path-abempty [ "?" query ] from s[end:] into u.
func parseWSPathQuery(s string, end int, u *WebSocketURI) error {
	path := s[end:]
	q := strings.IndexByte(path, '?')
	if q >= 0 {
		u.Query = path[q+1:]
		path = path[:q]
	}
	if i := uriBadOctet(path, &pathChar); i >= 0 {
		return uriFault(rules.RFC6455_3_G1, end+i, 1, "octet not allowed in a path (pchar or \"/\")")
	}
	if i := uriBadOctet(u.Query, &targetChar); i >= 0 {
		return uriFault(rules.RFC6455_3_G1, end+q+1+i, 1, "octet not allowed in a query (pchar, \"/\" or \"?\")")
	}
	u.Path = path
	return nil
}

// pathChar holds pchar and "/" (RFC 3986 §3.3): the octets of
// path-abempty; '%' admits pct-encoded, checked by uriBadOctet.
var pathChar = class("-._~%!$&'()*+,;=:@/", '0', '9', 'A', 'Z', 'a', 'z')

// uriBadOctet returns the index of the first octet of s outside c, or of a
// '%' not followed by two hex digits, or -1.
func uriBadOctet(s string, c *[256]bool) int {
	for i := 0; i < len(s); i++ {
		if !c[s[i]] {
			return i
		}
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return i
		}
	}
	return -1
}
