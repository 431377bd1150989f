// Package wire is Switchyard's one I/O layer: every mode of the harness
// (the differential oracle, the conformance suite in server, proxy and
// client mode, the corpus capture) reads message heads from a peer through
// it, within the same limits, and names what became of a connection with
// the same Fate (FateOf).
//
// Every read is bounded: a head by MaxHeadBytes, the interim (1xx) heads
// before a final response by MaxInterimHeads and MaxInterimBytes, the
// octets kept after a head by MaxAfterBytes or MaxBodyBytes, and the wait
// for them by Settle. The end of a head is found by scanning only octets
// not scanned before (Scanner), so a peer that trickles a head one octet at
// a time costs linear, not quadratic, work.
//
// The package records what happened and never judges it: a 101 with a
// wrong Accept is as Answered as a correct one.
package wire
