//go:build !race

package adapters

// raceBuild reports a build with the race detector (race.go); without it
// every implementation runs.
const raceBuild = false
