package fuzz

import (
	"os"
	"path/filepath"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/statemachine"
)

// Capture is one handshake of corpus/: its raw octets and, for a response,
// the request it answers (nil when unknown).
type Capture struct {
	File    string
	Kind    string // "request" or "response"
	Data    []byte
	Request []byte
}

// FindRoot returns the repository root: the nearest directory at or above
// the working directory that holds corpus/index.json ("." when none does).
// go test runs in ./fuzz; a libFuzzer binary may run anywhere below the root.
func FindRoot() string {
	dir := "."
	for i := 0; i < 4; i++ {
		if _, err := os.Stat(filepath.Join(dir, "corpus", "index.json")); err == nil {
			return dir
		}
		dir = filepath.Join(dir, "..")
	}
	return "."
}

// CaptureIndex is corpus/index.json without JSON, under the repository
// root: one line per capture, its kind, its file and the file of the
// request it answers ("" when unknown), each Go-quoted, separated by a
// space. go test ./fuzz/internal/seedgen -update writes it from
// corpus/index.json and fails when it is stale. Package fuzz does not
// import encoding/json, so that go test -fuzz does not instrument it:
// its counters would cost every execution of every target, and the fuzz
// engine's own JSON traffic between its processes would run instrumented.
const CaptureIndex = GeneratedDir + "/captures.txt"

// LoadCorpus reads the captures CaptureIndex lists under root (the
// repository).
func LoadCorpus(root string) ([]Capture, error) {
	var out []Capture
	err := readQuotedLines(filepath.Join(root, CaptureIndex), 3, func(q [][]byte) error {
		c := Capture{File: string(q[1]), Kind: string(q[0])}
		var err error
		if c.Data, err = os.ReadFile(filepath.Join(root, c.File)); err != nil {
			return err
		}
		if len(q[2]) > 0 {
			if c.Request, err = os.ReadFile(filepath.Join(root, string(q[2]))); err != nil {
				return err
			}
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// ExchangeEvents returns the events a role sees for a request and its
// response: the request head and its end, then the response head (interim,
// switch or final by its status), and after a final response its end,
// after a 101 some octets of the new protocol and the close.
func ExchangeEvents(req, resp []byte) []statemachine.Event {
	evs := []statemachine.Event{{Kind: statemachine.RequestHead, Head: req}, {Kind: statemachine.RequestEnd}}
	if resp == nil {
		return evs
	}
	var p parser.Parser
	switch k := responseKind(&p, resp); k {
	case statemachine.SwitchHead:
		evs = append(evs, statemachine.Event{Kind: k, Head: resp},
			statemachine.Event{Kind: statemachine.ServerBytes, Data: []byte{0x81, 0x00}},
			statemachine.Event{Kind: statemachine.Close})
	case statemachine.InterimHead:
		evs = append(evs, statemachine.Event{Kind: k, Head: resp})
	default:
		evs = append(evs, statemachine.Event{Kind: k, Head: resp}, statemachine.Event{Kind: statemachine.ResponseEnd})
	}
	return evs
}

// HeadEndOrAll returns the length of the head at the start of b, or len(b)
// when b holds no complete head.
func HeadEndOrAll(b []byte) int {
	if n := parser.HeadEnd(b); n >= 0 {
		return n
	}
	return len(b)
}
