package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/switchyard/switchyard/internal/junit"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/suite"
	"github.com/switchyard/switchyard/suite/clientmode"
	"github.com/switchyard/switchyard/suite/proxymode"
)

func init() {
	register(command{name: "suite", summary: "conformance suite: a server, a proxy with a scripted backend, or a real client", run: runSuite})
}

const suiteUsage = `Usage:
  fuzzrun suite --target tcp://HOST:PORT[/PATH][?QUERY] [--protocol websocket|h2c|tls]  (server mode)
  fuzzrun suite --proxy tcp://HOST:PORT --backend-listen 127.0.0.1:PORT  (proxy mode)
  fuzzrun suite --client KIND [--client-listen 127.0.0.1:PORT]        (client mode)
  fuzzrun suite --list [--proxy|--client KIND]

Runs Switchyard's deterministic conformance suite for the HTTP/1.1 Upgrade
handshake. Every case is tied to one rule of the catalogue (fuzzrun rules)
and says what the peer must do; each gets one outcome, as in
Autobahn|Testsuite:

  PASS           the peer did what the case requires
  FAIL           an RFC MUST is broken, or the peer hung or reset
  NON-STRICT     only a SHOULD or Switchyard's POLICY objects (never an RFC violation)
  INFORMATIONAL  the case allows either answer; the one given is recorded

Server mode sends a few hundred handshakes, each on its own connection, to
the target's path and query with a Host naming it, and judges each
response against its request with the strict parser. A preflight comes
first: the plain RFC 6455 handshake must get a 101 there (else exit 2);
it offers the subprotocols chat and superchat, or --subprotocols OFFER.
With --protocol h2c or tls the server is an h2c (RFC 7540 §3.2) or TLS/1.0
upgrade (RFC 2817) server: its cases are that protocol's (HTTP2-Settings
rules, the connection option, OPTIONS, HTTP/1.0, h2 for h2c; RFC 2817's
optional and mandatory upgrades for tls), and the preflight is its plain
upgrade (an h2c GET with HTTP2-Settings; OPTIONS * with Upgrade: TLS/1.0).

Proxy mode is both the client and a scripted backend: the proxy must
forward to --backend-listen. Each case sends a request through the proxy,
the backend answers as the case says (101, 426, 200, a broken 101, a 101 to
a request that offered none, ...), and the harness records what the proxy
forwarded each way and whether it then tunnels raw octets. Judged by the
state machine's intermediary role (PROXY-n rules are POLICY: NON-STRICT).

Client mode serves crafted responses (a valid 101, a wrong Accept, a
missing Upgrade, an unsolicited subprotocol, ...) and records whether the
client opens the connection. KIND is a driver of scripts/peers/client.sh
(built into fuzzrun, so client mode runs from any directory; the go-*
kinds only from a clone):
chromium, firefox, node-ws, py-websockets, aiohttp, go-gorilla, go-coder,
go-gobwas, go-xnet, go-gws, tornado, autobahn, wsproto, faye-websocket,
websocket-node. Browsers take about a second a case. The h2c clients
curl-h2c (curl --http2) and nghttp (nghttp -u) get the h2c cases instead:
a valid 101 followed by the server's HTTP/2 preface and a 200 on stream 1,
the same 101 with one defect, or a 200 declining the upgrade; the client
opened when it read that 200 over HTTP/2.

The per-case table goes to stdout (FAIL, NON-STRICT and INFORMATIONAL rows;
--all for every row) with a summary line; --report DIR also writes
index.json, index.html (self-contained) and cases.txt.

Every outcome is a function of the one judge's judgement (package judge,
docs/judging.md), the same judge fuzzrun diff uses.

Exit status: 0 no case FAILs (with --strict: and none is NON-STRICT),
1 some case FAILs, 2 usage or run error: a bad flag value, a --report
directory or --known file that cannot be written or read (checked before
the run), a failed preflight (nothing listening, a connect that times out,
a reset, an answer other than 101), an unreachable peer, or no case run
(an --only that matches none). With --known FILE, a baseline in
fuzzrun diff's format keyed by --name, version, rule, class and cause, only
FAILs it does not cover count (CI gates on new failures); --update-known
rewrites the peer's entries from this run.

Flags:
`

func runSuite(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("suite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", "", "server mode: the server at tcp://HOST:PORT[/PATH][?QUERY]")
	protocol := fs.String("protocol", "websocket", "server mode: the upgrade `PROTOCOL` the server serves, whose cases and preflight are sent: websocket, h2c or tls")
	subprotocols := fs.String("subprotocols", "", "server mode, websocket: the preflight's Sec-WebSocket-Protocol `OFFER` (default \"chat, superchat\"), for a server that serves other subprotocols only")
	proxy := fs.String("proxy", "", "proxy mode: the proxy at tcp://HOST:PORT")
	backend := fs.String("backend-listen", "", "proxy mode: where the scripted backend listens (the proxy's upstream), `HOST:PORT`")
	client := fs.String("client", "", "client mode: the client driver `KIND` (see above)")
	clientListen := fs.String("client-listen", "127.0.0.1:0", "client mode: where the crafted server listens")
	driverScript := fs.String("driver", "", "client mode: the driver `SCRIPT` (default: scripts/peers/client.sh when run in a clone's root, else the copy of the peer scripts built into fuzzrun, extracted into the user's cache directory)")
	report := fs.String("report", "", "write index.json, index.html and cases.txt into `DIR`")
	junitOut := fs.String("junit", "", "write JUnit XML to `FILE`: a testcase per case, a FAIL failing (a known one, with --known, skipped)")
	all := fs.Bool("all", false, "print PASS rows too")
	list := fs.Bool("list", false, "list the cases of the chosen mode and exit")
	only := fs.String("only", "", "run only the cases whose name contains `SUBSTRING`")
	strict := fs.Bool("strict", false, "exit 1 on NON-STRICT outcomes too")
	knownPath := fs.String("known", "", "baseline `FILE` of the peer's known divergences (the format of fuzzrun diff --baseline): exit 1 only on FAILs it does not cover")
	updateKnown := fs.Bool("update-known", false, "rewrite the peer's entries of the --known file with this run's FAILs")
	peerVersion := fs.String("peer-version", "", "the peer's `VERSION`, recorded in the reports, e.g. scripts/peers/version.sh PEER (default, in client mode: what the driver's version.sh says of KIND)")
	peerName := fs.String("name", "", "the peer's `NAME` in reports and baselines (default: the --target or --proxy address, or the client KIND)")
	timeout := fs.Duration("timeout", suite.DefaultTimeout, "per-connection deadline (positive): a peer silent this long has hung")
	parallel := fs.Int("parallel", suite.DefaultParallel, "server mode: cases at once (1 or more)")
	fs.Usage = func() {
		fmt.Fprint(stderr, suiteUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	modes := 0
	for _, s := range []string{*target, *proxy, *client} {
		if s != "" {
			modes++
		}
	}
	if fs.NArg() > 0 || modes > 1 || (modes == 0 && !*list) || (*proxy != "" && *backend == "" && !*list) || (*backend != "" && *proxy == "") {
		fmt.Fprintln(stderr, "fuzzrun suite: give exactly one of --target, --proxy (with --backend-listen) or --client")
		fs.Usage()
		return exitError
	}
	serverCases := suite.CasesFor(*protocol)
	if serverCases == nil || (*protocol != "websocket" && (*proxy != "" || *client != "")) {
		fmt.Fprintf(stderr, "fuzzrun suite: --protocol %q: want websocket, h2c or tls, in server mode\n", *protocol)
		return exitError
	}
	var chk flagChecks
	chk.positive("timeout", *timeout)
	chk.add(*parallel <= 0, "--parallel %d: want 1 or more cases at once", *parallel)
	chk.add(*updateKnown && *knownPath == "", "--update-known needs --known FILE")
	if *client != "" && !*list {
		driver, err := clientDriver(*driverScript, *client)
		chk.add(err != nil, "%v", err)
		*driverScript = driver
	}
	if chk.report(stderr, "suite") {
		return exitError
	}
	var bl *oracle.Baseline
	if !*list {
		// The known failures are read, and what the run writes at its
		// end checked, before the run: a run does not fail at its end
		// on a bad path.
		outs := []output{{flag: "report", path: *report, dir: true}, {flag: "junit", path: *junitOut}}
		if *updateKnown {
			outs = append(outs, output{flag: "known", path: *knownPath, existingDir: true})
		}
		if err := checkOutputs(outs...); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite:", err)
			return exitError
		}
		if *knownPath != "" {
			var err error
			if bl, err = loadKnown(*knownPath, *updateKnown); err != nil {
				fmt.Fprintln(stderr, "fuzzrun suite: known:", err)
				return exitError
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var (
		rep suite.Report
		err error
	)
	started := time.Now()
	switch {
	case *proxy != "":
		rep, err = runProxyMode(ctx, *proxy, *backend, *only, *list, *timeout, stdout)
	case *client != "":
		rep, err = runClientMode(ctx, *client, *clientListen, *driverScript, *only, *list, stdout)
	default:
		if *list {
			for _, c := range filterCases(serverCases, *only) {
				fmt.Fprintf(stdout, "%s\t%s\t%s\n", c.Name, c.Rule, c.Want)
			}
			return exitOK
		}
		var t suite.Target
		if t, err = suite.ParseTarget(*target); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite:", err)
			return exitError
		}
		opt := suite.Options{Timeout: *timeout, Parallel: *parallel, Protocol: *protocol, Subprotocols: *subprotocols}
		// The protocol's plain handshake must get a 101 at the target's
		// path first: a closed port or a wrong path is a run error.
		if err := suite.Preflight(ctx, t, opt); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite: preflight:", err)
			return exitError
		}
		var rs []suite.Result
		rs, err = suite.Run(ctx, t, filterCases(serverCases, *only), opt)
		rep = suite.NewReport("server", *target, started, rs)
	}
	if err != nil {
		fmt.Fprintln(stderr, "fuzzrun suite:", err)
		return exitError
	}
	if *list {
		return exitOK
	}
	rep.Version = *peerVersion
	if rep.Version == "" && *client != "" {
		rep.Version = driverVersion(ctx, *driverScript, *client)
	}
	if len(rep.Results) == 0 {
		// Nothing was tested: not a clean result.
		why := "the mode has no case"
		if *only != "" {
			why = fmt.Sprintf("--only %q matches no case", *only)
		}
		fmt.Fprintln(stderr, "fuzzrun suite: no case ran:", why)
		return exitError
	}
	if *peerName != "" {
		rep.Peer = *peerName
	}
	if err := rep.WriteText(stdout, *all); err != nil {
		fmt.Fprintln(stderr, "fuzzrun suite:", err)
		return exitError
	}
	if *report != "" {
		if err := rep.WriteReport(*report); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite:", err)
			return exitError
		}
	}
	if *junitOut != "" {
		var covered func(suite.Result) bool
		if bl != nil {
			covered = func(r suite.Result) bool {
				for _, f := range suiteFindings(rep.Peer, []suite.Result{r}, *strict) {
					if !bl.Covers(&f) {
						return false
					}
				}
				return true
			}
		}
		if err := junit.Write(*junitOut, "fuzzrun suite", suiteJUnit(rep, covered)); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite: junit:", err)
			return exitError
		}
	}
	if *knownPath == "" {
		if suite.Failed(rep.Results, *strict) {
			return exitFound
		}
		return exitOK
	}
	found := suiteFindings(rep.Peer, rep.Results, *strict)
	if *updateKnown {
		ran := func(target string) bool { return target == rep.Peer }
		if err := bl.Updated(found, ran).Write(*knownPath); err != nil {
			fmt.Fprintln(stderr, "fuzzrun suite:", err)
			return exitError
		}
		fmt.Fprintf(stdout, "wrote %s\n", *knownPath)
		return exitOK
	}
	fresh := 0
	for i := range found {
		if f := &found[i]; !bl.Covers(f) {
			fresh++
			fmt.Fprintf(stdout, "NEW %s %s %s (%s): %s\n", f.Class, f.Rule, f.Case, f.Cause, f.Summary)
		}
	}
	fmt.Fprintf(stdout, "%d new finding(s) not in %s\n", fresh, *knownPath)
	if fresh > 0 {
		return exitFound
	}
	return exitOK
}

func filterCases(cs []suite.Case, only string) []suite.Case {
	if only == "" {
		return cs
	}
	var out []suite.Case
	for _, c := range cs {
		if strings.Contains(c.Name, only) {
			out = append(out, c)
		}
	}
	return out
}

// runProxyMode runs the proxy cases through the proxy at proxyURL with the
// scripted backend on backend.
func runProxyMode(ctx context.Context, proxyURL, backend, only string, list bool, timeout time.Duration, stdout io.Writer) (suite.Report, error) {
	var cases []proxymode.Case
	for _, c := range proxymode.Cases() {
		if strings.Contains(c.Name, only) {
			cases = append(cases, c)
		}
	}
	if list {
		for _, c := range cases {
			fmt.Fprintf(stdout, "%s\t%s\n", c.Name, c.Rule)
		}
		return suite.Report{}, nil
	}
	t, err := suite.ParseTarget(proxyURL)
	if err != nil {
		return suite.Report{}, err
	}
	started := time.Now()
	rs, err := proxymode.Run(ctx, proxymode.Config{Proxy: t.Addr, BackendListen: backend, Timeout: timeout}, cases)
	return suite.NewReport("proxy", proxyURL, started, rs), err
}

// runClientMode serves the client cases to the client driver kind: the
// short list for browsers, the h2c cases for h2c clients, every WebSocket
// case otherwise.
func runClientMode(ctx context.Context, kind, listen, script, only string, list bool, stdout io.Writer) (suite.Report, error) {
	all := clientmode.Cases()
	switch {
	case clientmode.Browser(kind):
		all = clientmode.BrowserCases()
	case clientmode.H2CClient(kind):
		all = clientmode.H2CCases()
	}
	var cases []clientmode.Case
	for _, c := range all {
		if strings.Contains(c.Name, only) {
			cases = append(cases, c)
		}
	}
	if list {
		for _, c := range cases {
			fmt.Fprintf(stdout, "%s\t%s\n", c.Name, c.Rule)
		}
		return suite.Report{}, nil
	}
	started := time.Now()
	rs, err := clientmode.Run(ctx, clientmode.Script{Path: script, Kind: kind}, listen, cases)
	return suite.NewReport("client", kind, started, rs), err
}
