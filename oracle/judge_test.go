package oracle

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/switchyard/switchyard/parser/rules"
)

const (
	jReq    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	jBad    = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAA\r\nSec-WebSocket-Version: 13\r\n\r\n"
	j101    = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
	jBad1   = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ICX+Yqv66kxgM0FcWaLWlFLwTAI=\r\n\r\n"
	j400    = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
	j200    = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
	jEmpty  = "GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade, , keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	jEmpty2 = "GET /chat HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade, , keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	jProto  = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n"
)

// TestJudgeServer judges fixed observations of a WebSocket server.
func TestJudgeServer(t *testing.T) {
	tests := []struct {
		name      string
		req, resp string
		fate      Fate
		want      []Divergence // class and rule only
	}{
		{"valid switched", jReq, j101, FateAnswered, nil},
		{"invalid refused", jBad, j400, FateAnswered, nil},
		{"valid refused", jReq, j400, FateAnswered, []Divergence{{Class: Interop, Rule: rules.RFC6455_4_2_2_13}}},
		{"valid dropped", jReq, "", FateClosed, []Divergence{{Class: Interop, Rule: rules.RFC6455_4_2_2_13}}},
		{"bad key switched", jBad, jBad1, FateAnswered, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_2_1_6}}},
		{"wrong accept", jReq, jBad1, FateAnswered, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_2_2_11}}},
		{"unoffered subprotocol", jReq, jProto, FateAnswered, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_2_2_6}}},
		{"invalid answered 200", jBad, j200, FateAnswered, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_2_1_1}}},
		{"empty list element refused", jEmpty, j400, FateAnswered, []Divergence{{Class: Violation, Rule: rules.RFC9110_5_6_1_2_1}}},
		{"empty list element switched", jEmpty, j101, FateAnswered, nil},
		{"empty list element and another fault refused", jEmpty2, j400, FateAnswered, nil},
		{"hung", jReq, "", FateHung, []Divergence{{Class: Robustness}}},
		{"panicked", jBad, "", FatePanicked, []Divergence{{Class: Robustness, Rule: rules.RFC6455_4_2_1_6}}},
	}
	for _, tt := range tests {
		o := Observation{Side: ServerSide, Request: []byte(tt.req), Reply: []byte(tt.resp), Fate: tt.fate}
		got := strip(Judge("websocket", Case{Side: ServerSide}, o).Divergences)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: divergences (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestJudgeClient judges fixed observations of a client.
func TestJudgeClient(t *testing.T) {
	tests := []struct {
		name string
		resp string
		fate Fate
		want []Divergence
	}{
		{"valid open", j101, FateOpen, nil},
		{"valid failed", j101, FateFailed, []Divergence{{Class: Interop, Rule: rules.RFC6455_4_1_27}}},
		{"wrong accept failed", jBad1, FateFailed, nil},
		{"wrong accept open", jBad1, FateOpen, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_1_22}}},
		{"200 open", j200, FateOpen, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_1_19}}},
		{"unoffered subprotocol open", jProto, FateOpen, []Divergence{{Class: Violation, Rule: rules.RFC6455_4_1_24}}},
	}
	for _, tt := range tests {
		o := Observation{Side: ClientSide, Request: []byte(jReq), Reply: []byte(tt.resp), Fate: tt.fate}
		got := strip(Judge("", Case{Side: ClientSide}, o).Divergences)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: divergences (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestRejudge: an observation stored as JSON is judged the same after a
// round trip (DESIGN.md principle 5).
func TestRejudge(t *testing.T) {
	o := Observation{Target: "x", Side: ServerSide, Request: []byte(jBad), Reply: []byte(jBad1), Fate: FateAnswered}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var back Observation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	c := Case{Side: ServerSide}
	if diff := cmp.Diff(Judge("websocket", c, o), Judge("websocket", c, back)); diff != "" {
		t.Errorf("re-judged differently (-first +again):\n%s", diff)
	}
}

// strip keeps the class and rule of each divergence.
func strip(ds []Divergence) []Divergence {
	var out []Divergence
	for _, d := range ds {
		out = append(out, Divergence{Class: d.Class, Rule: d.Rule})
	}
	return out
}
