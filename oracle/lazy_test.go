package oracle

import (
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/switchyard/switchyard/internal/testpeers"
)

// TestServerCaseCount: ServerCaseCount is the length of ServerCases,
// and ServerCaseSeq yields the same cases in the same order, stopping
// when its caller does.
func TestServerCaseCount(t *testing.T) {
	corpus := CorpusCases("../corpus/requests")
	for _, n := range []int{0, 1, 7, 400, 1000} {
		for _, c := range [][]Case{nil, corpus} {
			all := ServerCases(3, n, c)
			if got := ServerCaseCount(n, c); got != len(all) {
				t.Errorf("ServerCaseCount(%d, %d corpus cases) = %d; ServerCases has %d", n, len(c), got, len(all))
			}
			var first []Case
			for c := range ServerCaseSeq(3, n, c) {
				if first = append(first, c); len(first) == 10 {
					break
				}
			}
			if !slices.EqualFunc(first, all[:10], func(a, b Case) bool { return a.Name == b.Name && string(a.Message) == string(b.Message) }) {
				t.Errorf("n=%d: ServerCaseSeq's first cases differ from ServerCases'", n)
			}
		}
	}
}

// TestRunGeneratesLazily: a run of a million cases with a short duration
// starts at once and holds only the cases under way: it neither builds
// the million first (seconds and gigabytes) nor runs none of them.
func TestRunGeneratesLazily(t *testing.T) {
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	runtime.GC()
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapAlloc)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	res, err := Run(context.Background(), Config{
		Servers: []ServerTarget{plantedTarget(testpeers.WrongAccept)}, Seed: 1, Cases: 1_000_000,
		Duration: 300 * time.Millisecond, Timeout: time.Second, NoMinimize: true,
	})
	took := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if res.Cases == 0 {
		t.Fatal("no case ran")
	}
	if res.Total != ServerCaseCount(1_000_000, nil) {
		t.Errorf("Total = %d, want %d", res.Total, ServerCaseCount(1_000_000, nil))
	}
	if took > 3*time.Second {
		t.Errorf("a run with --duration 300ms took %v", took)
	}
	if peak > 128<<20 {
		t.Errorf("the heap peaked at %d MiB", peak>>20)
	}
	t.Logf("%d cases in %v; heap peak %d MiB", res.Cases, took.Round(time.Millisecond), peak>>20)
}

// TestResumeRunsTheRest: a run resumed after k cases runs exactly the
// cases from the k-th on of the same seed's sequence, those a fresh run
// has after the first k.
func TestResumeRunsTheRest(t *testing.T) {
	cfg := Config{Servers: []ServerTarget{plantedTarget(testpeers.WrongAccept)}, Seed: 5, Cases: 120, Timeout: time.Second, NoMinimize: true, KeepDecisions: true}
	fresh, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.LogPath = filepath.Join(t.TempDir(), "log.jsonl")
	l, _, _, err := OpenLog(cfg.LogPath, runKey(cfg, fresh.Targets))
	if err != nil {
		t.Fatal(err)
	}
	const k = 96
	l.Progress(k)
	l.f.Close() // killed
	resumed, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Resumed != k {
		t.Fatalf("resumed after %d cases, want %d", resumed.Resumed, k)
	}
	skipped := map[string]bool{}
	for _, c := range ServerCases(cfg.Seed, cfg.Cases, nil)[:k] {
		skipped[c.Name] = true
	}
	var want, got []string
	for _, d := range fresh.Decisions {
		if !skipped[d.Case] {
			want = append(want, d.Case)
		}
	}
	for _, d := range resumed.Decisions {
		got = append(got, d.Case)
	}
	if !slices.Equal(got, want) {
		t.Errorf("the resumed run ran %d cases, %v...; want the %d after the first %d", len(got), got[:min(3, len(got))], len(want), k)
	}
	if fresh.Total != resumed.Total || len(fresh.Decisions) != fresh.Total {
		t.Errorf("Total %d and %d, %d decisions; want %d each", fresh.Total, resumed.Total, len(fresh.Decisions), ServerCaseCount(cfg.Cases, nil))
	}
}
