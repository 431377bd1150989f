// Package clientmode tests WebSocket clients. The harness is a crafted
// server: for each case it answers the client's opening handshake with a
// response built from the case's template (a valid 101, a wrong
// Sec-WebSocket-Accept, a missing Upgrade, an unsolicited subprotocol, an
// extension never offered, a 101 with Content-Length, a 200, an HTTP/1.0
// 101, ...), and a [Driver] reports whether the client under test opened
// the connection. The drivers of scripts/peers/client.sh run real clients
// (Chromium, Firefox, Node ws, Python websockets, aiohttp, Go libraries);
// [Func] wraps an in-process client.
//
// The judgement pairs the response sent with the request the client sent
// (parser.ParseResponse): a client must open on a 101 the reference
// accepts and Fail on any other (RFC 6455 §4.1). Opening on a response
// that only Switchyard's POLICY rejects is NON-STRICT, never a violation.
package clientmode
