package oracle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one differential run.
type Config struct {
	Servers  []ServerTarget
	Clients  []ClientImpl
	Seed     int64
	Cases    int           // server cases to generate (client cases are a fixed set)
	Duration time.Duration // stop starting new cases after this long; 0 for no limit
	Timeout  time.Duration // per exchange; 0 for DefaultTimeout
	Corpus   []Case        // captured requests to include
	Workers  int           // concurrent exchanges; 0 for 8 per CPU
	// LogPath is the findings log; "" keeps findings in memory only.
	LogPath string
	// NoMinimize skips minimization (the reproducer is the whole case).
	NoMinimize bool
	// Baseline marks findings it covers as known; nil for none.
	Baseline *Baseline
	// Progress, when set, is called after every batch.
	Progress func(Progress)
}

// Progress is a snapshot of a running run.
type Progress struct {
	Cases    int // exchanges made
	Findings int
	Elapsed  time.Duration
}

// Tally counts one target's results.
type Tally struct {
	Target  string        `json:"target"`
	Version string        `json:"version"`
	Side    Side          `json:"side"`
	Cases   int           `json:"cases"`
	Agree   int           `json:"agree"`
	ByClass map[Class]int `json:"by_class"` // cases diverging, by class
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Result is the outcome of a run.
type Result struct {
	Findings []Finding
	Cases    int // exchanges made, resumed ones included
	Duration time.Duration
	Targets  []string
	Tallies  []*Tally
	Matrix   *Matrix
	Resumed  int // cases skipped because a killed run had finished them
}

// NewFindings returns the findings no baseline entry covers.
func (r *Result) NewFindings() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.New {
			out = append(out, f)
		}
	}
	return out
}

// target is one thing under test, either side.
type target struct {
	name, version, protocol string
	side                    Side
	server                  ServerTarget
	client                  *ClientImpl
}

func (t *target) observe(ctx context.Context, c Case, timeout time.Duration) Observation {
	if t.side == ClientSide {
		return ObserveClient(ctx, *t.client, c, timeout)
	}
	if rw, ok := t.server.(interface{ Rewrite(Case) Case }); ok {
		c = rw.Rewrite(c)
	}
	return ObserveServer(ctx, t.server, c, timeout)
}

// hangConfirm multiplies the timeout for the second look at a case on
// which a peer hung.
const hangConfirm = 2

// batchSize is how many cases complete between two progress records in
// the log.
const batchSize = 32

// Run runs every case against every target of its side, judges each
// observation, and collects the findings.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8 * runtime.GOMAXPROCS(0)
	}
	if cfg.Baseline == nil {
		cfg.Baseline = &Baseline{}
	}
	var targets []*target
	for _, s := range cfg.Servers {
		targets = append(targets, &target{name: s.Name(), version: s.Version(), protocol: s.Protocol(), side: ServerSide, server: s})
	}
	for i := range cfg.Clients {
		c := &cfg.Clients[i]
		targets = append(targets, &target{name: c.Name, version: ModuleVersion(c.Module), side: ClientSide, client: c})
	}
	// The client cases are few and fixed: they go first, so that a short
	// budget still covers every client.
	var cases []Case
	if len(cfg.Clients) > 0 {
		cases = ClientCases()
	}
	if len(cfg.Servers) > 0 {
		cases = append(cases, ServerCases(cfg.Seed, cfg.Cases, cfg.Corpus)...)
	}

	res := &Result{Matrix: newMatrix(nil)}
	var names []string
	for _, t := range targets {
		names = append(names, t.name)
		res.Tallies = append(res.Tallies, &Tally{Target: t.name, Version: t.version, Side: t.side, ByClass: map[Class]int{}})
	}
	res.Targets = names
	res.Matrix = newMatrix(names)

	var log *Log
	done := 0
	seen := map[Signature]bool{}
	var mu sync.Mutex // guards res, seen
	if cfg.LogPath != "" {
		var resumed []Finding
		var err error
		log, resumed, done, err = OpenLog(cfg.LogPath, runKey(cfg, names))
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

	var exchanges atomic.Int64
	type job struct{ ci, ti int }
	jobs := make(chan job)
	// Minimizations run beside the cases.
	var minWG sync.WaitGroup
	minSem := make(chan struct{}, cfg.Workers)

	// Each case's judgements wait in rows until every target of its side
	// has seen it; then the case counts in the matrix. mark is the number
	// of leading cases complete, recorded in the log for resuming.
	rows := make([]caseRow, len(cases))
	remaining := make([]int, len(cases))
	for ci := range cases {
		for _, t := range targets {
			if t.side == cases[ci].Side {
				remaining[ci]++
			}
		}
	}
	mark, logged := done, done
	advance := func() { // with mu held
		for mark < len(cases) && remaining[mark] == 0 {
			mark++
		}
		if mark-logged >= batchSize || mark == len(cases) && logged != mark {
			logged = mark
			log.Progress(mark)
		}
	}

	var wg sync.WaitGroup
	for w := 0; w < cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for jb := range jobs {
				t, c := targets[jb.ti], cases[jb.ci]
				o := t.observe(ctx, c, cfg.Timeout)
				if o.Fate == FateHung && ctx.Err() == nil {
					// A hang is confirmed with a longer timeout before it
					// counts: a loaded machine can stall a healthy peer.
					if o2 := t.observe(ctx, c, hangConfirm*cfg.Timeout); o2.Fate != FateHung {
						o = o2
					}
				}
				j := Judge(t.protocol, c, o)
				exchanges.Add(1)
				mu.Lock()
				if rows[jb.ci] == nil {
					rows[jb.ci] = make(caseRow, len(targets))
				}
				rows[jb.ci][jb.ti] = &j
				if remaining[jb.ci]--; remaining[jb.ci] == 0 {
					res.Matrix.add(rows[jb.ci])
					rows[jb.ci] = nil
					advance()
				}
				tl := res.Tallies[jb.ti]
				tl.Cases++
				tl.Elapsed += o.Elapsed
				if len(j.Divergences) == 0 {
					tl.Agree++
				}
				var fresh []Divergence
				for _, d := range j.Divergences {
					tl.ByClass[d.Class]++
					sig := Signature{t.name, d.Rule, d.Class}
					if !seen[sig] {
						seen[sig] = true
						fresh = append(fresh, d)
					}
				}
				mu.Unlock()
				for _, d := range fresh {
					f := makeFinding(t, c, o, d)
					f.New = !cfg.Baseline.Covers(&f)
					// Logged at once, whole; logged again once minimized.
					if err := log.Finding(f); err != nil {
						f.Summary += " (not logged: " + err.Error() + ")"
					}
					mu.Lock()
					idx := len(res.Findings)
					res.Findings = append(res.Findings, f)
					mu.Unlock()
					if cfg.NoMinimize || o.Fate == FateHung {
						continue
					}
					minWG.Add(1)
					go func() {
						defer minWG.Done()
						minSem <- struct{}{}
						defer func() { <-minSem }()
						m := string(minimizeFinding(ctx, t, c, d, cfg.Timeout))
						mu.Lock()
						res.Findings[idx].Minimized = m
						f := res.Findings[idx]
						mu.Unlock()
						log.Finding(f)
					}()
				}
			}
		}()
	}

	stopProgress := make(chan struct{})
	var progressWG sync.WaitGroup
	if cfg.Progress != nil {
		progressWG.Add(1)
		go func() {
			defer progressWG.Done()
			tick := time.NewTicker(200 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-tick.C:
				}
				mu.Lock()
				p := Progress{Cases: int(exchanges.Load()), Findings: len(res.Findings), Elapsed: time.Since(start)}
				mu.Unlock()
				cfg.Progress(p)
			}
		}()
	}

	finished := true
feed:
	for ci := done; ci < len(cases); ci++ {
		if ctx.Err() != nil || (cfg.Duration > 0 && time.Since(start) > cfg.Duration) {
			finished = false
			break feed
		}
		for ti, t := range targets {
			if t.side == cases[ci].Side {
				jobs <- job{ci, ti}
			}
		}
	}
	close(jobs)
	wg.Wait()
	minWG.Wait()
	close(stopProgress)
	progressWG.Wait()
	log.Close(finished)
	for _, t := range targets {
		if t.server != nil {
			t.server.Close()
		}
	}
	res.Cases = int(exchanges.Load())
	res.Duration = time.Since(start)
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return a.Rule < b.Rule
	})
	return res, nil
}

func makeFinding(t *target, c Case, o Observation, d Divergence) Finding {
	f := Finding{
		Target: t.name, Version: t.version, Side: t.side,
		Class: d.Class, Rule: d.Rule, Level: levelName(d.Rule), Summary: d.Summary, Case: c.Name,
		Request: string(o.Request), Response: string(o.Reply), Observation: o,
	}
	if t.side == ServerSide {
		f.Minimized = string(o.Request)
	} else {
		f.Minimized = string(c.Message)
	}
	return f
}

// minimizeFinding shrinks the case's message (the request for a server,
// the response template for a client) keeping the divergence's rule and
// class.
func minimizeFinding(ctx context.Context, t *target, c Case, d Divergence, timeout time.Duration) []byte {
	timeout = min(timeout, minimizeTimeout)
	stop := time.Now().Add(minimizeWall)
	keep := func(msg []byte) bool {
		if time.Now().After(stop) || ctx.Err() != nil {
			return false
		}
		c2 := c
		c2.Message = msg
		o := t.observe(ctx, c2, timeout)

		for _, d2 := range Judge(t.protocol, c2, o).Divergences {
			if d2.Rule == d.Rule && d2.Class == d.Class {
				return true
			}
		}
		return false
	}
	return Minimize(c.Message, keep, MinimizeBudget)
}

// Minimization reruns a case many times: each rerun gets a short timeout
// (a candidate that makes the peer wait is simply not kept) and the whole
// minimization a bounded wall time.
const (
	minimizeTimeout = 250 * time.Millisecond
	minimizeWall    = 2 * time.Second
)

// runKey identifies a run for resuming: the same seed, case count and
// targets.
func runKey(cfg Config, names []string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%d|%d|%s", cfg.Seed, cfg.Cases, strings.Join(names, ","))))
	return hex.EncodeToString(h[:8])
}
