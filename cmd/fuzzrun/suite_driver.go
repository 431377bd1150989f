package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchyard/switchyard/scripts/peers"
)

// cloneDriver is the client driver of a clone, relative to its root.
const cloneDriver = "scripts/peers/client.sh"

// clientDriver resolves suite --driver for client KIND: the script given;
// by default the clone's scripts/peers/client.sh when fuzzrun runs in a
// clone's root, else the peer scripts built into fuzzrun (package
// scripts/peers), extracted once into the user's cache directory. The
// go-* kinds build a Go program from the repository's source, so they
// need a clone.
func clientDriver(given, kind string) (string, error) {
	if given != "" {
		st, err := os.Stat(given)
		if err != nil || !st.Mode().IsRegular() {
			return "", fmt.Errorf("--driver %s: no such script", given)
		}
		return given, nil
	}
	if st, err := os.Stat(cloneDriver); err == nil && st.Mode().IsRegular() {
		return cloneDriver, nil
	}
	if strings.HasPrefix(kind, "go-") {
		return "", fmt.Errorf("--client %s builds its client from the repository's source (scripts/capture/goclients): run fuzzrun in a clone's root, or give --driver CLONE/%s", kind, cloneDriver)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	root, err := peers.Extract(filepath.Join(cache, "switchyard"))
	if err != nil {
		return "", err
	}
	return filepath.Join(root, peers.ClientDriver), nil
}
