package adapters

import (
	"context"
	"net"
	"net/http"

	"github.com/coder/websocket"

	"github.com/switchyard/switchyard/oracle"
)

// coderServer is coder/websocket's Accept on net/http.
var coderServer = oracle.ServerImpl{
	Name:     "coder",
	Module:   "github.com/coder/websocket",
	Protocol: "websocket",
	Start: func() oracle.Server {
		opts := &websocket.AcceptOptions{
			Subprotocols:       subprotocols,
			InsecureSkipVerify: true,
			CompressionMode:    websocket.CompressionContextTakeover,
		}
		return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c, err := websocket.Accept(w, r, opts); err == nil {
				c.CloseNow()
			}
		}))
	},
}

// coderClient is coder/websocket's Dial, over an http.Client whose
// transport dials the oracle's connection.
var coderClient = oracle.ClientImpl{
	Name:   "coder-client",
	Module: "github.com/coder/websocket",
	Handshake: func(ctx context.Context, c net.Conn, url string) error {
		hc := &http.Client{Transport: &http.Transport{DialContext: onlyConn(c), DisableKeepAlives: true}}
		ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
			HTTPClient:      hc,
			Subprotocols:    subprotocols,
			CompressionMode: websocket.CompressionContextTakeover,
		})
		if err != nil {
			return err
		}
		return ws.CloseNow()
	},
}
