package main

import (
	"os"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// TestREADMELevelsMatchRules: the README names, in bold, every level
// `fuzzrun rules` prints, and every keyword it shows in parentheses (the
// parts of a combined one, DEF/MUST NOT, each).
func TestREADMELevelsMatchRules(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	levels, keywords := map[string]bool{}, map[string]bool{}
	for _, r := range rules.All() {
		levels[r.Level.String()] = true
		for _, k := range strings.Split(r.Keyword, "/") {
			keywords[k] = true
		}
	}
	for l := range levels {
		if !strings.Contains(readme, "**"+l+"**") {
			t.Errorf("README does not name the level %s", l)
		}
	}
	for k := range keywords {
		if !strings.Contains(readme, k) {
			t.Errorf("README does not explain the keyword %s", k)
		}
	}
}
