package adapters

import (
	"context"
	"net"
	"net/http"

	"golang.org/x/net/websocket"

	"github.com/switchyard/switchyard/oracle"
)

// xnetServer is golang.org/x/net/websocket's Server on net/http, with the
// Handshake its documentation describes for servers that select a
// subprotocol ("you can select config.Protocol") and accept non-browser
// clients ("set a Server.Handshake that does not check the origin"): it
// keeps the first supported subprotocol the client offered.
var xnetServer = oracle.ServerImpl{
	Name:     "x/net/websocket",
	Module:   "golang.org/x/net",
	Protocol: "websocket",
	Layer:    netHTTPLayer,
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

// xnetDefaultServer is golang.org/x/net/websocket's Handler on net/http,
// as its documentation's example serves it: the default handshake, which
// refuses a request without a parseable Origin (403) and, choosing no
// subprotocol, one that offers more than one (400). It cannot be
// configured with subprotocols.
var xnetDefaultServer = oracle.ServerImpl{
	Name:     "x/net/websocket/default",
	Module:   "golang.org/x/net",
	Protocol: "websocket",
	Layer:    netHTTPLayer,
	Start: func() oracle.Server {
		return newHTTPServer(websocket.Handler(func(ws *websocket.Conn) { ws.Close() }))
	},
}

// The x/net/websocket client offering subprotocols, and offering none (it
// has no permessage-deflate).
var (
	xnetClient      = xnetClientImpl("x/net/websocket-client", true)
	xnetClientPlain = xnetClientImpl("x/net/websocket-client/plain", false)
)

// xnetClientImpl is golang.org/x/net/websocket's NewClient on the oracle's
// connection.
func xnetClientImpl(name string, offer bool) oracle.ClientImpl {
	return oracle.ClientImpl{
		Name:   name,
		Module: "golang.org/x/net",
		Handshake: func(_ context.Context, c net.Conn, url string) error {
			cfg, err := websocket.NewConfig(url, "http://127.0.0.1/")
			if err != nil {
				return err
			}
			cfg.Protocol = offered(offer)
			if _, err := websocket.NewClient(cfg, c); err != nil {
				return err
			}
			// Close the connection itself: Conn.Close would first write a
			// close frame, which nobody reads.
			return c.Close()
		},
	}
}
