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
	Cases    int           // server cases to generate with properties.Cases, besides the fixed ones
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
	// Progress, when set, is called every 200 ms while the run lasts.
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
	Cases    int // exchanges made by this run (not those of a resumed one)
	Duration time.Duration
	Targets  []string
	Tallies  []*Tally
	Matrix   *Matrix
	Resumed  int // cases skipped because a killed run had finished them
	// Decisions lists, case by case, what every target decided.
	Decisions []CaseDecisions
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
	r := newRunner(cfg)
	done, err := r.openLog()
	if err != nil {
		return nil, err
	}
	stop := r.reportProgress()
	finished := r.drive(ctx, done)
	stop()
	r.log.Close(finished)
	for _, t := range r.targets {
		if t.server != nil {
			t.server.Close()
		}
	}
	return r.result(), nil
}

// runner is the state of one run.
type runner struct {
	cfg     Config
	start   time.Time
	targets []*target
	cases   []Case
	log     *Log

	exchanges atomic.Int64
	minWG     sync.WaitGroup // minimizations under way
	minSem    chan struct{}  // bounds concurrent minimizations

	mu   sync.Mutex // guards everything below
	res  *Result
	seen map[Signature]bool
	// rows holds each case's judgements until every target of its side
	// has seen it; then the case counts in the matrix. remaining counts
	// the targets still to see it; mark is the number of leading cases
	// complete, logged is the mark last recorded in the log.
	rows         []caseRow
	remaining    []int
	mark, logged int
}

func newRunner(cfg Config) *runner {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 8 * runtime.GOMAXPROCS(0)
	}
	if cfg.Baseline == nil {
		cfg.Baseline = &Baseline{}
	}
	r := &runner{cfg: cfg, start: time.Now(), minSem: make(chan struct{}, cfg.Workers), seen: map[Signature]bool{}}
	for _, s := range cfg.Servers {
		r.targets = append(r.targets, &target{name: s.Name(), version: s.Version(), protocol: s.Protocol(), side: ServerSide, server: s})
	}
	for i := range cfg.Clients {
		c := &cfg.Clients[i]
		r.targets = append(r.targets, &target{name: c.Name, version: ModuleVersion(c.Module), side: ClientSide, client: c})
	}
	// The client cases are few and fixed: they go first, so that a short
	// budget still covers every client.
	if len(cfg.Clients) > 0 {
		r.cases = ClientCases(cfg.Seed)
	}
	if len(cfg.Servers) > 0 {
		r.cases = append(r.cases, ServerCases(cfg.Seed, cfg.Cases, cfg.Corpus)...)
	}
	r.res = &Result{}
	for _, t := range r.targets {
		r.res.Targets = append(r.res.Targets, t.name)
		r.res.Tallies = append(r.res.Tallies, &Tally{Target: t.name, Version: t.version, Side: t.side, ByClass: map[Class]int{}})
	}
	r.res.Matrix = newMatrix(r.res.Targets)
	r.rows = make([]caseRow, len(r.cases))
	r.remaining = make([]int, len(r.cases))
	for ci := range r.cases {
		for _, t := range r.targets {
			if t.side == r.cases[ci].Side {
				r.remaining[ci]++
			}
		}
	}
	return r
}

// openLog opens the findings log, takes over the findings of an
// interrupted run with the same key, and returns how many cases it had
// completed.
func (r *runner) openLog() (done int, err error) {
	if r.cfg.LogPath == "" {
		return 0, nil
	}
	var resumed []Finding
	r.log, resumed, done, err = OpenLog(r.cfg.LogPath, runKey(r.cfg, r.res.Targets))
	if err != nil {
		return 0, fmt.Errorf("findings log: %w", err)
	}
	for _, f := range resumed {
		if !r.seen[f.Sig()] {
			r.seen[f.Sig()] = true
			f.New = !r.cfg.Baseline.Covers(&f)
			r.res.Findings = append(r.res.Findings, f)
		}
	}
	done = min(done, len(r.cases))
	r.res.Resumed = done
	r.mark, r.logged = done, done
	return done, nil
}

type job struct{ ci, ti int }

// drive feeds the cases from done on to the workers until all are
// judged, the duration is spent or ctx is cancelled, and waits for every
// minimization. It reports whether every case ran.
func (r *runner) drive(ctx context.Context, done int) (finished bool) {
	jobs := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < r.cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for jb := range jobs {
				r.run(ctx, jb)
			}
		}()
	}
	finished = true
	for ci := done; ci < len(r.cases) && finished; ci++ {
		if ctx.Err() != nil || (r.cfg.Duration > 0 && time.Since(r.start) > r.cfg.Duration) {
			finished = false
			break
		}
		for ti, t := range r.targets {
			if t.side == r.cases[ci].Side {
				jobs <- job{ci, ti}
			}
		}
	}
	close(jobs)
	wg.Wait()
	r.minWG.Wait()
	return finished
}

// run observes and judges one case on one target, and records the result.
func (r *runner) run(ctx context.Context, jb job) {
	t, c := r.targets[jb.ti], r.cases[jb.ci]
	o := t.observe(ctx, c, r.cfg.Timeout)
	if o.Fate == FateHung && ctx.Err() == nil {
		// A hang is confirmed with a longer timeout before it counts: a
		// loaded machine can stall a healthy peer.
		if o2 := t.observe(ctx, c, hangConfirm*r.cfg.Timeout); o2.Fate != FateHung {
			o = o2
		}
	}
	j := Judge(t.protocol, c, o)
	r.exchanges.Add(1)
	for _, d := range r.record(jb, o, &j) {
		r.found(ctx, t, c, o, d)
	}
}

// record counts a judgement and returns its divergences not seen before.
func (r *runner) record(jb job, o Observation, j *Judgement) (fresh []Divergence) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rows[jb.ci] == nil {
		r.rows[jb.ci] = make(caseRow, len(r.targets))
	}
	r.rows[jb.ci][jb.ti] = j
	if r.remaining[jb.ci]--; r.remaining[jb.ci] == 0 {
		r.res.Matrix.add(r.rows[jb.ci])
		r.res.Decisions = append(r.res.Decisions, decisionsOf(r.cases[jb.ci], r.targets, r.rows[jb.ci]))
		r.rows[jb.ci] = nil
		r.advance()
	}
	tl := r.res.Tallies[jb.ti]
	tl.Cases++
	tl.Elapsed += o.Elapsed
	if len(j.Divergences) == 0 {
		tl.Agree++
	}
	for _, d := range j.Divergences {
		tl.ByClass[d.Class]++
		sig := Signature{r.targets[jb.ti].name, d.Rule, d.Class}
		if !r.seen[sig] {
			r.seen[sig] = true
			fresh = append(fresh, d)
		}
	}
	return fresh
}

// advance moves the mark past the leading complete cases and records it
// in the log every batchSize cases. r.mu is held.
func (r *runner) advance() {
	for r.mark < len(r.cases) && r.remaining[r.mark] == 0 {
		r.mark++
	}
	if r.mark-r.logged >= batchSize || (r.mark == len(r.cases) && r.logged != r.mark) {
		r.logged = r.mark
		r.log.Progress(r.mark)
	}
}

// found records a new finding: logged at once, whole, then minimized in
// the background and logged again.
func (r *runner) found(ctx context.Context, t *target, c Case, o Observation, d Divergence) {
	f := makeFinding(t, c, o, d)
	f.New = !r.cfg.Baseline.Covers(&f)
	if err := r.log.Finding(f); err != nil {
		f.Summary += " (not logged: " + err.Error() + ")"
	}
	r.mu.Lock()
	idx := len(r.res.Findings)
	r.res.Findings = append(r.res.Findings, f)
	r.mu.Unlock()
	if r.cfg.NoMinimize || o.Fate == FateHung {
		return // a hang would cost the timeout on every try
	}
	r.minWG.Add(1)
	go func() {
		defer r.minWG.Done()
		r.minSem <- struct{}{}
		defer func() { <-r.minSem }()
		m := string(minimizeFinding(ctx, t, c, d, r.cfg.Timeout))
		r.mu.Lock()
		r.res.Findings[idx].Minimized = m
		f := r.res.Findings[idx]
		r.mu.Unlock()
		r.log.Finding(f)
	}()
}

// reportProgress calls cfg.Progress every 200 ms until the returned stop
// function is called.
func (r *runner) reportProgress() (stop func()) {
	if r.cfg.Progress == nil {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
			}
			r.mu.Lock()
			p := Progress{Cases: int(r.exchanges.Load()), Findings: len(r.res.Findings), Elapsed: time.Since(r.start)}
			r.mu.Unlock()
			r.cfg.Progress(p)
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// result completes and returns the run's result, findings sorted by
// target, class and rule.
func (r *runner) result() *Result {
	res := r.res
	res.Cases = int(r.exchanges.Load())
	res.Duration = time.Since(r.start)
	sort.SliceStable(res.Decisions, func(i, j int) bool { return res.Decisions[i].Case < res.Decisions[j].Case })
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
	return res
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
