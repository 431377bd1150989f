// Package campaign is the engine behind fuzzrun fuzz: it runs every native
// fuzz target of a package (go test -fuzz, the standard engine; nothing
// home-made) for a total time budget split across the targets, watches the
// engine's progress lines, collects the crashers go test writes (already
// minimized by go test itself), files each as a regression seed, optionally
// merges the new interesting inputs from the fuzz cache back into
// testdata/, and reports in JSON, JUnit XML and Markdown.
//
// The test binary is built once, instrumented for fuzzing (go test -c
// -fuzz), and run once per target:
//
//	pkg.test -test.run '^$' -test.fuzz '^FuzzX$' -test.fuzztime D -test.parallel N
//
// in the package's directory, in its own process group, so that an
// interrupt reaches the engine's workers too and the engine stops as it
// does on ^C, keeping what it found.
package campaign
