package main

import (
	"context"
	"fmt"
	"github.com/switchyard/switchyard/judge"
	"net"
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
	return proxyDiff(ctx, proxyURL, name, "", backend, timeout, bl)
}

// proxyDiff is runProxyDiff for a proxy of a known version; an in-process
// one (version != "") gets replay commands.
func proxyDiff(ctx context.Context, proxyURL, name, version, backend string, timeout time.Duration, bl *oracle.Baseline) (*oracle.Result, error) {
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
	tally := &oracle.Tally{Target: target, Version: version, Side: judge.Proxy, Cases: len(results), ByClass: map[oracle.Class]int{}}
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
				Version: version, Blamed: d.Blamed, InMessage: d.InMessage, Cause: d.Cause, MinimizedResponse: string(r.Response),
			}
			if version != "" {
				f.Replay = "fuzzrun replay --impl " + name + " --proxy-case " + r.Name
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

// runProxyImpls runs each in-process intermediary in proxy mode, behind
// it a scripted backend on a kernel-chosen loopback port, and returns
// their results.
func runProxyImpls(ctx context.Context, impls []oracle.ProxyImpl, timeout time.Duration, bl *oracle.Baseline) ([]*oracle.Result, error) {
	var out []*oracle.Result
	for _, p := range impls {
		res, err := runProxyImpl(ctx, p, timeout, bl, proxymode.Cases())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// runProxyImpl starts one in-process intermediary and runs cases through
// it.
func runProxyImpl(ctx context.Context, p oracle.ProxyImpl, timeout time.Duration, bl *oracle.Baseline, cases []proxymode.Case) (*oracle.Result, error) {
	backend, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	addr, stop, err := p.Start(backend)
	if err != nil {
		return nil, err
	}
	defer stop()
	return proxyDiff(ctx, "tcp://"+addr, p.Name, oracle.ModuleVersion(p.Module), backend, timeout, bl)
}

// freeLoopback returns a 127.0.0.1 address the kernel has just had free.
func freeLoopback() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// mergeResults adds the results of further targets to res.
func mergeResults(res *oracle.Result, more ...*oracle.Result) {
	for _, m := range more {
		res.Findings = append(res.Findings, m.Findings...)
		res.Cases += m.Cases
		res.Targets = append(res.Targets, m.Targets...)
		res.Tallies = append(res.Tallies, m.Tallies...)
	}
}
