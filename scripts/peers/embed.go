// Package peers carries the peer scripts of this directory (install,
// start, stop and client drivers, their configuration templates and the
// client programs they run) inside the binaries that import it, so that
// an installed fuzzrun can drive real clients from any directory.
package peers

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Every file of the directory; Extract leaves out the Go files.
//
//go:embed *
var files embed.FS

// ClientDriver is the client driver's path below the directory Extract
// returns (fuzzrun suite --driver).
const ClientDriver = "scripts/peers/client.sh"

// Extract writes the scripts once into a directory named by a hash of
// their content under cacheDir, laid out as in the repository
// (ROOT/scripts/peers/...), and returns ROOT. The scripts keep their
// run-time state where they keep it in a clone, in ROOT/.work/ (npm
// packages, peers' pid files and logs), so what they install is installed
// once per version of the scripts. The go-* client kinds build a program
// of the repository's source and run only from a clone.
func Extract(cacheDir string) (string, error) {
	sum, err := digest()
	if err != nil {
		return "", err
	}
	root := filepath.Join(cacheDir, "peers-"+sum)
	if _, err := os.Stat(filepath.Join(root, ClientDriver)); err == nil {
		return root, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", err
	}
	// Written beside, then renamed into place: a concurrent Extract
	// finds either nothing or the whole directory.
	tmp, err := os.MkdirTemp(cacheDir, ".peers-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "scripts", "peers")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(p, ".sh") {
			mode = 0o755
		}
		target := filepath.Join(dir, p) // p may be in a subdirectory (jetty9/)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, mode)
	})
	if err != nil {
		return "", fmt.Errorf("extracting the peer scripts: %w", err)
	}
	if err := os.Rename(tmp, root); err != nil {
		if _, statErr := os.Stat(filepath.Join(root, ClientDriver)); statErr == nil {
			return root, nil // another process extracted them first
		}
		return "", fmt.Errorf("extracting the peer scripts: %w", err)
	}
	return root, nil
}

// digest is a short hash of every embedded script's name and content.
func digest() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
}
