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
	Layer:    netHTTPLayer,
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

// coder/websocket's client offering subprotocols and permessage-deflate,
// and offering neither.
var (
	coderClient      = coderClientImpl("coder-client", true)
	coderClientPlain = coderClientImpl("coder-client/plain", false)
)

// coderClientImpl is coder/websocket's Dial, over an http.Client whose
// transport dials the oracle's connection.
func coderClientImpl(name string, offer bool) oracle.ClientImpl {
	mode := websocket.CompressionDisabled // the default
	if offer {
		mode = websocket.CompressionContextTakeover
	}
	return oracle.ClientImpl{
		Name:   name,
		Module: "github.com/coder/websocket",
		Handshake: func(ctx context.Context, c net.Conn, url string) error {
			hc := &http.Client{Transport: &http.Transport{DialContext: onlyConn(c), DisableKeepAlives: true}}
			ws, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
				HTTPClient:      hc,
				Subprotocols:    offered(offer),
				CompressionMode: mode,
			})
			if err != nil {
				return err
			}
			return ws.CloseNow()
		},
	}
}
