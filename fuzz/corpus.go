package fuzz

import (
	"encoding/json"
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

// LoadCorpus reads corpus/index.json under root (the repository) and the
// files it lists.
func LoadCorpus(root string) ([]Capture, error) {
	idx, err := os.ReadFile(filepath.Join(root, "corpus", "index.json"))
	if err != nil {
		return nil, err
	}
	var entries []struct {
		File, Kind, Request string
	}
	if err := json.Unmarshal(idx, &entries); err != nil {
		return nil, err
	}
	var out []Capture
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(root, e.File))
		if err != nil {
			return nil, err
		}
		c := Capture{File: e.File, Kind: e.Kind, Data: data}
		if e.Request != "" {
			if c.Request, err = os.ReadFile(filepath.Join(root, e.Request)); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, nil
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
