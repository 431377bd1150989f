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
// the generated handshakes of properties.Cases and ResponseCases, kept in
// testdata/generated (GeneratedDir) so that this package does not link
// properties; a plain go test ./fuzz runs every seed. FuzzCeiling
// (ceiling_test.go, build tag fuzzceiling) is a trivial target in this
// package: the ceiling the others are measured against.
package fuzz
