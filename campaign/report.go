package campaign

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchyard/switchyard/internal/junit"
)

// WriteJSON writes the result as indented JSON to path, creating its
// directory.
func WriteJSON(r *Result, path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'))
}

// writeFile writes data to path, creating its directory.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// WriteJUnit writes the result as JUnit XML to path, creating its
// directory: one testsuite for the package, one testcase per target; a
// crasher is a failure, a failed run an error, a target never started
// skipped.
func WriteJUnit(r *Result, path string) error {
	set := junit.Suite{Name: r.Package, Time: r.Elapsed, Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05")}
	for _, t := range r.Targets {
		c := junit.Case{Classname: r.Package, Name: t.Name, Time: t.Elapsed,
			SystemOut: strings.TrimSpace(fmt.Sprintf("status %s, %d execs, %.0f execs/s, corpus %d, %d new interesting, %d workers\n%s",
				t.Status, t.Execs, t.ExecsPerSec, t.Corpus, t.NewInteresting, r.Workers, t.Note))}
		switch {
		case len(t.Crashers) > 0:
			var text strings.Builder
			for _, cr := range t.Crashers {
				fmt.Fprintf(&text, "%s\ninput (%d octets): %s\nseed: %s\ncorpus: %s\nrerun: %s\n", cr.Message, cr.InputLen, cr.Input, cr.Testdata, cr.CorpusFile, cr.Rerun)
			}
			c.Failure = &junit.Problem{Message: fmt.Sprintf("%d new crasher(s): %s", len(t.Crashers), firstLine(t.Crashers[0].Message)), Type: "crasher", Text: text.String()}
		case t.Status == StatusError:
			c.Error = &junit.Problem{Message: firstLine(t.Error), Type: "run error", Text: t.Error}
		case t.Status == StatusSkipped:
			c.Skipped = &junit.Problem{Message: "campaign interrupted before this target started"}
		}
		set.Cases = append(set.Cases, c)
	}
	return junit.Write(path, "fuzzrun fuzz", set)
}

// WriteMarkdown writes report.md into dir, creating dir.
func WriteMarkdown(r *Result, dir string) error {
	return writeFile(filepath.Join(dir, "report.md"), []byte(Markdown(r)))
}

// Markdown renders the result: a summary, a table with a row per target,
// and every crasher with its message, minimized input, files and the
// command that replays it.
func Markdown(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Fuzz campaign: %s\n\n", r.Package)
	fmt.Fprintf(&b, "Started %s; budget %.0fs over %d target(s) with %d worker(s) each; wall time %.1fs",
		r.Started.UTC().Format("2006-01-02 15:04:05 UTC"), r.Budget, len(r.Targets), r.Workers, r.Elapsed)
	if r.Interrupted {
		b.WriteString("; **interrupted** (what was found is kept)")
	}
	fmt.Fprintf(&b, ".\n\n**%d new crasher(s)**; exit code %d.\n\n", len(r.Crashers()), r.ExitCode)
	b.WriteString("| target | status | time (s) | execs | execs/s | corpus | new interesting | crashers |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, t := range r.Targets {
		fmt.Fprintf(&b, "| %s | %s | %.1f | %d | %.0f | %d | %d | %d |\n",
			t.Name, t.Status, t.Elapsed, t.Execs, t.ExecsPerSec, t.Corpus, t.NewInteresting, len(t.Crashers))
	}
	for _, c := range r.Crashers() {
		fmt.Fprintf(&b, "\n## Crasher %s/%s\n\n", c.Target, c.Hash)
		fmt.Fprintf(&b, "```\n%s\n```\n\n", c.Message)
		fmt.Fprintf(&b, "Minimized input (%d octets", c.InputLen)
		if c.OriginalLen > 0 {
			fmt.Fprintf(&b, ", %d before minimization", c.OriginalLen)
		}
		fmt.Fprintf(&b, "):\n\n```\n%s\n```\n\n", strings.TrimSpace(c.Input))
		fmt.Fprintf(&b, "- replayed by plain `go test` from `%s`\n", c.Testdata)
		if c.CorpusFile != "" {
			fmt.Fprintf(&b, "- regression seed in the corpus: `%s`\n", c.CorpusFile)
		}
		fmt.Fprintf(&b, "- re-run: `%s`\n", c.Rerun)
	}
	for _, t := range r.Targets {
		if t.Status == StatusError {
			fmt.Fprintf(&b, "\n## Error in %s\n\n```\n%s\n```\n", t.Name, t.Error)
		}
		if t.Note != "" {
			fmt.Fprintf(&b, "\nNote on %s: %s.\n", t.Name, t.Note)
		}
	}
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
