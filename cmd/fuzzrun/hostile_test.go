package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/judge"
	"github.com/switchyard/switchyard/oracle"
	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/suite/proxymode"
)

// fuzzrun check on an endless standard input (as /dev/zero, or a pipe
// that never closes) reads MaxCheckBytes, judges them, says the rest was
// not read and exits 1 (the head never ends within them: invalid).
func TestCheckEndlessInput(t *testing.T) {
	stdinMu.Lock()
	stdin = testpeers.Endless{}
	defer func() { stdin = nil; stdinMu.Unlock() }()
	var out, errb bytes.Buffer
	code := 0
	testpeers.Bounded(t, "check of an endless input", 4<<20, 5*time.Second, func() {
		code = run([]string{"check", "-"}, &out, &errb)
	})
	if code != exitFound {
		t.Errorf("exit %d, want %d; stderr %q", code, exitFound, errb.String())
	}
	if !strings.Contains(errb.String(), "the rest was not read") {
		t.Errorf("stderr %q does not say the rest was not read", errb.String())
	}
	if out.Len() > 4<<10 {
		t.Errorf("%d octets of output for an endless input", out.Len())
	}
}

// A long file is read up to MaxCheckBytes only, and the offending line is
// echoed as a window of at most MaxEchoColumns around the caret, the caret
// under the octet the violation points at.
func TestCheckLongInputEcho(t *testing.T) {
	dir := t.TempDir()
	// A complete head whose one field line is 40 KiB (over the 16 KiB
	// head limit, within what check reads), then 8 MiB of body.
	head := "GET /chat HTTP/1.1\r\nHost: a\r\nX-Long: " + strings.Repeat("x", 40<<10) + "\r\n\r\n"
	f := filepath.Join(dir, "long.http")
	if err := os.WriteFile(f, append([]byte(head), bytes.Repeat([]byte("b"), 8<<20)...), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := 0
	testpeers.Bounded(t, "check of an 8 MiB file", 4<<20, 5*time.Second, func() {
		code = run([]string{"check", "--strict", f}, &out, &errb)
	})
	if code != exitFound || !strings.Contains(out.String(), "LIMIT-1") {
		t.Errorf("exit %d, want %d citing LIMIT-1:\n%s", code, exitFound, out.String())
	}
	if !strings.Contains(errb.String(), "the rest was not read") {
		t.Errorf("stderr %q does not say the rest was not read", errb.String())
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if len(l) > MaxEchoColumns+16 {
			t.Errorf("an output line of %d octets: %.80q...", len(l), l)
		}
	}
	// The caret window: a violation in the middle of a long line shows
	// the octets around it, the caret under the offending one.
	in := []byte("GET / HTTP/1.1\r\nX: " + strings.Repeat("a", 1000) + "\x01" + strings.Repeat("a", 1000) + "\r\n\r\n")
	off := bytes.IndexByte(in, 1)
	line, col, ok := lineAt(in, checkViolation{Offset: off, Field: "X", length: 1})
	if !ok || len(line) > MaxEchoColumns+6 || col >= len(line) || line[col] != '.' || !strings.HasPrefix(line, "...") || !strings.HasSuffix(line, "...") {
		t.Errorf("lineAt = %q, %d, %v; want a window with the caret on the control octet", line, col, ok)
	}
}

// diff --proxy honours --duration: against a proxy that never answers,
// each case costs its --timeout, and no case starts once the duration is
// spent.
func TestDiffProxyDuration(t *testing.T) {
	dir := t.TempDir()
	js := filepath.Join(dir, "out.json")
	var out, errb bytes.Buffer
	code := 0
	testpeers.Bounded(t, "diff --proxy --duration 500ms against a silent proxy", 16<<20, 3*time.Second, func() {
		code = run([]string{"diff", "--proxy", "tcp://" + testpeers.SilentPeer(t), "--backend-listen", testpeers.FreeAddr(t), "--name", "silent",
			"--timeout", "200ms", "--duration", "500ms", "--log", "", "--baseline", filepath.Join(dir, "none.json"), "--update-baseline", "--json", js}, &out, &errb)
	})
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	doc := readJSON(t, js)
	if n := int(doc["cases"].(float64)); n == 0 || n >= len(proxymode.Cases())/2 {
		t.Errorf("%d cases ran within --duration 500ms; want a few of %d", n, len(proxymode.Cases()))
	}
}

// diff --proxy honours --log: each finding is in the findings log, and a
// run cut short is resumed from it with its findings.
func TestDiffProxyLog(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "findings.jsonl")
	bl := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(bl, []byte(`{"entries": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	backend := testpeers.FreeAddr(t)
	p, err := testpeers.NewProxy(backend, testpeers.TunnelAfterRefusal)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	args := []string{"diff", "--proxy", "tcp://" + p.Addr(), "--backend-listen", backend, "--name", "tunneller", "--baseline", bl, "--log", logPath}

	// An interrupted run of the same proxy and cases: a finding and the
	// progress of two cases, no "done" record.
	l, _, _, err := oracle.OpenLog(logPath, proxyRunKey("tunneller", proxymode.Cases()))
	if err != nil {
		t.Fatal(err)
	}
	l.Finding(oracle.Finding{Target: "tunneller", Side: judge.Proxy, Class: oracle.Policy, Rule: rules.PROXY_3, Summary: "from the interrupted run"})
	l.Progress(2)
	l.Close(false)

	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != exitFound || !strings.Contains(out.String(), "resumed after 2 cases") {
		t.Fatalf("exit %d, want %d after resuming 2 cases\n%s%s", code, exitFound, out.String(), errb.String())
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	rulesLogged := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct {
			Type    string          `json:"type"`
			Finding *oracle.Finding `json:"finding"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		kinds = append(kinds, rec.Type)
		if rec.Finding != nil {
			rulesLogged[string(rec.Finding.Rule)] = true
		}
	}
	if !rulesLogged["PROXY-2"] || !rulesLogged["PROXY-3"] || kinds[len(kinds)-1] != "done" {
		t.Errorf("log records %v with rules %v; want PROXY-2 found now, PROXY-3 from before, and done last", kinds, rulesLogged)
	}
	if !strings.Contains(out.String(), "PROXY-3") {
		t.Errorf("the interrupted run's finding is not reported:\n%s", out.String())
	}
}

// readJSON reads a --json document.
func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}
