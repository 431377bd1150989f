package suite

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// numbered is the "/0042" ending of a generated case's name: its position
// in the properties list, which shifts when mutators are added.
var numbered = regexp.MustCompile(`/[0-9]{4}$`)

// CaseKey is the name a known-failures file lists a case by: its name
// without the position number of a generated case.
func CaseKey(name string) string { return numbered.ReplaceAllString(name, "") }

// ReadKnown reads a known-failures file: one CaseKey per line; blank
// lines and lines starting with # are ignored. CI gates on new failures
// only: a peer's known divergences are listed once, and the run fails
// when another case FAILs.
func ReadKnown(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	known := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		known[line] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return known, nil
}

// NewFailures returns the results that FAIL (with strict: or are
// NON-STRICT) and whose CaseKey is not known.
func NewFailures(rs []Result, known map[string]bool, strict bool) []Result {
	var out []Result
	for _, r := range rs {
		if (r.Outcome == Fail || (strict && r.Outcome == NonStrict)) && !known[CaseKey(r.Name)] {
			out = append(out, r)
		}
	}
	return out
}

// WriteKnown writes the known-failures file for rs: the CaseKey of every
// FAIL (with strict: and NON-STRICT), sorted and deduplicated, under a
// comment naming the peer.
func WriteKnown(path, peer string, rs []Result, strict bool) error {
	seen := map[string]bool{}
	var keys []string
	for _, r := range NewFailures(rs, nil, strict) {
		if k := CaseKey(r.Name); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "# Known FAIL cases of %s (fuzzrun suite --update-known). CI fails on any other.\n", peer)
	for _, k := range keys {
		sb.WriteString(k + "\n")
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}
