package statemachine

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// requireTools makes a missing parser a failure instead of a skip; CI
// (.ci/run) sets it after scripts/diagram-tools.sh installed them.
const requireTools = "SWITCHYARD_REQUIRE_DIAGRAM_TOOLS"

// mermaidPrefix is where scripts/diagram-tools.sh installs mermaid and
// jsdom, relative to this package.
const mermaidPrefix = "../.work/npm/mermaid"

func missingTool(t *testing.T, what string) {
	t.Helper()
	if os.Getenv(requireTools) != "" {
		t.Fatalf("%s is missing (scripts/diagram-tools.sh installs it)", what)
	}
	t.Skipf("%s is missing: run scripts/diagram-tools.sh", what)
}

// diagrams calls f for every role and every protocol ("" for all).
func diagrams(f func(name string, r Role, protocol string)) {
	for _, r := range Roles {
		for _, p := range append([]string{""}, DiagramProtocols...) {
			f(strings.TrimSuffix(r.String()+"-"+p, "-"), r, p)
		}
	}
}

// TestDOTDiagramsParse: Graphviz's own dot lays out every role's and
// protocol's diagram without an error or a warning.
func TestDOTDiagramsParse(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		missingTool(t, "dot (Debian graphviz)")
	}
	diagrams(func(name string, r Role, p string) {
		var src bytes.Buffer
		if err := WriteDOTFor(&src, r, p); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("dot", "-Tsvg")
		cmd.Stdin = &src
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 || !bytes.Contains(out, []byte("<svg")) {
			t.Errorf("%s: dot: %v: %s\n%s", name, err, stderr.String(), src.String())
		}
	})
}

// TestMermaidDiagramsParse: mermaid's own parser (mermaid.parse, run
// headless in Node with jsdom) accepts every role's and protocol's diagram.
func TestMermaidDiagramsParse(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		missingTool(t, "node")
	}
	prefix, err := filepath.Abs(mermaidPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(prefix, "node_modules", "mermaid", "package.json")); err != nil {
		missingTool(t, "the npm package mermaid")
	}
	script, err := os.ReadFile("testdata/mermaid-parse.mjs")
	if err != nil {
		t.Fatal(err)
	}
	// Run from the prefix, so that its node_modules resolve the imports.
	dir, err := os.MkdirTemp(prefix, "check-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "parse.mjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{filepath.Join(dir, "parse.mjs")}
	diagrams(func(name string, r Role, p string) {
		var src bytes.Buffer
		if err := WriteMermaidFor(&src, r, p); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name+".mmd")
		if err := os.WriteFile(f, src.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	})
	// A broken diagram must fail, or the check checks nothing.
	bad := filepath.Join(dir, "broken.mmd")
	if err := os.WriteFile(bad, []byte("stateDiagram-v2\n    Idle --> --> Error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("node", append(args, bad)...).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(args) {
		t.Fatalf("mermaid-parse.mjs printed %d lines for %d files:\n%s", len(lines), len(args), out)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, ": ok (stateDiagram)") {
			t.Errorf("mermaid: %s", l)
		}
	}
	if strings.HasSuffix(lines[len(lines)-1], "ok (stateDiagram)") {
		t.Errorf("mermaid accepted a broken diagram: %s", lines[len(lines)-1])
	}
}

// TestDiagramsPerProtocol: a protocol's diagram leaves out the errors
// that only another protocol's RFC can raise, and keeps its own.
func TestDiagramsPerProtocol(t *testing.T) {
	var ws, h2c bytes.Buffer
	if err := WriteDOTFor(&ws, Server, "websocket"); err != nil {
		t.Fatal(err)
	}
	if err := WriteDOTFor(&h2c, Server, "h2c"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ws.String(), "RFC7540") || strings.Contains(ws.String(), "RFC2817") || !strings.Contains(ws.String(), "RFC6455") {
		t.Errorf("websocket diagram:\n%s", ws.String())
	}
	if strings.Contains(h2c.String(), "RFC6455") || !strings.Contains(h2c.String(), "RFC7540") {
		t.Errorf("h2c diagram:\n%s", h2c.String())
	}
	if err := WriteDOTFor(&ws, Server, "spdy"); err == nil {
		t.Errorf("an unknown protocol is accepted")
	}
}
