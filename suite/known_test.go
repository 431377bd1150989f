package suite

import (
	"path/filepath"
	"testing"
)

func TestKnownFailures(t *testing.T) {
	rs := []Result{
		{Name: "key/10-octets", Outcome: Fail},
		{Name: "generated/AMB-23/handshake-with-body/0086", Outcome: NonStrict},
		{Name: "generated/RFC9112-3.2-3/host-missing/0049", Outcome: Fail},
		{Name: "generated/RFC9112-3.2-3/host-missing/0146", Outcome: Fail},
		{Name: "valid/minimal", Outcome: Pass},
	}
	path := filepath.Join(t.TempDir(), "known.txt")
	if err := WriteKnown(path, "test", rs, false); err != nil {
		t.Fatal(err)
	}
	known, err := ReadKnown(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(known) != 2 || !known["key/10-octets"] || !known["generated/RFC9112-3.2-3/host-missing"] {
		t.Fatalf("known = %v; want the two FAIL keys", known)
	}
	if got := NewFailures(rs, known, false); len(got) != 0 {
		t.Errorf("NewFailures with every FAIL known = %v; want none", got)
	}
	rs = append(rs, Result{Name: "key/missing", Outcome: Fail})
	if got := NewFailures(rs, known, false); len(got) != 1 || got[0].Name != "key/missing" {
		t.Errorf("NewFailures = %v; want key/missing", got)
	}
	if got := NewFailures(rs, known, true); len(got) != 2 {
		t.Errorf("strict NewFailures = %d results; want key/missing and the NON-STRICT case", len(got))
	}
}
