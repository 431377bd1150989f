package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repo is the repository root, two levels up from this package.
func repo(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestNightlyWorkflowPlans: the runner can follow every step of the real
// nightly workflow (known actions, expressions it evaluates), so the
// workflow cannot grow a step nightly-local would skip.
func TestNightlyWorkflowPlans(t *testing.T) {
	var log bytes.Buffer
	r, err := newRunner(repo(t), t.TempDir(), map[string]string{"fuzz_duration": "5s"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := r.plan(nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for _, j := range plan {
		ids[j.ID]++
	}
	for id, n := range map[string]int{"fuzz": 4, "diff": 1, "peers": 5, "ci-peers": 1, "every-peer": 1, "junit": 1, "clusterfuzzlite": 1} {
		if ids[id] != n {
			t.Errorf("job %s: %d instances planned, want %d", id, ids[id], n)
		}
	}
	for _, j := range plan {
		if j.ID == "clusterfuzzlite" && j.cannot == "" {
			t.Errorf("the ClusterFuzzLite job is planned to run here")
		}
	}
}

// TestWorkflowCallsNightlyEntryPoints: every run step of a job calls
// scripts/nightly.sh with one of its entry points (or is the container
// set-up line), and the peers matrix lists exactly the script's peers, so
// the workflow and the script cannot drift apart.
func TestWorkflowCallsNightlyEntryPoints(t *testing.T) {
	root := repo(t)
	script, err := os.ReadFile(filepath.Join(root, "scripts/nightly.sh"))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z-]+)\)$`).FindAllStringSubmatch(string(script), -1) {
		entries[m[1]] = true
	}
	var scriptPeers []string
	if m := regexp.MustCompile(`declare -A PEER_MODE=\(([^)]*)\)`).FindStringSubmatch(string(script)); m != nil {
		for _, p := range regexp.MustCompile(`\[([a-z0-9-]+)\]`).FindAllStringSubmatch(m[1], -1) {
			scriptPeers = append(scriptPeers, p[1])
		}
	}
	if len(entries) == 0 || len(scriptPeers) == 0 {
		t.Fatalf("scripts/nightly.sh: found entry points %v and peers %v", entries, scriptPeers)
	}
	_, all, err := readWorkflow(filepath.Join(root, workflowPath))
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`^scripts/nightly\.sh ([a-z-]+)\b`)
	var matrixPeers []string
	for _, in := range all {
		if p, ok := in.Matrix["peer"]; ok {
			matrixPeers = append(matrixPeers, p)
		}
		for _, s := range in.Job.Steps {
			if s.Run == "" || strings.HasPrefix(s.Run, "apt-get update") {
				continue
			}
			m := call.FindStringSubmatch(strings.TrimSpace(s.Run))
			if m == nil || strings.Contains(strings.TrimSpace(s.Run), "\n") {
				t.Errorf("job %s: step %q is not one call of scripts/nightly.sh", in.ID, s.title())
				continue
			}
			if !entries[m[1]] {
				t.Errorf("job %s: scripts/nightly.sh has no entry point %q", in.ID, m[1])
			}
		}
	}
	slices.Sort(matrixPeers)
	slices.Sort(scriptPeers)
	if !slices.Equal(matrixPeers, scriptPeers) {
		t.Errorf("peers matrix %v, scripts/nightly.sh's PEER_MODE %v", matrixPeers, scriptPeers)
	}
}

func TestExpand(t *testing.T) {
	c := exprContext{matrix: map[string]string{"shard": "2"}, env: map[string]string{"X": "x"}, inputs: map[string]string{"d": "5s"}}
	for in, want := range map[string]string{
		"fuzz ${{ matrix.shard }}/4":           "fuzz 2/4",
		"${{ inputs.d || '40m' }}":             "5s",
		"${{ inputs.missing || '40m' }}":       "40m",
		"${{env.X}}-${{ secrets.TOKEN }}":      "x-",
		"no expression":                        "no expression",
		"${{ vars.A || secrets.B || 'last' }}": "last",
	} {
		got, err := expand(in, c)
		if err != nil || got != want {
			t.Errorf("expand(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"${{ matrix.nope }}", "${{ format('{0}', 'a') }}", "${{ github.sha }}"} {
		if _, err := expand(bad, c); err == nil {
			t.Errorf("expand(%q): no error", bad)
		}
	}
}

// TestRunnerRunsSteps runs a small workflow in a scratch repository: the
// steps run in order in a fresh checkout, a failed step skips the next
// one but not an if: always() one, artifacts pass from job to job, and a
// failing job gives exit 1.
func TestRunnerRunsSteps(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	wf := `name: t
env:
  GREETING: ${{ inputs.greeting || 'hello' }}
defaults:
  run:
    shell: bash
jobs:
  make:
    strategy:
      matrix:
        n: [1, 2]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4.2.2
      - run: mkdir -p out && echo "$GREETING ${{ matrix.n }} $(cat tracked)" > out/r-junit.xml.txt && printf '<testsuites><testsuite tests="2" failures="1"></testsuite></testsuites>' > out/r${{ matrix.n }}-junit.xml
      - uses: actions/upload-artifact@v4.6.2
        with:
          name: a${{ matrix.n }}
          path: out/
  fail:
    runs-on: ubuntu-latest
    steps:
      - run: "false"
      - run: touch not-run
      - if: always()
        run: touch ran-anyway
  publish:
    needs: [make, fail]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4.3.0
        with:
          path: artifacts
      - uses: EnricoMi/publish-unit-test-result-action@v2.21.0
        with:
          files: artifacts/**/*junit.xml
`
	must := func(args ...string) {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v: %s", args, err, out)
		}
	}
	if err := os.MkdirAll(filepath.Join(root, ".github/workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, workflowPath), []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "tracked"), []byte("committed"), 0o644); err != nil {
		t.Fatal(err)
	}
	must("git", "init", "-q")
	must("git", "add", ".")
	must("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "t")

	var log bytes.Buffer
	work := filepath.Join(root, ".work")
	r, err := newRunner(root, work, map[string]string{"greeting": "hi"}, &log)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := r.plan(nil)
	if err != nil {
		t.Fatal(err)
	}
	if rc := r.runAll(plan); rc != 1 {
		t.Fatalf("exit %d, want 1 (the job fail fails)\n%s", rc, log.String())
	}
	got, err := os.ReadFile(filepath.Join(work, "artifacts/a2/out/r-junit.xml.txt"))
	if err != nil || string(got) != "hi 2 committed\n" {
		t.Errorf("artifact a2: %q, %v", got, err)
	}
	failWS := filepath.Join(work, "ws", "fail")
	if _, err := os.Stat(filepath.Join(failWS, "not-run")); err == nil {
		t.Errorf("a step after a failed one ran")
	}
	if _, err := os.Stat(filepath.Join(failWS, "ran-anyway")); err != nil {
		t.Errorf("the if: always() step did not run")
	}
	for _, want := range []string{"r1-junit.xml: 1 suites, 2 tests, 1 failures", "r2-junit.xml: 1 suites, 2 tests, 1 failures", "publish", "passed"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
}
