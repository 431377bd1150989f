package naive

// Fault is a set of deliberate recipient bugs.
type Fault uint32

// nShortBuffer is the value buffer of FaultShortBuffer.
const nShortBuffer = 64

const (
	// FaultNoOWSStrip strips one leading SP from a field value and nothing
	// else (RFC 9110 §5.5, RFC 9112 §5.1).
	FaultNoOWSStrip Fault = 1 << iota
	// FaultNoElementTrim strips one leading SP from a list element and
	// nothing else (RFC 9110 §5.6.1, RFC 2616 §2.1).
	FaultNoElementTrim
	// FaultNoParamLWS allows no whitespace before ";" and only one SP after
	// it in an extension (RFC 2616 §2.1 implied *LWS).
	FaultNoParamLWS
	// FaultKeepBWS keeps the whitespace around "=" in an extension
	// parameter (RFC 9110 §5.6.3 BWS).
	FaultKeepBWS
	// FaultRejectEmptyElements refuses a list with an empty element (RFC
	// 9110 §5.6.1.2, RFC 2616 §2.1).
	FaultRejectEmptyElements
	// FaultNoUnescape takes a quoted-string's content as it is, quoted-pairs
	// left escaped (RFC 9110 §5.6.4).
	FaultNoUnescape
	// FaultASCIIOnly refuses any octet above %x7F (obs-text, RFC 9110 §5.5).
	FaultASCIIOnly
	// FaultUTF8Decode decodes the head as UTF-8 text and refuses it when it
	// is not (RFC 9112 §2.2).
	FaultUTF8Decode
	// FaultFirstLineOnly reads only the first line of a repeated field, as
	// a map of names to one value would (RFC 9110 §5.2).
	FaultFirstLineOnly
	// FaultLastLineOnly reads only the last line of a repeated field, as a
	// map overwritten line by line would (RFC 9110 §5.2).
	FaultLastLineOnly
	// FaultSingleExtensionsLine fails a 101 with several
	// Sec-WebSocket-Extensions lines, as the text of RFC 6455 §11.3.2 did
	// before erratum 3433.
	FaultSingleExtensionsLine
	// FaultCaseSensitiveNames looks fields up by their canonical spelling
	// only (RFC 6455 §4.1, RFC 9110 §5.1).
	FaultCaseSensitiveNames
	// FaultCaseSensitiveOptions looks for the connection option spelled
	// exactly "Upgrade" (RFC 9110 §7.6.1).
	FaultCaseSensitiveOptions
	// FaultCaseSensitiveProtocols looks for the upgrade token spelled
	// exactly "websocket" (RFC 9110 §16.7).
	FaultCaseSensitiveProtocols
	// FaultRejectUnknownFields refuses a field it does not know (RFC 6455
	// §4.2.1: unknown fields are ignored).
	FaultRejectUnknownFields
	// FaultRequireSubprotocol refuses a request without
	// Sec-WebSocket-Protocol, an optional field (RFC 6455 §4.2.1).
	FaultRequireSubprotocol
	// FaultCNCTOnlyIfOffered fails a 101 whose permessage-deflate element
	// has client_no_context_takeover the offer lacked (RFC 7692 §7.1.1.2).
	FaultCNCTOnlyIfOffered
	// FaultRequireClientWindow fails a 101 that leaves out
	// client_max_window_bits when the offer had it (RFC 7692 §7.1.2.2: the
	// server then accepts the default window).
	FaultRequireClientWindow
	// FaultUnorderedExtensions keeps the extensions in use as a set, sorted
	// by name, and so loses the order they apply in (RFC 6455 §9.1).
	FaultUnorderedExtensions
	// FaultAssumeFirstSubprotocol takes the client's first offer for the
	// subprotocol in use whenever the 101 selects one, not the one it
	// selects (RFC 6455 §4.1).
	FaultAssumeFirstSubprotocol
	// FaultOfferOnlyClientWindow takes client_max_window_bits for a
	// parameter of offers only and fails a 101 that has it (RFC 7692 §7.1:
	// all four parameters are defined for offers and responses).
	FaultOfferOnlyClientWindow
	// FaultShortBuffer gives the client a 64-octet buffer for each response
	// field value, shorter than values it generates itself (RFC 9110 §2.3).
	FaultShortBuffer
	// FaultFirstHeadFinal takes the first response head the client reads
	// for the final one, so that a 1xx before the 101 fails the handshake
	// (RFC 9110 §15.2: a client parses any 1xx before the final response).
	FaultFirstHeadFinal
	// FaultActEarly makes the server read the request's field lines one by
	// one and decide at the first line where Host, Upgrade, Connection,
	// Sec-WebSocket-Key and Sec-WebSocket-Version pass its checks, ignoring
	// the lines after it (RFC 9110 §5.3: a recipient does not act on a
	// request before its whole header section has arrived). It also misses
	// offers made after that line. No valid variation makes it accept what
	// it must refuse, so it is not in recipientFaults: earlyCheck probes it.
	FaultActEarly
)
