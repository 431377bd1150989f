package differential

import (
	"context"
	"testing"
	"time"

	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/oracle/adapters"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// seedCases are the first cases of fuzzrun diff's default run (seed 1, with
// the corpus), whose divergences oracle/baseline.json records: plain go
// test passes on them, and the fuzzer starts from real and generated
// handshakes.
const seedCases = 120

// Timeouts: the in-process servers answer over net.Pipe in microseconds, and
// the fuzzer's minimizer replays an input many times, so a hang must cost
// little. A first silence is looked at again with more time before it
// counts.
const (
	firstLook  = 100 * time.Millisecond
	secondLook = 500 * time.Millisecond
)

// FuzzDifferential sends each input, as a request, to every in-process
// server of oracle/adapters over a real connection, judges what each did
// with the oracle's judge (the strict parser and state machine), and fails
// on a divergence whose (implementation, version, rule, class) the
// committed baseline does not explain. Inputs larger than a head limit, or
// without a complete head, are skipped: the servers' limits or timeouts
// would decide them, not the handshake.
func FuzzDifferential(f *testing.F) {
	cases := oracle.ServerCases(1, 400, oracle.CorpusCases("../../corpus/requests"))
	for i, c := range cases {
		if i == seedCases {
			break
		}
		f.Add(c.Message)
	}
	baseline, err := oracle.DefaultBaseline()
	if err != nil {
		f.Fatal(err)
	}
	var targets []oracle.ServerTarget
	for _, impl := range adapters.Servers {
		targets = append(targets, oracle.NewInProcess(impl))
	}
	f.Cleanup(func() {
		for _, t := range targets {
			t.Close()
		}
	})
	f.Fuzz(func(t *testing.T, req []byte) {
		if len(req) > parser.DefaultMaxHeadBytes {
			t.Skip("larger than a head")
		}
		if parser.HeadEnd(req) < 0 {
			// Every server rightly waits for the rest of a head; that costs
			// a timeout per implementation and decides nothing.
			t.Skip("no complete head")
		}
		c := oracle.Case{Name: "fuzz", Side: oracle.ServerSide, Message: req}
		// Label the case as fuzzrun diff labels its mutants: with the rule
		// the request breaks first, so that findings line up with the
		// baseline's (implementation, rule, class).
		// A shared layer's decision is filed against the layer.
		var p parser.Parser
		parsed := p.ParseRequest(req)
		if parsed.ContentLength > 0 || parsed.TransferEncoding {
			// Servers rightly wait for a declared body; fuzzrun diff sends
			// it with its generated cases. Here it would cost a timeout per
			// implementation.
			t.Skip("declares a body")
		}
		if v := parsed.Verdict; len(v.Violations) > 0 {
			c.Rule, c.Level = v.Violations[0].Rule, v.Violations[0].Level
		}
		for _, target := range targets {
			o := oracle.ObserveServer(context.Background(), target, c, firstLook)
			j := oracle.Judge(target.Protocol(), c, o)
			if o.Fate == oracle.FateHung && len(j.Divergences) > 0 {
				// A second look with more time, as fuzzrun diff does, so
				// that a loaded machine does not pass for a hang.
				o = oracle.ObserveServer(context.Background(), target, c, secondLook)
				j = oracle.Judge(target.Protocol(), c, o)
			}
			name := target.Name()
			if o.Layer != "" {
				name = o.Layer // decided by the shared layer: its finding
			}
			for _, d := range j.Divergences {
				if !explained(baseline, name, d) {
					t.Errorf("%s %s: new %s divergence %s (%s): %s\nrequest: %q\nreply: %q",
						name, target.Version(), d.Class, d.Rule, d.Level, d.Summary, req, o.Reply)
				}
			}
		}
	})
}

// explained reports whether the baseline records this divergence of the
// implementation: same target, rule and class. The version is not compared:
// a test binary does not always know its dependencies' versions, and go.mod
// pins them anyway.
//
// A valid handshake refused is judged an interop divergence under the
// generic RFC6455-4.2.2-13 when the case carries no label; fuzzrun diff
// labels its valid variants with the legal variation they exercise (lists
// split over lines, other protocols offered, ...), which a fuzzed input does
// not name. Such a divergence is explained when the baseline records any
// interop divergence of the implementation. Likewise a robustness
// divergence (a hang, a reset, a panic) carries the input's first fault as
// its rule, which need not be the cause: it is explained when the baseline
// records a robustness divergence of the implementation.
func explained(b *oracle.Baseline, target string, d oracle.Divergence) bool {
	for _, e := range b.Entries {
		if e.Target != target || e.Class != d.Class {
			continue
		}
		if e.Rule == d.Rule || d.Class == oracle.Interop && d.Rule == rules.RFC6455_4_2_2_13 || d.Class == oracle.Robustness {
			return true
		}
	}
	return false
}
