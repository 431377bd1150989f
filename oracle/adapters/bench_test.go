package adapters

import (
	"context"
	"testing"
	"time"

	"github.com/switchyard/switchyard/oracle"
)

// benchCases are the default run's server cases without the corpus.
var benchCases = oracle.ServerCases(1, 400, nil)

// benchParallelism is goroutines per CPU: exchanges mostly wait on the
// peer, as in a run, whose workers are 8 per CPU.
const benchParallelism = 8

// BenchmarkServer measures each server adapter: one exchange over a new
// net.Pipe connection and its judgement per operation.
func BenchmarkServer(b *testing.B) {
	for _, impl := range Servers {
		b.Run(impl.Name, func(b *testing.B) {
			tgt := oracle.NewInProcess(impl)
			defer tgt.Close()
			b.SetParallelism(benchParallelism)
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					c := benchCases[i%len(benchCases)]
					i++
					o := oracle.ObserveServer(context.Background(), tgt, c, oracle.DefaultTimeout)
					oracle.Judge(impl.Protocol, c, o)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
		})
	}
}

// BenchmarkClient measures each client adapter on the crafted responses.
func BenchmarkClient(b *testing.B) {
	cases := oracle.ClientCases(1)
	for _, impl := range Clients {
		b.Run(impl.Name, func(b *testing.B) {
			b.SetParallelism(benchParallelism)
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					c := cases[i%len(cases)]
					i++
					oracle.Judge("", c, oracle.ObserveClient(context.Background(), impl, c, oracle.DefaultTimeout))
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
		})
	}
}

// BenchmarkDefaultRun measures the default `fuzzrun diff` run (every
// in-process implementation, seed 1, 400 server cases, the corpus and the
// client cases) without minimization: exchanges per second of the whole
// set.
func BenchmarkDefaultRun(b *testing.B) {
	var cases, secs float64
	for b.Loop() {
		var servers []oracle.ServerTarget
		for _, s := range Servers {
			servers = append(servers, oracle.NewInProcess(s))
		}
		start := time.Now()
		res, err := oracle.Run(context.Background(), oracle.Config{Servers: servers, Clients: Clients, Seed: 1, Cases: 400,
			Corpus: oracle.CorpusCases("../../corpus/requests"), NoMinimize: true})
		if err != nil {
			b.Fatal(err)
		}
		cases += float64(res.Cases)
		secs += time.Since(start).Seconds()
	}
	b.ReportMetric(cases/secs, "cases/s")
}
