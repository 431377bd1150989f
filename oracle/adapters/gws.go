package adapters

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/lxzan/gws"

	"github.com/switchyard/switchyard/oracle"
)

// gwsServer is lxzan/gws's Upgrader on net/http. It is configured without
// SubProtocols: with them, gws refuses every handshake that offers none of
// them, a documented choice ("handshake failure disconnects the
// connection") that would hide every other finding.
var gwsServer = oracle.ServerImpl{
	Name:     "gws",
	Module:   "github.com/lxzan/gws",
	Protocol: "websocket",
	Start: func() oracle.Server {
		up := gws.NewUpgrader(&gws.BuiltinEventHandler{}, &gws.ServerOption{
			PermessageDeflate: gws.PermessageDeflate{Enabled: true},
		})
		return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c, err := up.Upgrade(w, r); err == nil {
				c.NetConn().Close()
			}
		}))
	},
}

// gwsClient is lxzan/gws's NewClientFromConn on the oracle's connection.
var gwsClient = oracle.ClientImpl{
	Name:   "gws-client",
	Module: "github.com/lxzan/gws",
	Handshake: func(ctx context.Context, c net.Conn, url string) error {
		timeout := 5 * time.Second
		if d, ok := ctx.Deadline(); ok {
			timeout = time.Until(d)
		}
		ws, _, err := gws.NewClientFromConn(&gws.BuiltinEventHandler{}, &gws.ClientOption{
			Addr:              url,
			HandshakeTimeout:  timeout,
			PermessageDeflate: gws.PermessageDeflate{Enabled: true},
			RequestHeader:     http.Header{"Sec-WebSocket-Protocol": {"chat, superchat"}},
		}, c)
		if err != nil {
			return err
		}
		return ws.NetConn().Close()
	},
}
