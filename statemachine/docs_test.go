package statemachine_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/switchyard/switchyard/statemachine"
)

var update = flag.Bool("update", false, "rewrite docs/states.md from the table")

const docsPath = "../docs/states.md"

// TestDocs fails when docs/states.md is out of date with the table; run
// `go test ./statemachine -run TestDocs -update` to regenerate it.
func TestDocs(t *testing.T) {
	var b bytes.Buffer
	if err := statemachine.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(docsPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatalf("%v (run go test ./statemachine -run TestDocs -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s is out of date with the table; run go test ./statemachine -run TestDocs -update", docsPath)
	}
}
