// Package planted holds small peers with deliberate, documented defects
// (and one without), built on package parser, so that tests can prove the
// suite detects each defect and cites the right rule:
//
//   - [Server]: a strict WebSocket server; with [AcceptBadKey] it also
//     switches on a malformed Sec-WebSocket-Key.
//   - [Proxy]: a reverse proxy that tunnels only after a valid 101; with
//     [TunnelAfterRefusal] it tunnels after any answer, with
//     [TunnelOnUnsolicited101] it trusts a 101 to a request that offered
//     no upgrade.
//   - [Dial]: a WebSocket client handshake; with [IgnoreAccept] it opens
//     whatever Sec-WebSocket-Accept the server sends.
//
// They listen on 127.0.0.1 only and are for tests, never for production.
package planted
