// Package adapters holds the in-process implementations the oracle tests:
// real Go WebSocket and h2c servers and clients driven through their real
// entry points over real connections (DESIGN.md principle 8). Each lives
// in its own file; [Servers] and [Clients] list them in one table, so that
// adding one touches nothing else.
//
// Every server is configured alike: it supports the subprotocols "chat"
// and "superchat" and, where the implementation can, permessage-deflate.
// An implementation whose documentation sets it up other ways as well is
// also tested in those, each a registry entry with its own name
// ("gws/no-subprotocols", "x/net/websocket/default"). Every client offers
// the same subprotocols and, where it can, permessage-deflate; its "/plain"
// entry offers neither.
//
// A server library called by a shared server layer (net/http's Server,
// fasthttp's Server) names it in ServerImpl.Layer, and its adapter marks
// each connection for which the layer called the library
// (oracle.PeerConn.Reached), so that what the layer did on its own is
// attributed to the layer.
//
// [StartReverseProxy] runs net/http/httputil's ReverseProxy for proxy mode.
package adapters

// subprotocols are the subprotocols every adapter supports or offers.
var subprotocols = []string{"chat", "superchat"}

func supported(p string) bool { return p == "chat" || p == "superchat" }

// offered returns the subprotocols a client offers: subprotocols when
// offer is set, none otherwise. Every client is tested both ways (the
// second configuration's name ends in "/plain"), offering permessage-deflate
// alongside the subprotocols where it can.
func offered(offer bool) []string {
	if offer {
		return subprotocols
	}
	return nil
}
