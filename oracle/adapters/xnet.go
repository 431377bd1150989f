package adapters

import (
	"context"
	"net"
	"net/http"

	"golang.org/x/net/websocket"

	"github.com/switchyard/switchyard/oracle"
)

// xnetServer is golang.org/x/net/websocket's Server on net/http, with a
// Handshake that accepts any origin and selects the first supported
// subprotocol the client offered.
var xnetServer = oracle.ServerImpl{
	Name:     "x/net/websocket",
	Module:   "golang.org/x/net",
	Protocol: "websocket",
	Start: func() oracle.Server {
		return newHTTPServer(websocket.Server{
			Handshake: func(cfg *websocket.Config, _ *http.Request) error {
				offered := cfg.Protocol
				cfg.Protocol = nil
				for _, p := range offered {
					if supported(p) {
						cfg.Protocol = []string{p}
						break
					}
				}
				return nil
			},
			Handler: func(ws *websocket.Conn) { ws.Close() },
		})
	},
}

// xnetClient is golang.org/x/net/websocket's NewClient on the oracle's
// connection.
var xnetClient = oracle.ClientImpl{
	Name:   "x/net/websocket-client",
	Module: "golang.org/x/net",
	Handshake: func(_ context.Context, c net.Conn, url string) error {
		cfg, err := websocket.NewConfig(url, "http://127.0.0.1/")
		if err != nil {
			return err
		}
		cfg.Protocol = subprotocols
		if _, err := websocket.NewClient(cfg, c); err != nil {
			return err
		}
		// Close the connection itself: Conn.Close would first write a
		// close frame, which nobody reads.
		return c.Close()
	},
}
