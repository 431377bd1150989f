package fuzz

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// GeneratedDir holds the generated seeds, under the repository root:
// requests.txt and exchanges.txt, written by
// go test ./fuzz/internal/seedgen -update from properties.Cases and
// properties.ResponseCases (seed GeneratedSeed, GeneratedCases of each).
// Package fuzz reads them instead of calling the generators, so that it
// does not link the properties package.
const GeneratedDir = "fuzz/testdata/generated"

// GeneratedSeed and GeneratedCases say which generated cases the files of
// GeneratedDir hold.
const (
	GeneratedSeed  = 1
	GeneratedCases = 200
)

// Generated is what GeneratedDir holds.
type Generated struct {
	Requests  [][]byte    // request heads: properties.Cases
	Exchanges [][2][]byte // request and response heads: properties.ResponseCases
}

// LoadGenerated reads GeneratedDir under root. In requests.txt each line
// is a Go-quoted request head; in exchanges.txt each line is a quoted
// request head, a space and a quoted response head. Lines starting with #
// are comments.
func LoadGenerated(root string) (Generated, error) {
	var g Generated
	err := readQuotedLines(filepath.Join(root, GeneratedDir, "requests.txt"), 1, func(q [][]byte) error {
		g.Requests = append(g.Requests, q[0])
		return nil
	})
	if err != nil {
		return g, err
	}
	err = readQuotedLines(filepath.Join(root, GeneratedDir, "exchanges.txt"), 2, func(q [][]byte) error {
		g.Exchanges = append(g.Exchanges, [2][]byte{q[0], q[1]})
		return nil
	})
	return g, err
}

// readQuotedLines calls add with the n Go-quoted strings of each line of
// the file that is not a comment, and stops at the first error add
// returns.
func readQuotedLines(path string, n int, add func([][]byte) error) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var q [][]byte
		rest := string(line)
		for len(q) < n {
			pre, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return fmt.Errorf("%s:%d: %v", path, i+1, err)
			}
			s, _ := strconv.Unquote(pre)
			q = append(q, []byte(s))
			rest = rest[len(pre):]
			if len(q) < n {
				if len(rest) == 0 || rest[0] != ' ' {
					return fmt.Errorf("%s:%d: want %d quoted strings separated by a space", path, i+1, n)
				}
				rest = rest[1:]
			}
		}
		if rest != "" {
			return fmt.Errorf("%s:%d: %q after the quoted strings", path, i+1, rest)
		}
		if err := add(q); err != nil {
			return err
		}
	}
	return nil
}
