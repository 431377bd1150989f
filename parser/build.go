package parser

import "strconv"

// Builders for the responses a strict server sends. They append to dst and
// allocate nothing when dst has room.

// Selection is what a server picked from a valid WebSocket request.
type Selection struct {
	// Subprotocol is one of the offered subprotocols, echoed byte for byte
	// (AMB-7), or empty for none (RFC 6455 §4.2.2 step 5.5: then no field).
	Subprotocol []byte
	// Extensions is the Sec-WebSocket-Extensions value to send, or empty.
	Extensions []byte
}

// AppendSwitchingProtocols appends the 101 that accepts a WebSocket request
// with the given key, in the exact form of STRICT-7:
//
//	HTTP/1.1 101 Switching Protocols
//	Upgrade: websocket
//	Connection: Upgrade
//	Sec-WebSocket-Accept: <28 characters>
//	[Sec-WebSocket-Protocol: ...]
//	[Sec-WebSocket-Extensions: ...]
//
// The caller must have validated the request and chosen sel from its offers.
func AppendSwitchingProtocols(dst, key []byte, sel Selection) []byte {
	dst = append(dst, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "...)
	dst = AppendAccept(dst, key)
	dst = append(dst, "\r\n"...)
	if len(sel.Subprotocol) > 0 {
		dst = append(dst, "Sec-WebSocket-Protocol: "...)
		dst = append(dst, sel.Subprotocol...)
		dst = append(dst, "\r\n"...)
	}
	if len(sel.Extensions) > 0 {
		dst = append(dst, "Sec-WebSocket-Extensions: "...)
		dst = append(dst, sel.Extensions...)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n"...)
}

// AppendRefusal appends the error response a strict WebSocket server sends
// for status (AMB-9): 426 carries Upgrade, Connection and
// Sec-WebSocket-Version (RFC 9110 §15.5.22, RFC 6455 §4.2.2); 400 carries
// Sec-WebSocket-Version as a courtesy; every refusal closes the connection
// (STRICT-9). The body says why, in one line, without echoing the request.
func AppendRefusal(dst []byte, status int, reason string) []byte {
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(status), 10)
	dst = append(dst, ' ')
	dst = append(dst, statusText(status)...)
	dst = append(dst, "\r\n"...)
	if status == 426 {
		dst = append(dst, "Upgrade: websocket\r\nConnection: Upgrade, close\r\n"...)
	} else {
		dst = append(dst, "Connection: close\r\n"...)
	}
	if status == 426 || status == 400 {
		dst = append(dst, "Sec-WebSocket-Version: 13\r\n"...)
	}
	body := reason + "\n"
	dst = append(dst, "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(body)), 10)
	dst = append(dst, "\r\n\r\n"...)
	return append(dst, body...)
}

func statusText(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 403:
		return "Forbidden"
	case 426:
		return "Upgrade Required"
	case 431:
		return "Request Header Fields Too Large"
	case 505:
		return "HTTP Version Not Supported"
	}
	return "Error"
}
