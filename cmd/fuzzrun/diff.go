package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/switchyard/switchyard/internal/junit"
	"github.com/switchyard/switchyard/internal/wire"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/oracle/adapters"
)

func init() {
	register(command{name: "diff", summary: "differential oracle: real servers and clients judged against the reference", run: runDiff})
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

const diffUsage = `Usage: fuzzrun diff [--impl all|NAME,...] [--target tcp://HOST:PORT[/PATH][?QUERY]]... [--protocol websocket|h2c|tls]
                   [--duration D] [--cases N] [--seed S] [--json FILE] [--report DIR]
                   [--baseline FILE] [--update-baseline]
       fuzzrun diff --reach [--cases N] [--seed S] [--corpus DIR]
       fuzzrun diff --proxy tcp://HOST:PORT --backend-listen HOST:PORT [--json FILE]
                   [--report DIR] [--baseline FILE] [--update-baseline]

Sends the same generated handshakes (valid ones in their legal variety and
mutants that break one rule each, plus corpus/requests) to real
implementations, judges every decision against Switchyard's strict
reference (package judge, docs/judging.md), and reports each divergence
once per (implementation, rule, class, cause), minimized to a small
reproducer that still holds the cause, with a one-line replay command (a
finding the baseline lists exactly takes the baseline's reproducer once a
replay shows it still holds; --update-baseline minimizes every one afresh):

  violation   an RFC MUST of the blamed side's own role broken (accepted what must be refused, a bad 101, ...)
  interop     a valid handshake refused or dropped
  policy      only Switchyard's strict policy objects (never a violation)
  robustness  a panic, a hang past the timeout, a reset

With no flags, every in-process implementation runs for a short budget.
With only --target, only the targets are tested: every case goes to the
target's path and query with a Host naming it, after a preflight (the
plain RFC 6455 handshake must get a 101 there, else exit 2; it offers the
subprotocols chat and superchat, or --subprotocols OFFER). With
--protocol h2c or tls, the targets are h2c (RFC 7540 §3.2) or TLS/1.0
upgrade (RFC 2817) servers: the preflight is that protocol's plain
upgrade, and they get the cases that offer it, the hand-written ones of
fuzzrun suite --protocol included. With --proxy, the harness
is the client and a scripted backend listening at --backend-listen (where
the proxy must forward): each case's backend answer (101, 426, 200, a 101
the client did not ask for, ...) is sent through the proxy, and what the
proxy forwards and whether it then tunnels is judged by the intermediary
rules of statemachine/. Findings are appended to
a log as they are found (--log); a killed run resumes where it stopped.

Cases are generated in order as the run needs them (the same --seed gives
the same cases), so a large --cases costs nothing until it runs.

Exit status: 0 no new finding, 1 new findings (not in the baseline),
2 usage or run error: a bad flag value or an output (--json, --report,
--log, the baseline to update) that cannot be written, both checked
before the run starts; a failed preflight or an unreachable target; or a
run in which no case ran (--duration spent before the first, interrupted).

Examples:
  fuzzrun diff                                        every in-process implementation
  fuzzrun diff --impl gorilla,gorilla-client --report out/
  fuzzrun diff --target tcp://127.0.0.1:8080/ws --json findings.json
  fuzzrun diff --target tcp://127.0.0.1:8081/ --protocol h2c --name apache   an h2c server
  fuzzrun diff --cases 5000 --duration 10m --seed 42   a longer campaign
  fuzzrun diff --update-baseline                      accept the current findings
  fuzzrun diff --reach                                how many cases reach each legal variation
  fuzzrun diff --proxy tcp://127.0.0.1:8081 --backend-listen 127.0.0.1:8082   a proxy

Flags:
`

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var targets stringList
	impl := fs.String("impl", "", "implementations to test: all, or comma-separated names (see --list)")
	peerVersion := fs.String("peer-version", "", "the --target or --proxy peer's `VERSION`, shown in the reports (findings and baselines stay keyed by --name)")
	peerName := fs.String("name", "", "the implementation's `NAME` in findings and baselines, for one --target or --proxy (default: its HOST:PORT, with a warning: a baseline keyed by port breaks when the port changes)")
	fs.Var(&targets, "target", "a WebSocket server to test at tcp://HOST:PORT[/PATH][?QUERY]: every case goes to that path and query (repeatable)")
	subprotocols := fs.String("subprotocols", "", "with --target, websocket: the preflight's Sec-WebSocket-Protocol `OFFER` (default \"chat, superchat\"), for a server that serves other subprotocols only")
	protocol := fs.String("protocol", "websocket", "the upgrade `PROTOCOL` every --target serves: websocket, h2c or tls (the preflight's handshake, and only cases offering it)")
	duration := fs.Duration("duration", 30*time.Second, "stop starting new cases after this long; 0 for no limit")
	cases := fs.Int("cases", 400, "server cases to generate with properties.Cases (0 or more), besides the fixed variants and the corpus; generated as the run needs them")
	seed := fs.Int64("seed", 1, "seed of the generated cases")
	jsonOut := fs.String("json", "", "write findings as JSON to `FILE`")
	junitOut := fs.String("junit", "", "write JUnit XML to `FILE`: a testsuite per target, a testcase per finding, a new one failing")
	report := fs.String("report", "", "write report.md and report.html into `DIR`")
	baseline := fs.String("baseline", "", "baseline `FILE` of known divergences (default: the committed oracle/baseline.json)")
	update := fs.Bool("update-baseline", false, "rewrite the baseline file with this run's findings")
	logPath := fs.String("log", defaultLogPath(), "findings log `FILE` (JSON lines); \"\" for none")
	timeout := fs.Duration("timeout", oracle.DefaultTimeout, "per-exchange timeout (positive): a peer silent this long has hung")
	corpus := fs.String("corpus", "embedded", "`DIR` of captured requests to include; \"embedded\" for the corpus built into fuzzrun (the repository's corpus/requests), \"\" for none (a DIR given must exist)")
	noMin := fs.Bool("no-minimize", false, "report whole cases instead of minimized reproducers")
	list := fs.Bool("list", false, "list the in-process implementations and exit")
	reach := fs.Bool("reach", false, "print, per rule and legal variation (properties.Targets), how many server and client cases of the run reach it, valid and refused, and exit")
	proxy := fs.String("proxy", "", "proxy mode: the proxy under test at tcp://HOST:PORT")
	backendListen := fs.String("backend-listen", "", "proxy mode: where the scripted backend listens (the proxy's upstream), `HOST:PORT`")
	fs.Usage = func() {
		fmt.Fprint(stderr, diffUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fuzzrun diff: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	var chk flagChecks
	chk.add(*cases < 0, "--cases %d: want 0 or more generated cases", *cases)
	chk.add(*duration < 0, "--duration %s: want a positive duration, or 0 for no limit", *duration)
	chk.positive("timeout", *timeout)
	if *corpus != "" && *corpus != embeddedCorpus {
		if err := checkInDir("corpus", *corpus); err != nil {
			chk.add(true, "%v", err)
		}
	}
	if chk.report(stderr, "diff") {
		return exitError
	}
	if *reach {
		oracle.WriteReach(stdout, append(oracle.ClientCases(*seed), oracle.ServerCases(*seed, *cases, corpusCases(*corpus))...))
		return exitOK
	}
	if *list {
		for _, s := range adapters.Servers {
			fmt.Fprintf(stdout, "%-28s server  %-9s %s\n", s.Name, s.Protocol, oracle.ModuleVersion(s.Module))
		}
		for _, c := range adapters.Clients {
			fmt.Fprintf(stdout, "%-28s client  %-9s %s\n", c.Name, "websocket", oracle.ModuleVersion(c.Module))
		}
		for _, p := range adapters.Proxies {
			fmt.Fprintf(stdout, "%-28s proxy   %-9s %s\n", p.Name, "websocket", oracle.ModuleVersion(p.Module))
		}
		return exitOK
	}

	// A run that rewrites the baseline minimizes every finding afresh; any
	// other takes the baseline's reproducer for a finding it lists exactly.
	cfg := oracle.Config{Seed: *seed, Cases: *cases, Duration: *duration, Timeout: *timeout, LogPath: *logPath, NoMinimize: *noMin,
		MinimizeKnown: *update, KeepDecisions: *jsonOut != "" || *report != ""}
	if *proxy != "" && (*impl != "" || len(targets) > 0) {
		fmt.Fprintln(stderr, "fuzzrun diff: --proxy tests a proxy alone; drop --impl and --target")
		return exitError
	}
	if *proxy == "" && *backendListen != "" {
		fmt.Fprintln(stderr, "fuzzrun diff: --backend-listen goes with --proxy")
		return exitError
	}
	if *impl == "" && len(targets) == 0 && *proxy == "" {
		*impl = "all"
	}
	// What the run writes at its end must be writable before it starts.
	baselineOut := *baseline
	if baselineOut == "" {
		baselineOut = filepath.Join("oracle", "baseline.json")
	}
	outs := []output{{flag: "json", path: *jsonOut}, {flag: "junit", path: *junitOut}, {flag: "report", path: *report, dir: true}, {flag: "log", path: cfg.LogPath}}
	if *update {
		// The baseline's directory is not created: oracle/ elsewhere than
		// the repository's root is a mistake.
		outs = append(outs, output{flag: "baseline", path: baselineOut, existingDir: true})
	}
	if err := checkOutputs(outs...); err != nil {
		fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
		if *update && *baseline == "" && strings.Contains(err.Error(), baselineOut) {
			fmt.Fprintln(stderr, "fuzzrun diff: --update-baseline rewrites the committed baseline: run it from the repository's root, or give --baseline FILE")
		}
		return exitError
	}
	begin := time.Now() // the run's duration counts from its servers' start
	proxies, err := selectImpls(*impl, &cfg)
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
		return exitError
	}
	if *peerName != "" && len(targets)+btoi(*proxy != "") != 1 {
		fmt.Fprintln(stderr, "fuzzrun diff: --name names one --target or --proxy")
		return exitError
	}
	if *peerVersion != "" && len(targets)+btoi(*proxy != "") != 1 {
		fmt.Fprintln(stderr, "fuzzrun diff: --peer-version goes with one --target or --proxy")
		return exitError
	}
	if *peerName == "" && len(targets)+btoi(*proxy != "") > 0 {
		fmt.Fprintln(stderr, "fuzzrun diff: warning: no --name; findings and baselines name the peer by its address")
	}
	if *protocol != "websocket" && len(targets) == 0 {
		fmt.Fprintln(stderr, "fuzzrun diff: --protocol goes with --target")
		return exitError
	}
	for _, t := range targets {
		tt, err := oracle.ParseTCPTarget(t)
		if err == nil {
			err = tt.SetProtocol(*protocol)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
			return exitError
		}
		// The plain RFC 6455 handshake must get a 101 at the target's path
		// before a run: a closed port, a wrong path or a server that is
		// not a WebSocket server is a run error (exit 2), not findings.
		var perr error
		if *subprotocols != "" && *protocol == "websocket" {
			// A server that serves other subprotocols only is offered
			// its own (suite --subprotocols does the same).
			wt, _ := wire.ParseTarget(t) // ParseTCPTarget has checked t
			if perr = wire.PreflightOffering(context.Background(), wire.TCP, wt, *protocol, *subprotocols, max(*timeout, oracle.DefaultTimeout)); perr != nil {
				perr = fmt.Errorf("preflight: %w", perr)
			}
		} else {
			perr = tt.Preflight(context.Background(), *timeout)
		}
		if perr != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: %v\n", perr)
			return exitError
		}
		if *peerName != "" {
			tt.SetName(*peerName)
		}
		cfg.Servers = append(cfg.Servers, tt)
	}
	cfg.Corpus = append(corpusCases(*corpus), oracle.ProtocolCases(*protocol)...)

	bl, err := oracle.DefaultBaseline()
	if *baseline != "" {
		bl, err = oracle.LoadBaseline(*baseline)
		if errors.Is(err, os.ErrNotExist) && *update {
			bl, err = &oracle.Baseline{}, nil
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun diff: baseline: %v\n", err)
		return exitError
	}
	cfg.Baseline = bl
	if isTerminal(stderr) {
		cfg.Progress = func(p oracle.Progress) {
			fmt.Fprintf(stderr, "\r%d cases, %.0f cases/s, %d findings ", p.Cases, float64(p.Cases)/p.Elapsed.Seconds(), p.Findings)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var res *oracle.Result
	if *proxy != "" {
		res, err = runProxyDiff(ctx, *proxy, *peerName, *backendListen, cfg)
	} else {
		// The in-process proxies run beside the servers and clients: their
		// cases are independent of them, and spend most of their time
		// waiting on the proxy.
		var (
			more    []*oracle.Result
			moreErr error
		)
		proxied := make(chan struct{})
		go func() {
			defer close(proxied)
			if len(proxies) > 0 {
				more, moreErr = runProxyImpls(ctx, proxies, *timeout, bl)
			}
		}()
		res, err = oracle.Run(ctx, cfg)
		<-proxied
		if err == nil {
			err = moreErr
		}
		if err == nil {
			mergeResults(res, more...)
			res.Duration = time.Since(begin)
		}
	}
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
		return exitError
	}
	if res.Cases == 0 && res.Resumed < res.Total {
		// Nothing was tested: not a clean result.
		why := "no case of the run goes to the targets"
		switch {
		case ctx.Err() != nil:
			why = "interrupted before the first case"
		case *duration > 0 && res.Duration >= *duration:
			why = fmt.Sprintf("--duration %s was spent before the first case", *duration)
		}
		fmt.Fprintf(stderr, "fuzzrun diff: no case ran: %s\n", why)
		return exitError
	}
	labelPeerVersion(res, *peerVersion)
	printSummary(stdout, res)

	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, res); err != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
			return exitError
		}
	}
	if *report != "" {
		if err := oracle.WriteReport(*report, res); err != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: report: %v\n", err)
			return exitError
		}
	}
	if *junitOut != "" {
		if err := junit.Write(*junitOut, "fuzzrun diff", diffJUnit(res)...); err != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: junit: %v\n", err)
			return exitError
		}
	}
	if *update {
		path := baselineOut
		if err := bl.Updated(res.Findings, res.Ran).Write(path); err != nil {
			fmt.Fprintf(stderr, "fuzzrun diff: %v\n", err)
			return exitError
		}
		fmt.Fprintf(stdout, "baseline %s rewritten with %d entries\n", path, len(res.Findings))
		return exitOK
	}
	if len(res.NewFindings()) > 0 {
		return exitFound
	}
	return exitOK
}

// selectImpls puts the named in-process implementations into cfg.
func selectImpls(spec string, cfg *oracle.Config) ([]oracle.ProxyImpl, error) {
	if spec == "" {
		return nil, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(spec, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	all := want["all"]
	delete(want, "all")
	for _, s := range adapters.Servers {
		if all || want[s.Name] {
			cfg.Servers = append(cfg.Servers, oracle.NewInProcess(s))
			delete(want, s.Name)
		}
	}
	for _, c := range adapters.Clients {
		if all || want[c.Name] {
			cfg.Clients = append(cfg.Clients, c)
			delete(want, c.Name)
		}
	}
	var proxies []oracle.ProxyImpl
	for _, p := range adapters.Proxies {
		if all || want[p.Name] {
			proxies = append(proxies, p)
			delete(want, p.Name)
		}
	}
	for n := range want {
		return nil, fmt.Errorf("unknown implementation %q (see --list)", n)
	}
	return proxies, nil
}

// defaultLogPath is the findings log in the user's cache directory.
func defaultLogPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "switchyard", "diff-findings.jsonl")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printSummary prints the per-implementation table and the findings.
func printSummary(w io.Writer, res *oracle.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tSIDE\tVERSION\tCASES\tAGREE\tVIOLATION\tINTEROP\tPOLICY\tROBUSTNESS\tNEW")
	for _, t := range res.Tallies {
		byClass := map[oracle.Class]int{}
		newN := 0
		for _, f := range res.Findings {
			if f.Target == t.Target {
				byClass[f.Class]++
				if f.New {
					newN++
				}
			}
		}
		agree := "-"
		if t.Cases > 0 {
			agree = fmt.Sprintf("%.0f%%", 100*float64(t.Agree)/float64(t.Cases))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d\n", t.Target, t.Side, t.Version, t.Cases, agree,
			byClass[oracle.Violation], byClass[oracle.Interop], byClass[oracle.Policy], byClass[oracle.Robustness], newN)
	}
	tw.Flush()
	if len(res.Findings) > 0 {
		fmt.Fprintln(w, "\nFindings (one per implementation, rule, class and cause):")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "TARGET\tCLASS\tRULE\tLEVEL\tSTATUS\tSUMMARY")
		for _, f := range res.Findings {
			status := "known"
			if f.New {
				status = "NEW"
			}
			rule := string(f.Rule)
			if rule == "" {
				rule = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.Target, f.Class, rule, f.Level, status, oneLine(f.Summary, 90))
		}
		tw.Flush()
	}
	rate := float64(res.Cases) / res.Duration.Seconds()
	fmt.Fprintf(w, "\n%d cases in %.1fs (%.0f cases/s); %d findings, %d new", res.Cases, res.Duration.Seconds(), rate, len(res.Findings), len(res.NewFindings()))
	if res.Resumed > 0 {
		fmt.Fprintf(w, "; resumed after %d cases of an interrupted run", res.Resumed)
	}
	fmt.Fprintln(w)
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n-1] + "…"
	}
	return s
}

// writeJSON writes the --json document.
func writeJSON(path string, res *oracle.Result) error {
	doc := struct {
		Findings  []oracle.Finding `json:"findings"`
		Cases     int              `json:"cases"`
		DurationS float64          `json:"duration_s"`
		Targets   []string         `json:"targets"`
		Matrix    *oracle.Matrix   `json:"matrix"` // which targets agree with which
		// Decisions: what every target decided on each case.
		Decisions []oracle.CaseDecisions `json:"decisions"`
	}{res.Findings, res.Cases, res.Duration.Seconds(), res.Targets, res.Matrix, res.Decisions}
	if doc.Findings == nil {
		doc.Findings = []oracle.Finding{}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// embeddedCorpus, as --corpus, names the corpus built into fuzzrun.
const embeddedCorpus = "embedded"

// corpusCases returns the captured requests --corpus names: the embedded
// corpus, a directory's, or none for "".
func corpusCases(dir string) []oracle.Case {
	switch dir {
	case "":
		return nil
	case embeddedCorpus:
		return oracle.EmbeddedCorpusCases()
	}
	return oracle.CorpusCases(dir)
}
