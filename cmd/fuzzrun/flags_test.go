package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEveryCommandTakesFlagsAfterArgs: every subcommand, present and
// future, parses a flag that follows a positional argument: --help after
// one prints the usage and exits 0 (had it been taken as a second
// positional argument, the command would refuse it with exit 2).
func TestEveryCommandTakesFlagsAfterArgs(t *testing.T) {
	for name := range commands {
		var out, errb bytes.Buffer
		if code := run([]string{name, "some-arg", "--help"}, &out, &errb); code != exitOK {
			t.Errorf("fuzzrun %s some-arg --help: exit %d, want 0\n%s", name, code, errb.String())
		}
		if !strings.Contains(errb.String()+out.String(), "-") {
			t.Errorf("fuzzrun %s some-arg --help printed no usage", name)
		}
	}
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		x    string
		pos  []string
	}{
		{[]string{"a", "--x", "1", "b"}, "1", []string{"a", "b"}},
		{[]string{"--x=2", "a"}, "2", []string{"a"}},
		{[]string{"a", "b", "-x", "3"}, "3", []string{"a", "b"}},
		{[]string{"a", "--", "--x", "4"}, "", []string{"a", "--x", "4"}},
		{[]string{"--", "-"}, "", []string{"-"}},
		{[]string{"-", "--x", "5"}, "5", []string{"-"}},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		x := fs.String("x", "", "")
		if err := parseFlags(fs, tc.args); err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if *x != tc.x || !slices.Equal(fs.Args(), tc.pos) {
			t.Errorf("%q: x=%q args=%q, want x=%q args=%q", tc.args, *x, fs.Args(), tc.x, tc.pos)
		}
	}
}

// TestCheckFlagAfterFile: the case users type, the file first.
func TestCheckFlagAfterFile(t *testing.T) {
	req := filepath.Join(t.TempDir(), "req")
	if err := os.WriteFile(req, []byte("GET /chat HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"check", req, "--json"}, &out, &errb); code != exitOK {
		t.Fatalf("check FILE --json: exit %d\n%s", code, errb.String())
	}
	var v map[string]any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("check FILE --json did not print JSON: %v\n%s", err, out.String())
	}
	out.Reset()
	if code := run([]string{"rules", "AMB-9", "--json"}, &out, &errb); code != exitOK || !json.Valid(out.Bytes()) {
		t.Errorf("rules AMB-9 --json: exit %d, JSON %v\n%s", code, json.Valid(out.Bytes()), out.String())
	}
}
