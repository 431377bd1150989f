package adapters

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/switchyard/switchyard/oracle"
)

// NetHTTPTransportClient is net/http's Transport receiving a 101: the
// request is a WebSocket upgrade request (RFC 6455 §4.1) offering the
// subprotocols "chat" and "superchat", sent by http.Transport over the
// oracle's connection; the handshake counts as open when the Transport
// returns a 101 whose Body is an io.ReadWriteCloser, which is how
// net/http hands over a switched connection. Transport checks what a
// protocol switch needs (an Upgrade field, Connection: upgrade) and none
// of WebSocket's own fields (Sec-WebSocket-Accept, -Protocol,
// -Extensions), which are its caller's to check: it is not in [Clients],
// whose cases hold every client to RFC 6455 §4.1.
var NetHTTPTransportClient = oracle.ClientImpl{
	Name:   "net/http-transport",
	Module: "",
	Handshake: func(ctx context.Context, c net.Conn, url string) error {
		tr := &http.Transport{DialContext: onlyConn(c), DisableKeepAlives: true}
		defer tr.CloseIdleConnections()
		// Transport speaks http: ws://host/path is http://host/path.
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http"+strings.TrimPrefix(url, "ws"), nil)
		if err != nil {
			return err
		}
		var nonce [16]byte
		rand.Read(nonce[:])
		req.Header.Set("Upgrade", "websocket")
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(nonce[:]))
		req.Header.Set("Sec-WebSocket-Version", "13")
		req.Header.Set("Sec-WebSocket-Protocol", "chat, superchat")
		resp, err := tr.RoundTrip(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusSwitchingProtocols {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		if _, ok := resp.Body.(io.ReadWriteCloser); !ok {
			return errors.New("101 without a switched connection: Body is not an io.ReadWriteCloser")
		}
		return nil
	},
}
