package adapters

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

// httpServer is a net/http Server that serves the connections the oracle
// hands it, through a listener fed from a channel.
type httpServer struct {
	srv *http.Server
	ln  *pipeListener
}

type connKey struct{}

// netHTTPLayer is the Layer of every adapter built on newHTTPServer: a
// request net/http's Server refuses, or never finishes reading, does not
// reach the library's handler, and what happens to it is net/http's doing.
const netHTTPLayer = "net/http server"

// newHTTPServer starts a net/http Server running h. A connection for which
// net/http calls h is marked reached (oracle.PeerConn.Reached). A panic in
// h is recorded on the connection, then re-raised so that net/http handles
// it as it always does.
func newHTTPServer(h http.Handler) *httpServer {
	s := &httpServer{ln: newPipeListener()}
	s.srv = &http.Server{
		Handler:           markReached(recordPanics(h)),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
	go s.srv.Serve(s.ln)
	return s
}

// markReached wraps h so that the connection a request came on is marked
// reached before h runs.
func markReached(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if pc, ok := r.Context().Value(connKey{}).(*oracle.PeerConn); ok {
			pc.Reached()
		}
		h.ServeHTTP(w, r)
	})
}

// recordPanics wraps h so that a panic is recorded on the connection the
// request came on before it propagates.
func recordPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if pc, ok := r.Context().Value(connKey{}).(*oracle.PeerConn); ok && v != http.ErrAbortHandler {
					pc.Panicked(v)
				}
				panic(v)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// Serve hands c to the server.
func (s *httpServer) Serve(c *oracle.PeerConn) { s.ln.Serve(c) }

// Close stops the server.
func (s *httpServer) Close() { s.srv.Close() }

// pipeListener is a net.Listener whose connections come from a channel.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Serve hands c to the listener's next Accept, or closes it once the
// listener is closed.
func (l *pipeListener) Serve(c *oracle.PeerConn) {
	select {
	case l.conns <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// rawServer serves each connection by calling fn in the oracle's goroutine,
// for implementations that take a connection directly.
type rawServer func(c net.Conn)

func (f rawServer) Serve(c *oracle.PeerConn) { f(c) }
func (f rawServer) Close()                   {}

// listenerServer is an oracle.Server for implementations that serve a
// net.Listener: Serve hands each connection to the listener's Accept,
// Close closes the listener.
type listenerServer struct{ ln *pipeListener }

func (s listenerServer) Serve(c *oracle.PeerConn) { s.ln.Serve(c) }
func (s listenerServer) Close()                   { s.ln.Close() }
