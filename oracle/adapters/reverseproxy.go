package adapters

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// StartReverseProxy starts net/http/httputil's ReverseProxy, as
// NewSingleHostReverseProxy builds it for http://backend, served by a
// net/http Server on a kernel-chosen 127.0.0.1 port. It is a real
// intermediary for proxy mode: on a 101 from the backend it switches
// protocols and tunnels the two connections (ReverseProxy's own upgrade
// handling). It returns the proxy's address and a function that stops it.
func StartReverseProxy(backend string) (addr string, stop func(), err error) {
	u, err := url.Parse("http://" + backend)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	quiet := log.New(io.Discard, "", 0)
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = quiet
	// The scripted backend serves one request per connection (each case
	// has its own); a pooled connection would carry the next case's
	// request to a backend slot that no longer reads. Only connection
	// reuse differs from the default Transport, which no case tests.
	rp.Transport = &http.Transport{DisableKeepAlives: true, Proxy: nil}
	srv := &http.Server{Handler: rp, ReadHeaderTimeout: 5 * time.Second, ErrorLog: quiet}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}
