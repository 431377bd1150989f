// Package naive is the naive recipient: a small WebSocket handshake
// acceptor written straight from RFC 6455 §4.1 and §4.2.1, RFC 9110 §5 and
// RFC 7692 §7, with fault switches. Without faults it must judge every
// valid exchange and every legal variation as the reference parser does
// (properties/probe's recipient_test.go); each fault breaks one recipient
// duty, and the recipient probes check that some variation tagged with
// that duty's rule exposes it.
//
// One file per job: fault.go the faults, head.go reading a head into
// field lines, request.go the server's judgement of a request,
// response.go the client's of a 101, extensions.go the extension lists,
// decision.go what a judgement is and the reference's own.
package naive
