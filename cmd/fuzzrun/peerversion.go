package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

// versionTimeout bounds version.sh, which may build the Go clients once.
const versionTimeout = 2 * time.Minute

// driverVersion returns what the version.sh beside the client driver
// prints for kind, or "" when it has none or fails: the report then says
// the version was not recorded.
func driverVersion(ctx context.Context, driver, kind string) string {
	script := filepath.Join(filepath.Dir(driver), "version.sh")
	if _, err := os.Stat(script); err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", script, kind).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// labelPeerVersion shows a TCP peer's version, as --peer-version gives
// it, in the tallies the reports print: a remote target reports none of
// its own. The findings keep their empty version, so that baselines stay
// keyed by --name alone.
func labelPeerVersion(res *oracle.Result, version string) {
	if version == "" {
		return
	}
	for _, t := range res.Tallies {
		if t.Version == "" {
			t.Version = version
		}
	}
}
