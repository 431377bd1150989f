package adapters

import (
	"io"
	"net"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

// tcpRelay serves the oracle's connections with a server that accepts
// only real sockets (its poller needs a file descriptor): each connection
// is dialled afresh to addr on the loopback interface and the two are
// joined, byte for byte in both directions. A half-close is passed on as
// one; a reset from the server reaches the oracle as a close.
type tcpRelay struct {
	addr string
	stop func()
}

// Serve joins c to a new connection to the server.
func (r *tcpRelay) Serve(c *oracle.PeerConn) {
	s, err := net.DialTimeout("tcp", r.addr, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	go func() {
		relayCopy(s, c)
		s.(*net.TCPConn).CloseWrite()
	}()
	go func() {
		relayCopy(c, s)
		s.Close()
		c.Close()
	}()
}

// relayBuffer is the buffer of each direction of a relayed connection: a
// handshake is a few hundred octets, and io.Copy's default 32 KiB for each
// was a tenth of a run's garbage.
const relayBuffer = 4 << 10

// relayCopy copies src to dst through a relayBuffer. Hiding the
// connections' ReadFrom and WriteTo keeps io.CopyBuffer on that buffer:
// a TCP connection's fall back on io.Copy's own.
func relayCopy(dst io.Writer, src io.Reader) {
	io.CopyBuffer(struct{ io.Writer }{dst}, struct{ io.Reader }{src}, make([]byte, relayBuffer))
}

// Close stops the server.
func (r *tcpRelay) Close() { r.stop() }

// listenLoopback is a Listen function for servers that take one: it
// listens on addr and reports the address the kernel chose to got.
func listenLoopback(got *string) func(network, addr string) (net.Listener, error) {
	return func(network, addr string) (net.Listener, error) {
		ln, err := net.Listen(network, addr)
		if err == nil {
			*got = ln.Addr().String()
		}
		return ln, err
	}
}
