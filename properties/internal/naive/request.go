package naive

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// nRequest is what the server reads from a handshake request.
type nRequest struct {
	key        string
	protocols  []string
	extensions []nExt
}

// request checks a handshake request as a server must (RFC 6455 §4.2.1)
// and returns its offers.
func (n Recipient) request(b []byte) (nRequest, error) {
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
		if n.has(FaultRequireSubprotocol) {
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
func (n Recipient) required(h nHead) (string, error) {
	if host, err := n.single(h, "Host"); err != nil || host == "" {
		return "", errors.New("Host missing, empty or repeated")
	}
	if ok, err := n.hasElement(h, "Upgrade", "websocket", n.has(FaultCaseSensitiveProtocols)); !ok || err != nil {
		return "", fmt.Errorf("Upgrade lacks websocket (%v)", err)
	}
	if ok, err := n.hasElement(h, "Connection", "Upgrade", n.has(FaultCaseSensitiveOptions)); !ok || err != nil {
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

// Server decides on a request and reports its offers.
func (n Recipient) Server(b []byte) Decision {
	q, err := n.request(b)
	if err != nil {
		return Decision{Err: err}
	}
	d := Decision{protocols: q.protocols}
	for _, x := range q.extensions {
		d.extensions = append(d.extensions, x.String())
	}
	return d
}
