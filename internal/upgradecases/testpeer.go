package upgradecases

import (
	"net"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/listen"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/parser"
)

// TestPeer is a test fixture, not an implementation of anything: a
// loopback server written on package parser that answers one request per
// connection as the strict reference decides for a server of one protocol
// (h2c or TLS/1.0), so that the tests of the suite and of fuzzrun can run
// the h2c and TLS paths end to end without a real server. It never speaks
// HTTP/2 or TLS after its 101: it sends an empty SETTINGS frame (h2c) or
// nothing (TLS), then closes. Real servers are in scripts/peers.
type TestPeer struct {
	*listen.Server
	protocol string
	defect   PeerDefect
}

// PeerDefect plants one fault in a TestPeer.
type PeerDefect uint8

const (
	// NoDefect: the peer does what the strict reference does.
	NoDefect PeerDefect = iota
	// PingFirst: after an h2c 101 the peer's first frame is a PING, not
	// its SETTINGS (RFC 7540 §3.2).
	PingFirst
	// SwitchAnyTLS: the peer switches on any Upgrade naming TLS, HTTP/1.0
	// and other versions included.
	SwitchAnyTLS
)

// NewTestPeer starts a TestPeer of protocol (judge.H2C or judge.TLS) on
// 127.0.0.1 and a port the kernel picks.
func NewTestPeer(protocol string, defect PeerDefect) (*TestPeer, error) {
	p := &TestPeer{protocol: protocol, defect: defect}
	s, err := listen.Start("127.0.0.1:0", p.handle)
	if err != nil {
		return nil, err
	}
	p.Server = s
	return p, nil
}

// handle answers the one request of a connection.
func (p *TestPeer) handle(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	r := wire.ReadRequest(c, wire.Limits{Settle: wire.NoSettle})
	if r.Fate != judge.Answered {
		return
	}
	c.Write(p.answer(r.Head))
}

// The HTTP/2 frames the fixture sends after an h2c 101.
var (
	emptySettings = []byte{0, 0, 0, 0x4, 0, 0, 0, 0, 0}
	pingFrame     = []byte{0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}
)

// answer is the fixture's response to the request head raw.
func (p *TestPeer) answer(raw []byte) []byte {
	req := parser.ParseRequest(raw)
	name := p.protocol
	if name == judge.TLS {
		name = "TLS"
	}
	for _, pr := range req.Switchable {
		if strings.EqualFold(string(pr.Name), name) && req.Complete {
			if p.protocol == judge.TLS {
				return []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n")
			}
			out := []byte("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
			if p.defect == PingFirst {
				out = append(out, pingFrame...)
			}
			return append(out, emptySettings...)
		}
	}
	if p.protocol == judge.TLS && p.defect == SwitchAnyTLS && Offers(raw, judge.TLS) {
		return []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\n\r\n")
	}
	if !req.Verdict.Valid(parser.Strict) {
		return parser.AppendRefusal(nil, req.RefusalStatus(parser.Strict), "refused")
	}
	if p.protocol == judge.TLS && !Offers(raw, judge.TLS) {
		// RFC 2817 §4.2: this resource needs TLS.
		return []byte("HTTP/1.1 426 Upgrade Required\r\nUpgrade: TLS/1.0, HTTP/1.1\r\nConnection: Upgrade\r\nContent-Length: 0\r\n\r\n")
	}
	return []byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
}
