package adapters

import (
	"context"
	"testing"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

// A request net/http's Server refuses itself (a field line without a
// colon) never reaches the library's handler: the observation names the
// layer. A valid handshake reaches it, and names none.
// The same holds for fasthttp's Server under fasthttp/websocket and Fiber.
func TestNetHTTPLayer(t *testing.T) {
	bad := oracle.Case{Name: "bad-header", Side: oracle.ServerSide, Message: []byte("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")}
	for name, layer := range map[string]string{"coder": "net/http server", "gorilla": "net/http server", "fasthttp": "fasthttp server", "fiber": "fasthttp server"} {
		t.Run(name, func(t *testing.T) {
			impl := serverNamed(t, name)
			if impl.Layer != layer {
				t.Fatalf("Layer = %q, want %q", impl.Layer, layer)
			}
			tgt := oracle.NewInProcess(impl)
			defer tgt.Close()
			o := oracle.ObserveServer(context.Background(), tgt, bad, testTimeout)
			if o.Layer != layer {
				t.Errorf("bad header: Layer = %q (fate %s), want %q\nreply:\n%s", o.Layer, o.Fate, layer, o.Reply)
			}
			o = oracle.ObserveServer(context.Background(), tgt, validWS, testTimeout)
			if o.Layer != "" {
				t.Errorf("valid handshake: Layer = %q, want none\nreply:\n%s", o.Layer, o.Reply)
			}
		})
	}
}

// Servers that read the connection themselves name no layer.
func TestNoLayer(t *testing.T) {
	bad := oracle.Case{Name: "bad-header", Side: oracle.ServerSide, Message: []byte("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")}
	for _, name := range []string{"gobwas", "gws-server", "nbio"} {
		if why, ok := Omitted()[name]; ok {
			t.Logf("%s left out of this build: %s", name, why)
			continue
		}
		impl := serverNamed(t, name)
		if impl.Layer != "" {
			t.Errorf("%s: Layer = %q, want none", name, impl.Layer)
		}
		tgt := oracle.NewInProcess(impl)
		// gws's own server never answers this request: keep its hang short.
		if o := oracle.ObserveServer(context.Background(), tgt, bad, 300*time.Millisecond); o.Layer != "" {
			t.Errorf("%s: observation Layer = %q, want none", name, o.Layer)
		}
		tgt.Close()
	}
}

func serverNamed(t *testing.T, name string) oracle.ServerImpl {
	t.Helper()
	for _, s := range Servers {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no server %q", name)
	return oracle.ServerImpl{}
}
