package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/oracle/adapters"
	"github.com/switchyard/switchyard/parser"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite/proxymode"
)

func init() {
	register(command{name: "replay", summary: "send one reproducer to an in-process implementation and judge what it does", run: runReplay})
}

const replayUsage = `Usage: fuzzrun replay --impl NAME [--json] [--timeout D] [FILE|-]
       fuzzrun replay --impl PROXY --proxy-case CASE [--json]

Sends one message, exactly as given, to an in-process implementation (see
fuzzrun diff --list): a request to a server, or a response template to a
client (which is handed the template as the answer to the request it
sends; $ACCEPT stands for the correct Sec-WebSocket-Accept). It prints what
the implementation sent back and the judge's verdict on the exchange: the
same verdict fuzzrun diff gives. Every finding's "replay" line is this
command fed by printf. An in-process intermediary (httputil.ReverseProxy)
replays one proxy-mode case instead (fuzzrun suite --list --proxy lists
them): the request through the proxy, the scripted backend's answer
behind it.

Exit status: 0 no divergence, 1 a divergence, 2 usage or I/O error.

Flags:
`

// MaxReplayBytes caps the message replay reads: a reproducer is a head
// and perhaps a short body, far below this.
const MaxReplayBytes = 1 << 20

// stdin is where replay reads "-" from; tests replace it.
var stdin io.Reader = os.Stdin

// replayReport is the --json output.
type replayReport struct {
	Target   string             `json:"target"`
	Version  string             `json:"version"`
	Side     judge.Side         `json:"side"`
	Sent     string             `json:"sent"`     // the message given
	Received string             `json:"received"` // what the implementation sent back (a server's answer, a client's request)
	Fate     judge.Fate         `json:"fate"`
	Layer    string             `json:"layer,omitempty"`
	Verdict  judge.Judgement    `json:"verdict"`
	Cited    map[rules.ID]bool  `json:"cited"` // every rule the parser cites on the request or the response
	Observed oracle.Observation `json:"observation"`
}

func runReplay(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	impl := fs.String("impl", "", "the in-process implementation `NAME` (fuzzrun diff --list)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	timeout := fs.Duration("timeout", oracle.DefaultTimeout, "how long the implementation may take")
	proxyCase := fs.String("proxy-case", "", "for an in-process intermediary: the proxy-mode `CASE` to run through it")
	fs.Usage = func() { fmt.Fprint(stderr, replayUsage); fs.PrintDefaults() }
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if *impl == "" || fs.NArg() > 1 {
		fs.Usage()
		return exitError
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "fuzzrun replay: --timeout must be positive")
		return exitError
	}
	var rep *replayReport
	var err error
	if *proxyCase != "" {
		rep, err = replayProxy(*impl, *proxyCase, *timeout)
	} else {
		name := "-"
		if fs.NArg() == 1 {
			name = fs.Arg(0)
		}
		var msg []byte
		if msg, err = readCapped(name, MaxReplayBytes); err == nil {
			rep, err = replay(*impl, msg, *timeout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun replay: %v\n", err)
		return exitError
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printReplay(stdout, rep)
	}
	if len(rep.Verdict.Divergences) > 0 {
		return exitFound
	}
	return exitOK
}

// replay sends msg to the named implementation once and judges it.
func replay(name string, msg []byte, timeout time.Duration) (*replayReport, error) {
	ctx := context.Background()
	for _, s := range adapters.Servers {
		if s.Name != name {
			continue
		}
		t := oracle.NewInProcess(s)
		defer t.Close()
		c := oracle.Case{Name: "replay", Side: oracle.ServerSide, Message: msg}
		o := oracle.ObserveServer(ctx, t, c, timeout)
		return report(s.Protocol, c, o, msg, []byte(o.Reply)), nil
	}
	for _, ci := range adapters.Clients {
		if ci.Name != name {
			continue
		}
		c := oracle.Case{Name: "replay", Side: oracle.ClientSide, Message: msg}
		o := oracle.ObserveClient(ctx, ci, c, timeout)
		return report(judge.WebSocket, c, o, msg, o.Request), nil
	}
	return nil, fmt.Errorf("unknown implementation %q (see fuzzrun diff --list)", name)
}

// report judges an observation and gathers what replay prints.
func report(protocol string, c oracle.Case, o oracle.Observation, sent, received []byte) *replayReport {
	rep := &replayReport{Target: o.Target, Version: o.Version, Side: o.Side, Sent: string(sent), Received: string(received),
		Fate: o.Fate, Layer: o.Layer, Verdict: oracle.Judge(protocol, c, o), Cited: map[rules.ID]bool{}, Observed: o}
	var rp, sp parser.Parser
	req := rp.ParseRequest(headOf(o.Request))
	resp := sp.ParseResponse(headOf(o.Reply), req)
	for _, v := range [][]parser.Violation{req.Violations, resp.Violations} {
		for _, x := range v {
			rep.Cited[x.Rule] = true
		}
	}
	return rep
}

// headOf returns the head of b, or all of b when it has no complete head.
func headOf(b []byte) []byte {
	if n := parser.HeadEnd(b); n >= 0 {
		return b[:n]
	}
	return b
}

func printReplay(w io.Writer, rep *replayReport) {
	fmt.Fprintf(w, "%s %s (%s): %s\n", rep.Target, rep.Version, rep.Side, rep.Fate)
	if rep.Layer != "" {
		fmt.Fprintf(w, "decided by the shared layer %s, before %s's own code ran\n", rep.Layer, rep.Target)
	}
	fmt.Fprintf(w, "received: %s\n", strconv.Quote(rep.Received))
	if len(rep.Verdict.Divergences) == 0 {
		fmt.Fprintln(w, "no divergence")
		if rep.Verdict.Permitted != "" {
			fmt.Fprintf(w, "permitted: %s\n", rep.Verdict.Permitted)
		}
		return
	}
	for _, d := range rep.Verdict.Divergences {
		fmt.Fprintf(w, "%s %s %s (blamed: %s): %s\n", d.Class, d.Rule, d.Level, d.Blamed, d.Summary)
	}
}

// tooLongError is readCapped's error for an input longer than its cap.
type tooLongError struct {
	name  string
	limit int64
}

func (e *tooLongError) Error() string {
	return fmt.Sprintf("%s: longer than %d octets", e.name, e.limit)
}

// readCapped reads the file name ("-" for standard input), refusing one
// longer than limit: it then returns the first limit octets, never more,
// with a *tooLongError.
func readCapped(name string, limit int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return b[:limit], &tooLongError{name, limit}
	}
	return b, nil
}

// replayProxy runs one proxy-mode case through an in-process
// intermediary, with the scripted backend behind it, and judges it.
func replayProxy(name, caseName string, timeout time.Duration) (*replayReport, error) {
	var impl *oracle.ProxyImpl
	for i := range adapters.Proxies {
		if adapters.Proxies[i].Name == name {
			impl = &adapters.Proxies[i]
		}
	}
	if impl == nil {
		return nil, fmt.Errorf("unknown intermediary %q (see fuzzrun diff --list)", name)
	}
	var cases []proxymode.Case
	for _, c := range proxymode.Cases() {
		if c.Name == caseName {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("no proxy-mode case %q (see fuzzrun suite --list --proxy x)", caseName)
	}
	backend, err := freeLoopback()
	if err != nil {
		return nil, err
	}
	addr, stop, err := impl.Start(backend)
	if err != nil {
		return nil, err
	}
	defer stop()
	rs, err := proxymode.Run(context.Background(), proxymode.Config{Proxy: addr, BackendListen: backend, Timeout: max(timeout, 2*time.Second)}, cases)
	if err != nil {
		return nil, err
	}
	r := rs[0]
	rep := &replayReport{Target: name, Version: oracle.ModuleVersion(impl.Module), Side: judge.Proxy, Sent: string(r.Request),
		Received: string(r.Response), Cited: map[rules.ID]bool{}}
	if r.Judgement != nil {
		rep.Verdict = *r.Judgement
		rep.Fate = rep.Verdict.Got.Fate
	}
	return rep, nil
}
