package oracle

import (
	"context"
	"fmt"
	"net"
	"sync"
)

// Side says which end of the handshake an implementation plays.
type Side string

// The two sides.
const (
	ServerSide Side = "server"
	ClientSide Side = "client"
)

// Server is a running server under test. Serve handles one connection whose
// other end belongs to the oracle; it may return at once and finish in the
// background (an http.Server does). The connection is a *[PeerConn]: an
// adapter whose implementation recovers panics itself reports them with
// PeerConn.Panicked, so that the oracle sees them.
type Server interface {
	Serve(c *PeerConn)
	Close()
}

// ServerImpl describes one in-process server implementation.
type ServerImpl struct {
	Name     string // short name used on the command line, e.g. "gorilla"
	Module   string // Go module path whose version is reported, "" for the standard library
	Protocol string // the upgrade protocol it serves: "websocket" or "h2c"
	// Start starts the server with Switchyard's test configuration:
	// subprotocols "chat" and "superchat", permessage-deflate where the
	// implementation supports it.
	Start func() Server
}

// ClientImpl describes one in-process client implementation.
type ClientImpl struct {
	Name   string // short name, e.g. "gorilla-client"
	Module string // Go module path whose version is reported
	// Handshake runs the implementation's client handshake for url over c,
	// offering subprotocols "chat" and "superchat" and permessage-deflate
	// where the implementation supports it. It returns nil when the
	// implementation reports the connection open.
	Handshake func(ctx context.Context, c net.Conn, url string) error
}

// PeerConn is the server's end of a connection under test. It records a
// panic raised while serving it.
type PeerConn struct {
	net.Conn
	mu    sync.Mutex
	panic string
}

// Panicked records that the implementation panicked with v while serving c.
func (c *PeerConn) Panicked(v any) {
	c.mu.Lock()
	if c.panic == "" {
		c.panic = fmt.Sprint(v)
		if c.panic == "" {
			c.panic = "panic"
		}
	}
	c.mu.Unlock()
}

// PanicValue returns the recorded panic, or "".
func (c *PeerConn) PanicValue() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.panic
}

// ServerTarget is a server under test as the oracle reaches it: a new
// connection per case.
type ServerTarget interface {
	// Name identifies the target in findings ("gorilla", "tcp://host:port/path").
	Name() string
	// Version is the implementation's version, "" when unknown.
	Version() string
	// Protocol is the upgrade protocol the target serves.
	Protocol() string
	// Connect opens a connection to the target. panicked reports, once the
	// exchange is over, a panic the target raised while serving it.
	Connect(ctx context.Context) (c net.Conn, panicked func() string, err error)
	// Close releases the target.
	Close()
}

// inProcess is a ServerImpl running in this process, reached over net.Pipe.
type inProcess struct {
	impl ServerImpl
	srv  Server
	ver  string
}

// NewInProcess starts impl and returns it as a target reached over
// net.Pipe: a real, synchronous, in-memory full-duplex connection.
func NewInProcess(impl ServerImpl) ServerTarget {
	return &inProcess{impl: impl, srv: impl.Start(), ver: ModuleVersion(impl.Module)}
}

func (t *inProcess) Name() string     { return t.impl.Name }
func (t *inProcess) Version() string  { return t.ver }
func (t *inProcess) Protocol() string { return t.impl.Protocol }
func (t *inProcess) Close()           { t.srv.Close() }

func (t *inProcess) Connect(ctx context.Context) (net.Conn, func() string, error) {
	ours, theirs := net.Pipe()
	pc := &PeerConn{Conn: theirs}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				pc.Panicked(v)
				pc.Close()
			}
		}()
		t.srv.Serve(pc)
	}()
	return ours, pc.PanicValue, nil
}
