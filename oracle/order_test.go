package oracle

import (
	"context"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
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
		tgt := NewInProcess(ServerImpl{Name: "jitter", Protocol: "websocket", Start: func() Server { return jitterServer{plantedServer{testpeers.Lenient}} }})
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

// slowOnceClient answers like a strict client, but the first time it sees
// a response it stalls past the oracle's deadline and then fails on the
// closed connection, as a healthy client stalled by a loaded machine does.
func slowOnceClient(stall time.Duration) ClientImpl {
	var mu sync.Mutex
	seen := map[string]bool{}
	return ClientImpl{Name: "slow-once", Handshake: func(_ context.Context, c net.Conn, _ string) error {
		if _, err := c.Write([]byte(finishedRequest)); err != nil {
			return err
		}
		head, err := readHead(c)
		if err != nil {
			return err
		}
		mu.Lock()
		first := !seen[string(head)]
		seen[string(head)] = true
		mu.Unlock()
		if first {
			time.Sleep(stall)
			if _, err := c.Read(make([]byte, 1)); err != nil {
				return err
			}
		}
		return nil
	}}
}

// An exchange that ran into its deadline is looked at again with a longer
// timeout: a client stalled once decides as it does when it is not.
func TestDeadlineSecondLook(t *testing.T) {
	const timeout = 100 * time.Millisecond
	plain := ClientCases(1)[0]
	res, err := Run(context.Background(), Config{Clients: []ClientImpl{slowOnceClient(3 * timeout / 2)}, Seed: 1, Timeout: timeout,
		KeepDecisions: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Decisions {
		if d.Case == plain.Name {
			if got := d.Decisions["slow-once"]; got != "open" {
				t.Errorf("decision %q on %s, want open (the second look's)", got, plain.Name)
			}
			return
		}
	}
	t.Fatalf("no decision on %s", plain.Name)
}
