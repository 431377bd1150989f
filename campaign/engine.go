package campaign

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopGrace is how long an interrupted engine gets to stop on its own
// before it is killed.
const stopGrace = 10 * time.Second

// engineProcs is the GOMAXPROCS the engine's processes (the coordinator
// and each worker) run with when the caller's environment sets none. A
// worker runs one input at a time; with more Ps the runtime's background
// GC workers and idle-P wake-ups compete with it for the cores the other
// workers use. On 2 cores, 1 worker, FuzzConnection ran about 45% more
// execs/s with GOMAXPROCS=1, and FuzzCeiling about 35% more
// (docs/performance.md measures with it).
const engineProcs = "1"

// engineEnv is env with GOMAXPROCS=engineProcs added, unless env sets
// GOMAXPROCS already: a user's own setting wins.
func engineEnv(env []string) []string {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOMAXPROCS=") {
			return env
		}
	}
	return append(env[:len(env):len(env)], "GOMAXPROCS="+engineProcs)
}

// maxLog caps the engine output kept per target.
const maxLog = 1 << 20

// engineRun is one run of the engine on one target.
type engineRun struct {
	bin       *testBinary
	pkg       string // the package as the user named it, for rerun commands
	corpusDir string
	workers   int
	minimize  string // -test.fuzzminimizetime; "" keeps the engine's default
	t         *TargetResult
	show      func(*TargetResult) // called after every change of t

	start      time.Time // when the engine was started
	pending    []byte    // output not yet ended by a newline
	log        bytes.Buffer
	tail       []string  // the last lines that were not progress lines
	fuzzStart  time.Time // when the baseline pass ended
	crashRel   string    // "Failing input written to" path, relative to the package directory
	originalLn int       // length of the failing input before minimization
}

// run runs the engine on r.t for its budget and fills in r.t. Cancelling
// ctx interrupts the engine's process group (SIGINT, as ^C does) and waits
// for it to stop.
func (r *engineRun) run(ctx context.Context) {
	t := r.t
	r.start = time.Now()
	args := []string{
		"-test.run", "^$",
		"-test.fuzz", "^" + t.Name + "$",
		"-test.fuzztime", strconv.FormatFloat(t.Budget, 'f', 3, 64) + "s",
		"-test.parallel", strconv.Itoa(r.workers),
		"-test.fuzzcachedir", r.bin.cacheDir,
	}
	if r.minimize != "" {
		args = append(args, "-test.fuzzminimizetime", r.minimize)
	}
	cmd := exec.CommandContext(ctx, r.bin.path, args...)
	cmd.Dir = r.bin.dir
	cmd.Env = engineEnv(os.Environ())
	cmd.Stdout = r
	cmd.Stderr = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = stopGrace
	t.Status = StatusRunning
	r.show(t)
	err := cmd.Run()
	if cmd.Process != nil {
		// Workers left behind by a killed coordinator.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if len(r.pending) > 0 {
		r.line(string(r.pending))
	}
	t.Elapsed = time.Since(r.start).Seconds()

	r.finish(err, ctx.Err() != nil)
	r.show(t)
}

// deadlineRace is the whole failure message of a go test -fuzz run that
// hit a race in Go's own fuzzing coordinator: at the end of -fuzztime the
// deadline can escape as a failure, with no failing input
// (go.dev/issue/75804; fixed in Go 1.27, not in 1.26).
const deadlineRace = "context deadline exceeded"

// finish sets the target's status from how the engine ended: err from
// running it, and whether the campaign was interrupted.
func (r *engineRun) finish(err error, interrupted bool) {
	t := r.t
	switch {
	case r.crashRel != "":
		c, cerr := fileCrasher(t.Name, r.pkg, r.bin.dir, r.crashRel, r.corpusDir)
		if c != nil {
			c.Message = r.failureMessage()
			c.OriginalLen = r.originalLn
			t.Crashers = append(t.Crashers, c)
		}
		t.Status = StatusCrasher
		if cerr != nil {
			t.Error = cerr.Error()
		}
	case interrupted:
		t.Status = StatusInterrupted
	case err != nil && r.failureMessage() == deadlineRace:
		t.Status = StatusOK
		t.Note = "go test -fuzz ended with \"" + deadlineRace + "\" and no failing input: a race in Go's fuzzing coordinator at the end of -fuzztime (go.dev/issue/75804, fixed in Go 1.27), not a finding"
	case err != nil:
		t.Status = StatusError
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Error = err.Error()
		} else if msg := r.failureMessage(); msg != "" {
			t.Error = msg
		} else {
			t.Error = fmt.Sprintf("%v\n%s", err, strings.Join(r.tail, "\n"))
		}
	default:
		t.Status = StatusOK
	}
}

// Write receives the engine's combined output (exec calls it from one
// goroutine at a time) and handles it line by line.
func (r *engineRun) Write(p []byte) (int, error) {
	if r.log.Len() < maxLog {
		r.log.Write(p)
	}
	r.pending = append(r.pending, p...)
	for {
		i := bytes.IndexByte(r.pending, '\n')
		if i < 0 {
			break
		}
		r.line(string(r.pending[:i]))
		r.pending = r.pending[i+1:]
	}
	return len(p), nil
}

// line handles one line of engine output.
func (r *engineRun) line(l string) {
	t := r.t
	if p, ok := ParseProgress(l); ok {
		now := time.Now()
		t.Elapsed = now.Sub(r.start).Seconds()
		if p.Fuzzing && r.fuzzStart.IsZero() {
			r.fuzzStart = now
		}
		if p.Minimizing > 0 {
			r.originalLn = p.Minimizing
		}
		if p.Execs > 0 {
			t.Execs, t.Corpus, t.NewInteresting = p.Execs, p.Total, p.NewInteresting
			if d := now.Sub(r.fuzzStart).Seconds(); !r.fuzzStart.IsZero() && d > 0 {
				t.ExecsPerSec = float64(p.Execs) / d
			} else {
				t.ExecsPerSec = p.Rate
			}
		}
		r.show(t)
		return
	}
	if rel, ok := strings.CutPrefix(strings.TrimSpace(l), "Failing input written to "); ok {
		r.crashRel = rel
		return
	}
	r.tail = append(r.tail, l)
	if len(r.tail) > 200 {
		r.tail = r.tail[len(r.tail)-100:]
	}
}

// failureMessage is what the failing test reported: the lines after the
// last "--- FAIL" line, up to a blank line, a stack trace or the final
// FAIL, at most 10 lines.
func (r *engineRun) failureMessage() string {
	last := -1
	for i, l := range r.tail {
		if strings.HasPrefix(strings.TrimSpace(l), "--- FAIL") {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	var msg []string
	for _, l := range r.tail[last+1:] {
		l = strings.TrimSpace(l)
		if l == "" || l == "FAIL" || strings.HasPrefix(l, "goroutine ") || len(msg) == 10 {
			break
		}
		msg = append(msg, l)
	}
	return strings.Join(msg, "\n")
}
