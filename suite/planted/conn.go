package planted

import (
	"net"
	"time"

	"github.com/switchyard/switchyard/internal/wire"
)

// ioTimeout bounds every read and write of the planted peers.
const ioTimeout = 2 * time.Second

// maxHead caps the head the planted peers read.
const maxHead = 64 << 10

// readHead reads one head from c through the one I/O layer, at most
// maxHead octets.
func readHead(c net.Conn) ([]byte, error) { return wire.NewReader(c).Head(maxHead) }

// closeGently closes c after draining what the peer still sends for a
// moment, so that unread octets do not turn the close into a reset that
// destroys the response in flight.
func closeGently(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			break
		}
	}
	c.Close()
}
