package campaign

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/junit"
)

// targetModule copies the planted and the trivial fuzz targets of
// internal/ into one package of a fresh module in a temporary directory,
// so that the crashers the engine writes into testdata/ never land in the
// repository.
func targetModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"internal/plantedfuzz/doc.go":          "planted.go",
		"internal/plantedfuzz/planted_test.go": "planted_test.go",
		"internal/trivialfuzz/doc.go":          "trivial.go",
		"internal/trivialfuzz/trivial_test.go": "trivial_test.go",
	}
	for from, to := range files {
		src, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.NewReplacer("package plantedfuzz", "package target", "package trivialfuzz", "package target").Replace(string(src))
		if err := os.WriteFile(filepath.Join(dir, to), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/target\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func config(dir string, d time.Duration, targets ...string) Config {
	return Config{Dir: dir, Package: ".", Targets: targets, Duration: d, Workers: 2,
		CorpusDir: filepath.Join(dir, "corpus"), FuzzCacheDir: filepath.Join(dir, "cache"), LogDir: filepath.Join(dir, "logs")}
}

func target(t *testing.T, r *Result, name string) *TargetResult {
	t.Helper()
	for _, tr := range r.Targets {
		if tr.Name == name {
			return tr
		}
	}
	t.Fatalf("no result for %s in %+v", name, r.Targets)
	return nil
}

// TestCampaignFindsPlantedCrasher runs a 10 s campaign over two targets,
// one with a planted defect, and checks that the crasher is collected,
// minimized, filed where go test replays it and in the corpus, that the
// exit code is 1, and that the three reports say so.
func TestCampaignFindsPlantedCrasher(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the fuzzing engine")
	}
	dir := targetModule(t)
	res, err := Run(context.Background(), config(dir, 10*time.Second, "FuzzTrivial", "FuzzPlanted"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 1 {
		t.Errorf("exit code %d; want 1", res.ExitCode)
	}
	triv, planted := target(t, res, "FuzzTrivial"), target(t, res, "FuzzPlanted")
	if triv.Status != StatusOK || triv.Execs == 0 || triv.ExecsPerSec <= 0 || triv.Corpus == 0 || len(triv.Crashers) != 0 {
		t.Errorf("FuzzTrivial: %+v; want ok with execs, a rate and a corpus", triv)
	}
	if triv.Budget != 5 || planted.Budget != 5 {
		t.Errorf("budgets %v and %v; want 10 s split evenly", triv.Budget, planted.Budget)
	}
	if triv.Elapsed > 5+stopGrace.Seconds() {
		t.Errorf("FuzzTrivial ran %.1fs on a 5 s budget", triv.Elapsed)
	}
	if planted.Status != StatusCrasher || len(planted.Crashers) != 1 {
		t.Fatalf("FuzzPlanted: %+v; want one crasher", planted)
	}
	c := planted.Crashers[0]
	if c.InputLen != 4 || !strings.Contains(c.Input, `"BUG!"`) {
		t.Errorf("minimized input %q (%d octets); want the 4-octet magic prefix alone", c.Input, c.InputLen)
	}
	if !strings.Contains(c.Message, "planted defect") {
		t.Errorf("message %q does not say what failed", c.Message)
	}
	for _, f := range []string{c.Testdata, c.CorpusFile} {
		b, err := os.ReadFile(f)
		if err != nil || !strings.HasPrefix(string(b), fuzzFileHeader) {
			t.Errorf("crasher file %s: %q, %v; want a go test fuzz v1 file", f, b, err)
		}
	}
	if want := filepath.Join(dir, "corpus", "crashers", "FuzzPlanted-"+c.Hash); c.CorpusFile != want {
		t.Errorf("corpus file %s; want %s", c.CorpusFile, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "logs", "FuzzPlanted.log")); err != nil {
		t.Errorf("engine log: %v", err)
	}

	// Plain go test now replays the crasher and fails.
	cmd := exec.Command("go", "test", "-run", "FuzzPlanted", ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), c.Hash) {
		t.Errorf("go test passes or does not replay %s: %v\n%s", c.Hash, err, out)
	}

	checkReports(t, res)

	// A second campaign replays the known crasher as a seed: not new, but
	// the target cannot be fuzzed, a run error.
	again, err := Run(context.Background(), config(dir, 2*time.Second, "FuzzPlanted"))
	if err != nil {
		t.Fatal(err)
	}
	if p := again.Targets[0]; again.ExitCode != 2 || p.Status != StatusError || len(p.Crashers) != 0 || !strings.Contains(p.Error, "planted defect") {
		t.Errorf("rerun: exit %d, %+v; want exit 2, a run error citing the failure, no new crasher", again.ExitCode, p)
	}
}

func checkReports(t *testing.T, res *Result) {
	t.Helper()
	out := t.TempDir()
	jsonPath, junitPath := filepath.Join(out, "new", "r.json"), filepath.Join(out, "r.xml")
	if err := WriteJSON(res, jsonPath); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(res, junitPath); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(res, out); err != nil {
		t.Fatal(err)
	}

	var back Result
	b, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ExitCode != 1 || len(back.Targets) != 2 || len(back.Crashers()) != 1 || back.Targets[0].Execs != res.Targets[0].Execs {
		t.Errorf("JSON report does not round-trip: %s", b)
	}

	b, _ = os.ReadFile(junitPath)
	ju, err := junit.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if ju.Tests != 2 || ju.Failures != 1 || len(ju.Suites) != 1 || len(ju.Suites[0].Cases) != 2 {
		t.Fatalf("JUnit: %s; want 2 testcases, 1 failure", b)
	}
	for _, c := range ju.Suites[0].Cases {
		if failed := c.Failure != nil; failed != (c.Name == "FuzzPlanted") {
			t.Errorf("JUnit testcase %s: failure %v", c.Name, c.Failure)
		}
	}

	b, _ = os.ReadFile(filepath.Join(out, "report.md"))
	for _, want := range []string{"| FuzzTrivial | ok |", "| FuzzPlanted | crasher |", "## Crasher FuzzPlanted/", `[]byte("BUG!")`, "**1 new crasher(s)**; exit code 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report.md lacks %q:\n%s", want, b)
		}
	}
}

// TestCampaignInterrupt cancels a long campaign: the running target stops
// as on ^C, the next is skipped, and the result is still returned.
func TestCampaignInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the fuzzing engine")
	}
	dir := targetModule(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config(dir, 2*time.Minute, "FuzzTrivial", "FuzzPlanted")
	// Interrupt once the live view shows FuzzTrivial fuzzing (execs > 0),
	// however long the build and the baseline took.
	fuzzing := regexp.MustCompile(`FuzzTrivial +running +\S+ +[1-9]`)
	var interruptedAt time.Time
	cfg.Live = true
	cfg.Out = writerFunc(func(p []byte) {
		if interruptedAt.IsZero() && fuzzing.Match(p) {
			interruptedAt = time.Now()
			cancel()
		}
	})
	res, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if interruptedAt.IsZero() {
		t.Fatal("FuzzTrivial never showed progress")
	}
	if d := time.Since(interruptedAt); d > stopGrace+5*time.Second {
		t.Errorf("the campaign took %s to stop", d)
	}
	triv, planted := target(t, res, "FuzzTrivial"), target(t, res, "FuzzPlanted")
	if !res.Interrupted || triv.Status != StatusInterrupted || planted.Status != StatusSkipped || res.ExitCode != 0 {
		t.Errorf("interrupted=%v, %s %s, exit %d; want interrupted, skipped, exit 0", res.Interrupted, triv.Status, planted.Status, res.ExitCode)
	}
	if triv.Execs == 0 {
		t.Errorf("FuzzTrivial kept no progress: %+v", triv)
	}
}

type writerFunc func([]byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

func TestRunRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir := targetModule(t)
	for _, cfg := range []Config{
		config(dir, 10*time.Second, "FuzzNothing"),
		config(dir, 1500*time.Millisecond, "FuzzTrivial", "FuzzPlanted"),
	} {
		if res, err := Run(context.Background(), cfg); err == nil {
			t.Errorf("Run(%v, %v) = %+v; want an error", cfg.Targets, cfg.Duration, res)
		}
	}
}

// TestRunTags: a target built only with a tag is unknown without Tags and
// runs with them (and with a bounded minimization time).
func TestRunTags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	dir := targetModule(t)
	tagged := "//go:build extra\n\npackage target\n\nimport \"testing\"\n\nfunc FuzzTagged(f *testing.F) {\n\tf.Add(1)\n\tf.Fuzz(func(t *testing.T, n int) {})\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "tagged_test.go"), []byte(tagged), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config(dir, 2*time.Second, "FuzzTagged")
	if res, err := Run(context.Background(), cfg); err == nil {
		t.Fatalf("without Tags: %+v; want an error (no such target)", res)
	}
	cfg.Tags, cfg.MinimizeTime = "extra", "100x"
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if tr := target(t, res, "FuzzTagged"); tr.Status != StatusOK || tr.Execs == 0 {
		t.Errorf("FuzzTagged with Tags: status %s, %d execs; want ok and some", tr.Status, tr.Execs)
	}
	if got, want := rerunPackage(cfg), "-tags extra ."; got != want {
		t.Errorf("rerunPackage = %q; want %q", got, want)
	}
}
