package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/internal/testpeers"
	"github.com/switchyard/switchyard/oracle"
)

func TestSuiteUsage(t *testing.T) {
	for _, args := range [][]string{
		{"suite"},
		{"suite", "--target", "http://x"},
		{"suite", "--target", "tcp://127.0.0.1:1", "--client", "node-ws"},
		{"suite", "--proxy", "tcp://127.0.0.1:1"},
		{"suite", "--backend-listen", "127.0.0.1:1", "--target", "tcp://127.0.0.1:1"},
	} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError {
			t.Errorf("fuzzrun %s = %d; want %d", strings.Join(args, " "), code, exitError)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"suite", "--list"}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "key/10-octets") {
		t.Errorf("suite --list = %d, %q", code, out.String())
	}
}

func TestSuiteExitCodes(t *testing.T) {
	for _, tt := range []struct {
		defect testpeers.Defect
		want   int
	}{{testpeers.Strict, exitOK}, {testpeers.AcceptBadKey, exitFound}} {
		s, err := testpeers.NewServer(tt.defect)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		var out, errb bytes.Buffer
		code := run([]string{"suite", "--target", "tcp://" + s.Addr() + "/chat", "--report", dir}, &out, &errb)
		s.Close()
		if code != tt.want {
			t.Errorf("defect %d: exit %d; want %d\n%s%s", tt.defect, code, tt.want, out.String(), errb.String())
		}
		for _, f := range []string{"index.json", "index.html", "cases.txt"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("report: %v", err)
			}
		}
	}
}

// With --known listing every FAIL of a peer, only new failures count.
func TestSuiteKnown(t *testing.T) {
	s, err := testpeers.NewServer(testpeers.AcceptBadKey)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	known := filepath.Join(t.TempDir(), "known.json")
	target := "tcp://" + s.Addr() + "/chat"
	var out, errb bytes.Buffer
	if code := run([]string{"suite", "--target", target, "--name", "planted", "--known", known, "--update-known"}, &out, &errb); code != exitOK {
		t.Fatalf("--update-known: exit %d: %s", code, errb.String())
	}
	bl, err := oracle.LoadBaseline(known)
	if err != nil || len(bl.Entries) == 0 {
		t.Fatalf("--update-known wrote no baseline entries (%v)", err)
	}
	for _, e := range bl.Entries {
		if e.Target != "planted" {
			t.Errorf("entry keyed by %q; want the --name", e.Target)
		}
	}
	if code := run([]string{"suite", "--target", target, "--name", "planted", "--known", known}, &out, &errb); code != exitOK {
		t.Errorf("every FAIL known: exit %d; want 0\n%s", code, out.String())
	}
	// The same peer under another name is another implementation.
	if code := run([]string{"suite", "--target", target, "--name", "other", "--known", known}, &out, &errb); code != exitFound {
		t.Errorf("known under another name: exit %d; want 1", code)
	}
	os.WriteFile(known, []byte(`{"entries": []}`), 0o644)
	if code := run([]string{"suite", "--target", target, "--name", "planted", "--known", known}, &out, &errb); code != exitFound {
		t.Errorf("nothing known: exit %d; want 1", code)
	}
}
