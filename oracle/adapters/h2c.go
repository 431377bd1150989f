package adapters

import (
	"net/http"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/h2c"

	"github.com/switchyard/switchyard/oracle"
)

// h2cServer is golang.org/x/net/http2/h2c's handler on net/http: it
// upgrades "Upgrade: h2c" requests (RFC 7540 §3.2) and answers everything
// else over HTTP/1.1 with 200.
var h2cServer = oracle.ServerImpl{
	Name:     "h2c",
	Module:   "golang.org/x/net",
	Protocol: "h2c",
	Layer:    netHTTPLayer,
	Start: func() oracle.Server {
		return newHTTPServer(h2c.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("ok\n"))
		}), &http2.Server{}))
	},
}
