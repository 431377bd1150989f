package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/switchyard/switchyard/campaign"
)

func init() {
	register(command{name: "fuzz", summary: "fuzz campaign: every native fuzz target for a budget; crashers filed as seeds", run: runFuzz})
}

const fuzzUsage = `Usage: fuzzrun fuzz [--duration D] [--targets T,...] [--shard I/N] [--workers N]
                   [--pkg PKG] [--tags TAGS] [--minimize-time D|Nx] [--corpus DIR] [--merge] [--cache-dir DIR]
                   [--json FILE] [--junit FILE] [--report DIR]

Runs every native fuzz target of the package (go test -fuzz, discovered with
go test -list) one after the other, each for an equal share of the total
budget, with N engine workers each (-parallel N). On a terminal a live
table shows, per target, execs/s, corpus size, new interesting inputs (new
coverage) and crashers; otherwise one line per target.

A crasher is minimized by go test and written where go test replays it,
<pkg>/testdata/fuzz/<Target>/<hash>, so plain go test fails on it until
fixed; a copy goes to <corpus>/crashers/<Target>-<hash>, same format.
--merge also copies the new interesting inputs from the fuzz cache into
<pkg>/testdata/fuzz/<Target>/.

The engine runs with GOMAXPROCS=1 in each of its processes (more execs/s:
every worker runs one input at a time) unless GOMAXPROCS is set in the
environment.

SIGINT or SIGTERM stops the running target as ^C would, skips the rest,
keeps every crasher found, and still writes the reports.

Exit status: 0 no new crasher, 1 new crashers, 2 usage or run error
(including a target whose run fails without a new crasher, e.g. a seed
that fails). Flags and the --json, --junit and --report paths are checked
before the budget starts: a bad value or an unwritable path is exit 2 at
once.

Flags:
`

func runFuzz(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", time.Minute, "total budget (positive), split evenly across the targets")
	targets := fs.String("targets", "", "comma-separated targets to run (default: every Fuzz target of --pkg)")
	shard := fs.String("shard", "", "run only shard `I/N` of the targets (every N-th from the I-th), for CI matrices")
	workers := fs.Int("workers", runtime.NumCPU(), "engine workers per target (go test -parallel), 1 or more")
	pkg := fs.String("pkg", "./fuzz", "package whose Fuzz targets run")
	minimize := fs.String("minimize-time", "", "bound the engine's minimization of each new input (go test -fuzzminimizetime): a duration, or a count of executions such as 2000x; \"\" keeps its default, 60s")
	tags := fs.String("tags", "", "build `TAGS` for the package's test binary (go test -tags), e.g. fuzzceiling for fuzz/'s FuzzCeiling")
	corpus := fs.String("corpus", "corpus", "corpus directory: crashers are copied to `DIR`/crashers; \"\" for none")
	merge := fs.Bool("merge", false, "copy new interesting inputs from the fuzz cache into <pkg>/testdata/fuzz")
	cacheDir := fs.String("cache-dir", "", "fuzz cache `DIR` of generated inputs (default: go test's own, $GOCACHE/fuzz/<import path>)")
	jsonOut := fs.String("json", "", "write the result as JSON to `FILE`")
	junitOut := fs.String("junit", "", "write JUnit XML (one testcase per target) to `FILE`")
	report := fs.String("report", "", "write report.md and each target's engine log (logs/) into `DIR`")
	fs.Usage = func() {
		fmt.Fprint(stderr, fuzzUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fuzzrun fuzz: unexpected arguments %q\n", fs.Args())
		return exitError
	}
	cfg := campaign.Config{Package: *pkg, Duration: *duration, Workers: *workers, Tags: *tags, MinimizeTime: *minimize, CorpusDir: *corpus, Merge: *merge, FuzzCacheDir: *cacheDir, Out: stdout, Live: campaign.IsTerminal(stdout)}
	if *targets != "" {
		cfg.Targets = strings.Split(*targets, ",")
	}
	if *shard != "" {
		if _, err := fmt.Sscanf(*shard, "%d/%d", &cfg.Shard, &cfg.Shards); err != nil || cfg.Shards < 1 || cfg.Shard < 1 || cfg.Shard > cfg.Shards {
			fmt.Fprintf(stderr, "fuzzrun fuzz: --shard %q: want I/N with 1 <= I <= N\n", *shard)
			return exitError
		}
	}
	var chk flagChecks
	chk.positive("duration", *duration)
	chk.add(campaign.CheckMinimizeTime(*minimize) != nil, "--minimize-time %q: want a positive duration (5s) or count of executions (2000x)", *minimize)
	chk.add(*workers <= 0, "--workers %d: want 1 or more engine workers", *workers)
	chk.add(*pkg == "", "--pkg: want a package, e.g. ./fuzz")
	if *corpus != "" {
		st, err := os.Stat(*corpus)
		chk.add(err == nil && !st.IsDir(), "--corpus %s: not a directory", *corpus)
	}
	if chk.report(stderr, "fuzz") {
		return exitError
	}
	// The reports are written at the end of the budget: their paths must
	// be writable before it starts.
	if err := checkOutputs(output{flag: "json", path: *jsonOut}, output{flag: "junit", path: *junitOut}, output{flag: "report", path: *report, dir: true}); err != nil {
		fmt.Fprintf(stderr, "fuzzrun fuzz: %v\n", err)
		return exitError
	}
	if st, err := os.Stat(*pkg); strings.HasPrefix(*pkg, "./") && (err != nil || !st.IsDir()) {
		// go test -fuzz builds the targets from their source: unlike
		// check, diff and suite, fuzz needs the repository.
		fmt.Fprintf(stderr, "fuzzrun fuzz: --pkg %s: no such directory here; fuzz builds the targets from source with go test -fuzz, so run it in a clone's root (or give --pkg)\n", *pkg)
		return exitError
	}
	if *report != "" {
		cfg.LogDir = filepath.Join(*report, "logs")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := campaign.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "fuzzrun fuzz: %v\n", err)
		return exitError
	}
	code := res.ExitCode
	if *jsonOut != "" {
		code = reportErr(stderr, code, campaign.WriteJSON(res, *jsonOut))
	}
	if *junitOut != "" {
		code = reportErr(stderr, code, campaign.WriteJUnit(res, *junitOut))
	}
	if *report != "" {
		code = reportErr(stderr, code, campaign.WriteMarkdown(res, *report))
	}
	fmt.Fprintf(stdout, "%d target(s), %d new crasher(s) in %.1fs", len(res.Targets), len(res.Crashers()), res.Elapsed)
	if res.Interrupted {
		fmt.Fprint(stdout, " (interrupted)")
	}
	fmt.Fprintln(stdout)
	for _, c := range res.Crashers() {
		fmt.Fprintf(stdout, "crasher %s/%s: %s\n  seed: %s\n  corpus: %s\n  rerun: %s\n", c.Target, c.Hash, firstLineOf(c.Message), c.Testdata, c.CorpusFile, c.Rerun)
	}
	return code
}

// reportErr prints a failure to write a report; a report that cannot be
// written is a run error unless new crashers already decide the exit code.
func reportErr(stderr io.Writer, code int, err error) int {
	if err == nil {
		return code
	}
	fmt.Fprintf(stderr, "fuzzrun fuzz: %v\n", err)
	if code == exitFound {
		return code
	}
	return exitError
}

func firstLineOf(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
