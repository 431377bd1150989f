package oracle

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
)

// TCPTarget is any WebSocket server listening on a TCP address, reached
// with a new connection per case. Every request is sent to the target's
// path and query, with a Host naming it (wire.Target.Retarget).
type TCPTarget struct {
	t    wire.Target
	name string
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

// Protocol is websocket: remote targets are tested as WebSocket servers.
func (t *TCPTarget) Protocol() string { return "websocket" }

// Close does nothing: each case has its own connection.
func (t *TCPTarget) Close() {}

// Connect dials the target, giving up after DefaultTimeout.
func (t *TCPTarget) Connect(ctx context.Context) (net.Conn, func() string, error) {
	d := net.Dialer{Timeout: DefaultTimeout}
	c, err := d.DialContext(ctx, "tcp", t.t.Addr)
	return c, nil, err
}

// Preflight checks, before a run, that the target answers the plain
// WebSocket handshake of RFC 6455 §1.2 at its path with a 101
// (wire.Preflight): a run against a closed port, a wrong path or a server
// that is not a WebSocket server is a run error, not a page of findings.
func (t *TCPTarget) Preflight(ctx context.Context, timeout time.Duration) error {
	if err := wire.Preflight(ctx, wire.TCP, t.t, max(timeout, DefaultTimeout)); err != nil {
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

var _ ServerTarget = (*TCPTarget)(nil)
