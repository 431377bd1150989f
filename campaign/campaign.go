package campaign

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MinTargetBudget is the least time a target may get: the engine spends
// the first part of its budget replaying the seeds (the baseline pass), so
// less leaves no time to fuzz.
const MinTargetBudget = time.Second

// Config says what a campaign runs. The zero value of each field is its
// default.
type Config struct {
	Dir      string        // directory the go command runs in; "" is the current one
	Package  string        // the package whose Fuzz targets run; "" is ./fuzz
	Targets  []string      // targets to run; none is every Fuzz target of the package
	Shard    int           // with Shards: run targets Shard, Shard+Shards, ... (1-based) of the selection
	Shards   int           // split the selection into this many shards; 0 or 1 is no sharding
	Duration time.Duration // total budget, split evenly across the targets; 0 is one minute
	Workers  int           // engine workers per target (-parallel); 0 is runtime.NumCPU()
	Tags     string        // build tags for the test binary (go test -tags), comma-separated; "" for none

	// MinimizeTime bounds the engine's minimization of each new input
	// (-fuzzminimizetime): a duration ("5s") or a number of executions
	// ("2000x"); "" keeps the engine's default, 60 s. The engine counts the
	// executions spent minimizing only when the minimization ends, so a
	// bound shorter than the budget makes execs/s count them. A count is
	// the better bound: a minimization that reaches a time bound makes the
	// engine restart the worker process, and lose its count.
	MinimizeTime string

	// CorpusDir receives a copy of each crasher as crashers/<Target>-<hash>;
	// "" files crashers only where go test writes them (the package's
	// testdata/fuzz/<Target>/).
	CorpusDir string
	// Merge copies the new interesting inputs of each target from the fuzz
	// cache into the package's testdata/fuzz/<Target>/.
	Merge bool
	// FuzzCacheDir overrides $GOCACHE/fuzz/<import path>, the cache of
	// generated inputs that go test -fuzz itself uses.
	FuzzCacheDir string
	// LogDir, when set, receives each target's engine output as <Target>.log.
	LogDir string

	Out  io.Writer // where the progress view goes; nil shows nothing
	Live bool      // Out is a terminal: redraw a live table instead of a line per target
}

// Run builds the package's test binary, runs each selected target for its
// share of the budget, one after the other, and returns what they found.
// Cancelling ctx stops the running target as ^C would, skips the rest, and
// still returns the result. The error is for a campaign that could not
// run (a build failure, an unknown target, a budget too small).
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Package == "" {
		cfg.Package = "./fuzz"
	}
	if cfg.Duration == 0 {
		cfg.Duration = time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if err := CheckMinimizeTime(cfg.MinimizeTime); err != nil {
		return nil, err
	}
	if cfg.Shards > 1 && (cfg.Shard < 1 || cfg.Shard > cfg.Shards) {
		return nil, fmt.Errorf("shard %d is not between 1 and %d", cfg.Shard, cfg.Shards)
	}
	start := time.Now()
	tmp, err := os.MkdirTemp("", "fuzzrun-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin, err := buildTestBinary(ctx, cfg.Dir, cfg.Package, cfg.Tags, tmp, cfg.FuzzCacheDir)
	if err != nil {
		return nil, err
	}
	all, err := bin.listTargets(ctx)
	if err != nil {
		return nil, err
	}
	names, err := selectTargets(all, cfg.Targets, cfg.Shard, cfg.Shards)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Package, err)
	}
	per := cfg.Duration / time.Duration(max(len(names), 1))
	if len(names) > 0 && per < MinTargetBudget {
		return nil, fmt.Errorf("a budget of %s over %d targets leaves %s each; each needs at least %s", cfg.Duration, len(names), per, MinTargetBudget)
	}

	res := &Result{Package: bin.importPath, Started: start, Budget: cfg.Duration.Seconds(), Workers: cfg.Workers}
	for _, n := range names {
		res.Targets = append(res.Targets, &TargetResult{Name: n, Status: StatusPending, Budget: per.Seconds(), Crashers: []*Crasher{}})
	}
	v := &view{w: cfg.Out, live: cfg.Live, targets: res.Targets}
	if cfg.Live && len(res.Targets) > 0 {
		v.show(res.Targets[0])
	}
	for _, t := range res.Targets {
		if ctx.Err() != nil {
			t.Status = StatusSkipped
			v.show(t)
			continue
		}
		targetStart := time.Now()
		r := &engineRun{bin: bin, pkg: rerunPackage(cfg), corpusDir: cfg.CorpusDir, workers: cfg.Workers, minimize: cfg.MinimizeTime, t: t, show: v.show}
		r.run(ctx)
		if cfg.Merge {
			n, err := mergeNew(bin.cacheDir, bin.dir, t.Name, targetStart)
			t.Merged = n
			if err != nil && t.Error == "" {
				t.Error = "merging new inputs: " + err.Error()
			}
		}
		if cfg.LogDir != "" {
			if err := os.MkdirAll(cfg.LogDir, 0o755); err == nil {
				_ = os.WriteFile(filepath.Join(cfg.LogDir, t.Name+".log"), r.log.Bytes(), 0o644)
			}
		}
	}
	res.Interrupted = ctx.Err() != nil
	res.Elapsed = time.Since(start).Seconds()
	res.ExitCode = res.exitCode()
	return res, nil
}

// CheckMinimizeTime checks a Config.MinimizeTime: "", a positive duration
// or a positive count followed by x, as go test -fuzzminimizetime takes.
func CheckMinimizeTime(s string) error {
	if s == "" {
		return nil
	}
	if n, ok := strings.CutSuffix(s, "x"); ok {
		if c, err := strconv.Atoi(n); err == nil && c > 0 {
			return nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return nil
	}
	return fmt.Errorf("minimization bound %q: want a positive duration (5s) or count (2000x)", s)
}

// rerunPackage is the package argument of the go test command that
// replays a crasher: the package as the user named it, after its -tags.
func rerunPackage(cfg Config) string {
	if cfg.Tags == "" {
		return cfg.Package
	}
	return "-tags " + cfg.Tags + " " + cfg.Package
}

// selectTargets picks the targets to run from all (the package's, in
// order): the wanted ones (all when none), then every shards-th from shard.
func selectTargets(all, wanted []string, shard, shards int) ([]string, error) {
	sel := all
	if len(wanted) > 0 {
		sel = nil
		for _, w := range wanted {
			if !slices.Contains(all, w) {
				return nil, fmt.Errorf("no fuzz target %s (the package has %v)", w, all)
			}
			if !slices.Contains(sel, w) {
				sel = append(sel, w)
			}
		}
	}
	if shards <= 1 {
		return sel, nil
	}
	var out []string
	for i, n := range sel {
		if i%shards == shard-1 {
			out = append(out, n)
		}
	}
	return out, nil
}
