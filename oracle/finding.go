package oracle

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sync"

	"github.com/switchyard/switchyard/rules"
)

// Finding is one divergence of one implementation, deduplicated by
// (target, rule, class, cause) and minimized to a small reproducer that
// still holds the cause. The JSON form is the one `fuzzrun diff --json`
// promises; raw bytes are strings.
type Finding struct {
	// Target is the implementation blamed: a registry name, a TCP target's
	// name, or the shared layer that decided before the implementation's
	// own code ran (e.g. "net/http server"; Under lists the
	// implementations it was seen under, Via the one the reproducer
	// replays through).
	Target  string   `json:"target"`
	Version string   `json:"version,omitempty"`
	Side    Side     `json:"side"`
	Under   []string `json:"under,omitempty"`
	Via     string   `json:"via,omitempty"`
	Class   Class    `json:"class"`
	Rule    rules.ID `json:"rule"`
	Level   string   `json:"level"`
	// Blamed is the role the rule binds: the side under test.
	Blamed Side `json:"blamed"`
	// InMessage reports a rule broken by the octets of a message, which
	// the parser cites on the reproducer (judge.Divergence.InMessage).
	InMessage bool `json:"in_message,omitempty"`
	// Cause tells apart distinct faults under one rule
	// (judge.Divergence.Cause).
	Cause   string `json:"cause,omitempty"`
	Summary string `json:"summary"`
	Case    string `json:"case"`
	// Request and Response are the exchange the finding was made on.
	Request  string `json:"request"`  // the request sent (server) or the client's request
	Response string `json:"response"` // the response received (server) or handed to the client
	// Reproducer is the message that replays the finding: the request
	// (server) or the response template (client). It is the case's own
	// message until minimization replaces it with one minimized while the
	// same finding, with the same cause, came back (or, for a finding the
	// baseline lists, with the baseline's reproducer once a replay shows it
	// holds); with minimization off it stays the case's message. The JSON
	// name "minimized" is kept for the logs and baselines already written.
	// ReproducerReply is what the implementation sent back to it (server)
	// or the request the client sent (client); Replay is a one-line shell
	// command that sends it again.
	Reproducer      string `json:"minimized"`
	ReproducerReply string `json:"minimized_response"`
	Replay          string `json:"replay"`
	// New reports that no baseline entry covers the finding.
	New bool `json:"new"`
	// Observation is the raw observation, kept so that it can be re-judged.
	Observation Observation `json:"observation"`
}

// Signature identifies a finding for deduplication and baselines: the
// implementation, the rule, the class and the cause.
type Signature struct {
	Target string
	Rule   rules.ID
	Class  Class
	Cause  string
}

// Sig returns the finding's signature.
func (f *Finding) Sig() Signature { return Signature{f.Target, f.Rule, f.Class, f.Cause} }

func levelName(id rules.ID) string {
	if l := rules.LevelOf(id); l != 0 {
		return l.String()
	}
	return ""
}

// logRecord is one line of the findings log.
type logRecord struct {
	Type    string   `json:"type"` // "run", "finding", "progress" or "done"
	Key     string   `json:"key"`
	Done    int      `json:"done,omitempty"` // progress: cases finished, in order
	Finding *Finding `json:"finding,omitempty"`
}

// Log is the findings log: JSON lines appended and synced the moment a
// finding is made, so that a killed run loses nothing (DESIGN.md
// principle 7). A run is identified by a key (seed, cases and targets); a
// run with the same key that did not finish is resumed.
type Log struct {
	mu  sync.Mutex
	f   *os.File
	key string
}

// OpenLog opens (creating it if needed) the log at path for the run with
// the given key. When the last run with that key did not finish, it
// returns that run's findings and how many cases it completed, and the
// run goes on in the same log. Otherwise a new run starts; when every run
// in the log has finished, the log starts afresh.
func OpenLog(path, key string) (l *Log, resumed []Finding, done int, err error) {
	runs, err := readLog(path)
	if err != nil {
		return nil, nil, 0, err
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	r, resume := runs[key]
	resume = resume && !r.finished
	if !resume {
		anyOpen := false
		for _, r := range runs {
			anyOpen = anyOpen || !r.finished
		}
		if !anyOpen {
			flags = os.O_CREATE | os.O_WRONLY | os.O_TRUNC
		}
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, nil, 0, err
	}
	if flags&os.O_TRUNC == 0 {
		// A run killed mid-write leaves its last record torn, without
		// its newline: end that line, or the first record appended
		// now would join it and be lost with it.
		if err := endLine(path, f); err != nil {
			f.Close()
			return nil, nil, 0, err
		}
	}
	l = &Log{f: f, key: key}
	if resume {
		return l, lastPerSignature(r.findings), r.done, nil
	}
	if err := l.write(logRecord{Type: "run", Key: key}); err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	return l, nil, 0, nil
}

// endLine writes a newline to f, open for appending at path, unless the
// file is empty or already ends with one.
func endLine(path string, f *os.File) error {
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	st, err := r.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	var last [1]byte
	if _, err := r.ReadAt(last[:], st.Size()-1); err != nil {
		return err
	}
	if last[0] == '\n' {
		return nil
	}
	_, err = f.Write([]byte{'\n'})
	return err
}

// MaxLogRecord caps one line of the findings log as it is read back: a
// finding holds heads and octets within the wire layer's caps (a few tens
// of KiB), far below this.
const MaxLogRecord = 16 << 20

// loggedRun is what the log holds of one run.
type loggedRun struct {
	findings []Finding
	done     int
	finished bool
}

// readLog reads the runs of a log, by key; a missing log holds none.
func readLog(path string) (map[string]*loggedRun, error) {
	runs := map[string]*loggedRun{}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return runs, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLogRecord)
	for sc.Scan() {
		var rec logRecord
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue // a line cut short by a kill
		}
		if rec.Type == "run" {
			runs[rec.Key] = &loggedRun{}
			continue
		}
		r := runs[rec.Key]
		if r == nil || r.finished {
			continue
		}
		switch rec.Type {
		case "finding":
			if rec.Finding != nil {
				r.findings = append(r.findings, *rec.Finding)
			}
		case "progress":
			r.done = max(r.done, rec.Done)
		case "done":
			r.finished = true
		}
	}
	return runs, sc.Err()
}

func (l *Log) write(r logRecord) error {
	if l == nil {
		return nil
	}
	r.Key = l.key
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return err
	}
	return l.f.Sync()
}

// Finding appends a finding.
func (l *Log) Finding(f Finding) error { return l.write(logRecord{Type: "finding", Finding: &f}) }

// Progress records that the first done cases are finished.
func (l *Log) Progress(done int) error { return l.write(logRecord{Type: "progress", Done: done}) }

// Close marks the run finished and closes the log.
func (l *Log) Close(finished bool) error {
	if l == nil {
		return nil
	}
	if finished {
		l.write(logRecord{Type: "done"})
	}
	return l.f.Close()
}

// lastPerSignature keeps the last record of each finding: a finding is
// logged when found and again once minimized.
func lastPerSignature(fs []Finding) []Finding {
	at := map[Signature]int{}
	var out []Finding
	for _, f := range fs {
		if i, ok := at[f.Sig()]; ok {
			out[i] = f
			continue
		}
		at[f.Sig()] = len(out)
		out = append(out, f)
	}
	return out
}
