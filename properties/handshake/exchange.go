package handshake

import "strings"

// Upgrade names the protocol a handshake asks to switch to.
type Upgrade uint8

// The upgrades the generators build.
const (
	WebSocket   Upgrade = iota // RFC 6455 opening handshake
	H2C                        // RFC 7540 §3.2 cleartext HTTP/2 upgrade
	TLS                        // RFC 2817 §3 TLS/1.0 upgrade
	NumUpgrades                // the number of upgrades above, for loops over them
)

var upgradeNames = [...]string{WebSocket: "websocket", H2C: "h2c", TLS: "tls"}

// String returns "websocket", "h2c" or "tls".
func (u Upgrade) String() string {
	if int(u) < len(upgradeNames) {
		return upgradeNames[u]
	}
	return "upgrade?"
}

// Exchange is an upgrade request and the 101 that accepts it, with what the
// generator chose, so that mutators and properties need not re-parse.
type Exchange struct {
	Upgrade  Upgrade
	Request  Message
	Response Message

	// WebSocket only: the key sent, the subprotocols and permessage-deflate
	// offers made, in order.
	Key          string
	Subprotocols []string
	Deflate      []DeflateOffer
}

// DeflateOffer is one permessage-deflate offer: its parameters in order,
// each "name" or "name=value" (RFC 7692 §7.1).
type DeflateOffer struct {
	Params []string
}

// Param returns the value of the named parameter and whether it is present
// ("" for a parameter without value).
func (o DeflateOffer) Param(name string) (string, bool) {
	for _, p := range o.Params {
		n, v, _ := strings.Cut(p, "=")
		if n == name {
			return v, true
		}
	}
	return "", false
}

// Clone returns a deep copy of e.
func (e Exchange) Clone() Exchange {
	e.Request = e.Request.Clone()
	e.Response = e.Response.Clone()
	e.Subprotocols = append([]string(nil), e.Subprotocols...)
	e.Deflate = append([]DeflateOffer(nil), e.Deflate...)
	return e
}

// String prints both messages, Go-quoted, for failure reports.
func (e Exchange) String() string {
	return e.Upgrade.String() + " request:\n  " + e.Request.String() + "\nresponse:\n  " + e.Response.String()
}
