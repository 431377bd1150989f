package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffJSONContract runs one implementation with an empty baseline and
// checks the exit status and the --json document of the CLI contract.
func TestDiffJSONContract(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "baseline.json")
	os.WriteFile(empty, []byte(`{"entries": []}`), 0o644)
	out := filepath.Join(dir, "out.json")
	var stdout, stderr bytes.Buffer
	code := run([]string{"diff", "--impl", "gorilla,gorilla-client", "--cases", "100", "--seed", "1", "--no-minimize",
		"--log", "", "--baseline", empty, "--json", out, "--report", dir, "--corpus", "../../corpus/requests"}, &stdout, &stderr)
	if code != exitFound {
		t.Fatalf("exit %d, want %d (gorilla has known divergences)\n%s%s", code, exitFound, stdout.String(), stderr.String())
	}
	var doc map[string]json.RawMessage
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"findings", "cases", "duration_s", "targets"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("--json lacks %q", k)
		}
	}
	var findings []map[string]any
	json.Unmarshal(doc["findings"], &findings)
	if len(findings) == 0 {
		t.Fatal("no findings")
	}
	for _, k := range []string{"target", "class", "rule", "level", "summary", "request", "response", "minimized"} {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
	for _, f := range []string{"report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("--report: %v", err)
		}
	}
	if !strings.Contains(stdout.String(), "gorilla-client") {
		t.Errorf("summary lacks the client:\n%s", stdout.String())
	}

	// The same run with its findings as the baseline: nothing new.
	code = run([]string{"diff", "--impl", "gorilla,gorilla-client", "--cases", "100", "--seed", "1", "--no-minimize",
		"--log", "", "--baseline", empty, "--update-baseline", "--corpus", "../../corpus/requests"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("--update-baseline: exit %d", code)
	}
	code = run([]string{"diff", "--impl", "gorilla,gorilla-client", "--cases", "100", "--seed", "1", "--no-minimize",
		"--log", "", "--baseline", empty, "--corpus", "../../corpus/requests"}, &stdout, &stderr)
	if code != exitOK {
		t.Errorf("against its own baseline: exit %d, want 0", code)
	}
}

func TestDiffUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", "--impl", "nonesuch"}, &stdout, &stderr); code != exitError {
		t.Errorf("unknown implementation: exit %d, want %d", code, exitError)
	}
	if code := run([]string{"diff", "--target", "http://x"}, &stdout, &stderr); code != exitError {
		t.Errorf("bad target: exit %d, want %d", code, exitError)
	}
	if code := run([]string{"diff", "--target", "tcp://127.0.0.1:1"}, &stdout, &stderr); code != exitError {
		t.Errorf("unreachable target: exit %d, want %d", code, exitError)
	}
	if code := run([]string{"diff", "--bogus"}, &stdout, &stderr); code != exitError {
		t.Errorf("bad flag: exit %d, want %d", code, exitError)
	}
	stderr.Reset()
	if code := run([]string{"diff", "--help"}, &stdout, &stderr); code != exitOK || !strings.Contains(stderr.String(), "--target") {
		t.Errorf("--help: exit %d\n%s", code, stderr.String())
	}
}
