// Package probe breaks the rules no single message breaks — an exchange's
// order of events (statemachine traces), what an intermediary forwards, a
// message under its endpoint's setting, a recipient's reading (the naive
// recipient of properties/internal/naive with one fault) — and checks that
// the reference catches each break citing the rule: a [Probe]. [Coverage]
// joins the probes with the mutators of properties/mutate into the
// rule-coverage table (go test ./properties/probe -run Coverage -v).
//
// Each probe judges through what it is given: the setting probes take
// their judge as a parameter (the reference's Endpoint checks, or in a
// test one that errs), so that no probe swaps a shared judge.
package probe
