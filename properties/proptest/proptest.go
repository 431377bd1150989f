// Package proptest runs gopter properties the same way in every package
// that has them: a fixed seed unless SWITCHYARD_SEED is set, more tests
// per property when SWITCHYARD_DEPTH=nightly, and a failure that says how
// to replay it. It imports package testing, so only tests import it.
package proptest

import (
	"bytes"
	"os"
	"strconv"
	"testing"

	"github.com/leanovate/gopter"
)

// DefaultSeed is the seed property runs use unless SWITCHYARD_SEED is set,
// so that a default run is reproducible.
const DefaultSeed int64 = 20261121

// NightlyFactor multiplies the number of tests per property when
// SWITCHYARD_DEPTH=nightly.
const NightlyFactor = 50

// Seed returns the seed for property runs: $SWITCHYARD_SEED when it is an
// integer, else DefaultSeed.
func Seed() int64 {
	if s, err := strconv.ParseInt(os.Getenv("SWITCHYARD_SEED"), 10, 64); err == nil {
		return s
	}
	return DefaultSeed
}

// Nightly reports whether SWITCHYARD_DEPTH=nightly asks for deep runs.
func Nightly() bool { return os.Getenv("SWITCHYARD_DEPTH") == "nightly" }

// Parameters returns gopter test parameters with Seed() and minTests
// successful tests per property (NightlyFactor times more when Nightly).
func Parameters(minTests int) *gopter.TestParameters {
	p := gopter.DefaultTestParametersWithSeed(Seed())
	if Nightly() {
		minTests *= NightlyFactor
	}
	p.MinSuccessfulTests = minTests
	return p
}

// Check runs one property with Parameters(minTests) and fails t when it
// is falsified, reporting the shrunk argument and the seed to replay it.
func Check(t testing.TB, name string, minTests int, prop gopter.Prop) {
	t.Helper()
	ps := gopter.NewProperties(Parameters(minTests))
	ps.Property(name, prop)
	var out bytes.Buffer
	if !ps.Run(gopter.NewFormatedReporter(true, 160, &out)) {
		t.Errorf("%s\nreplay with SWITCHYARD_SEED=%d", out.String(), Seed())
	}
}

// Draws returns n, NightlyFactor times more when Nightly: the number of
// draws for a test that loops over random instances itself.
func Draws(n int) int {
	if Nightly() {
		return n * NightlyFactor
	}
	return n
}
