package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/switchyard/switchyard/internal/junit"
	"github.com/switchyard/switchyard/internal/testpeers"
)

// TestDiffJUnit: diff --junit writes a parseable document with one
// testcase per finding, and a new finding fails.
func TestDiffJUnit(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "none.json")
	os.WriteFile(empty, []byte(`{"entries": []}`), 0o644)
	js, ju := filepath.Join(dir, "d.json"), filepath.Join(dir, "d.xml")
	var out, errb bytes.Buffer
	code := run([]string{"diff", "--impl", "gorilla", "--cases", "40", "--log", "", "--no-minimize", "--baseline", empty, "--json", js, "--junit", ju}, &out, &errb)
	if code != exitFound {
		t.Fatalf("exit %d; want %d (every finding new)\n%s", code, exitFound, errb.String())
	}
	var doc struct{ Findings []json.RawMessage }
	b, _ := os.ReadFile(js)
	json.Unmarshal(b, &doc)
	b, _ = os.ReadFile(ju)
	r, err := junit.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tests == 0 || r.Tests != len(doc.Findings) || r.Failures != r.Tests {
		t.Errorf("JUnit: %d testcases, %d failures; %d findings, all new", r.Tests, r.Failures, len(doc.Findings))
	}
}

// TestSuiteJUnit: suite --junit writes one testcase per case, the FAILs
// failing.
func TestSuiteJUnit(t *testing.T) {
	s, err := testpeers.NewServer(testpeers.AcceptBadKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ju := filepath.Join(t.TempDir(), "s.xml")
	var out, errb bytes.Buffer
	if code := run([]string{"suite", "--target", "tcp://" + s.Addr() + "/chat", "--junit", ju}, &out, &errb); code != exitFound {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(ju)
	r, err := junit.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Suites) != 1 || r.Tests < 100 || r.Failures == 0 || r.Failures == r.Tests {
		t.Errorf("JUnit: %d suites, %d testcases, %d failures", len(r.Suites), r.Tests, r.Failures)
	}
}
