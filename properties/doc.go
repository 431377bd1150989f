// Package properties generates HTTP/1.1 upgrade handshakes for property
// tests: valid client handshakes in their legal variety (case, OWS, lists
// split over lines, field order, optional fields, WebSocket, h2c and
// TLS/1.0 upgrades) with their matching 101 responses, and mutators that
// each break exactly one rule of the catalogue (package rules).
//
// The generators are gopter generators with their own shrinkers: a failing
// property reports a minimal handshake (optional fields dropped, names and
// tokens in canonical case, single-SP OWS, split lists merged). The same
// builders, driven by math/rand, give Cases: a deterministic list of valid
// handshakes and one-rule mutants for the differential oracle.
//
// A handshake is an [Exchange]: the request and the 101 that answers it,
// each a [Message] of a start-line and ordered field lines whose Print
// method gives the raw bytes.
package properties
