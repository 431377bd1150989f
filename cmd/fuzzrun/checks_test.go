package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
)

// runQuick runs fuzzrun with args and fails the test unless it exits with
// want within limit, its stderr naming every string of mention and its
// stdout empty (no run printed anything).
func runQuick(t *testing.T, args []string, want int, limit time.Duration, mention ...string) {
	t.Helper()
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(args, &out, &errb)
	took := time.Since(start)
	if code != want {
		t.Errorf("fuzzrun %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out.String(), errb.String())
		return
	}
	if took > limit {
		t.Errorf("fuzzrun %s: took %v; a check before the run takes less than %v", strings.Join(args, " "), took, limit)
	}
	for _, m := range mention {
		if !strings.Contains(errb.String(), m) {
			t.Errorf("fuzzrun %s: stderr %q does not mention %q", strings.Join(args, " "), errb.String(), m)
		}
	}
	if out.Len() > 0 {
		t.Errorf("fuzzrun %s: printed %q; want nothing before a usage error", strings.Join(args, " "), out.String())
	}
}

// TestFlagsValidatedBeforeRun: a bad value of any flag of diff, suite or
// fuzz is exit 2, with a message naming the flag, before anything runs
// (each of these would otherwise start a run of a real implementation, a
// server or go test). --seed takes any value.
func TestFlagsValidatedBeforeRun(t *testing.T) {
	s, err := testpeers.NewServer(testpeers.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	target := "tcp://" + s.Addr() + "/chat"
	diff := []string{"diff", "--impl", "gorilla", "--log", ""}
	suite := []string{"suite", "--target", target}
	fuzz := []string{"fuzz", "--targets", "FuzzNothing"}
	for _, tt := range []struct {
		args    []string
		mention string
	}{
		{append(diff, "--cases", "-1"), "--cases -1"},
		{append(diff, "--timeout", "-1s"), "--timeout -1s"},
		{append(diff, "--timeout", "0"), "--timeout 0s"},
		{append(diff, "--duration", "-1s"), "--duration -1s"},
		{append(diff, "--corpus", "/nonexistent"), "--corpus /nonexistent: no such file or directory"},
		{append(diff, "--corpus", "checks_test.go"), "not a directory"},
		{[]string{"diff", "--reach", "--cases", "-5"}, "--cases -5"},
		{append(suite, "--timeout", "-1s"), "--timeout -1s"},
		{append(suite, "--parallel", "-3"), "--parallel -3"},
		{append(suite, "--parallel", "0"), "--parallel 0"},
		{append(suite, "--update-known"), "--update-known needs --known"},
		{[]string{"suite", "--client", "node-ws", "--driver", "/nonexistent.sh"}, "--driver /nonexistent.sh"},
		{append(fuzz, "--workers", "0"), "--workers 0"},
		{append(fuzz, "--minimize-time", "-1s"), `--minimize-time "-1s"`},
		{append(fuzz, "--minimize-time", "0x"), `--minimize-time "0x"`},
		{append(fuzz, "--workers", "-1"), "--workers -1"},
		{append(fuzz, "--duration", "-1s"), "--duration -1s"},
		{append(fuzz, "--duration", "0"), "--duration 0s"},
		{append(fuzz, "--corpus", "checks_test.go"), "--corpus checks_test.go: not a directory"},
	} {
		runQuick(t, tt.args, exitError, time.Second, tt.mention)
	}
	// Every bad flag is named, not only the first.
	runQuick(t, append(diff, "--cases", "-1", "--timeout", "-1s", "--duration", "-2s"), exitError, time.Second,
		"--cases -1", "--timeout -1s", "--duration -2s")

	// Any seed is fine.
	for _, seed := range []string{"-9223372036854775808", "0", "9223372036854775807"} {
		var out, errb bytes.Buffer
		if code := run([]string{"diff", "--reach", "--cases", "10", "--seed", seed, "--corpus", ""}, &out, &errb); code != exitOK {
			t.Errorf("diff --reach --seed %s: exit %d\n%s", seed, code, errb.String())
		}
	}
}

// TestOutputsCheckedBeforeRun: a --json, --junit, --report, --log or
// baseline path that cannot be written is exit 2 before the run, not at
// its end; a directory that does not exist yet is created.
func TestOutputsCheckedBeforeRun(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(blocker, "sub") // under a regular file: never writable
	hits := atomic.Int64{}
	addr := countingServer(t, &hits)
	target := "tcp://" + addr + "/chat"
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, []byte(`{"entries": []}`), 0o644)
	diff := []string{"diff", "--target", target, "--log", "", "--baseline", empty, "--corpus", ""}
	suite := []string{"suite", "--target", target}
	fuzz := []string{"fuzz", "--targets", "FuzzNothing", "--duration", "1s"}
	for _, tt := range []struct {
		args    []string
		mention string
	}{
		{append(diff, "--json", filepath.Join(bad, "out.json")), "--json"},
		{append(diff, "--json", dir), "is a directory"},
		{append(diff, "--report", bad), "--report"},
		{append(diff, "--log", filepath.Join(bad, "log.jsonl")), "--log"},
		{append(diff, "--update-baseline", "--baseline", filepath.Join(dir, "missing", "b.json")), "does not exist"},
		{append(suite, "--report", bad), "--report"},
		{append(suite, "--known", filepath.Join(dir, "missing.json")), "known"},
		{append(suite, "--known", filepath.Join(dir, "missing", "k.json"), "--update-known"), "does not exist"},
		{append(fuzz, "--json", filepath.Join(bad, "f.json")), "--json"},
		{append(fuzz, "--junit", filepath.Join(bad, "f.xml")), "--junit"},
		{append(fuzz, "--report", bad), "--report"},
	} {
		runQuick(t, tt.args, exitError, 2*time.Second, tt.mention)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server saw %d connections: a run started before its outputs were checked", n)
	}

	// A directory that does not exist yet is created before the run, and
	// the files are written at its end.
	s, err := testpeers.NewServer(testpeers.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	js := filepath.Join(dir, "new", "deeper", "out.json")
	rep := filepath.Join(dir, "new", "report")
	var out, errb bytes.Buffer
	args := []string{"diff", "--target", "tcp://" + s.Addr() + "/chat", "--log", "", "--baseline", empty, "--corpus", "",
		"--cases", "10", "--no-minimize", "--json", js, "--report", rep}
	if code := run(args, &out, &errb); code == exitError {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	for _, f := range []string{js, filepath.Join(rep, "report.md")} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	// The probe leaves nothing behind in a report directory.
	if probes, _ := filepath.Glob(filepath.Join(rep, ".fuzzrun-probe-*")); len(probes) > 0 {
		t.Errorf("probe files left: %v", probes)
	}
}

// TestNoCaseRan: a run that tested nothing — its --duration spent before
// the first case, or an --only that matches no case — is exit 2 with a
// message, not a clean exit 0.
func TestNoCaseRan(t *testing.T) {
	s, err := testpeers.NewServer(testpeers.Strict)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	target := "tcp://" + s.Addr() + "/chat"
	runQuick(t, []string{"diff", "--impl", "gorilla", "--duration", "1ns", "--log", ""}, exitError, 5*time.Second,
		"no case ran", "--duration 1ns")
	runQuick(t, []string{"diff", "--target", target, "--duration", "1ns", "--log", "", "--corpus", ""}, exitError, 5*time.Second,
		"no case ran")
	runQuick(t, []string{"suite", "--target", target, "--only", "nonesuch"}, exitError, 5*time.Second,
		"no case ran", `--only "nonesuch"`)
}

// countingServer accepts connections, counts them and closes them.
func countingServer(t *testing.T, n *atomic.Int64) string {
	return testpeers.Serve(t, func(net.Conn) { n.Add(1) })
}
