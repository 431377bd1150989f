// Package fuzz holds Switchyard's fuzz targets: native targets for
// go test -fuzz (fuzz_test.go), the same checks as go-fuzz entry points
// (gofuzz.go, build tag gofuzz), and the checks themselves (Check*), which
// state invariants of the parser and the state machine, not only "does
// not panic": every violation cites a catalogue rule at its catalogue
// level with offsets inside the input; strict-valid implies lenient-valid;
// parsing is deterministic, leaves the input alone and reads nothing past
// the head; HeadEnd agrees with the parsed head; a conforming head prints
// back to its bytes; field parsers agree with reference decoders from the
// standard library; a 101 the parser lets switch carries the right Accept.
//
// The targets are seeded from corpus/ (real captured handshakes) and from
// properties.Cases, so a plain go test ./fuzz runs every seed.
package fuzz
