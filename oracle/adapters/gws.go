package adapters

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/lxzan/gws"

	"github.com/switchyard/switchyard/oracle"
)

// gws is configured four ways: its Upgrader on net/http and its own
// Server (gws.NewServer, which reads the request itself with
// http.ReadRequest), each with SubProtocols "chat" and "superchat" and
// without. With SubProtocols gws refuses every handshake that offers none
// of them, a documented choice ("handshake failure disconnects the
// connection"); the configurations without show what else it does.
var (
	gwsServer                 = gwsUpgraderImpl("gws", subprotocols)
	gwsServerNoSubprotocols   = gwsUpgraderImpl("gws/no-subprotocols", nil)
	gwsOwnServer              = gwsOwnServerImpl("gws-server", subprotocols)
	gwsOwnServerNoSubprotocol = gwsOwnServerImpl("gws-server/no-subprotocols", nil)
)

// gwsOption is the ServerOption every gws configuration uses:
// permessage-deflate on, the given subprotocols, no logging.
func gwsOption(protos []string) *gws.ServerOption {
	return &gws.ServerOption{
		PermessageDeflate: gws.PermessageDeflate{Enabled: true},
		SubProtocols:      protos,
		Logger:            quietGWS{},
	}
}

// gwsUpgraderImpl is lxzan/gws's Upgrader on net/http.
func gwsUpgraderImpl(name string, protos []string) oracle.ServerImpl {
	return oracle.ServerImpl{
		Name:     name,
		Module:   "github.com/lxzan/gws",
		Protocol: "websocket",
		Layer:    netHTTPLayer,
		// With SubProtocols, gws refuses a handshake with no common one.
		RequireSubprotocol: len(protos) > 0,
		Subprotocols:       protos,
		Start: func() oracle.Server {
			up := gws.NewUpgrader(&gws.BuiltinEventHandler{}, gwsOption(protos))
			return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if c, err := up.Upgrade(w, r); err == nil {
					c.NetConn().Close()
				}
			}))
		},
	}
}

// gwsOwnServerImpl is lxzan/gws's own Server (gws.NewServer), run with
// RunListener on a listener fed the oracle's connections. Its event
// handler closes each connection once open.
func gwsOwnServerImpl(name string, protos []string) oracle.ServerImpl {
	return oracle.ServerImpl{
		Name:               name,
		Module:             "github.com/lxzan/gws",
		Protocol:           "websocket",
		RequireSubprotocol: len(protos) > 0,
		Subprotocols:       protos,
		Start: func() oracle.Server {
			srv := gws.NewServer(closeOnOpen{}, gwsOption(protos))
			// gws's default OnError logs and, on an Accept error, loops
			// to Accept again: once the listener is closed, end the
			// accept loop instead.
			srv.OnError = func(c net.Conn, err error) {
				if c == nil && errors.Is(err, net.ErrClosed) {
					runtime.Goexit()
				}
				// gws is done with c: after a request it could not read
				// it returns without closing or answering c, and after a
				// failed upgrade it returns too.
				finished(c)
			}
			// gws's own OnRequest upgrades and runs the read loop; once it
			// returns, gws is done with the connection.
			onRequest := srv.OnRequest
			srv.OnRequest = func(c net.Conn, br *bufio.Reader, r *http.Request) {
				onRequest(c, br, r)
				finished(c)
			}
			ln := newPipeListener()
			go srv.RunListener(ln)
			return listenerServer{ln}
		},
	}
}

// finished tells the oracle that the implementation is done with c
// (oracle.PeerConn.Finished).
func finished(c net.Conn) {
	if pc, ok := c.(*oracle.PeerConn); ok {
		pc.Finished()
	}
}

// closeOnOpen is a gws event handler that closes each connection as soon
// as it is open.
type closeOnOpen struct{ gws.BuiltinEventHandler }

// OnOpen closes the connection.
func (closeOnOpen) OnOpen(c *gws.Conn) { c.NetConn().Close() }

// quietGWS is a gws.Logger that discards everything.
type quietGWS struct{}

// Error discards v.
func (quietGWS) Error(...any) {}

// gws's client offering subprotocols and permessage-deflate, and offering
// neither.
var (
	gwsClient      = gwsClientImpl("gws-client", true)
	gwsClientPlain = gwsClientImpl("gws-client/plain", false)
)

// gwsClientImpl is lxzan/gws's NewClientFromConn on the oracle's
// connection. gws takes the subprotocol offer from
// ClientOption.RequestHeader, read with Header.Get, so it is set with
// Header.Set.
func gwsClientImpl(name string, offer bool) oracle.ClientImpl {
	return oracle.ClientImpl{
		Name:   name,
		Module: "github.com/lxzan/gws",
		Handshake: func(ctx context.Context, c net.Conn, url string) error {
			timeout := 5 * time.Second
			if d, ok := ctx.Deadline(); ok {
				timeout = time.Until(d)
			}
			opt := &gws.ClientOption{
				Addr:              url,
				HandshakeTimeout:  timeout,
				PermessageDeflate: gws.PermessageDeflate{Enabled: offer},
				Logger:            quietGWS{},
			}
			if offer {
				opt.RequestHeader = http.Header{}
				opt.RequestHeader.Set("Sec-WebSocket-Protocol", "chat, superchat")
			}
			ws, _, err := gws.NewClientFromConn(&gws.BuiltinEventHandler{}, opt, c)
			if err != nil {
				return err
			}
			return ws.NetConn().Close()
		},
	}
}
