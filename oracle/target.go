package oracle

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/switchyard/switchyard/judge"
)

// Side says which end of the handshake an implementation plays
// (judge.Side).
type Side = judge.Side

// The sides the oracle drives.
const (
	ServerSide = judge.Server
	ClientSide = judge.Client
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
	// Layer names a server layer the implementation sits on and shares
	// with others, e.g. "net/http server" for a library whose handler
	// net/http's Server calls; "" when the implementation reads the
	// connection itself. A connection the layer answers without calling
	// the implementation's code is attributed to the layer (see
	// [PeerConn.Reached] and Observation.Layer).
	Layer string
	// RequireSubprotocol declares that, as configured, the implementation
	// refuses a handshake offering none of Subprotocols (a documented
	// choice of the library): the judge then takes such a refusal for the
	// choice it is (judge.ServerConfig).
	RequireSubprotocol bool
	// Subprotocols are the subprotocols it is configured with.
	Subprotocols []string
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

// ProxyImpl describes one in-process intermediary: a real proxy started
// in this process on a loopback port, tested in proxy mode with the
// scripted backend behind it (suite/proxymode).
type ProxyImpl struct {
	Name   string // short name, e.g. "httputil.ReverseProxy"
	Module string // Go module path whose version is reported, "" for the standard library
	// Start starts the proxy, forwarding to backend (HOST:PORT), and
	// returns its address and a function that stops it.
	Start func(backend string) (addr string, stop func(), err error)
}

// PeerConn is the server's end of a connection under test. It records a
// panic raised while serving it, and whether the implementation's own code
// was reached for it.
type PeerConn struct {
	net.Conn
	mu       sync.Mutex
	panic    string
	reached  bool
	finished chan struct{} // closed by Finished
	once     sync.Once
}

// newPeerConn returns the server's end of a connection under test.
func newPeerConn(c net.Conn) *PeerConn {
	return &PeerConn{Conn: c, finished: make(chan struct{})}
}

// Finished records that the implementation is done with c for good: it
// will neither read nor write c again, whether it closed c or left it
// open. An adapter calls it when the implementation says so through its
// own entry point (a callback it runs once it has given up on, or
// finished serving, the connection). A connection the implementation has
// finished with but left open stays silent forever, so the oracle knows
// at once what it would otherwise learn only at the timeout (Hung).
// Calling it twice is harmless.
func (c *PeerConn) Finished() {
	c.once.Do(func() {
		if c.finished != nil {
			close(c.finished)
		}
	})
}

// Reached records that the implementation's own code (for a layered
// implementation, its handler) was called for c. An adapter whose
// ServerImpl has a Layer calls it; for others it is unused.
func (c *PeerConn) Reached() {
	c.mu.Lock()
	c.reached = true
	c.mu.Unlock()
}

// WasReached reports whether Reached was called.
func (c *PeerConn) WasReached() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reached
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

// LayeredTarget is a ServerTarget whose implementation sits on a shared
// server layer (ServerImpl.Layer). ObserveServer connects to it through
// ConnectReached, and attributes a connection the layer answered without
// reaching the implementation to the layer (Observation.Layer).
type LayeredTarget interface {
	ServerTarget
	// Layer names the shared layer, "" when there is none.
	Layer() string
	// ConnectReached is Connect, and also returns reached, which reports,
	// once the exchange is over, whether the implementation's own code
	// was called for the connection.
	ConnectReached(ctx context.Context) (c net.Conn, panicked func() string, reached func() bool, err error)
}

// inProcess is a ServerImpl running in this process, reached over net.Pipe.
// It is a LayeredTarget.
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
func (t *inProcess) Layer() string    { return t.impl.Layer }

// ServerConfig returns what the implementation's adapter declares of its
// configuration, or nil.
func (t *inProcess) ServerConfig() *judge.ServerConfig {
	if !t.impl.RequireSubprotocol {
		return nil
	}
	return &judge.ServerConfig{Subprotocols: t.impl.Subprotocols, RequireSubprotocol: true}
}

func (t *inProcess) Connect(ctx context.Context) (net.Conn, func() string, error) {
	c, panicked, _, err := t.ConnectReached(ctx)
	return c, panicked, err
}

func (t *inProcess) ConnectReached(ctx context.Context) (net.Conn, func() string, func() bool, error) {
	ours, theirs := net.Pipe()
	pc := newPeerConn(theirs)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				pc.Panicked(v)
				pc.Close()
			}
		}()
		t.srv.Serve(pc)
	}()
	return &oracleEnd{Conn: ours, peer: pc}, pc.PanicValue, pc.WasReached, nil
}

// oracleEnd is the oracle's end of an in-process connection: it knows
// when the implementation at the other end has finished with it
// (PeerConn.Finished).
type oracleEnd struct {
	net.Conn
	peer *PeerConn
}

// peerFinished is closed once the implementation has finished with the
// connection.
func (c *oracleEnd) peerFinished() <-chan struct{} { return c.peer.finished }
