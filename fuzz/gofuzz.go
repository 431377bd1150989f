//go:build gofuzz

// go-fuzz entry points (github.com/dvyukov/go-fuzz): the checks of the
// native targets, one function per target, built with
// go-fuzz-build -func FuzzXxx (scripts/build-fuzzers.sh). An invariant
// that fails panics, which go-fuzz records as a crasher. The native
// targets in fuzz_test.go have the same names; that file is built only
// without the gofuzz tag, so the two never meet.

package fuzz

import "github.com/switchyard/switchyard/parser"

// interesting tells go-fuzz to favour inputs that got as far as a
// complete head.
func interesting(in []byte) int {
	if parser.HeadEnd(in) >= 0 {
		return 1
	}
	return 0
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// FuzzRequestHead is the go-fuzz entry point of CheckRequestHead.
func FuzzRequestHead(data []byte) int {
	must(CheckRequestHead(data))
	return interesting(data)
}

// FuzzResponseHead is the go-fuzz entry point of CheckResponseHead.
func FuzzResponseHead(data []byte) int {
	must(CheckResponseHead(data))
	return interesting(data)
}

// FuzzPair is the go-fuzz entry point of CheckPair: the request head, then
// the response head (each through its empty line, HeadEnd).
func FuzzPair(data []byte) int {
	n := HeadEndOrAll(data)
	must(CheckPair(data[:n], data[n:]))
	return interesting(data[n:])
}

// FuzzRoundTrip is the go-fuzz entry point of CheckRoundTrip.
func FuzzRoundTrip(data []byte) int {
	must(CheckRoundTrip(data))
	return interesting(data)
}

// FuzzField is the go-fuzz entry point of CheckField: the first octet
// picks the field (modulo the number of fields), the rest is its value.
func FuzzField(data []byte) int {
	if len(data) == 0 {
		return -1
	}
	must(CheckField(Fields[int(data[0])%len(Fields)], data[1:]))
	return 1
}

// FuzzStateMachine is the go-fuzz entry point of CheckStateMachine.
func FuzzStateMachine(data []byte) int {
	must(CheckStateMachine(data))
	return 1
}
