package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/parser/rules"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// proxySide marks findings about an intermediary in diff's tables.
const proxySide oracle.Side = "proxy"

// runProxyDiff is diff's proxy mode: the harness is both the client and the
// scripted backend behind the proxy (suite/proxymode), and each departure
// the intermediary rules of statemachine/ find becomes a finding — one per
// (proxy, rule, class), gated by the baseline like every other finding.
func runProxyDiff(ctx context.Context, proxyURL, backend string, timeout time.Duration, bl *oracle.Baseline) (*oracle.Result, error) {
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
	tally := &oracle.Tally{Target: target, Side: proxySide, Cases: len(results), ByClass: map[oracle.Class]int{}}
	res := &oracle.Result{Cases: len(results), Targets: []string{target}, Tallies: []*oracle.Tally{tally}}
	seen := map[oracle.Signature]bool{}
	for _, r := range results {
		class, ok := proxyClass(r)
		if !ok {
			tally.Agree++
			continue
		}
		tally.ByClass[class]++
		rule := r.Cited
		if rule == "" {
			rule = r.Rule
		}
		f := oracle.Finding{
			Target: target, Side: proxySide, Class: class, Rule: rule, Level: rules.LevelOf(rule).String(),
			Summary: r.Why, Case: r.Name, Request: string(r.Request), Response: string(r.Response), Minimized: string(r.Request),
		}
		if seen[f.Sig()] {
			continue
		}
		seen[f.Sig()] = true
		f.New = !bl.Covers(&f)
		res.Findings = append(res.Findings, f)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// proxyClass maps a proxy case's outcome to a finding class by the level of
// the rule it rests on: a FAIL breaks an RFC MUST (violation); a NON-STRICT
// departs from Switchyard's policy (policy) or from an RFC SHOULD, which is
// permitted but breaks peers that rely on it (interop). PASS and
// INFORMATIONAL are no finding.
func proxyClass(r suite.Result) (oracle.Class, bool) {
	rule := r.Cited
	if rule == "" {
		rule = r.Rule
	}
	switch {
	case r.Outcome == suite.Fail:
		return oracle.Violation, true
	case r.Outcome == suite.NonStrict && rules.LevelOf(rule) == rules.Policy:
		return oracle.Policy, true
	case r.Outcome == suite.NonStrict:
		return oracle.Interop, true
	}
	return "", false
}
