package adapters

import (
	"context"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// Every in-process intermediary of the registry, run through proxy mode
// with the scripted backend behind it, tunnels a WebSocket 101.
func TestProxiesTunnel(t *testing.T) {
	for _, p := range Proxies {
		t.Run(p.Name, func(t *testing.T) {
			backend := testpeers.FreeAddr(t)
			addr, stop, err := p.Start(backend)
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			rs, err := proxymode.Run(context.Background(), proxymode.Config{Proxy: addr, BackendListen: backend, Timeout: 2 * time.Second}, proxymode.Cases())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range rs {
				t.Logf("%s: %s %s (%s): %s", r.Name, r.Outcome, r.Cited, r.Got, r.Why)
				if r.Name == "ws/101" {
					found = true
					if r.Outcome != suite.Pass {
						t.Errorf("ws/101: %s %s (%s): %s", r.Outcome, r.Cited, r.Got, r.Why)
					}
				}
			}
			if !found {
				t.Error("no ws/101 case in proxy mode")
			}
		})
	}
}
