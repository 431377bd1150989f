package adapters

import (
	"net/http"

	"github.com/lesismal/nbio/logging"
	"github.com/lesismal/nbio/nbhttp"
	"github.com/lesismal/nbio/nbhttp/websocket"

	"github.com/switchyard/switchyard/oracle"
)

// nbioServer is lesismal/nbio's WebSocket Upgrader on its own HTTP
// server, an nbhttp.Engine in its default non-blocking mode (its epoll
// poller reads the connection and its own parser reads the request). The
// poller needs a real socket, so the engine listens on a kernel-chosen
// 127.0.0.1 port and each oracle connection is relayed to it (tcpRelay).
var nbioServer = oracle.ServerImpl{
	Name:     "nbio",
	Module:   "github.com/lesismal/nbio",
	Protocol: "websocket",
	Start: func() oracle.Server {
		logging.SetLevel(logging.LevelNone)
		up := websocket.NewUpgrader()
		up.Subprotocols = subprotocols
		up.EnableCompression(true)
		up.CheckOrigin = func(*http.Request) bool { return true }
		var addr string
		engine := nbhttp.NewEngine(nbhttp.Config{
			Network: "tcp",
			Addrs:   []string{"127.0.0.1:0"},
			Listen:  listenLoopback(&addr),
			Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if c, err := up.Upgrade(w, r, nil); err == nil {
					c.Close()
				}
			}),
		})
		if err := engine.Start(); err != nil {
			panic("adapters: nbio: " + err.Error())
		}
		return &tcpRelay{addr: addr, stop: engine.Stop}
	},
}
