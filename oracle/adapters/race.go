//go:build race

package adapters

// raceBuild reports a build with the race detector, in which the registry
// leaves out the implementations whose own code races (racy.go): the
// detector would fail every test that drives them, for a fault that is
// theirs, not the harness's. Their races are findings in their own right
// (docs/peers.md).
const raceBuild = true
