package adapters

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/gorilla/websocket"

	"github.com/switchyard/switchyard/oracle"
)

// gorillaServer is gorilla/websocket's Upgrader on net/http.
var gorillaServer = oracle.ServerImpl{
	Name:     "gorilla",
	Module:   "github.com/gorilla/websocket",
	Protocol: "websocket",
	Layer:    netHTTPLayer,
	Start: func() oracle.Server {
		up := websocket.Upgrader{
			Subprotocols:      subprotocols,
			EnableCompression: true,
			CheckOrigin:       func(*http.Request) bool { return true },
		}
		return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c, err := up.Upgrade(w, r, nil); err == nil {
				c.Close()
			}
		}))
	},
}

// gorilla/websocket's client offering subprotocols and permessage-deflate,
// and offering neither.
var (
	gorillaClient      = gorillaClientImpl("gorilla-client", true)
	gorillaClientPlain = gorillaClientImpl("gorilla-client/plain", false)
)

// gorillaClientImpl is gorilla/websocket's Dialer.
func gorillaClientImpl(name string, offer bool) oracle.ClientImpl {
	return oracle.ClientImpl{
		Name:   name,
		Module: "github.com/gorilla/websocket",
		Handshake: func(ctx context.Context, c net.Conn, url string) error {
			d := websocket.Dialer{
				NetDialContext:    onlyConn(c),
				Subprotocols:      offered(offer),
				EnableCompression: offer,
			}
			ws, _, err := d.DialContext(ctx, url, nil)
			if err != nil {
				return err
			}
			return ws.Close()
		},
	}
}

// onlyConn returns a dial function that yields c once.
func onlyConn(c net.Conn) func(ctx context.Context, network, addr string) (net.Conn, error) {
	used := false
	return func(context.Context, string, string) (net.Conn, error) {
		if used {
			return nil, errors.New("adapters: one connection per handshake")
		}
		used = true
		return c, nil
	}
}
