package rules_test

import (
	"bytes"
	"go/format"
	"os"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
	"github.com/switchyard/switchyard/rules/internal/catalogmd"
)

// cataloguePath is the catalogue's source text, in this package.
const cataloguePath = "catalog.md"

// TestCatalogueUpToDate regenerates catalog_gen.go from catalog.md and fails
// when the committed file differs: run `go generate ./rules`.
func TestCatalogueUpToDate(t *testing.T) {
	md, err := os.ReadFile(cataloguePath)
	if err != nil {
		t.Skipf("catalogue not beside the repository: %v", err)
	}
	entries, err := catalogmd.Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	src, err := catalogmd.Render(entries)
	if err != nil {
		t.Fatal(err)
	}
	src, err = format.Source(src)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, src) {
		t.Fatal("catalog_gen.go is out of date with catalog.md: run go generate ./rules")
	}
	// Part 0 of the catalogue counts 35 AMB-n decisions and 10 STRICT-n rules.
	var amb, strict int
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.ID, "AMB-"):
			amb++
		case strings.HasPrefix(e.ID, "STRICT-") && !strings.HasPrefix(e.ID, "STRICT-G"):
			strict++
		}
	}
	if amb != 35 || strict != 10 {
		t.Errorf("read %d AMB and %d STRICT rules; catalog.md Part 0 counts 35 and 10", amb, strict)
	}
}

// TestRules checks the catalogue as code holds it: unique IDs, a level for
// every rule, Policy exactly for local decisions, and Lookup agreeing.
func TestRules(t *testing.T) {
	seen := map[rules.ID]bool{}
	for _, r := range rules.All() {
		if seen[r.ID] {
			t.Errorf("%s twice", r.ID)
		}
		seen[r.ID] = true
		local := strings.HasPrefix(string(r.ID), "AMB-") || strings.HasPrefix(string(r.ID), "STRICT-") || !strings.HasPrefix(string(r.ID), "RFC")
		if (r.Level == rules.Policy) != local {
			t.Errorf("%s: level %s; Policy must mean a local decision", r.ID, r.Level)
		}
		if r.Summary == "" || r.Text == "" && !strings.HasPrefix(string(r.ID), "AMB-") {
			t.Errorf("%s: empty summary or text", r.ID)
		}
		got, ok := rules.Lookup(r.ID)
		if !ok || got.ID != r.ID || rules.LevelOf(r.ID) != r.Level {
			t.Errorf("Lookup(%s) = %v, %v", r.ID, got.ID, ok)
		}
	}
	if _, ok := rules.Lookup("RFC0000-1-1"); ok || rules.LevelOf("nope") != 0 {
		t.Error("unknown ID found")
	}
	for _, c := range []struct {
		id   rules.ID
		want rules.Level
	}{
		{rules.RFC6455_4_1_12, rules.Must}, {rules.RFC9110_5_6_2_G1, rules.Must}, {rules.RFC9110_5_6_3_1, rules.Should},
		{rules.RFC9110_7_8_2, rules.May}, {rules.AMB_1, rules.Policy}, {rules.STRICT_G1, rules.Policy}, {rules.LIMIT_1, rules.Policy},
		{rules.RFC9110_5_6_3_2, rules.Must}, // "MUST NOT (sender) ...; MUST (recipient)": strongest wins
		{rules.RFC6455_4_1_15, rules.Must},  // MAY send, but its elements MUST be tokens
	} {
		if got := rules.LevelOf(c.id); got != c.want {
			t.Errorf("level of %s = %s; want %s", c.id, got, c.want)
		}
	}
}
