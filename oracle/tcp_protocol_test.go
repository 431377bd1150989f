package oracle

import (
	"testing"

	"github.com/switchyard/switchyard/internal/upgradecases"
	"github.com/switchyard/switchyard/judge"
)

// A TCP target of h2c or TLS takes the cases that offer its protocol, and
// a WebSocket one every case, as before.
func TestTCPTargetProtocol(t *testing.T) {
	tt, err := ParseTCPTarget("tcp://127.0.0.1:1/")
	if err != nil {
		t.Fatal(err)
	}
	if tt.Protocol() != judge.WebSocket {
		t.Errorf("default protocol %q", tt.Protocol())
	}
	if tt.SetProtocol("spdy") == nil {
		t.Error("spdy accepted")
	}
	cases := append(ServerCases(1, 200, nil), ProtocolCases(judge.H2C)...)
	for _, proto := range []string{judge.WebSocket, judge.H2C, judge.TLS} {
		if err := tt.SetProtocol(proto); err != nil {
			t.Fatal(err)
		}
		took := 0
		for _, c := range cases {
			if tt.Takes(c) {
				took++
				if !upgradecases.Offers(c.Message, proto) {
					t.Errorf("%s target takes %s, which does not offer it", proto, c.Name)
				}
			}
		}
		if proto == judge.WebSocket && took != len(cases) || took == 0 {
			t.Errorf("%s target takes %d of %d cases", proto, took, len(cases))
		}
	}
	for _, proto := range []string{judge.H2C, judge.TLS} {
		pc := ProtocolCases(proto)
		if len(pc) != len(upgradecases.For(proto)) {
			t.Fatalf("%s: %d cases", proto, len(pc))
		}
		for _, c := range pc {
			if c.Side != ServerSide || c.Rule == "" || !upgradecases.Offers(c.Message, proto) {
				t.Errorf("%s: %+v", c.Name, c)
			}
		}
	}
}
