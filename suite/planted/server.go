package planted

import (
	"net"
	"strings"
	"sync"
	"time"

	"github.com/switchyard/switchyard/parser"
)

// ServerDefect selects a planted server's defect.
type ServerDefect uint8

const (
	// StrictServer has no defect: it switches exactly when the strict
	// reference says so and refuses with the reference's status.
	StrictServer ServerDefect = iota
	// AcceptBadKey switches on a WebSocket request whose only faults are
	// in Sec-WebSocket-Key (RFC 6455 §4.2.1 requires a refusal).
	AcceptBadKey
)

// Server is a WebSocket server built on package parser.
type Server struct {
	ln     net.Listener
	defect ServerDefect
	wg     sync.WaitGroup
}

// NewServer starts a server with the given defect on 127.0.0.1 and a free
// port.
func NewServer(defect ServerDefect) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, defect: defect}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Addr returns the server's HOST:PORT.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(c)
		}()
	}
}

func (s *Server) handle(c net.Conn) {
	defer closeGently(c)
	c.SetDeadline(time.Now().Add(ioTimeout))
	head, err := readHead(c)
	if err != nil {
		return
	}
	var p parser.Parser
	r := p.ParseRequest(head)
	c.Write(Answer(r, s.defect))
}

// Answer returns the response the planted server sends to r: the strict
// reference's 101 or refusal, or a plain 200 to a request that offers no
// WebSocket handshake, bent by the defect.
func Answer(r *parser.Request, defect ServerDefect) []byte {
	switch {
	case switches(r, defect):
		var sel parser.Selection
		if len(r.WebSocket.Protocols) > 0 {
			sel.Subprotocol = r.WebSocket.Protocols[0].Value
		}
		return parser.AppendSwitchingProtocols(nil, r.WebSocket.Key, sel)
	case !r.Verdict.Valid(true):
		return parser.AppendRefusal(nil, r.RefusalStatus(true), "refused")
	case r.WebSocket.Offered:
		return parser.AppendRefusal(nil, 400, "refused")
	}
	return []byte("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nok\n")
}

func switches(r *parser.Request, defect ServerDefect) bool {
	if !r.WebSocket.Offered || !r.Complete {
		return false
	}
	for _, p := range r.Switchable {
		if strings.EqualFold(string(p.Name), "websocket") {
			return true
		}
	}
	if defect != AcceptBadKey || r.Get("Sec-WebSocket-Key") == nil {
		return false
	}
	// The defect: faults in the key are overlooked.
	for _, v := range r.Violations {
		if v.Role == parser.Recipient && v.Field != "Sec-WebSocket-Key" {
			return false
		}
	}
	return true
}
