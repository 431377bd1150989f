package adapters

import (
	"io"
	"log"
	"net"

	"github.com/fasthttp/websocket"
	"github.com/valyala/fasthttp"

	"github.com/switchyard/switchyard/oracle"
)

// fasthttpServer is fasthttp/websocket's FastHTTPUpgrader on a
// fasthttp.Server, which serves each connection through ServeConn.
var fasthttpServer = oracle.ServerImpl{
	Name:     "fasthttp",
	Module:   "github.com/fasthttp/websocket",
	Protocol: "websocket",
	Start: func() oracle.Server {
		up := websocket.FastHTTPUpgrader{
			Subprotocols:      subprotocols,
			EnableCompression: true,
			CheckOrigin:       func(*fasthttp.RequestCtx) bool { return true },
		}
		srv := &fasthttp.Server{
			Handler: func(ctx *fasthttp.RequestCtx) {
				up.Upgrade(ctx, func(c *websocket.Conn) { c.Close() })
			},
			Logger: log.New(io.Discard, "", 0),
		}
		return rawServer(func(c net.Conn) {
			srv.ServeConn(c)
			c.Close()
		})
	},
}
