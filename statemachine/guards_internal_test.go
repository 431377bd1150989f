package statemachine

import "testing"

// TestGuardsComplete: every guard has a function and a name, and the table
// uses every one of them (an unused guard is dead code the diagrams hide).
func TestGuardsComplete(t *testing.T) {
	used := map[Guard]bool{}
	for r := range table {
		for s := range table[r] {
			for k := range table[r][s] {
				used[table[r][s][k].Guard] = true
			}
		}
	}
	if len(guardNames) != int(numGuards) {
		t.Errorf("%d guard names for %d guards", len(guardNames), numGuards)
	}
	for g := GuardNone + 1; g < numGuards; g++ {
		if guards[g] == nil {
			t.Errorf("guard %s has no function", g)
		}
		if !used[g] {
			t.Errorf("guard %s is used by no entry", g)
		}
	}
}
