package oracle

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// jitterServer is a planted server that waits a random moment before it
// serves each connection, so that exchanges end in no particular order.
type jitterServer struct{ plantedServer }

func (s jitterServer) Serve(c *PeerConn) {
	time.Sleep(time.Duration(rand.IntN(5)) * time.Millisecond)
	s.plantedServer.Serve(c)
}

// Which case a finding comes from does not depend on the order in which
// exchanges end: many workers find what one finds, from the same cases.
func TestFindingsInCaseOrder(t *testing.T) {
	run := func(workers int) []Finding {
		tgt := NewInProcess(ServerImpl{Name: "jitter", Protocol: "websocket", Start: func() Server { return jitterServer{plantedServer{"lenient"}} }})
		res, err := Run(context.Background(), Config{Servers: []ServerTarget{tgt}, Seed: 3, Cases: 400, Timeout: 5 * time.Second,
			Workers: workers, NoMinimize: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Findings
	}
	one, many := run(1), run(64)
	if len(one) == 0 || len(one) != len(many) {
		t.Fatalf("%d findings with one worker, %d with many", len(one), len(many))
	}
	for i := range one {
		if one[i].Sig() != many[i].Sig() || one[i].Case != many[i].Case {
			t.Errorf("finding %d: one worker %v from %s, many %v from %s", i, one[i].Sig(), one[i].Case, many[i].Sig(), many[i].Case)
		}
	}
}
