package wire

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// ErrOversized reports a head longer than the limit, or more interim
// heads than the limits allow, without the final one.
var ErrOversized = errors.New("wire: head over the limit")

// Reader reads message heads, one after the other, from a connection,
// keeping the octets read past each. Every method is bounded by the limit
// it is given; deadlines are the caller's (net.Conn.SetDeadline), except
// the settle wait of After.
type Reader struct {
	c   net.Conn
	buf []byte // octets read and not handed out yet
	sc  Scanner
	end int   // where the head in buf ends, -1 unknown
	err error // the read error that ended the stream, once buf is used up
}

// NewReader returns a Reader of c.
func NewReader(c net.Conn) *Reader { return &Reader{c: c, end: -1} }

// Complete reports whether the octets read so far hold a complete head.
func (r *Reader) Complete() bool {
	if r.end < 0 {
		r.end = r.sc.End(r.buf)
	}
	return r.end >= 0
}

// Buffered returns the octets read and not handed out as a head: after
// Head, those that followed it. The slice is the Reader's; copy it to keep
// it past the next call.
func (r *Reader) Buffered() []byte { return r.buf }

// Fill reads once from the connection (at most a chunk), unless max
// octets are buffered already, in which case it returns ErrOversized. It
// returns the read's error, which ends the stream.
func (r *Reader) Fill(max int) error {
	if r.err != nil {
		return r.err
	}
	if len(r.buf) >= max {
		return fmt.Errorf("%w: %d bytes without the end of a head", ErrOversized, len(r.buf))
	}
	// Read into the room there is, growing the buffer by doubling from
	// 512 octets: most heads are a few hundred octets, and a chunk-sized
	// buffer for each would be mostly garbage.
	r.buf = growTo(r.buf, 1)
	n, err := r.c.Read(r.buf[len(r.buf) : len(r.buf)+min(chunk, max-len(r.buf), cap(r.buf)-len(r.buf))])
	r.buf = r.buf[:len(r.buf)+n]
	if err != nil {
		r.err = err
	}
	return err
}

// growTo makes room for n more octets after len(b).
func growTo(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), max(2*cap(b), len(b)+n, 512))
	copy(nb, b)
	return nb
}

// Head reads until a complete head has arrived and returns it (a copy),
// keeping the octets after it buffered. A head not complete within max
// octets gives ErrOversized; a connection that ends first, the read's
// error. On error, head holds the octets read (at most max).
func (r *Reader) Head(max int) (head []byte, err error) {
	for !r.Complete() {
		if err := r.Fill(max); err != nil && !r.Complete() {
			out := r.buf[:min(len(r.buf), max)]
			r.buf, r.end = nil, -1
			r.sc.Reset()
			return append([]byte(nil), out...), err
		}
	}
	head = append([]byte(nil), r.buf[:r.end]...)
	r.buf = r.buf[r.end:]
	r.end = -1
	r.sc.Reset()
	return head, nil
}

// After returns a copy of the octets buffered past the last head plus
// those that arrive within settle (none waited for when settle < 0), at
// most max in all. It changes the connection's read deadline when it
// waits.
func (r *Reader) After(max int, settle time.Duration) []byte {
	if settle > 0 && len(r.buf) < max && r.err == nil {
		r.c.SetReadDeadline(time.Now().Add(settle))
		for len(r.buf) < max && r.Fill(max) == nil {
		}
	}
	if len(r.buf) == 0 {
		return nil
	}
	return append([]byte(nil), r.buf[:min(len(r.buf), max)]...)
}
