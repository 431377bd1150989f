// Package properties generates HTTP/1.1 upgrade handshakes for property
// tests and the differential oracle: valid client handshakes in their
// legal variety (case, OWS, lists split over lines, field order, optional
// fields, WebSocket, h2c and TLS/1.0 upgrades) with their matching 101
// responses, as gopter generators and as deterministic case lists.
//
// The generators are gopter generators with their own shrinkers: a failing
// property reports a minimal handshake (optional fields dropped, names and
// tokens in canonical case, single-SP OWS, split lists merged). The same
// builders, driven by math/rand, give Cases: a deterministic list of valid
// handshakes and one-rule mutants (package properties/mutate) for the
// differential oracle, and TargetCases, the legal variations each rule
// needs reached.
//
// A handshake is an [Exchange]: the request and the 101 that answers it,
// each a [Message] of a start-line and ordered field lines whose Print
// method gives the raw bytes. The model lives in package
// properties/handshake, below the mutators (properties/mutate) and the
// probes (properties/probe) that build on it; its names are aliased here.
// Test glue (Check, seeds) is in properties/proptest.
package properties
