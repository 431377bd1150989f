package parser_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStandardLibraryOnly fails when parser/ (with its sub-packages) depends
// on anything but the standard library and the rule catalogue, rules/,
// whose own dependencies are listed here too: it is the dependency-free
// core that users import.
func TestStandardLibraryOnly(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./...").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if !strings.HasPrefix(p, "github.com/switchyard/switchyard/parser") && p != "github.com/switchyard/switchyard/rules" {
			t.Errorf("parser depends on %s, outside the standard library", p)
		}
	}
}
