// Package adapters holds the in-process implementations the oracle tests:
// real Go WebSocket and h2c servers and clients driven through their real
// entry points over real connections (DESIGN.md principle 8). Each lives
// in its own file; [Servers] and [Clients] list them in one table, so that
// adding one touches nothing else.
//
// Every server is configured alike: it supports the subprotocols "chat"
// and "superchat" and, where the implementation can, permessage-deflate.
// Every client offers the same subprotocols and, where it can,
// permessage-deflate.
package adapters

// subprotocols are the subprotocols every adapter supports or offers.
var subprotocols = []string{"chat", "superchat"}

func supported(p string) bool { return p == "chat" || p == "superchat" }
