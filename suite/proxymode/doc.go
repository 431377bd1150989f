// Package proxymode tests an HTTP/1.1 reverse proxy's handling of the
// Upgrade mechanism. The harness plays both ends: it sends each case's
// request through the proxy and is the proxy's backend (a scripted server
// that answers as the case says: 101, 426, 200, a broken 101, a 101 to a
// request that offered none, ...). It records the request as the backend
// received it, the response as the client received it, and whether the
// proxy then tunnels raw octets: after the response the client sends a
// probe, a second HTTP request, and the backend reports whether it arrived
// byte for byte on the same connection (a tunnel) or was parsed and
// forwarded as HTTP.
//
// Observations are judged by the state machine's intermediary role
// (package statemachine): hop-by-hop fields (RFC 9110 §7.6.1), and
// Switchyard's PROXY-n rules on when a proxy may become a tunnel. The
// PROXY-n rules are POLICY, so a departure from them is NON-STRICT, never
// an RFC violation.
//
// [Run] is the engine; fuzzrun suite --proxy calls it, and fuzzrun diff
// can too.
package proxymode
