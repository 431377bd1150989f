package adapters

import (
	"context"
	"net"
	"net/url"

	"github.com/gobwas/httphead"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsflate"

	"github.com/switchyard/switchyard/oracle"
)

// gobwasServer is gobwas/ws's zero-copy Upgrader reading the raw
// connection (an io.ReadWriter).
var gobwasServer = oracle.ServerImpl{
	Name:     "gobwas",
	Module:   "github.com/gobwas/ws",
	Protocol: "websocket",
	Start: func() oracle.Server {
		return rawServer(func(c net.Conn) {
			defer c.Close()
			ext := wsflate.Extension{Parameters: wsflate.DefaultParameters}
			u := ws.Upgrader{
				Protocol:  func(p []byte) bool { return supported(string(p)) },
				Negotiate: ext.Negotiate,
			}
			u.Upgrade(c)
		})
	},
}

// gobwas/ws's client offering subprotocols and permessage-deflate, and
// offering neither.
var (
	gobwasClient      = gobwasClientImpl("gobwas-client", true)
	gobwasClientPlain = gobwasClientImpl("gobwas-client/plain", false)
)

// gobwasClientImpl is gobwas/ws's Dialer.Upgrade on the oracle's
// connection.
func gobwasClientImpl(name string, offer bool) oracle.ClientImpl {
	return oracle.ClientImpl{
		Name:   name,
		Module: "github.com/gobwas/ws",
		Handshake: func(ctx context.Context, c net.Conn, rawurl string) error {
			u, err := url.Parse(rawurl)
			if err != nil {
				return err
			}
			d := ws.Dialer{Protocols: offered(offer)}
			if offer {
				d.Extensions = []httphead.Option{wsflate.DefaultParameters.Option()}
			}
			_, _, err = d.Upgrade(c, u)
			return err
		},
	}
}
