// Package mutate breaks and varies the handshakes of package
// properties/handshake. A [Mutator] breaks exactly one rule of the
// catalogue in a valid exchange (the table in mutators.go); a [Variation]
// changes a valid exchange into another valid one that a recipient must
// judge alike, tagged with the recipient duties it exercises (the table
// in variations.go). Package properties interleaves the mutants with
// valid cases; package properties/probe drives naive recipients with the
// variations.
package mutate
