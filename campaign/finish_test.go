package campaign

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// engineOutput feeds output to a fresh engineRun as the engine would.
func engineOutput(out string) *engineRun {
	r := &engineRun{t: &TargetResult{Name: "FuzzX"}, show: func(*TargetResult) {}}
	r.Write([]byte(out))
	return r
}

func TestFinish(t *testing.T) {
	exit := &exec.ExitError{}
	for _, tc := range []struct {
		name        string
		out         string
		err         error
		interrupted bool
		want        Status
		wantError   string
		wantNote    bool
	}{
		{"budget spent", "fuzz: elapsed: 3s, execs: 10 (3/sec), new interesting: 0 (total: 1)\nPASS\n", nil, false, StatusOK, "", false},
		{"interrupted", "fuzz: elapsed: 3s, execs: 10 (3/sec), new interesting: 0 (total: 1)\nPASS\n", nil, true, StatusInterrupted, "", false},
		{"go.dev/issue/75804", "fuzz: elapsed: 9s, execs: 91558 (0/sec), new interesting: 34 (total: 289)\n--- FAIL: FuzzX (9.04s)\n    context deadline exceeded\nFAIL\n",
			exit, false, StatusOK, "", true},
		{"failing seed", "failure while testing seed corpus entry: FuzzX/seed#3\nfuzz: elapsed: 0s, gathering baseline coverage: 3/40 completed\n--- FAIL: FuzzX (0.01s)\n    --- FAIL: FuzzX (0.00s)\n        fuzz_test.go:80: verdict cites no rule\n        input: \"GET\"\n\nFAIL\n",
			exit, false, StatusError, "fuzz_test.go:80: verdict cites no rule\ninput: \"GET\"", false},
		{"no binary", "", errors.New("fork/exec fuzz.test: no such file"), false, StatusError, "fork/exec fuzz.test: no such file", false},
	} {
		r := engineOutput(tc.out)
		r.finish(tc.err, tc.interrupted)
		got := r.t
		if got.Status != tc.want || got.Error != tc.wantError || (got.Note != "") != tc.wantNote || len(got.Crashers) != 0 {
			t.Errorf("%s: status %s, error %q, note %q; want %s, %q, note %v", tc.name, got.Status, got.Error, got.Note, tc.want, tc.wantError, tc.wantNote)
		}
		if tc.wantNote && !strings.Contains(got.Note, "75804") {
			t.Errorf("%s: note %q does not cite the Go issue", tc.name, got.Note)
		}
	}
}
