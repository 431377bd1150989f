//go:build race

package adapters

// Built with the race detector, the registry leaves out the
// implementations whose own code races: the detector would fail every
// test that drives them, for a fault that is theirs, not the harness's.
// Their races are findings in their own right (docs/peers.md).
func init() {
	omitRacy()
}
