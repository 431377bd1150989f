// Package trivialfuzz holds FuzzTrivial, a fuzz target that does almost
// nothing: it only checks the length of its input. Its execs/s is the
// fuzzing engine's own ceiling on this machine, the yardstick that
// docs/performance.md measures the real targets of fuzz/ against.
package trivialfuzz

// MaxLen is the length FuzzTrivial checks its input against; go test
// -fuzz never produces longer inputs by default, so the check never fails.
const MaxLen = 1 << 20
