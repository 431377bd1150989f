package clientmode

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"time"
)

// The caps of the closing handshake after a 101: a client that sends
// endless frames, or endless octets, costs at most these.
const (
	// CloseWait bounds the wait for the client's Close frame after a 101.
	CloseWait = 1500 * time.Millisecond
	// MaxCloseFrames caps the frames skipped while waiting for the
	// client's Close frame: a client sends its Close first, or after a
	// message or two.
	MaxCloseFrames = 16
	// MaxCloseDrain caps the octets drained after the harness's Close
	// frame, so that the client reads it before the connection closes.
	MaxCloseDrain = 1 << 20
	// closeDrainWait bounds that drain.
	closeDrainWait = 200 * time.Millisecond
	// closeWriteWait bounds the write of the harness's Close frame.
	closeWriteWait = time.Second
)

// politeClose runs the server side of the WebSocket closing handshake
// (RFC 6455 §5.5.1) after a 101: wait a little for the client's Close
// frame, answer with a Close frame (status 1000), half-close and drain.
// A client that failed the connection just closes, which ends the wait.
// early holds the octets already read after the client's request head.
func politeClose(c net.Conn, early []byte) {
	c.SetReadDeadline(time.Now().Add(CloseWait))
	br := bufio.NewReader(io.MultiReader(bytes.NewReader(early), c))
	for range MaxCloseFrames {
		op, err := skipFrame(br)
		if err != nil || op == 0x8 {
			break
		}
	}
	c.SetWriteDeadline(time.Now().Add(closeWriteWait))
	c.Write([]byte{0x88, 0x02, 0x03, 0xe8})
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	c.SetReadDeadline(time.Now().Add(closeDrainWait))
	io.Copy(io.Discard, io.LimitReader(br, MaxCloseDrain))
	c.Close()
}

// skipFrame reads one WebSocket frame (RFC 6455 §5.2) and returns its
// opcode.
func skipFrame(br *bufio.Reader) (byte, error) {
	var h [2]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		return 0, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(br, ext[:]); err != nil {
			return 0, err
		}
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(br, ext[:]); err != nil {
			return 0, err
		}
		n = binary.BigEndian.Uint64(ext[:])
	}
	if h[1]&0x80 != 0 {
		n += 4 // masking key
	}
	if _, err := io.CopyN(io.Discard, br, int64(n)); err != nil {
		return 0, err
	}
	return h[0] & 0x0f, nil
}
