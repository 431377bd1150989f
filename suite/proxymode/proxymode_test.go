package proxymode_test

import (
	"context"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

func runThrough(t *testing.T, defect testpeers.Defect) map[string]suite.Result {
	t.Helper()
	backend := testpeers.FreeAddr(t)
	p, err := testpeers.NewProxy(backend, defect)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rs, err := proxymode.Run(context.Background(), proxymode.Config{Proxy: p.Addr(), BackendListen: backend}, proxymode.Cases())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]suite.Result{}
	for _, r := range rs {
		out[r.Name] = r
	}
	return out
}

// A proxy that follows RFC 9110 §7.6.1 and PROXY-1..3 passes every case.
func TestStrictProxyPasses(t *testing.T) {
	rs := runThrough(t, testpeers.Strict)
	for _, c := range proxymode.Cases() {
		r := rs[c.Name]
		if r.Outcome != suite.Pass {
			t.Errorf("%s: %s %s: %s (got %s)", c.Name, r.Outcome, r.Cited, r.Why, r.Got)
		}
		if tunnelled := strings.Contains(r.Got, "tunnel"); tunnelled != c.Tunnel {
			t.Errorf("%s: the strict proxy tunnelled = %v; the case says %v", c.Name, tunnelled, c.Tunnel)
		}
	}
}

// The defects are found, each with its rule, as NON-STRICT: PROXY-n are
// Switchyard policy, not RFC MUSTs.
func TestPlantedProxiesDetected(t *testing.T) {
	tests := []struct {
		defect   testpeers.Defect
		cases    []string
		wantRule rules.ID
	}{
		{testpeers.TunnelAfterRefusal, []string{"ws/426", "ws/400", "ws/200", "ws/403"}, rules.PROXY_2},
		{testpeers.TunnelOnUnsolicited101, []string{"plain/101-unsolicited"}, rules.PROXY_3},
	}
	for _, tt := range tests {
		rs := runThrough(t, tt.defect)
		for _, name := range tt.cases {
			r := rs[name]
			if r.Outcome != suite.NonStrict || r.Cited != tt.wantRule {
				t.Errorf("defect %d, %s: %s %s (%s); want NON-STRICT %s", tt.defect, name, r.Outcome, r.Cited, r.Why, tt.wantRule)
			}
		}
		if r := rs["ws/101"]; r.Outcome != suite.Pass {
			t.Errorf("defect %d, ws/101: %s %s; want PASS", tt.defect, r.Outcome, r.Why)
		}
	}
}
