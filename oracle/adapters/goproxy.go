package adapters

import (
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/elazarl/goproxy"
)

// StartGoproxy starts elazarl/goproxy's ProxyHttpServer, served by a
// net/http Server on a kernel-chosen 127.0.0.1 port, as a transparent
// proxy to http://backend: goproxy serves absolute-form (forward proxy)
// requests itself and hands origin-form ones to its NonproxyHandler, which
// here, as in goproxy's transparent-proxy example (examples/goproxy-transparent),
// fills in the request URL's scheme and host and calls the proxy's own
// ServeHTTP. A 101 whose fields look like a WebSocket handshake is
// tunnelled by goproxy's own code (websocket.go). It returns the proxy's
// address and a function that stops it.
func StartGoproxy(backend string) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	proxy := goproxy.NewProxyHttpServer()
	proxy.Logger = log.New(io.Discard, "", 0)
	// As for httputil.ReverseProxy: the scripted backend serves one request
	// per connection, so connections are not reused; Proxy: nil keeps the
	// environment's HTTP_PROXY out of the path.
	proxy.Tr = &http.Transport{DisableKeepAlives: true, Proxy: nil}
	proxy.NonproxyHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Scheme = "http"
		r.URL.Host = backend
		proxy.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: proxy, ReadHeaderTimeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}
