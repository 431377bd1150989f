package oracle

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/upgradecases"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/rules"
)

// TCPTarget is any server of an upgrade protocol (WebSocket unless
// SetProtocol says otherwise) listening on a TCP address, reached with a
// new connection per case. Every request is sent to the target's path and
// query, with a Host naming it (wire.Target.Retarget).
type TCPTarget struct {
	t        wire.Target
	name     string
	protocol string // "" is judge.WebSocket
}

// ParseTCPTarget parses "tcp://HOST:PORT[/PATH][?QUERY]".
func ParseTCPTarget(s string) (*TCPTarget, error) {
	t, err := wire.ParseTarget(s)
	if err != nil {
		return nil, err
	}
	return &TCPTarget{t: t, name: s}, nil
}

// Name returns the target as given.
func (t *TCPTarget) Name() string { return t.name }

// SetName names the target in findings and baselines (fuzzrun diff
// --name): the implementation's name, so that the same peer on another
// port keeps its baseline entries.
func (t *TCPTarget) SetName(name string) { t.name = name }

// Version is unknown for a remote target.
func (t *TCPTarget) Version() string { return "" }

// Protocol is the upgrade protocol the target is tested as a server of:
// "websocket" unless SetProtocol chose "h2c" or "tls".
func (t *TCPTarget) Protocol() string {
	if t.protocol == "" {
		return judge.WebSocket
	}
	return t.protocol
}

// SetProtocol chooses the upgrade protocol the target serves (fuzzrun diff
// --protocol): judge.WebSocket, judge.H2C or judge.TLS. It decides the
// preflight's handshake, the cases the target takes (Takes) and how the
// judge reads its answers (Observation.Protocol).
func (t *TCPTarget) SetProtocol(protocol string) error {
	switch protocol {
	case judge.WebSocket, judge.H2C, judge.TLS:
		t.protocol = protocol
		return nil
	}
	return fmt.Errorf("unknown protocol %q: want websocket, h2c or tls", protocol)
}

// Takes reports whether the target is sent server case c: every case for
// a WebSocket target, as before; for h2c or TLS, the cases whose request
// offers that protocol (upgradecases.Offers; for h2c, "h2" too), so that
// a run spends its cases on the protocol the target serves. Each case
// keeps its own name and rule.
func (t *TCPTarget) Takes(c Case) bool {
	return c.Side != ServerSide || upgradecases.Offers(c.Message, t.Protocol())
}

// Close does nothing: each case has its own connection.
func (t *TCPTarget) Close() {}

// Connect dials the target, giving up after DefaultTimeout.
func (t *TCPTarget) Connect(ctx context.Context) (net.Conn, func() string, error) {
	d := net.Dialer{Timeout: DefaultTimeout}
	c, err := d.DialContext(ctx, "tcp", t.t.Addr)
	return c, nil, err
}

// Preflight checks, before a run, that the target answers the plain
// handshake of its protocol at its path with a 101 (for WebSocket, RFC
// 6455 §1.2's; wire.PreflightProtocol): a run against a closed port, a
// wrong path or a server that does not serve the protocol is a run error,
// not a page of findings.
func (t *TCPTarget) Preflight(ctx context.Context, timeout time.Duration) error {
	if err := wire.PreflightProtocol(ctx, wire.TCP, t.t, t.Protocol(), max(timeout, DefaultTimeout)); err != nil {
		return fmt.Errorf("preflight: %w", err)
	}
	return nil
}

// Rewrite adapts a case's request to the target: its path, query and
// Host, keeping the case's defect (wire.Target.Retarget).
func (t *TCPTarget) Rewrite(c Case) Case {
	c.Message = t.t.Retarget(c.Message)
	return c
}

// ProtocolCases returns the hand-written server cases of protocol (h2c or
// tls; internal/upgradecases, the ones fuzzrun suite --protocol sends),
// bound to Host example.com and path /chat, which a TCPTarget rewrites to
// its own (Rewrite); nil for any other protocol. fuzzrun diff --protocol
// adds them to the run, beside the generated cases of that protocol.
func ProtocolCases(protocol string) []Case {
	var out []Case
	for _, u := range upgradecases.For(protocol) {
		msg := strings.ReplaceAll(strings.ReplaceAll(u.Request, upgradecases.Host, "example.com"), upgradecases.Path, "/chat")
		out = append(out, Case{Name: u.Name, Side: ServerSide, Message: []byte(msg + u.Body), Rule: u.Rule, Level: rules.LevelOf(u.Rule)})
	}
	return out
}

var _ ServerTarget = (*TCPTarget)(nil)

// takes reports whether case c goes to target t: a case of t's side that
// its ServerTarget, when it has a Takes method (TCPTarget does), takes.
func (t *target) takes(c Case) bool {
	if t.side != c.Side {
		return false
	}
	if f, ok := t.server.(interface{ Takes(Case) bool }); ok {
		return f.Takes(c)
	}
	return true
}
