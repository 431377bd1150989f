package fuzz

import (
	"sync"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/statemachine"
)

// scratch is the reusable state of one check: parsers and buffers that
// would otherwise be allocated for every input. A check takes one from
// scratchPool and puts it back when done, so concurrent callers never
// share one, and a fuzz worker, which runs one input after another, reuses
// the same one.
type scratch struct {
	// fresh and freshResponse are zeroed before each parse, so that they
	// parse as a new Parser does, without a new Parser's allocation; two,
	// because a request must stay valid while its response is parsed.
	fresh, freshResponse parser.Parser
	// reused parses something else (otherRequest, otherResponse) before the
	// input, so that state left over in its buffers shows; then the cut and
	// trimmed inputs.
	reused parser.Parser
	// aux parses the 101 the parser builds for a switchable request, and
	// the response heads of a state machine input.
	aux parser.Parser
	// orig is a copy of the input, to see that parsing leaves it alone.
	orig []byte
	// msg holds a message built from the input: a field's message, a
	// reprinted head.
	msg []byte
	// reply holds the 101 the parser builds for a switchable request.
	reply []byte
	// elems, decoded, settings and unquoted hold what the reference
	// decoders make of a field value: its list elements, its base64
	// octets, its HTTP/2 settings, a parameter's unescaped value.
	elems    [][]byte
	decoded  []byte
	settings [][2]uint32
	unquoted []byte
	// acceptKey is the last key refAccept hashed, accept its Accept
	// (base64 of 20 octets), acceptKnown whether they are set.
	acceptKey   []byte
	accept      [28]byte
	acceptKnown bool
	// protocols hold two Upgrade protocols spelled out, to compare them.
	protocols [2][]byte
	// events and steps hold a state machine input's events and the steps
	// the first machine took.
	events []statemachine.Event
	steps  []step
	// bad is the first failure a state machine check finds, and trace the
	// Trace that records one in it (traceFunc).
	bad   error
	trace func(statemachine.Transition)
	// violation is errors.As's target for a step's error (a local one
	// would escape to the heap on every error).
	violation *parser.Violation
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch  { return scratchPool.Get().(*scratch) }
func putScratch(s *scratch) { scratchPool.Put(s) }
