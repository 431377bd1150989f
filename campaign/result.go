package campaign

import "time"

// Status is how a target's run ended.
type Status string

// The statuses of a target.
const (
	StatusPending     Status = "pending"     // not started yet
	StatusRunning     Status = "running"     // the engine is running it
	StatusOK          Status = "ok"          // ran its budget, no crasher
	StatusCrasher     Status = "crasher"     // the engine found and minimized a failing input
	StatusError       Status = "error"       // the run failed without a new crasher (e.g. a seed fails)
	StatusInterrupted Status = "interrupted" // stopped by SIGINT/SIGTERM; what it found is kept
	StatusSkipped     Status = "skipped"     // never started: the campaign was interrupted first
)

// Result is the outcome of a campaign.
type Result struct {
	Package     string          `json:"package"` // import path of the package fuzzed
	Started     time.Time       `json:"started"`
	Budget      float64         `json:"budget_seconds"`  // total budget
	Elapsed     float64         `json:"elapsed_seconds"` // wall time, build included
	Workers     int             `json:"workers"`         // -parallel of each engine run
	Interrupted bool            `json:"interrupted"`     // stopped by a signal before the budget ran out
	Targets     []*TargetResult `json:"targets"`
	ExitCode    int             `json:"exit_code"` // 0 no new crasher, 1 new crashers, 2 a target's run failed
}

// TargetResult is the outcome of one target.
type TargetResult struct {
	Name           string     `json:"name"`
	Status         Status     `json:"status"`
	Budget         float64    `json:"budget_seconds"`
	Elapsed        float64    `json:"elapsed_seconds"` // wall time of the engine run
	Execs          int64      `json:"execs"`
	ExecsPerSec    float64    `json:"execs_per_sec"`   // execs over the time spent fuzzing (after the baseline pass)
	Corpus         int        `json:"corpus"`          // corpus size at the end ("total")
	NewInteresting int        `json:"new_interesting"` // inputs that reached new coverage this run
	Crashers       []*Crasher `json:"crashers"`
	Merged         int        `json:"merged"` // new interesting inputs copied into testdata (--merge)
	Error          string     `json:"error,omitempty"`
	Note           string     `json:"note,omitempty"` // e.g. a spurious engine failure that was not counted
}

// Crasher is a failing input found by the engine, minimized by it, and
// filed twice: where go test replays it (Testdata) and in the corpus
// (CorpusFile), both in the "go test fuzz v1" format.
type Crasher struct {
	Target      string `json:"target"`
	Hash        string `json:"hash"`
	Testdata    string `json:"testdata"`     // <package dir>/testdata/fuzz/<Target>/<hash>, replayed by plain go test
	CorpusFile  string `json:"corpus_file"`  // <corpus>/crashers/<Target>-<hash>
	Message     string `json:"message"`      // the failure the target reported
	Input       string `json:"input"`        // the minimized input, as the file's Go literals
	InputLen    int    `json:"input_len"`    // octets in the minimized input's []byte and string values
	OriginalLen int    `json:"original_len"` // length before minimization, when the engine said
	Rerun       string `json:"rerun"`        // the command that replays it
}

// exitCode is fuzzrun's exit status for a result: 1 if a target found a
// new crasher, else 2 if a target's run failed, else 0. An interrupted
// campaign is judged on what it found.
func (r *Result) exitCode() int {
	code := 0
	for _, t := range r.Targets {
		if len(t.Crashers) > 0 {
			return 1
		}
		if t.Status == StatusError {
			code = 2
		}
	}
	return code
}

// Crashers returns every crasher of the campaign, target by target.
func (r *Result) Crashers() []*Crasher {
	var out []*Crasher
	for _, t := range r.Targets {
		out = append(out, t.Crashers...)
	}
	return out
}
