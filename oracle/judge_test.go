package oracle

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	jBad  = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAA\r\nSec-WebSocket-Version: 13\r\n\r\n"
	jBad1 = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ICX+Yqv66kxgM0FcWaLWlFLwTAI=\r\n\r\n"
)

// TestRejudge: an observation stored as JSON is judged the same after a
// round trip (DESIGN.md principle 5).
func TestRejudge(t *testing.T) {
	o := observation(ServerSide, jBad, jBad1, FateAnswered)
	o.Target = "x"
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var back Observation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	c := Case{Side: ServerSide}
	first := Judge("websocket", c, o)
	if len(first.Divergences) == 0 {
		t.Fatal("a 101 to a broken key judged without divergence")
	}
	if diff := cmp.Diff(first, Judge("websocket", c, back)); diff != "" {
		t.Errorf("re-judged differently (-first +again):\n%s", diff)
	}
}

// observation builds an observation of one exchange.
func observation(side Side, req, resp string, fate Fate) Observation {
	var o Observation
	o.Side, o.Request, o.Reply, o.Fate = side, []byte(req), []byte(resp), fate
	return o
}
