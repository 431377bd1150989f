package campaign

import (
	"regexp"
	"strconv"
	"time"
)

// Progress is what one progress line of go test -fuzz says. The engine
// prints one every 3 s, and one when it stops:
//
//	fuzz: elapsed: 0s, gathering baseline coverage: 0/40 completed
//	fuzz: elapsed: 1s, gathering baseline coverage: 40/40 completed, now fuzzing with 2 workers
//	fuzz: elapsed: 3s, execs: 1234 (411/sec), new interesting: 5 (total: 45)
//	fuzz: minimizing 57-byte failing input file
type Progress struct {
	Elapsed        time.Duration // since the engine started, as printed (whole seconds)
	Baseline       bool          // the line reports the baseline-coverage pass over the seeds
	BaselineDone   int           // seeds run so far in the baseline pass
	BaselineTotal  int           // seeds in the baseline pass
	Fuzzing        bool          // the baseline is complete and fuzzing has begun
	Workers        int           // worker processes, on the line that starts fuzzing
	Execs          int64         // inputs run so far
	Rate           float64       // execs/s over the last interval, as printed
	NewInteresting int           // inputs found this run that reached new coverage
	Total          int           // corpus size: seeds plus cached plus new interesting
	Minimizing     int           // length of the failing input being minimized, or 0
}

var (
	reExecs      = regexp.MustCompile(`^fuzz: elapsed: (\S+), execs: (\d+) \((\d+)/sec\)(?:, new interesting: (\d+) \(total: (\d+)\))?`)
	reBaseline   = regexp.MustCompile(`^fuzz: elapsed: (\S+), gathering baseline coverage: (\d+)/(\d+) completed(?:, now fuzzing with (\d+) workers)?`)
	reMinimizing = regexp.MustCompile(`^fuzz: minimizing (\d+)-byte failing input file`)
)

// ParseProgress parses one line of go test -fuzz output; ok is false for
// lines that are not progress lines.
func ParseProgress(line string) (p Progress, ok bool) {
	if m := reExecs.FindStringSubmatch(line); m != nil {
		p.Elapsed, _ = time.ParseDuration(m[1])
		p.Execs, _ = strconv.ParseInt(m[2], 10, 64)
		p.Rate, _ = strconv.ParseFloat(m[3], 64)
		p.NewInteresting = atoi(m[4])
		p.Total = atoi(m[5])
		p.Fuzzing = true
		return p, true
	}
	if m := reBaseline.FindStringSubmatch(line); m != nil {
		p.Elapsed, _ = time.ParseDuration(m[1])
		p.Baseline = true
		p.BaselineDone, p.BaselineTotal = atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			p.Fuzzing, p.Workers = true, atoi(m[4])
		}
		return p, true
	}
	if m := reMinimizing.FindStringSubmatch(line); m != nil {
		p.Minimizing = atoi(m[1])
		return p, true
	}
	return p, false
}

// atoi is strconv.Atoi for strings the regexps above matched as digits; an
// empty optional group is 0.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
