package oracle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
)

// Config is one differential run.
type Config struct {
	Servers  []ServerTarget
	Clients  []ClientImpl
	Seed     int64
	Cases    int           // server cases to generate with properties.Cases, besides the fixed ones
	Duration time.Duration // stop starting new cases after this long (after the skipped ones of a resumed run); 0 for no limit
	Timeout  time.Duration // per exchange; 0 for DefaultTimeout
	Corpus   []Case        // captured requests to include
	Workers  int           // concurrent exchanges; 0 for 8 per CPU
	// LogPath is the findings log; "" keeps findings in memory only.
	LogPath string
	// NoMinimize skips minimization (the reproducer is the whole case).
	NoMinimize bool
	// MinimizeKnown minimizes every finding afresh. Without it, a finding
	// the baseline lists exactly (Baseline.Reproducer) takes the entry's
	// reproducer once one replay shows it still gives the finding, and
	// only new findings cost a minimization. Rewriting the baseline sets
	// it, so that its reproducers follow the minimizer.
	MinimizeKnown bool
	// Baseline marks findings it covers as known; nil for none.
	Baseline *Baseline
	// Progress, when set, is called every 200 ms while the run lasts.
	Progress func(Progress)
	// KeepDecisions records, case by case, what every target decided
	// (Result.Decisions), for a JSON or report output. It costs about a
	// kilobyte a case, so a long run without such an output leaves it off.
	KeepDecisions bool
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
	// Layers lists the shared server layers the targets sit on
	// (ServerImpl.Layer): findings can be filed against them too.
	Layers  []string
	Tallies []*Tally
	Matrix  *Matrix
	Resumed int // cases skipped because a killed run had finished them
	// Total is the number of cases in the run, those a resumed run
	// skipped included. A run that made no exchange (Cases == 0) though
	// Resumed < Total tested nothing: cut short before its first case.
	Total int
	// Decisions lists, case by case, what every target decided.
	Decisions []CaseDecisions
}

// Ran reports whether the run tested target: one of its targets, or a
// shared layer one of them sits on. Baseline.Updated keeps the entries of
// every other target.
func (r *Result) Ran(target string) bool {
	return slices.Contains(r.Targets, target) || slices.Contains(r.Layers, target)
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

// hangConfirm multiplies the timeout for the second look at a case whose
// exchange ran into its deadline (a peer hung, or a client was closed on).
const hangConfirm = 2

// batchSize is how many cases complete between two progress records in
// the log.
const batchSize = 32

// Run runs every case against every target of its side, judges each
// observation, and collects the findings.
//
// A target that cannot be reached (a refused or timed-out connect, fate
// FateUnreachable) stops the run with an error: nothing reached it.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := newRunner(cfg)
	r.cancel = cancel
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
	r.mu.Lock()
	err = r.unreachable
	r.mu.Unlock()
	return r.result(), err
}

// runner is the state of one run.
type runner struct {
	cfg     Config
	start   time.Time
	targets []*target
	total   int // cases in the run: the client cases, then the server cases
	log     *Log

	exchanges atomic.Int64
	cancel    context.CancelFunc // stops the run when a target is unreachable
	minWG     sync.WaitGroup     // minimizations under way
	minSem    chan struct{}      // bounds concurrent minimizations

	mu   sync.Mutex // guards everything below
	res  *Result
	seen map[Signature]bool
	// under records, for each shared layer with findings, the
	// implementations it was seen under.
	under map[string]map[string]bool
	// pending holds, by index, each case handed to the workers that some
	// target has still to see; once every target of its side has, the
	// case counts in the matrix and leaves. Cases are generated as the
	// workers need them (caseSeq): pending holds only those under way.
	// issued is the number of cases handed out, mark the number of
	// leading cases complete, logged the mark last recorded in the log.
	pending              map[int]*pendingCase
	issued, mark, logged int
	// unreachable is the first connect that failed: a run error.
	unreachable error
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
	r := &runner{cfg: cfg, start: time.Now(), minSem: make(chan struct{}, cfg.Workers), seen: map[Signature]bool{}, under: map[string]map[string]bool{}}
	for _, s := range cfg.Servers {
		r.targets = append(r.targets, &target{name: s.Name(), version: s.Version(), protocol: s.Protocol(), side: ServerSide, server: s})
	}
	for i := range cfg.Clients {
		c := &cfg.Clients[i]
		r.targets = append(r.targets, &target{name: c.Name, version: ModuleVersion(c.Module), side: ClientSide, client: c})
	}
	if len(cfg.Clients) > 0 {
		r.total += len(ClientCases(cfg.Seed))
	}
	if len(cfg.Servers) > 0 {
		r.total += ServerCaseCount(cfg.Cases, cfg.Corpus)
	}
	r.pending = map[int]*pendingCase{}
	r.res = &Result{Total: r.total}
	for _, t := range r.targets {
		if lt, ok := t.server.(LayeredTarget); ok && lt.Layer() != "" && !slices.Contains(r.res.Layers, lt.Layer()) {
			r.res.Layers = append(r.res.Layers, lt.Layer())
		}
		r.res.Targets = append(r.res.Targets, t.name)
		r.res.Tallies = append(r.res.Tallies, &Tally{Target: t.name, Version: t.version, Side: t.side, ByClass: map[Class]int{}})
	}
	r.res.Matrix = newMatrix(r.res.Targets)
	return r
}

// caseSeq yields the run's cases in order, each generated when asked
// for: the client cases first (they are few and fixed, so that a short
// budget still covers every client), then the server cases
// (ServerCaseSeq). The same seed gives the same cases in the same order.
func (r *runner) caseSeq() iter.Seq[Case] {
	return func(yield func(Case) bool) {
		if len(r.cfg.Clients) > 0 {
			for _, c := range ClientCases(r.cfg.Seed) {
				if !yield(c) {
					return
				}
			}
		}
		if len(r.cfg.Servers) > 0 {
			for c := range ServerCaseSeq(r.cfg.Seed, r.cfg.Cases, r.cfg.Corpus) {
				if !yield(c) {
					return
				}
			}
		}
	}
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
	done = min(done, r.total)
	r.res.Resumed = done
	r.mark, r.logged = done, done
	return done, nil
}

// pendingCase is a case under way: its judgements so far, by target,
// the number of targets still to see it, and its candidate findings.
type pendingCase struct {
	c         Case
	row       caseRow
	remaining int
	// candidates are the divergences whose signature no finding had when
	// they were judged. They become findings (unless an earlier case has
	// the signature) once every case up to this one is complete, so that
	// the case a finding comes from never depends on which exchange
	// happened to end first.
	candidates []candidate
}

// candidate is a divergence that may become a finding.
type candidate struct {
	ti  int // the target
	o   Observation
	d   Divergence
	sig Signature
}

// toMinimize is a finding whose reproducer is still the whole case.
type toMinimize struct {
	idx   int // in r.res.Findings
	t     *target
	c     Case
	layer string
	d     Divergence
	known []byte // the baseline's reproducer, nil for none
}

// job is one case for one target: ci is the case's index in the run.
type job struct {
	ci, ti int
	p      *pendingCase
}

// drive feeds the cases from done on to the workers until all are
// judged, the duration is spent or ctx is cancelled, and waits for every
// minimization. It reports whether every case ran.
//
// Each case is generated when a worker is free to take it, and none once
// the run stops; the first done cases are generated too (the generators
// are sequential: case i follows from the ones before it) but not run,
// and the duration starts once they are.
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
	ci := 0
	budget := r.start // when the duration started
	for c := range r.caseSeq() {
		if ctx.Err() != nil {
			break
		}
		if ci < done {
			ci++ // finished by the run this one resumes
			if ci == done {
				budget = time.Now() // the duration is for running cases
			}
			continue
		}
		if r.cfg.Duration > 0 && time.Since(budget) > r.cfg.Duration {
			break
		}
		p := &pendingCase{c: c}
		var takers []int
		for ti, t := range r.targets {
			if t.takes(c) {
				takers = append(takers, ti)
			}
		}
		p.remaining = len(takers)
		var found []toMinimize
		r.mu.Lock()
		r.issued = ci + 1
		if len(takers) > 0 {
			p.row = make(caseRow, len(r.targets))
			r.pending[ci] = p
		} else {
			found = r.advance() // no target takes it: complete already
		}
		r.mu.Unlock()
		r.minimize(ctx, found)
		for _, ti := range takers {
			jobs <- job{ci, ti, p}
		}
		ci++
	}
	finished = ci == r.total
	close(jobs)
	wg.Wait()
	r.minWG.Wait()
	return finished
}

// run observes and judges one case on one target, and records the result.
func (r *runner) run(ctx context.Context, jb job) {
	t, c := r.targets[jb.ti], jb.p.c
	o := t.observe(ctx, c, r.cfg.Timeout)
	if o.Fate == FateUnreachable {
		r.mu.Lock()
		if r.unreachable == nil && ctx.Err() == nil {
			r.unreachable = fmt.Errorf("target %s is unreachable: %s", t.name, o.Detail)
		}
		r.mu.Unlock()
		if r.cancel != nil {
			r.cancel()
		}
		return
	}
	if (o.Fate == FateHung || o.Elapsed >= r.cfg.Timeout) && ctx.Err() == nil {
		// An exchange that ran into its deadline (a hang, or a client the
		// oracle closed on at the deadline) is looked at again with a
		// longer timeout before it counts: a loaded machine can stall a
		// healthy peer.
		if o2 := t.observe(ctx, c, hangConfirm*r.cfg.Timeout); o2.Fate != FateHung {
			o = o2
		}
	}
	j := Judge(t.protocol, c, o)
	r.exchanges.Add(1)
	r.minimize(ctx, r.record(jb, o, &j))
}

// record counts a judgement and keeps its divergences of a signature not
// found yet as candidates. Once the case is complete it advances the
// mark, and returns the findings made of the cases passed, to minimize.
func (r *runner) record(jb job, o Observation, j *Judgement) []toMinimize {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := jb.p
	p.row[jb.ti] = j
	tl := r.res.Tallies[jb.ti]
	tl.Cases++
	tl.Elapsed += o.Elapsed
	if len(j.Divergences) == 0 {
		tl.Agree++
	}
	name := r.targets[jb.ti].name
	if o.Layer != "" && len(j.Divergences) > 0 {
		// The shared layer decided before the implementation's own code
		// ran: the finding is the layer's, filed once for all its users.
		if r.under[o.Layer] == nil {
			r.under[o.Layer] = map[string]bool{}
		}
		r.under[o.Layer][name] = true
		name = o.Layer
	}
	for _, d := range j.Divergences {
		tl.ByClass[d.Class]++
		sig := Signature{name, d.Rule, d.Class, d.Cause}
		if !r.seen[sig] {
			p.candidates = append(p.candidates, candidate{jb.ti, o, d, sig})
		}
	}
	if p.remaining--; p.remaining > 0 {
		return nil
	}
	r.res.Matrix.add(p.row)
	if r.cfg.KeepDecisions {
		r.res.Decisions = append(r.res.Decisions, decisionsOf(p.c, r.targets, p.row))
	}
	return r.advance()
}

// advance moves the mark past the leading complete cases, making their
// candidates findings in case order, and records the mark in the log
// every batchSize cases. It returns the new findings to minimize. r.mu is
// held.
func (r *runner) advance() (found []toMinimize) {
	for r.mark < r.issued {
		if p := r.pending[r.mark]; p != nil {
			if p.remaining > 0 {
				break
			}
			found = append(found, r.find(p)...)
			delete(r.pending, r.mark)
		}
		r.mark++
	}
	if r.mark-r.logged >= batchSize || (r.mark == r.total && r.logged != r.mark) {
		r.logged = r.mark
		r.log.Progress(r.mark)
	}
	return found
}

// find makes a finding, logged at once and whole, of each candidate of a
// complete case whose signature no earlier finding has, target by target,
// and returns those to minimize. r.mu is held.
func (r *runner) find(p *pendingCase) (out []toMinimize) {
	sort.SliceStable(p.candidates, func(i, j int) bool { return p.candidates[i].ti < p.candidates[j].ti })
	for _, k := range p.candidates {
		if r.seen[k.sig] {
			continue
		}
		r.seen[k.sig] = true
		t := r.targets[k.ti]
		f := makeFinding(t, p.c, k.o, k.d)
		f.New = !r.cfg.Baseline.Covers(&f)
		if err := r.log.Finding(f); err != nil {
			f.Summary += " (not logged: " + err.Error() + ")"
		}
		idx := len(r.res.Findings)
		r.res.Findings = append(r.res.Findings, f)
		if r.cfg.NoMinimize || k.o.Fate == FateHung {
			continue // a hang would cost the timeout on every try
		}
		m := toMinimize{idx: idx, t: t, c: p.c, layer: k.o.Layer, d: k.d}
		if !r.cfg.MinimizeKnown {
			m.known = r.cfg.Baseline.Reproducer(&f)
		}
		out = append(out, m)
	}
	p.candidates = nil
	return out
}

// minimize minimizes each finding in the background (minimizeOne).
func (r *runner) minimize(ctx context.Context, found []toMinimize) {
	for _, m := range found {
		r.minWG.Add(1)
		go func() {
			defer r.minWG.Done()
			r.minSem <- struct{}{}
			defer func() { <-r.minSem }()
			r.minimizeOne(ctx, m)
		}()
	}
}

// minimizeOne minimizes one finding, puts the reproducer in its place and
// logs the finding again.
func (r *runner) minimizeOne(ctx context.Context, m toMinimize) {
	t := m.t
	repro, mo, md, ok := minimizeFinding(ctx, t, m.c, m.layer, m.d, r.cfg.Timeout, m.known)
	r.mu.Lock()
	f := &r.res.Findings[m.idx]
	if ok {
		// The summary is the reproducer's: it may name less than the
		// original case did.
		f.Reproducer, f.ReproducerReply, f.Summary = string(repro), replyOf(t.side, mo), md.Summary
		f.Replay = ReplayCommand(f, t.replayAddr())
	}
	out := *f
	r.mu.Unlock()
	r.log.Finding(out)
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
	for i := range res.Findings {
		f := &res.Findings[i]
		if users := r.under[f.Target]; len(users) > 0 {
			f.Under = f.Under[:0]
			for u := range users {
				f.Under = append(f.Under, u)
			}
			sort.Strings(f.Under)
		}
	}
	res.Findings = mergeSameCause(res.Findings)
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Cause < b.Cause
	})
	return res
}

// mergeSameCause merges findings that are one cause seen through several
// cases. Findings about a fault in a message keep their causes apart: the
// parser names each. The others — a valid handshake refused, a hang —
// are labelled with the variation of the case that found them, which
// need not be the cause:
//   - those that minimized to the same reproducer (the nonce of
//     Sec-WebSocket-Key aside) are one finding;
//   - when the implementation refuses the plain handshake (PlainCase),
//     every refusal of another case with the same answer is that one;
//   - a hang, a reset or a panic with the same summary is one fault,
//     whichever request set it off.
//
// The finding with the first cause stands for the others.
func mergeSameCause(fs []Finding) []Finding {
	type key struct {
		target, repro string
		rule          rules.ID
		class         Class
	}
	// The answers each implementation gave the plain handshake it refused.
	plain := map[key]bool{}
	for _, f := range fs {
		if f.Class == Interop && f.Case == PlainCase {
			plain[key{f.Target, statusLine(f.ReproducerReply), f.Rule, f.Class}] = true
		}
	}
	first := map[key]int{}
	out := fs[:0]
	for _, f := range fs {
		if f.InMessage {
			out = append(out, f)
			continue
		}
		if f.Cause != "" && plain[key{f.Target, statusLine(f.ReproducerReply), f.Rule, f.Class}] {
			continue // the plain handshake is refused the same way
		}
		k := key{f.Target, nonceless(f.Reproducer), f.Rule, f.Class}
		if f.Class == Robustness {
			// A hang, a reset or a panic is one fault whatever request
			// set it off: the rule cited is only that request's first
			// fault, and the summary (with a panic's value) names it.
			k = key{f.Target, f.Summary, "", f.Class}
		}
		if i, ok := first[k]; ok {
			if f.Cause < out[i].Cause {
				out[i] = f
			}
			continue
		}
		first[k] = len(out)
		out = append(out, f)
	}
	return out
}

// nonceless returns a message with its Sec-WebSocket-Key values replaced,
// so that reproducers that differ only in the nonce compare equal.
func nonceless(msg string) string {
	lines := strings.SplitAfter(msg, "\n")
	for i, l := range lines {
		if len(l) > 18 && strings.EqualFold(l[:18], "sec-websocket-key:") {
			lines[i] = "Sec-WebSocket-Key: *\r\n"
		}
	}
	return strings.Join(lines, "")
}

// statusLine returns the first line of a response.
func statusLine(resp string) string {
	line, _, _ := strings.Cut(resp, "\r\n")
	return line
}

func makeFinding(t *target, c Case, o Observation, d Divergence) Finding {
	f := Finding{
		Target: t.name, Version: t.version, Side: t.side,
		Class: d.Class, Rule: d.Rule, Level: levelName(d.Rule), Blamed: d.Blamed, InMessage: d.InMessage, Cause: d.Cause,
		Summary: d.Summary, Case: c.Name, Request: string(o.Request), Response: string(o.Reply), Observation: o,
	}
	if o.Layer != "" {
		f.Target, f.Version, f.Via = o.Layer, layerVersion(o.Layer), t.name
	}
	f.Reproducer, f.ReproducerReply = string(c.Message), replyOf(t.side, o)
	f.Replay = ReplayCommand(&f, t.replayAddr())
	return f
}

// replyOf is what an implementation sent back: for a server, its interim
// heads, the final head and what followed it; for a client, its request.
func replyOf(side Side, o Observation) string {
	if side == ClientSide {
		return string(o.Request)
	}
	var b []byte
	for _, h := range o.Interim {
		b = append(b, h...)
	}
	b = append(b, o.Reply...)
	return string(append(b, o.After...))
}

// minimizeFinding shrinks the case's message (the request for a server,
// the response template for a client) while the implementation still
// gives the same finding: the same rule, class and cause (so that the
// parser still cites the fault on a message fault), decided by the same
// layer. The request-target
// and Host never change (Minimize keeps the start-line and Host lines).
// It returns the reproducer, the observation of it and the divergence it
// gave.
//
// A known reproducer (the baseline's, for this very finding) is taken
// instead when it passes the test every minimized reproducer passes at
// the end: no fault the case did not have, and one more observation with
// the run's timeout gives the same finding through the same layer.
func minimizeFinding(ctx context.Context, t *target, c Case, layer string, d Divergence, timeout time.Duration, known []byte) ([]byte, Observation, Divergence, bool) {
	timeout = min(timeout, minimizeTimeout)
	stop := time.Now().Add(minimizeWall)
	var last Observation
	var lastDiv Divergence
	allowed := mustFaults(t.side, c.Message)
	timedOut := false // the last replay ran into its deadline
	reproduces := func(msg []byte, timeout time.Duration) bool {
		timedOut = false
		for id := range mustFaults(t.side, msg) {
			if !allowed[id] {
				return false // a fault the case did not have: noise for the reader
			}
		}
		c2 := c
		c2.Message = msg
		o := t.observe(ctx, c2, timeout)
		timedOut = o.Fate == FateHung || o.Elapsed >= timeout
		if o.Layer != layer {
			return false // decided by another layer than the finding's
		}
		for _, d2 := range Judge(t.protocol, c2, o).Divergences {
			if d2.Rule == d.Rule && d2.Class == d.Class && d2.Cause == d.Cause {
				last, lastDiv = o, d2
				return true
			}
		}
		return false
	}
	// confirmed replays a reproducer with the run's timeout, and once
	// more with a longer one when that replay ran into its deadline (a
	// loaded machine can stall a healthy peer).
	confirmed := func(msg []byte) bool {
		full := max(timeout, minimizeTimeout)
		return reproduces(msg, full) || (timedOut && reproduces(msg, hangConfirm*full))
	}
	if known != nil && confirmed(known) {
		return known, last, lastDiv, true
	}
	keep := func(msg []byte) bool {
		if time.Now().After(stop) || ctx.Err() != nil {
			return false
		}
		return reproduces(msg, timeout)
	}
	m := Minimize(c.Message, keep, MinimizeBudget)
	// The reproducer is observed once more with the run's own timeout:
	// what the finding prints is what this reproducer gets.
	if !confirmed(m) {
		return c.Message, last, lastDiv, false
	}
	return m, last, lastDiv, true
}

// mustFaults returns the MUST-level rules the reference cites on a case's
// message: a request (server side) or a response template (client side).
// Minimization keeps only candidates with no fault beyond the case's own.
func mustFaults(side Side, msg []byte) map[rules.ID]bool {
	var p parser.Parser
	var v *parser.Verdict
	if h := parser.HeadEnd(msg); h >= 0 {
		msg = msg[:h]
	}
	if side == ClientSide {
		v = &p.ParseResponse(msg, nil).Verdict
	} else {
		v = &p.ParseRequest(msg).Verdict
	}
	out := map[rules.ID]bool{}
	for _, x := range v.Violations {
		if x.Level == rules.Must {
			out[x.Rule] = true
		}
	}
	return out
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
