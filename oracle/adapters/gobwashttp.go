package adapters

import (
	"net/http"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsflate"

	"github.com/switchyard/switchyard/oracle"
)

// gobwasHTTPServer is gobwas/ws's HTTPUpgrader on net/http.
var gobwasHTTPServer = oracle.ServerImpl{
	Name:     "gobwas-http",
	Module:   "github.com/gobwas/ws",
	Protocol: "websocket",
	Layer:    netHTTPLayer,
	Start: func() oracle.Server {
		return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ext := wsflate.Extension{Parameters: wsflate.DefaultParameters}
			u := ws.HTTPUpgrader{Protocol: supported, Negotiate: ext.Negotiate}
			if c, _, _, err := u.Upgrade(r, w); err == nil {
				c.Close()
			}
		}))
	},
}
