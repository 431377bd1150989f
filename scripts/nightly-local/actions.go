package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// action is what this machine does for a step's `uses:`, by the action's
// name without its @version.
type action struct {
	// cannot, when set, says why a job using the action cannot run here.
	cannot string
	// do performs the action in job j.
	do func(r *runner, j *jobRun, with map[string]string) error
}

// actions lists every action the nightly uses. A step using one missing
// here fails the plan: a workflow change is never skipped silently.
var actions = map[string]action{
	// The job's workspace is a fresh clone of the repository's HEAD, as
	// GitHub checks out the commit (uncommitted changes are not in it).
	"actions/checkout": {do: func(r *runner, j *jobRun, _ map[string]string) error {
		return r.checkout(j.ws)
	}},
	// This machine's go; the go command itself refuses a go.mod that asks
	// for a newer one.
	"actions/setup-go": {do: func(r *runner, j *jobRun, _ map[string]string) error {
		out, err := exec.Command("go", "version").CombinedOutput()
		fmt.Fprintf(r.log, "    %s", out)
		return err
	}},
	"actions/upload-artifact":   {do: uploadArtifact},
	"actions/download-artifact": {do: downloadArtifact},
	// Publishing needs JUnit files that parse; the counts are printed.
	"EnricoMi/publish-unit-test-result-action":     {do: publishJUnit},
	"google/clusterfuzzlite/actions/build_fuzzers": {cannot: cflite},
	"google/clusterfuzzlite/actions/run_fuzzers":   {cannot: cflite},
}

const cflite = "ClusterFuzzLite's actions build and run in Docker images (gcr.io/oss-fuzz-base), " +
	"which cannot be pulled here; scripts/verify-libfuzzer.sh builds and runs the same libFuzzer targets without Docker"

// actionName is uses: without its @version.
func actionName(uses string) string {
	name, _, _ := strings.Cut(uses, "@")
	return name
}

// uploadArtifact copies the step's paths into the run's artifact store,
// artifacts/NAME/, where download-artifact finds them.
func uploadArtifact(r *runner, j *jobRun, with map[string]string) error {
	name := with["name"]
	if name == "" {
		name = "artifact"
	}
	dst := filepath.Join(r.artifacts, name)
	found := 0
	for _, p := range strings.Split(with["path"], "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		src := filepath.Join(j.ws, p)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		found++
		if err := copyTree(src, filepath.Join(dst, p)); err != nil {
			return err
		}
	}
	fmt.Fprintf(r.log, "    artifact %s: %d of its paths found, kept in %s\n", name, found, dst)
	if found == 0 && with["if-no-files-found"] == "error" {
		return fmt.Errorf("artifact %s: no files found", name)
	}
	return nil
}

// downloadArtifact copies every artifact kept so far to the step's path,
// one directory per artifact, as download-artifact does without a name.
func downloadArtifact(r *runner, j *jobRun, with map[string]string) error {
	if with["name"] != "" || with["pattern"] != "" {
		return fmt.Errorf("download-artifact: name and pattern are not supported by nightly-local")
	}
	return copyTree(r.artifacts, filepath.Join(j.ws, with["path"]))
}

// junitSuites is the part of a JUnit XML file that publishing reads.
type junitSuites struct {
	Suites []struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	} `xml:"testsuite"`
}

// publishJUnit parses every JUnit file the step's files glob matches and
// prints their counts. Like the action (action_fail false), failing tests
// do not fail the step; files that do not parse, or none at all, do.
func publishJUnit(r *runner, j *jobRun, with map[string]string) error {
	var files []string
	for _, pat := range strings.Fields(with["files"]) {
		m, err := globStar(j.ws, pat)
		if err != nil {
			return err
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return fmt.Errorf("no JUnit file matches %q", with["files"])
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var s junitSuites
		if err := xml.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		var t, fail, errs, skip int
		for _, x := range s.Suites {
			t, fail, errs, skip = t+x.Tests, fail+x.Failures, errs+x.Errors, skip+x.Skipped
		}
		rel, _ := filepath.Rel(j.ws, f)
		fmt.Fprintf(r.log, "    %s: %d suites, %d tests, %d failures, %d errors, %d skipped\n", rel, len(s.Suites), t, fail, errs, skip)
	}
	return nil
}

// globStar matches pat, in which ** stands for any number of
// directories, under root.
func globStar(root, pat string) ([]string, error) {
	re := "^" + strings.NewReplacer(`\*\*/`, `(?:.*/)?`, `\*`, `[^/]*`, `\?`, `[^/]`).Replace(regexp.QuoteMeta(pat)) + "$"
	rx, err := regexp.Compile(re)
	if err != nil {
		return nil, err
	}
	var out []string
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rx.MatchString(filepath.ToSlash(rel)) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// copyTree copies a file or a directory tree from src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(to)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
