package judge

import (
	"time"

	"github.com/switchyard/switchyard/rules"
)

// Side says which part an implementation plays in the exchange observed.
type Side string

// The sides.
const (
	// Server: the harness sent a request and read what came back.
	Server Side = "server"
	// Client: the implementation sent a request and the harness answered.
	Client Side = "client"
	// Proxy: the harness was the client in front of an intermediary and
	// the scripted backend behind it.
	Proxy Side = "proxy"
)

// The upgrade protocols a case can be about (RFC 9110 §7.8).
const (
	WebSocket = "websocket" // RFC 6455
	H2C       = "h2c"       // RFC 7540 §3.2
	TLS       = "tls"       // RFC 2817 (Upgrade: TLS/1.0)
)

// Fate is what became of a connection, as seen from the harness's end. It
// records what happened, never whether it was right: the judge decides.
type Fate string

// The fates.
const (
	// Answered: a complete final response head arrived (after any interim
	// 1xx heads, which are in Observation.Interim).
	Answered Fate = "answered"
	// Closed: the peer closed before a complete final head (possibly
	// after a partial one, which is in Observation.Reply).
	Closed Fate = "closed"
	// Hung: no complete final head before the harness's deadline, the
	// connection still open.
	Hung Fate = "hung"
	// Reset: the connection was reset (TCP RST, or EPIPE on a write).
	Reset Fate = "reset"
	// Oversized: the peer sent more head octets than the harness reads
	// (wire limits) without ending the head.
	Oversized Fate = "oversized"
	// Panicked: an in-process implementation panicked.
	Panicked Fate = "panicked"
	// Open: a client under test reported the connection open.
	Open Fate = "open"
	// Failed: a client under test reported the handshake failed.
	Failed Fate = "failed"
	// NoRequest: a client under test sent no complete request head.
	NoRequest Fate = "no-request"
	// Unreachable: the harness could not connect (refused, timed out,
	// no route): no case reached the implementation. It is never judged:
	// callers make it a run error (internal/wire.FateOf decides it).
	Unreachable Fate = "unreachable"
)

// Observation is everything the harness saw of one case, and nothing it
// concluded: the octets each party sent and the connection's fate. It is
// self-contained, so that a stored observation can be judged again, by a
// newer reference, without the case or the run that made it.
type Observation struct {
	// Side is the part the implementation under test played.
	Side Side `json:"side"`
	// Protocol is the upgrade protocol the case is about: WebSocket, H2C
	// or TLS. For a client it is the protocol the client asked for.
	Protocol string `json:"protocol"`
	// Rule is the rule the case was generated around, "" for none. It is
	// a label: the judge cites it only when the reference finds its cause
	// in the bytes.
	Rule rules.ID `json:"rule,omitempty"`

	// Request is the request head: as the harness sent it (server, proxy)
	// or as the client under test sent it (client).
	Request []byte `json:"request"`
	// Body is what followed the request head on the same connection: a
	// body the head announced, or early octets (a pipelined request, the
	// first frames of the new protocol).
	Body []byte `json:"body,omitempty"`
	// Interim holds the interim (1xx other than 101) response heads that
	// came before the final one, in order (RFC 9110 §15.2).
	Interim [][]byte `json:"interim,omitempty"`
	// Reply is the final response head: as received (server, proxy) or as
	// the harness sent it to the client under test (client). When the
	// fate is not Answered it holds the octets received, if any.
	Reply []byte `json:"reply"`
	// After holds octets received after the final response head, up to the
	// wire layer's cap.
	After []byte `json:"after,omitempty"`

	// Fate is what became of the connection.
	Fate Fate `json:"fate"`
	// Detail is the I/O error, the client's own error or a panic value.
	Detail string `json:"detail,omitempty"`
	// AfterClose reports that a client gave its verdict only once the
	// harness had closed the connection: a failure then may be the
	// close's doing.
	AfterClose bool `json:"after_close,omitempty"`
	// Layer names a shared layer that answered before the implementation's
	// own code ran (e.g. "net/http server" under a library that uses it),
	// "" when the implementation's own code was reached or nothing says.
	Layer string `json:"layer,omitempty"`

	// Proxy holds what the scripted backend saw, for Side Proxy.
	Proxy *ProxyWire `json:"proxy,omitempty"`
	// Config is what the server under test was configured to do, where
	// its adapter declares it; nil when unknown.
	Config *ServerConfig `json:"config,omitempty"`

	// Elapsed is how long the case took.
	Elapsed time.Duration `json:"elapsed_ns,omitempty"`
}

// ProxyWire is what passed through an intermediary under test, as the
// scripted backend behind it and the client in front of it saw.
type ProxyWire struct {
	// Forwarded is the request head as the backend received it; nil when
	// nothing arrived.
	Forwarded []byte `json:"forwarded"`
	// Backend is what the backend answered.
	Backend []byte `json:"backend"`
	// Pipelined reports that the client sent Probe right behind its
	// request, before any response (RFC 9112 §9.3.2).
	Pipelined bool `json:"pipelined,omitempty"`
	// Probe is what the client sent after the response (or, when
	// Pipelined, right behind its request).
	Probe []byte `json:"probe,omitempty"`
	// Tunnel: the probe reached the backend byte for byte on the
	// connection that carried the case. ProbeHTTP: it arrived as an HTTP
	// request, parsed by the proxy.
	Tunnel    bool `json:"tunnel,omitempty"`
	ProbeHTTP bool `json:"probe_http,omitempty"`
}

// ServerConfig is a server's configuration, as its adapter declares it:
// choices the RFCs leave to the server, so that the judge does not take
// them for faults.
type ServerConfig struct {
	// Subprotocols are the subprotocols the server serves.
	Subprotocols []string `json:"subprotocols,omitempty"`
	// RequireSubprotocol: the server refuses a handshake that offers none
	// of Subprotocols (RFC 6455 §4.2.2: the server chooses whether to
	// accept).
	RequireSubprotocol bool `json:"require_subprotocol,omitempty"`
}
