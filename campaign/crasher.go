package campaign

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// fuzzFileHeader starts every corpus file of go test -fuzz.
const fuzzFileHeader = "go test fuzz v1\n"

// fileCrasher reads the crasher go test wrote at rel (relative to the
// package directory pkgDir, e.g. testdata/fuzz/FuzzX/<hash>), and copies
// it to <corpusDir>/crashers/<Target>-<hash>. pkg is the package as the
// user named it, for the command that replays the crasher.
func fileCrasher(target, pkg, pkgDir, rel, corpusDir string) (*Crasher, error) {
	path := filepath.Join(pkgDir, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the crasher go test wrote: %w", err)
	}
	hash := filepath.Base(rel)
	c := &Crasher{
		Target:   target,
		Hash:     hash,
		Testdata: path,
		Input:    string(bytes.TrimPrefix(data, []byte(fuzzFileHeader))),
		InputLen: inputLen(data),
		Rerun:    fmt.Sprintf("go test -run '^%s$/^%s$' %s", target, hash, pkg),
	}
	if corpusDir != "" {
		dir := filepath.Join(corpusDir, "crashers")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return c, err
		}
		c.CorpusFile = filepath.Join(dir, target+"-"+hash)
		if err := os.WriteFile(c.CorpusFile, data, 0o644); err != nil {
			return c, err
		}
	}
	return c, nil
}

// inputLen is the number of octets in the []byte and string values of a
// "go test fuzz v1" file, one Go literal a line: []byte("...") or
// string("..."). Other values (ints, runes, ...) count nothing.
func inputLen(data []byte) int {
	n := 0
	for _, line := range bytes.Split(bytes.TrimPrefix(data, []byte(fuzzFileHeader)), []byte("\n")) {
		for _, prefix := range []string{"[]byte(", "string("} {
			if bytes.HasPrefix(line, []byte(prefix)) && bytes.HasSuffix(line, []byte(")")) {
				s, err := strconv.Unquote(string(line[len(prefix) : len(line)-1]))
				if err == nil {
					n += len(s)
				}
			}
		}
	}
	return n
}
