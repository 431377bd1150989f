package properties

import (
	"math/rand"

	"github.com/switchyard/switchyard/properties/handshake"
)

// The handshake model lives in package properties/handshake, below the
// mutators and probes that build on it; these names keep the generator
// API of this package whole.

// Exchange is a request and the 101 that answers it ([handshake.Exchange]).
type Exchange = handshake.Exchange

// Message is a start-line and ordered field lines ([handshake.Message]).
type Message = handshake.Message

// Field is one field line of a Message ([handshake.Field]).
type Field = handshake.Field

// Upgrade is the protocol an exchange upgrades to ([handshake.Upgrade]).
type Upgrade = handshake.Upgrade

// DeflateOffer is a permessage-deflate offer ([handshake.DeflateOffer]).
type DeflateOffer = handshake.DeflateOffer

// The upgrades an Exchange asks for.
const (
	WebSocket = handshake.WebSocket // RFC 6455 opening handshake
	H2C       = handshake.H2C       // RFC 7540 §3.2 cleartext HTTP/2 upgrade
	TLS       = handshake.TLS       // RFC 2817 §3 TLS/1.0 upgrade
)

// NewExchange builds a valid exchange of the given upgrade, every legal
// choice drawn from r ([handshake.NewExchange]).
func NewExchange(r *rand.Rand, u Upgrade) Exchange { return handshake.NewExchange(r, u) }

// Vary returns a legal variation of m that a recipient must judge exactly
// as m ([handshake.Vary]).
func Vary(r *rand.Rand, m Message) Message { return handshake.Vary(r, m) }
