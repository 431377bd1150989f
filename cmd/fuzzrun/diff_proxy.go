package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// runProxyDiff is diff's proxy mode: the harness is both the client and the
// scripted backend behind the proxy (suite/proxymode), and each departure
// the intermediary rules of statemachine/ find becomes a finding — one per
// (proxy, rule, class), gated by the baseline like every other finding.
// cfg gives the timeout per connection, the baseline, the --duration
// after which no new case starts, and the findings log each finding is
// appended to the moment it is found (a run killed midway is resumed
// from it, as oracle.Run's are).
func runProxyDiff(ctx context.Context, proxyURL, name, backend string, cfg oracle.Config) (*oracle.Result, error) {
	return proxyDiff(ctx, proxyURL, name, "", backend, 1, cfg)
}

// proxyDiff is runProxyDiff for a proxy of a known version; an in-process
// one (version != "") gets replay commands. It runs parallel cases at
// once (proxymode.Config.Parallel). Of cfg it uses Timeout, Duration,
// LogPath and Baseline.
func proxyDiff(ctx context.Context, proxyURL, name, version, backend string, parallel int, cfg oracle.Config) (*oracle.Result, error) {
	addr := strings.TrimPrefix(proxyURL, "tcp://")
	if addr == proxyURL || addr == "" || strings.Contains(addr, "/") {
		return nil, fmt.Errorf("--proxy %q: want tcp://HOST:PORT", proxyURL)
	}
	if backend == "" {
		return nil, fmt.Errorf("--proxy needs --backend-listen HOST:PORT, where the proxy forwards to")
	}
	start := time.Now()
	target := "proxy " + addr
	if name != "" {
		target = name
	}
	cases := proxymode.Cases()
	tally := &oracle.Tally{Target: target, Version: version, Side: judge.Proxy, ByClass: map[oracle.Class]int{}}
	res := &oracle.Result{Targets: []string{target}, Tallies: []*oracle.Tally{tally}, Total: len(cases)}
	seen := map[oracle.Signature]bool{}

	var (
		flog   *oracle.Log
		done   int
		logErr error
	)
	if cfg.LogPath != "" {
		var resumed []oracle.Finding
		var err error
		flog, resumed, done, err = oracle.OpenLog(cfg.LogPath, proxyRunKey(target, cases))
		if err != nil {
			return nil, fmt.Errorf("findings log: %w", err)
		}
		for _, f := range resumed {
			if !seen[f.Sig()] {
				seen[f.Sig()] = true
				f.New = !cfg.Baseline.Covers(&f)
				res.Findings = append(res.Findings, f)
			}
		}
		done = min(done, len(cases))
		res.Resumed = done
	}
	ran := 0
	each := func(r suite.Result) {
		ran++
		tally.Cases++
		if r.Judgement == nil || len(r.Judgement.Divergences) == 0 {
			tally.Agree++
		}
		for _, f := range proxyFindings(r, target, name, version) {
			tally.ByClass[f.Class]++
			if seen[f.Sig()] {
				continue
			}
			seen[f.Sig()] = true
			f.New = !cfg.Baseline.Covers(&f)
			res.Findings = append(res.Findings, f)
			if err := flog.Finding(f); err != nil && logErr == nil {
				logErr = err
			}
		}
		if err := flog.Progress(done + ran); err != nil && logErr == nil {
			logErr = err
		}
	}
	pcfg := proxymode.Config{Proxy: addr, BackendListen: backend, Timeout: cfg.Timeout, Duration: cfg.Duration, Each: each, Parallel: parallel}
	_, err := proxymode.Run(ctx, pcfg, cases[done:])
	flog.Close(err == nil && ctx.Err() == nil && done+ran == len(cases))
	if err != nil {
		return nil, err
	}
	if logErr != nil {
		return nil, fmt.Errorf("findings log: %w", logErr)
	}
	res.Cases = tally.Cases
	res.Duration = time.Since(start)
	return res, nil
}

// proxyFindings turns the divergences of one proxy case into findings.
func proxyFindings(r suite.Result, target, name, version string) []oracle.Finding {
	if r.Judgement == nil {
		return nil
	}
	var out []oracle.Finding
	for _, d := range r.Judgement.Divergences {
		f := oracle.Finding{
			Target: target, Side: judge.Proxy, Class: d.Class, Rule: d.Rule, Level: d.Level.String(),
			Summary: d.Summary, Case: r.Name, Request: string(r.Request), Response: string(r.Response), Reproducer: string(r.Request),
			Version: version, Blamed: d.Blamed, InMessage: d.InMessage, Cause: d.Cause, ReproducerReply: string(r.Response),
		}
		if version != "" {
			f.Replay = "fuzzrun replay --impl " + name + " --proxy-case " + r.Name
		}
		out = append(out, f)
	}
	return out
}

// proxyRunKey identifies a proxy run in the findings log, for resuming:
// the same proxy and the same cases.
func proxyRunKey(target string, cases []proxymode.Case) string {
	names := make([]string, len(cases))
	for i, c := range cases {
		names[i] = c.Name
	}
	h := sha256.Sum256([]byte("proxy|" + target + "|" + strings.Join(names, ",")))
	return hex.EncodeToString(h[:8])
}

// runProxyImpls runs each in-process intermediary in proxy mode, behind
// it a scripted backend on a kernel-chosen loopback port, and returns
// their results.
func runProxyImpls(ctx context.Context, impls []oracle.ProxyImpl, timeout time.Duration, bl *oracle.Baseline) ([]*oracle.Result, error) {
	out := make([]*oracle.Result, len(impls))
	errs := make([]error, len(impls))
	var wg sync.WaitGroup
	for i, p := range impls { // each has its own listener and backend: run them side by side
		wg.Go(func() {
			out[i], errs[i] = runProxyImpl(ctx, p, timeout, bl, proxymode.Cases())
			if errs[i] != nil {
				errs[i] = fmt.Errorf("%s: %w", p.Name, errs[i])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
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
	cfg := oracle.Config{Timeout: timeout, Baseline: bl}
	return proxyDiff(ctx, "tcp://"+addr, p.Name, oracle.ModuleVersion(p.Module), backend, inProcessProxyParallel, cfg)
}

// inProcessProxyParallel is how many proxy-mode cases an in-process
// intermediary gets at once. A case mostly waits — for the backend to see
// the probe, or up to proxymode.DefaultProbeWait for a proxy that neither
// tunnels nor closes — so overlapping the cases, not more CPU, is what
// shortens the run. A real proxy (--proxy) gets one case at a time, as
// the suite gives it.
const inProcessProxyParallel = 8

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
		res.Total += m.Total
		res.Resumed += m.Resumed
		res.Targets = append(res.Targets, m.Targets...)
		res.Tallies = append(res.Tallies, m.Tallies...)
	}
}
