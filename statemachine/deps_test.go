package statemachine_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps: statemachine imports only the standard library and this
// module's parser packages and rule catalogue, rules/ (DESIGN.md
// principle 4).
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		const mod = "github.com/switchyard/switchyard/"
		if p != mod+"statemachine" && p != mod+"parser" && p != mod+"rules" && !strings.HasPrefix(p, mod+"parser/") {
			t.Errorf("statemachine depends on %s, outside the standard library, the parser packages and rules", p)
		}
	}
}
