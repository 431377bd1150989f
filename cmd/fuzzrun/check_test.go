package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(content, "\n", "\r\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const checkReq = "GET /chat HTTP/1.1\nHost: a\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n"

// TestCheckContract checks the fixed contract of fuzzrun check: exit codes,
// the --json object's fields, --strict and --request.
func TestCheckContract(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.http", checkReq)
	folded := writeFile(t, dir, "folded.http", strings.Replace(checkReq, "Connection: Upgrade", "Connection:\n Upgrade", 1))
	badKey := writeFile(t, dir, "badkey.http", strings.Replace(checkReq, "dGhlIHNhbXBsZSBub25jZQ==", "AAAA", 1))
	resp := writeFile(t, dir, "resp.http", "HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Accept: wrongwrongwrongwrongwrong=\n\n")

	for _, c := range []struct {
		args []string
		code int
		want string // in stdout
	}{
		{[]string{good}, 0, "request: valid, conforming; protocols: websocket"},
		{[]string{folded}, 0, "RFC9112-5.2-1 MUST sender"},
		{[]string{"--strict", folded}, 1, "AMB-31 POLICY recipient"},
		{[]string{badKey}, 1, "RFC6455-4.2.1-6 MUST recipient"},
		{[]string{"--request", good, resp}, 1, "RFC6455-4.1-22"},
		{[]string{resp}, 0, "response: valid"},
		{[]string{}, 2, ""},
		{[]string{filepath.Join(dir, "missing")}, 2, ""},
		{[]string{"--request", resp, resp}, 2, ""},
		{[]string{"--request", good, good}, 2, ""},
		{[]string{"--nope", good}, 2, ""},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"check"}, c.args...), &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.want) {
			t.Errorf("check %v: exit %d, want %d; stdout %q; stderr %q", c.args, code, c.code, out.String(), errb.String())
		}
	}

	var out, errb bytes.Buffer
	if code := run([]string{"check", "--json", "--strict", folded}, &out, &errb); code != 1 {
		t.Fatalf("--json --strict folded: exit %d", code)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"kind", "valid", "conforming", "protocols", "violations", "warnings"} {
		if _, ok := got[k]; !ok {
			t.Errorf("--json output lacks %q", k)
		}
	}
	v := got["violations"].([]any)[0].(map[string]any)
	for _, k := range []string{"rule", "level", "role", "field", "offset", "message"} {
		if _, ok := v[k]; !ok {
			t.Errorf("violation lacks %q", k)
		}
	}
	if len(v) != 6 || got["kind"] != "request" || got["valid"] != false || got["conforming"] != false {
		t.Errorf("--json = %s", out.String())
	}
}

// TestCheckCaret checks the text form: the offending line with carets under
// the offending octets.
func TestCheckCaret(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "v.http", strings.Replace(checkReq, "Version: 13", "Version: 013", 1))
	var out, errb bytes.Buffer
	run([]string{"check", f}, &out, &errb)
	want := "    Sec-WebSocket-Version: 013\n                           ^^^\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("text output:\n%s\nwant it to contain:\n%s", out.String(), want)
	}
}

// TestRulesCommand checks fuzzrun rules in both forms.
func TestRulesCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"rules"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "RFC6455-4.1-22      MUST") {
		t.Errorf("rules: exit %d, %q", code, out.String()[:min(200, out.Len())])
	}
	out.Reset()
	if code := run([]string{"rules", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("rules --json: exit %d", code)
	}
	var list []map[string]any
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list) < 349 {
		t.Fatalf("rules --json: %d rules, %v", len(list), err)
	}
}

// TestVersion: fuzzrun version names itself, Go and the pinned
// implementations.
func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"fuzzrun ", "go1.", "github.com/gorilla/websocket", "github.com/coder/websocket"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestCheckResponseWithoutRequestWarns: a response checked alone says
// that nothing was paired.
func TestCheckResponseWithoutRequestWarns(t *testing.T) {
	f := filepath.Join(t.TempDir(), "resp.http")
	os.WriteFile(f, []byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"), 0o644)
	var out, errb bytes.Buffer
	run([]string{"check", f}, &out, &errb)
	if !strings.Contains(errb.String(), "no --request") {
		t.Errorf("no warning about the missing request: %q", errb.String())
	}
}

// TestStatesMermaidOneDiagram: Mermaid output is one diagram, for the
// role given; without --role it is refused rather than invalid.
func TestStatesMermaidOneDiagram(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"states", "--format", "mermaid"}, &out, &errb); code != exitError {
		t.Errorf("mermaid without --role: exit %d; want %d", code, exitError)
	}
	out.Reset()
	if code := run([]string{"states", "--format", "mermaid", "--role", "server"}, &out, &errb); code != exitOK {
		t.Fatalf("mermaid --role server: exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "stateDiagram-v2"); n != 1 {
		t.Errorf("%d diagrams in one Mermaid document; want 1", n)
	}
}

// TestRulesOne: fuzzrun rules RULE-ID prints that rule's whole text; an
// unknown ID is a usage error.
func TestRulesOne(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"rules", "RFC9112-6.1-5"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "MUST close the connection after responding") || !strings.Contains(out.String(), "binds: server") {
		t.Errorf("rule text missing:\n%s", out.String())
	}
	if code := run([]string{"rules", "NO-SUCH-1"}, &out, &errb); code != exitError {
		t.Errorf("unknown rule: exit %d; want %d", code, exitError)
	}
}
