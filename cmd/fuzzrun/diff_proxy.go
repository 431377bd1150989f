package main

import (
	"context"
	"fmt"
	"github.com/switchyard/switchyard/judge"
	"strings"
	"time"

	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// runProxyDiff is diff's proxy mode: the harness is both the client and the
// scripted backend behind the proxy (suite/proxymode), and each departure
// the intermediary rules of statemachine/ find becomes a finding — one per
// (proxy, rule, class), gated by the baseline like every other finding.
func runProxyDiff(ctx context.Context, proxyURL, name, backend string, timeout time.Duration, bl *oracle.Baseline) (*oracle.Result, error) {
	addr := strings.TrimPrefix(proxyURL, "tcp://")
	if addr == proxyURL || addr == "" || strings.Contains(addr, "/") {
		return nil, fmt.Errorf("--proxy %q: want tcp://HOST:PORT", proxyURL)
	}
	if backend == "" {
		return nil, fmt.Errorf("--proxy needs --backend-listen HOST:PORT, where the proxy forwards to")
	}
	start := time.Now()
	results, err := proxymode.Run(ctx, proxymode.Config{Proxy: addr, BackendListen: backend, Timeout: timeout}, proxymode.Cases())
	if err != nil {
		return nil, err
	}
	target := "proxy " + addr
	if name != "" {
		target = name
	}
	tally := &oracle.Tally{Target: target, Side: judge.Proxy, Cases: len(results), ByClass: map[oracle.Class]int{}}
	res := &oracle.Result{Cases: len(results), Targets: []string{target}, Tallies: []*oracle.Tally{tally}}
	seen := map[oracle.Signature]bool{}
	for _, r := range results {
		if r.Judgement == nil || len(r.Judgement.Divergences) == 0 {
			tally.Agree++
			continue
		}
		for _, d := range r.Judgement.Divergences {
			tally.ByClass[d.Class]++
			f := oracle.Finding{
				Target: target, Side: judge.Proxy, Class: d.Class, Rule: d.Rule, Level: d.Level.String(),
				Summary: d.Summary, Case: r.Name, Request: string(r.Request), Response: string(r.Response), Minimized: string(r.Request),
			}
			if seen[f.Sig()] {
				continue
			}
			seen[f.Sig()] = true
			f.New = !bl.Covers(&f)
			res.Findings = append(res.Findings, f)
		}
	}
	res.Duration = time.Since(start)
	return res, nil
}
