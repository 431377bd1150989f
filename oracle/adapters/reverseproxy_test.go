package adapters

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// httputil.ReverseProxy, run through proxy mode with the scripted backend
// behind it, tunnels a WebSocket 101.
func TestReverseProxyTunnels(t *testing.T) {
	backend := freeLoopbackAddr(t)
	addr, stop, err := StartReverseProxy(backend)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	rs, err := proxymode.Run(context.Background(), proxymode.Config{Proxy: addr, BackendListen: backend, Timeout: 2 * time.Second}, proxymode.Cases())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rs {
		t.Logf("%s: %s %s (%s): %s", r.Name, r.Outcome, r.Cited, r.Got, r.Why)
		if r.Name == "ws/101" {
			found = true
			if r.Outcome != suite.Pass {
				t.Errorf("ws/101: %s %s (%s): %s", r.Outcome, r.Cited, r.Got, r.Why)
			}
		}
	}
	if !found {
		t.Error("no ws/101 case in proxy mode")
	}
}

// freeLoopbackAddr returns a 127.0.0.1 address the kernel just had free.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
