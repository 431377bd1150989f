// Package listen runs the accept loop of the small TCP servers of
// Switchyard's tests and tools (planted peers, protocol test peers, the
// capture server): each accepted connection is served on its own
// goroutine, and Close stops accepting and waits for every handler.
package listen

import (
	"net"
	"sync"
)

// Server accepts connections on one listener and hands each to a handler.
type Server struct {
	ln net.Listener
	wg sync.WaitGroup
}

// Start listens on addr ("127.0.0.1:0" for a port the kernel picks) and
// calls handle for every connection it accepts, each on its own
// goroutine. handle owns the connection: it closes it.
func Start(addr string, handle func(c net.Conn)) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				handle(c)
			}()
		}
	}()
	return s, nil
}

// Addr returns the server's HOST:PORT.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops accepting and waits for the handlers to return.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}
