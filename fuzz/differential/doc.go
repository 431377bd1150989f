// Package differential holds the differential fuzz target: the strict
// reference against every in-process implementation of oracle/adapters. It
// lives apart from package fuzz so that the other targets, which go-fuzz and
// libFuzzer build too, do not link nine WebSocket servers.
//
//	go test ./fuzz/differential -run '^$' -fuzz FuzzDifferential -fuzztime 60s
package differential
