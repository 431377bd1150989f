package campaign

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// testBinary is a package's test binary, built instrumented for fuzzing.
type testBinary struct {
	path       string // the binary
	dir        string // the package's directory, where the binary runs (testdata/ is relative to it)
	importPath string
	cacheDir   string // -test.fuzzcachedir, where go test -fuzz keeps generated inputs
}

// buildTestBinary builds pkg's test binary into outDir with go test -c
// -fuzz (and -tags, when tags is not empty), run in goDir. cacheDir overrides the fuzz cache directory
// ($GOCACHE/fuzz/<import path>, the one go test -fuzz itself uses) when set.
func buildTestBinary(ctx context.Context, goDir, pkg, tags, outDir, cacheDir string) (*testBinary, error) {
	info, err := goOutput(ctx, goDir, "list", "-f", "{{.Dir}}\n{{.ImportPath}}", pkg)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(info), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("%s: want exactly one package, go list says %q", pkg, info)
	}
	b := &testBinary{path: filepath.Join(outDir, "fuzz.test"), dir: lines[0], importPath: lines[1], cacheDir: cacheDir}
	if b.cacheDir == "" {
		gocache, err := goOutput(ctx, goDir, "env", "GOCACHE")
		if err != nil {
			return nil, err
		}
		b.cacheDir = filepath.Join(strings.TrimSpace(gocache), "fuzz", b.importPath)
	}
	args := []string{"test", "-c", "-fuzz", ".", "-o", b.path}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	if _, err := goOutput(ctx, goDir, append(args, pkg)...); err != nil {
		return nil, err
	}
	return b, nil
}

// listTargets returns the package's fuzz targets, as go test -list sees
// them, in source order.
func (b *testBinary) listTargets(ctx context.Context) ([]string, error) {
	cmd := exec.CommandContext(ctx, b.path, "-test.list", "^Fuzz")
	cmd.Dir = b.dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing fuzz targets: %w", err)
	}
	var names []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Fuzz") {
			names = append(names, strings.TrimSpace(l))
		}
	}
	return names, nil
}

// goOutput runs the go command in dir and returns its standard output; a
// failure carries its standard error.
func goOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
