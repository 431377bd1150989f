//go:build !gofuzz

package fuzz

import (
	"testing"

	"github.com/switchyard/switchyard/statemachine"
)

// checkCorpus fails the target when corpus/ or the generated seeds cannot
// be read: the seeds would silently shrink.
func checkCorpus(f *testing.F) {
	f.Helper()
	cs, err := captures()
	if err != nil {
		f.Fatalf("loading corpus: %v", err)
	}
	if len(cs) == 0 {
		f.Fatalf("%s lists no capture", CaptureIndex)
	}
	g, err := generated()
	if err != nil {
		f.Fatalf("loading the generated seeds: %v (go test ./fuzz/internal/seedgen -update writes them)", err)
	}
	if len(g.Requests) == 0 || len(g.Exchanges) == 0 {
		f.Fatalf("%s holds no generated request or exchange", GeneratedDir)
	}
}

func addRequests(f *testing.F) {
	checkCorpus(f)
	for _, s := range requestSeeds() {
		f.Add(s)
	}
}

func addResponses(f *testing.F) {
	checkCorpus(f)
	for _, s := range responseSeeds() {
		f.Add(s)
	}
}

// stackReserve is how much stack growStack claims: with the frames of
// testing's fuzz loop under it (about 2.5 KiB: tRunner, reflect.Value.Call)
// it takes a new goroutine's stack to 8 KiB, which every check fits in,
// and not past it.
const stackReserve = 4 << 10

// growStack grows the calling goroutine's stack to hold stackReserve more
// octets, and is called first thing in every fuzz function. go test -fuzz
// runs each input in a new goroutine, whose stack starts small (2 KiB) and
// doubles when a call needs more: the checks would grow it deep inside the
// parser, where copying the stack means adjusting every instrumented
// frame on it, a few microseconds per input (runtime.copystack was 8% of a
// field target's CPU time). Grown here, with only testing's frames on it,
// the copy is cheap and the check never grows it again.
//
//go:noinline
func growStack(i int) byte {
	var b [stackReserve]byte
	return b[i]
}

func FuzzRequestHead(f *testing.F) {
	addRequests(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		growStack(0)
		if err := CheckRequestHead(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

func FuzzResponseHead(f *testing.F) {
	addResponses(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		growStack(0)
		if err := CheckResponseHead(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

func FuzzPair(f *testing.F) {
	checkCorpus(f)
	for _, p := range pairSeeds() {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, req, resp []byte) {
		growStack(0)
		if err := CheckPair(req, resp); err != nil {
			t.Fatalf("%v\nrequest: %q\nresponse: %q", err, req, resp)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	addRequests(f)
	addResponses(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		growStack(0)
		if err := CheckRoundTrip(in); err != nil {
			t.Fatalf("%v\ninput: %q", err, in)
		}
	})
}

// fieldTarget is the body of a field target: seeds are the field's values
// in the request seeds, plus fieldExtraSeeds.
func fieldTarget(f *testing.F, name string) {
	checkCorpus(f)
	for _, v := range fieldSeeds()[name] {
		f.Add(v)
	}
	for _, s := range fieldExtraSeeds(name) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		growStack(0)
		if err := CheckField(name, v); err != nil {
			t.Fatalf("%v\nvalue: %q", err, v)
		}
	})
}

func FuzzConnection(f *testing.F)    { fieldTarget(f, FieldConnection) }
func FuzzUpgrade(f *testing.F)       { fieldTarget(f, FieldUpgrade) }
func FuzzKey(f *testing.F)           { fieldTarget(f, FieldKey) }
func FuzzVersion(f *testing.F)       { fieldTarget(f, FieldVersion) }
func FuzzProtocol(f *testing.F)      { fieldTarget(f, FieldProtocol) }
func FuzzExtensions(f *testing.F)    { fieldTarget(f, FieldExtensions) }
func FuzzHTTP2Settings(f *testing.F) { fieldTarget(f, FieldHTTP2Settings) }
func FuzzHost(f *testing.F)          { fieldTarget(f, FieldHost) }
func FuzzContentLength(f *testing.F) { fieldTarget(f, FieldContentLength) }

func FuzzStateMachine(f *testing.F) {
	checkCorpus(f)
	for _, s := range stateMachineSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		growStack(0)
		if err := CheckStateMachine(data); err != nil {
			t.Fatalf("%v\ninput: %q", err, data)
		}
	})
}

// TestSecureSeeds: some state machine seeds are secure connections, and
// on each a secure machine, once past the two TLS handshake records, takes
// the exchange exactly as a plain machine takes it alone.
func TestSecureSeeds(t *testing.T) {
	n := 0
	for _, s := range stateMachineSeeds() {
		if !Secure(s) {
			continue
		}
		n++
		role, evs := DecodeEvents(s)
		secure, plain := statemachine.NewSecure(role), statemachine.New(role)
		for i, ev := range evs {
			st, err := secure.Step(ev)
			if i < 2 {
				if err != nil || st != statemachine.Idle {
					t.Fatalf("%v: TLS record %d: %v, %v", role, i, st, err)
				}
				continue
			}
			pst, perr := plain.Step(ev)
			if st != pst || (err == nil) != (perr == nil) {
				t.Fatalf("%v: event %d (%v): secure %v, %v; plain %v, %v", role, i, ev.Kind, st, err, pst, perr)
			}
		}
	}
	if n == 0 {
		t.Fatal("no secure state machine seeds")
	}
}
