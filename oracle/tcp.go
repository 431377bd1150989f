package oracle

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// TCPTarget is any WebSocket server listening on a TCP address, reached
// with a new connection per case. Requests are sent with their
// request-target replaced by the target's path and Host by its address.
type TCPTarget struct {
	addr string // host:port
	path string // request-target to use, "" to keep each case's
	name string
}

// ParseTCPTarget parses "tcp://HOST:PORT[/PATH]".
func ParseTCPTarget(s string) (*TCPTarget, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "tcp" || u.Host == "" || u.Port() == "" {
		return nil, fmt.Errorf("target %q: want tcp://HOST:PORT[/PATH]", s)
	}
	return &TCPTarget{addr: u.Host, path: u.EscapedPath(), name: s}, nil
}

// Name returns the target as given.
func (t *TCPTarget) Name() string { return t.name }

// Version is unknown for a remote target.
func (t *TCPTarget) Version() string { return "" }

// Protocol is websocket: remote targets are tested as WebSocket servers.
func (t *TCPTarget) Protocol() string { return "websocket" }

// Close does nothing: each case has its own connection.
func (t *TCPTarget) Close() {}

// Connect dials the target, giving up after DefaultTimeout.
func (t *TCPTarget) Connect(ctx context.Context) (net.Conn, func() string, error) {
	d := net.Dialer{Timeout: DefaultTimeout}
	c, err := d.DialContext(ctx, "tcp", t.addr)
	return c, nil, err
}

// Check dials the target once, so that a run does not start against an
// address where nothing listens.
func (t *TCPTarget) Check() error {
	c, err := net.DialTimeout("tcp", t.addr, DefaultTimeout)
	if err != nil {
		return fmt.Errorf("target %s: %w", t.name, err)
	}
	return c.Close()
}

// Rewrite adapts a case's request to the target: its path and Host.
func (t *TCPTarget) Rewrite(c Case) Case {
	lines := strings.SplitN(string(c.Message), "\n", 2)
	if len(lines) < 2 {
		return c
	}
	first := lines[0]
	if t.path != "" {
		if parts := strings.SplitN(first, " ", 3); len(parts) == 3 && strings.HasPrefix(parts[1], "/") {
			first = parts[0] + " " + t.path + " " + parts[2]
		}
	}
	rest := lines[1]
	for _, prefix := range []string{"Host: example.com", "host: example.com", "HOST: example.com"} {
		rest = strings.Replace(rest, prefix, prefix[:6]+t.addr, 1)
	}
	c.Message = []byte(first + "\n" + rest)
	return c
}

var _ ServerTarget = (*TCPTarget)(nil)
