package oracle

import "testing"

func TestDecisionsOf(t *testing.T) {
	targets := []*target{{name: "a", protocol: "websocket"}, {name: "b", protocol: "websocket"}, {name: "h", protocol: "h2c"}}
	sw := &Judgement{Got: Decision{Switched: true, StatusClass: 1, Fate: "switched"}}
	ok := &Judgement{Got: Decision{StatusClass: 2, Fate: "refused"}}
	bad := &Judgement{Got: Decision{StatusClass: 4, Fate: "refused"}}
	if d := decisionsOf(Case{Name: "c"}, targets, caseRow{sw, sw, ok}); d.Split || d.Decisions["h"] != "refused 2xx" {
		t.Errorf("same decision within each protocol: %+v", d)
	}
	if d := decisionsOf(Case{Name: "c"}, targets, caseRow{sw, bad, ok}); !d.Split {
		t.Errorf("websocket servers disagree, not split: %+v", d)
	}
}
