package campaign

import (
	"slices"
	"testing"
)

func TestEngineEnv(t *testing.T) {
	base := []string{"HOME=/h", "PATH=/bin"}
	got := engineEnv(base)
	if want := []string{"HOME=/h", "PATH=/bin", "GOMAXPROCS=" + engineProcs}; !slices.Equal(got, want) {
		t.Errorf("engineEnv(%q) = %q, want %q", base, got, want)
	}
	if len(base) != 2 {
		t.Errorf("engineEnv changed its argument: %q", base)
	}
	own := []string{"GOMAXPROCS=2", "HOME=/h"}
	if got := engineEnv(own); !slices.Equal(got, own) {
		t.Errorf("engineEnv(%q) = %q: a GOMAXPROCS of the caller's must win", own, got)
	}
}
