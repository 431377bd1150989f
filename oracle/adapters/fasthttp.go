package adapters

import (
	"io"
	"log"
	"net"

	"github.com/fasthttp/websocket"
	"github.com/valyala/fasthttp"

	"github.com/switchyard/switchyard/oracle"
)

// fasthttpLayer is the Layer of the adapters whose library is called by
// valyala/fasthttp's Server: a request fasthttp refuses, or never finishes
// reading, does not reach the library, and what happens to it is
// fasthttp's doing.
const fasthttpLayer = "fasthttp server"

// fasthttpServer is fasthttp/websocket's FastHTTPUpgrader on a
// fasthttp.Server, which serves each connection through ServeConn.
var fasthttpServer = oracle.ServerImpl{
	Name:     "fasthttp",
	Module:   "github.com/fasthttp/websocket",
	Protocol: "websocket",
	Layer:    fasthttpLayer,
	Start: func() oracle.Server {
		up := websocket.FastHTTPUpgrader{
			Subprotocols:      subprotocols,
			EnableCompression: true,
			CheckOrigin:       func(*fasthttp.RequestCtx) bool { return true },
		}
		srv := &fasthttp.Server{
			Handler: func(ctx *fasthttp.RequestCtx) {
				markFastHTTPReached(ctx)
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

// markFastHTTPReached marks the connection ctx's request came on reached:
// fasthttp's Server has handed the request to the library's handler.
func markFastHTTPReached(ctx *fasthttp.RequestCtx) {
	if pc, ok := ctx.Conn().(*oracle.PeerConn); ok {
		pc.Reached()
	}
}
