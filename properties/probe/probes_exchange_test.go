package probe

import (
	"math/rand"
	"testing"

	"github.com/switchyard/switchyard/properties/handshake"
	"github.com/switchyard/switchyard/properties/proptest"
	"github.com/switchyard/switchyard/rules"
	sm "github.com/switchyard/switchyard/statemachine"
)

// TestExchangeProbesDeep runs every exchange and forward probe on more
// draws than the coverage table does.
func TestExchangeProbesDeep(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 30
	}
	for _, p := range Probes() {
		if p.Kind != KindExchange && p.Kind != KindForward {
			continue
		}
		r := rand.New(rand.NewSource(proptest.Seed()))
		for i := 0; i < n; i++ {
			if err := p.Check(r); err != nil {
				t.Errorf("%s (%s), draw %d: %v", p.Name, p.Rule, i, err)
				break
			}
		}
	}
}

// TestTraceJudges: the helpers the probes judge with fail where they must,
// so that a probe cannot pass by judging nothing.
func TestTraceJudges(t *testing.T) {
	r := rand.New(rand.NewSource(proptest.Seed()))
	for i := 0; i < 50; i++ {
		e := handshake.NewExchange(r, trAnyOf(r, handshake.WebSocket, handshake.H2C, handshake.TLS))
		valid := trUpgradeTrace(r, e)
		if err := trAccepts(sm.Client, valid); err != nil {
			t.Fatal(err)
		}
		if trCatches(sm.Server, valid, rules.RFC9112_6_3_1) == nil {
			t.Fatalf("a valid trace caught%s", trDescribe(valid))
		}
		broken := trInsert(valid, 2, trRespEv(handshake.Message{Start: "HTTP/1.1 100 Continue"}))
		if trAccepts(sm.Client, broken) == nil {
			t.Fatalf("a 100 after the 101 accepted%s", trDescribe(broken))
		}
		if trCatches(sm.Client, broken, rules.RFC9110_7_8_14) == nil {
			t.Fatalf("a 100 after the 101 caught citing the wrong rule%s", trDescribe(broken))
		}
		if err := trProbe(sm.Client, broken, broken, rules.RFC9112_6_3_1); err == nil {
			t.Fatalf("a probe whose unbroken trace is caught passed%s", trDescribe(broken))
		}
	}
}
