package adapters

import (
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/switchyard/switchyard/oracle"
)

// netHTTP is net/http's Hijack path with the minimal validation a
// net/http user typically writes before taking over the connection
// (RFC 6455 §4.2.1 as most hand-rolled servers read it).
var netHTTP = oracle.ServerImpl{
	Name:     "net/http",
	Module:   "",
	Protocol: "websocket",
	Start: func() oracle.Server {
		return newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Upgrade") != "websocket" || !strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade") {
				http.Error(w, "not a websocket handshake", http.StatusBadRequest)
				return
			}
			key := r.Header.Get("Sec-WebSocket-Key")
			if key == "" {
				http.Error(w, "missing Sec-WebSocket-Key", http.StatusBadRequest)
				return
			}
			if r.Header.Get("Sec-WebSocket-Version") != "13" {
				w.Header().Set("Sec-WebSocket-Version", "13")
				http.Error(w, "unsupported version", http.StatusUpgradeRequired)
				return
			}
			h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
			conn, brw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
				base64.StdEncoding.EncodeToString(h[:]) + "\r\n\r\n")
			brw.Flush()
		}))
	},
}
